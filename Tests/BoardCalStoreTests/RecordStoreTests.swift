import BoardCalCore
import Foundation
import Testing

@testable import BoardCalStore

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
private func time(_ text: String) -> TimeOfDay { TimeOfDay(text: text)! }

/// A database in a folder of its own (remove `folder` afterwards), in folders not yet made.
private func freshStore() throws -> (store: RecordStore, path: String, folder: URL) {
  let folder = try scratchFolder()
  let path = folder.appendingPathComponent("nested/deeper/records.sqlite").path
  return (try RecordStore(path: path), path, folder)
}

/// One record of every kind, in the order recorded.
private let everyKind: [RecordEntry] = [
  RecordEntry(
    .meeting(MeetingRecord(meetingID: "p-hwb-2021-06", event: .held(on: nil))),
    source: "minutes", note: "day not given"),
  RecordEntry(
    .meeting(MeetingRecord(meetingID: "p-hwb-2021-09", event: .held(on: day("2021-09-08"))))),
  RecordEntry(
    .meeting(
      MeetingRecord(
        meetingID: "p-csp-2021-10",
        event: .moved(to: day("2021-10-12"), time: time("18:30"), reason: "Budget council")))),
  RecordEntry(
    .meeting(
      MeetingRecord(
        meetingID: "p-csp-2021-11", event: .moved(to: day("2021-11-16"), time: nil, reason: nil)))),
  RecordEntry(
    .meeting(MeetingRecord(meetingID: "p-risk-2021-12", event: .cancelled(reason: "Not quorate")))),
  RecordEntry(.meeting(MeetingRecord(meetingID: "p-risk-2022-01", event: .cancelled(reason: nil)))),
  RecordEntry(
    .added(
      AddedMeeting(
        board: "risk", date: day("2021-09-14"), time: time("10:00"), title: "Extraordinary"))),
  RecordEntry(.added(AddedMeeting(board: "hwb", date: day("2022-03-15")))),
  RecordEntry(
    .fulfilled(
      Fulfilment(
        obligationID: "annual/hwb/2021-22", date: day("2021-06-01"), meetingID: "p-hwb-2021-06",
        presentedBy: "Chair, SAB", link: "https://example.org/minutes.pdf")),
    source: "Annual report", note: nil),
  RecordEntry(.fulfilled(Fulfilment(obligationID: "inform/csp/2021-22", date: day("2021-12-31")))),
  RecordEntry(
    .papers(
      PapersSubmitted(
        obligationID: "annual/csp/2021-22", date: day("2021-09-20"), by: "CSP manager",
        link: "https://example.org/paper.pdf"))),
  RecordEntry(
    .papers(PapersSubmitted(obligationID: "annual/hwb/2021-22", date: day("2021-05-14")))),
  RecordEntry(
    .event(RecordedEvent(name: "sar-published", date: day("2021-11-02"))),
    source: "SAR published on the SAB's website"),
]

@Suite("The records store")
struct RecordStoreTests {
  @Test("a fresh database is created with its folder, migrated, in WAL mode, synchronous FULL")
  func freshDatabase() throws {
    let (store, path, folder) = try freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(
      try store.appliedMigrations() == [
        "v1-records", "v2-alert-log", "v3-identity", "v4-tokens-and-contacts", "v5-event-records",
      ])
    #expect(try store.pragma("journal_mode") == "wal")
    #expect(try store.pragma("synchronous") == "2", "FULL: acknowledged means synced")
    #expect(try store.pragma("busy_timeout") == String(Int(RecordStore.busyTimeout * 1000)))
    #expect(try store.records(partnership: "p") == .none)
    #expect(try store.integrityCheck() == ["ok"])
  }

  @Test("an existing database is reopened as it is, and an older one is upgraded in place")
  func reopenAndUpgrade() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("records.sqlite").path
    do {
      let old = try RecordStore(path: path, upTo: "v1-records")
      #expect(try old.appliedMigrations() == ["v1-records"])
      try old.save(
        Array(everyKind.prefix(3)), partnership: "p", recordedBy: "clerk",
        at: "2021-07-01T09:00:00Z")
    }
    let upgraded = try RecordStore(path: path)
    #expect(
      try upgraded.appliedMigrations() == [
        "v1-records", "v2-alert-log", "v3-identity", "v4-tokens-and-contacts", "v5-event-records",
      ])
    #expect(try upgraded.list(partnership: "p").map(\.entry) == Array(everyKind.prefix(3)))
    #expect(
      try upgraded.claim(
        delivery(key: "k", recipient: "r", channel: "email", status: "missed"), at: "t")
        == .claimed)
    // A second connection to the same file, as another process would open it.
    let again = try RecordStore(path: path)
    #expect(
      try again.appliedMigrations() == [
        "v1-records", "v2-alert-log", "v3-identity", "v4-tokens-and-contacts", "v5-event-records",
      ])
    #expect(try again.list(partnership: "p").count == 3)
    #expect(try again.alertLog(partnership: "p").count == 1)
  }

  @Test("a version 4 database takes event records once upgraded, its records and ids kept")
  func fromVersion4() throws {
    let folder = try scratchFolder("v4")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("records.sqlite").path
    let old = Array(everyKind.prefix(2))
    do {
      let v4 = try RecordStore(path: path, upTo: "v4-tokens-and-contacts")
      try v4.save(old, partnership: "p", recordedBy: "clerk", at: "2021-06-01T09:00:00Z")
    }
    let upgraded = try RecordStore(path: path)
    #expect(try upgraded.pragma("user_version") == "5")
    let event = RecordEntry(.event(RecordedEvent(name: "law-change", date: day("2022-05-01"))))
    let saved = try upgraded.save([event], partnership: "p", recordedBy: nil, at: "t")
    #expect(saved.map(\.id) == [3], "ids go on from the old table's")
    #expect(try upgraded.list(partnership: "p").map(\.entry) == old + [event])
    #expect(try upgraded.integrityCheck() == ["ok"])
  }

  @Test("every kind of record is saved and read back, in the order recorded, per partnership")
  func roundTrip() throws {
    let (store, path, folder) = try freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcomes = try store.save(
      everyKind, partnership: "p", recordedBy: "clerk", at: "2022-04-01T10:00:00Z")
    #expect(outcomes.allSatisfy { $0.isNew })
    #expect(outcomes.map(\.id) == Array(1...Int64(everyKind.count)))
    try store.save(
      RecordBatch(fulfilments: [
        Fulfilment(obligationID: "other/x/2021-22", date: day("2021-05-05"))
      ]),
      partnership: "q", recordedBy: nil, at: "2022-04-02T10:00:00Z")

    let stored = try store.list(partnership: "p")
    #expect(stored.map(\.entry) == everyKind)
    #expect(
      stored.allSatisfy { $0.recordedBy == "clerk" && $0.recordedAt == "2022-04-01T10:00:00Z" })
    #expect(stored[0].entry.source == "minutes" && stored[0].entry.note == "day not given")
    #expect(
      stored.map(\.entry.kind) == [
        .held, .held, .moved, .moved, .cancelled, .cancelled, .added, .added, .fulfilled,
        .fulfilled, .papers, .papers, .event,
      ])

    let records = try store.records(partnership: "p")
    #expect(records == Records(everyKind))
    #expect(records.meetings.count == 6 && records.added.count == 2)
    #expect(records.fulfilled == ["annual/hwb/2021-22", "inform/csp/2021-22"])
    #expect(records.papers.map(\.obligationID) == ["annual/csp/2021-22", "annual/hwb/2021-22"])
    #expect(records.events == [RecordedEvent(name: "sar-published", date: day("2021-11-02"))])

    let other = try store.records(partnership: "q")
    #expect(
      other.fulfilments.map(\.obligationID) == ["other/x/2021-22"] && other.meetings.isEmpty)

    // The RecordBatch form writes meetings, additions, fulfilments, then papers.
    let batch = RecordBatch(everyKind.reversed())
    try store.save(batch, partnership: "r", recordedBy: nil, at: "t")
    #expect(try store.records(partnership: "r") == Records(batch.entries))
  }

  @Test("the same record is not written twice, but a meeting moved back and forth is")
  func duplicates() throws {
    let (store, path, folder) = try freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    let f = RecordEntry(
      .fulfilled(Fulfilment(obligationID: "o/r/2021-22", date: day("2021-06-01"))))
    let first = try store.save([f], partnership: "p", recordedBy: nil, at: "t1")
    let second = try store.save([f], partnership: "p", recordedBy: nil, at: "t2")
    #expect(first[0].isNew && !second[0].isNew && first[0].id == second[0].id)

    func move(_ to: String) -> RecordEntry {
      RecordEntry(
        .meeting(
          MeetingRecord(meetingID: "m", event: .moved(to: day(to), time: nil, reason: nil))))
    }
    let moves = try store.save(
      [move("2021-06-08"), move("2021-06-15"), move("2021-06-08"), move("2021-06-08")],
      partnership: "p", recordedBy: nil, at: "t3")
    #expect(moves.map(\.isNew) == [true, true, true, false])
    let meetings = try store.records(partnership: "p").meetings
    #expect(meetings.count == 3)
    #expect(meetings.last?.event == .moved(to: day("2021-06-08"), time: nil, reason: nil))
  }

  @Test("a batch that fails half-way writes nothing")
  func failedBatchWritesNothing() throws {
    let (store, path, folder) = try freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = Array(everyKind.prefix(2))
    try store.save(before, partnership: "p", recordedBy: nil, at: "t0")

    // A constraint violation on the third record (an empty obligation id).
    let bad = [
      everyKind[8], everyKind[10],
      RecordEntry(.fulfilled(Fulfilment(obligationID: "", date: day("2021-06-01")))),
      everyKind[11],
    ]
    #expect(throws: StoreError.self) {
      try store.save(bad, partnership: "p", recordedBy: nil, at: "t1")
    }
    #expect(try store.list(partnership: "p").map(\.entry) == before)

    // An error thrown inside the transaction after two of three records were written.
    struct Interrupted: Error {}
    do {
      _ = try store.save(
        Array(everyKind.suffix(3)), partnership: "p", recordedBy: nil, at: "t2",
        afterEach: { index in if index == 1 { throw Interrupted() } })
      Issue.record("the save should have failed")
    } catch {
      #expect(error.message.contains("Interrupted"))
    }
    #expect(try store.list(partnership: "p").map(\.entry) == before)
    #expect(try store.integrityCheck() == ["ok"])
  }

  @Test("the alert log sends each alert at most once per recipient and channel")
  func alertLog() throws {
    let (store, path, folder) = try freshStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    func claim(
      _ recipient: String = "lead@hwb", _ channel: String = "email", key: String = "o#missed"
    ) throws -> Bool {
      try store.claim(
        delivery(key: key, recipient: recipient, channel: channel, status: "missed"),
        at: "2022-01-10T08:00:00Z") == .claimed
    }
    #expect(try claim())
    #expect(try !claim(), "a claim being sent is not claimed again")
    #expect(try claim("lead@hwb", "webhook"), "another channel is another delivery")
    #expect(try claim("chair@hwb"), "another recipient too")
    try store.markSent(
      delivery(recipient: "lead@hwb", channel: "email"), at: "2022-01-10T08:00:05Z")
    #expect(try !claim(), "a sent alert is never claimed again")
    #expect(
      try !store.release(delivery(recipient: "lead@hwb", channel: "email")),
      "a sent alert is never released")
    #expect(try !claim())

    // A failed send releases its claim, and the next run tries again.
    #expect(
      try store.release(delivery(recipient: "lead@hwb", channel: "webhook")))
    #expect(try claim("lead@hwb", "webhook"))

    let unclaimed = #expect(throws: StoreError.self) {
      try store.markSent(delivery(key: "never", recipient: "x", channel: "email"), at: "t")
    }
    #expect(unclaimed?.kind == .notClaimed)
    #expect(
      try store.acknowledge(
        partnership: "p", alertKey: "o#missed", recipient: "lead@hwb", at: "2022-01-11T09:00:00Z")
        == 2)
    #expect(
      try store.acknowledge(
        partnership: "p", alertKey: "o#missed", recipient: "lead@hwb", at: "2022-01-12T09:00:00Z")
        == 0)

    let log = try store.alertLog(partnership: "p")
    #expect(log.count == 3)
    let email = try #require(
      log.first { $0.delivery.recipient == "lead@hwb" && $0.delivery.channel == "email" })
    #expect(email.state == .sent && email.sentAt == "2022-01-10T08:00:05Z")
    #expect(
      email.acknowledgedAt == "2022-01-11T09:00:00Z" && email.claimedAt == "2022-01-10T08:00:00Z")
    #expect(
      email.delivery.obligation == "o" && email.delivery.status == "missed"
        && email.delivery.alertKey == "o#missed")
    let chair = try #require(log.first { $0.delivery.recipient == "chair@hwb" })
    #expect(chair.state == .sending && chair.sentAt == nil && chair.acknowledgedAt == nil)
    #expect(try store.alertLog(partnership: "other").isEmpty)

    // The chair's claim was left by a run that died mid-send: once older than any live send can
    // be, the next run takes it over (once), and a sent delivery is never taken over.
    let chairKey = delivery(recipient: "chair@hwb", channel: "email")
    #expect(
      try store.claim(chairKey, at: "2022-01-10T08:00:30Z", staleBefore: "2022-01-10T07:59:30Z")
        == .taken, "a claim younger than the stale age is a live send")
    #expect(
      try store.claim(chairKey, at: "2022-01-10T09:00:00Z", staleBefore: "2022-01-10T08:58:00Z")
        == .reclaimed(since: "2022-01-10T08:00:00Z"))
    #expect(
      try store.claim(chairKey, at: "2022-01-10T09:00:01Z", staleBefore: "2022-01-10T08:58:01Z")
        == .taken, "taken over once: the new claim is fresh")
    #expect(
      try store.claim(
        delivery(recipient: "lead@hwb", channel: "email"), at: "2022-01-11T00:00:00Z",
        staleBefore: "2022-01-10T23:00:00Z") == .taken, "a sent delivery is never taken over")

    // Many claimers on separate connections at once (as separate processes): exactly one wins.
    let stores = try (0..<4).map { _ in try RecordStore(path: path) }
    let wins = Wins()
    DispatchQueue.concurrentPerform(iterations: 40) { i in
      let won = try? stores[i % 4].claim(
        delivery(key: "race#papers-due", recipient: "lead@csp", channel: "email"),
        at: "2022-01-01T00:00:00Z")
      if won == .claimed { wins.add() }
    }
    #expect(wins.count == 1)
    // And of many runs finding the same claim stale, exactly one takes it over.
    let retakes = Wins()
    DispatchQueue.concurrentPerform(iterations: 40) { i in
      let won = try? stores[i % 4].claim(
        delivery(key: "race#papers-due", recipient: "lead@csp", channel: "email"),
        at: "2030-01-01T00:00:00Z", staleBefore: "2029-12-31T23:00:00Z")
      if case .reclaimed = won { retakes.add() }
    }
    #expect(retakes.count == 1)
  }

  @Test(
    "the default path: $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal, else ~/.local/share/boardcal")
  func defaultPath() {
    #expect(
      RecordStore.defaultPath(environment: [
        "BOARDCAL_DB": "/srv/r.sqlite", "XDG_DATA_HOME": "/x", "HOME": "/h",
      ]) == "/srv/r.sqlite")
    #expect(
      RecordStore.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/h"])
        == "/x/data/boardcal/records.sqlite")
    #expect(
      RecordStore.defaultPath(environment: ["HOME": "/home/officer"])
        == "/home/officer/.local/share/boardcal/records.sqlite")
    #expect(
      RecordStore.defaultPath(environment: ["BOARDCAL_DB": "", "XDG_DATA_HOME": "", "HOME": "/h"])
        == "/h/.local/share/boardcal/records.sqlite")
  }

  @Test("a file that is not a database is refused with a clear error")
  func notADatabase() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("records.sqlite").path
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    do {
      _ = try RecordStore(path: path)
      Issue.record("opening garbage should fail")
    } catch {
      #expect(error.message.contains(path))
    }
  }
}

/// Files that are not boardcal's, or not this boardcal's: refused before anything is written.
@Suite("The records store knows its own files")
struct RecordStoreIdentityTests {
  /// Makes a SQLite file with `sql` through Python's sqlite3 (another program, as a user has).
  func sqliteFile(_ sql: String) throws -> (path: String, folder: URL) {
    let folder = try scratchFolder()
    let path = folder.appendingPathComponent("other.sqlite").path
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = [
      "python3", "-c",
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
      path, sql,
    ]
    try python.run()
    python.waitUntilExit()
    #expect(python.terminationStatus == 0)
    return (path, folder)
  }

  /// The error opening `path` gives, for writing or for reading only (nil when it opens).
  func refusal(_ path: String, readingOnly: Bool) -> StoreError? {
    do {
      _ = readingOnly ? try RecordStore(readingOnly: path) : try RecordStore(path: path)
      return nil
    } catch {
      return error
    }
  }

  /// The file's bytes and the folder's listing, to show nothing was touched.
  func snapshot(_ path: String, _ folder: URL) throws -> (Data, [String]) {
    (
      try Data(contentsOf: URL(fileURLWithPath: path)),
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    )
  }

  @Test(
    "another program's database is refused for writing and reading, and left byte for byte",
    arguments: [
      (
        "CREATE TABLE customers (id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'x');",
        "tables boardcal does not make (customers)"
      ),
      ("CREATE TABLE record (a, b);", "its tables (record) were not made by boardcal"),
      ("PRAGMA application_id = 1234; CREATE TABLE t (x);", "application id is 0x000004D2"),
    ])
  func foreign(_ sql: String, _ says: String) throws {
    let (path, folder) = try sqliteFile(sql)
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try snapshot(path, folder)
    for readingOnly in [false, true] {
      let error = refusal(path, readingOnly: readingOnly)
      #expect(error?.kind == .foreign)
      #expect(error?.message.contains(says) == true, "\(error?.message ?? "opened")")
      #expect(error?.message.contains("Nothing was written") == true)
    }
    let after = try snapshot(path, folder)
    #expect(before.0 == after.0, "the file's bytes changed")
    #expect(before.1 == after.1, "files appeared: \(after.1)")
  }

  @Test("a file another boardcal is making right now (an empty grdb_migrations) is taken as fresh")
  func beingMade() throws {
    let (path, folder) = try sqliteFile(
      "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try RecordStore.identity(of: path) == .fresh)
    let store = try RecordStore(path: path)
    #expect(try store.pragma("user_version") == String(RecordStore.schemaVersion))
  }

  @Test("a database from a newer boardcal is refused with its version, and not written")
  func newer() throws {
    let (path, folder) = try sqliteFile(
      "PRAGMA application_id = \(RecordStore.applicationID); PRAGMA user_version = 9; CREATE TABLE record (a);"
    )
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try snapshot(path, folder)
    for readingOnly in [false, true] {
      let error = refusal(path, readingOnly: readingOnly)
      #expect(error?.kind == .newer)
      #expect(
        error?.message.contains(
          "schema version 9; this one knows up to \(RecordStore.schemaVersion)") == true)
    }
    #expect(try snapshot(path, folder) == before)
  }

  @Test("a new database says whose it is; reading it writes nothing and leaves no -wal or -shm")
  func ownAndReadOnly() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("records.sqlite").path
    do {
      let store = try RecordStore(path: path)
      try store.save(
        [everyKind[0]], partnership: "p", recordedBy: "clerk", at: "2021-07-01T09:00:00Z")
      #expect(try store.pragma("application_id") == String(RecordStore.applicationID))
      #expect(try store.pragma("user_version") == String(RecordStore.schemaVersion))
    }
    let before = try snapshot(path, folder)
    #expect(before.1 == ["records.sqlite"])
    do {
      let reader = try RecordStore(readingOnly: path)
      #expect(try reader.list(partnership: "p").count == 1)
      do {
        try reader.save([everyKind[1]], partnership: "p", recordedBy: "x", at: "t")
        Issue.record("a read-only store wrote")
      } catch {
        #expect(error.kind == .failed)
      }
    }
    #expect(try snapshot(path, folder) == before)
  }
}

/// A counter shared by concurrent closures.
private final class Wins: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func add() { lock.withLock { value += 1 } }
  var count: Int { lock.withLock { value } }
}

/// One delivery of partnership "p" about obligation "o".
private func delivery(
  key: String = "o#missed", recipient: String, channel: String, status: String = "missed"
) -> DeliveryKey {
  DeliveryKey(
    partnership: "p", alertKey: key, obligation: "o", status: status, recipient: recipient,
    channel: channel)
}
