import BoardCalCore
import Foundation
import GRDB

/// A problem with the records database, said with where and why.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Records to write together: all of them or none.
public typealias RecordBatch = Records

/// Where one alert stands for one recipient on one channel.
public enum DeliveryState: String, Sendable, Codable {
  /// Claimed before sending; left so if the process died mid-send (delivery unknown, never resent).
  case sending
  case sent
}

/// One line of the alert log.
public struct AlertLogEntry: Hashable, Sendable, Codable {
  public let partnership: String
  public let alertKey: String
  public let obligation: String
  public let status: String
  public let recipient: String
  public let channel: String
  public let state: DeliveryState
  public let claimedAt: String
  public let sentAt: String?
  public let acknowledgedAt: String?
}

/// The records database: what actually happened (meetings held, moved, cancelled or added;
/// obligations fulfilled; papers submitted) and the alert log, in one SQLite file.
///
/// - The file is opened as a GRDB `DatabasePool` in WAL mode, so readers never block the writer.
/// - `PRAGMA synchronous = FULL`: every commit syncs the write-ahead log to disk before `save`
///   returns. With WAL, NORMAL survives a crash of the process but may lose the last commits on
///   power loss or an OS crash; a record the tool has acknowledged must survive both, so FULL.
/// - Every writing transaction is `BEGIN IMMEDIATE` (GRDB 7's choice for writes), and the
///   connection waits up to `busyTimeout` seconds for a lock held by another process, so several
///   `boardcal` processes can record into the same file at once: they queue rather than fail.
/// - The schema is built by named, versioned migrations (`RecordStore.migrator`); opening an
///   older file upgrades it, and opening a fresh one from several processes at once is safe.
public final class RecordStore: Sendable {
  /// Where the database file is.
  public let path: String
  let pool: DatabasePool

  /// How long a writer waits for another process's lock before giving up.
  public static let busyTimeout: TimeInterval = 30

  /// `$BOARDCAL_DB` when set, else `$XDG_DATA_HOME/boardcal/records.sqlite`, else
  /// `~/.local/share/boardcal/records.sqlite`.
  public static func defaultPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let db = environment["BOARDCAL_DB"], !db.isEmpty { return db }
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
      return (data as NSString).appendingPathComponent("boardcal/records.sqlite")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return (home as NSString).appendingPathComponent(".local/share/boardcal/records.sqlite")
  }

  /// Opens (creating the file and its folder when missing) and migrates the database at `path`.
  public convenience init(path: String) throws(StoreError) {
    try self.init(path: path, upTo: nil)
  }

  /// Opens the database and applies the migrations up to `lastMigration` (all when nil): tests
  /// use it to make a file as an older version of boardcal left it.
  init(path: String, upTo lastMigration: String?) throws(StoreError) {
    self.path = path
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw StoreError(
          "cannot create the folder '\(folder)' for the records database: \(error.localizedDescription)"
        )
      }
    }
    var config = Configuration()
    config.busyMode = .timeout(Self.busyTimeout)
    config.label = "boardcal.records"
    do {
      pool = try DatabasePool(path: path, configuration: config)
      // GRDB sets NORMAL when it switches to WAL; the writer connection is the pool's only one.
      try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    } catch {
      throw StoreError("cannot open the records database '\(path)': \(Self.explain(error))")
    }
    try migrate(upTo: lastMigration)
  }

  // MARK: schema

  /// The named migrations, oldest first. Never edit one that has shipped: add another.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-records") { db in
      try db.execute(
        sql: """
          CREATE TABLE record (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partnership TEXT NOT NULL CHECK (partnership <> ''),
            kind TEXT NOT NULL
              CHECK (kind IN ('held', 'moved', 'cancelled', 'added', 'fulfilled', 'papers')),
            meeting TEXT CHECK (meeting <> ''),
            obligation TEXT CHECK (obligation <> ''),
            board TEXT CHECK (board <> ''),
            date TEXT CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            time TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
            reason TEXT,
            by TEXT,
            link TEXT,
            title TEXT,
            source TEXT,
            note TEXT,
            recorded_by TEXT,
            recorded_at TEXT NOT NULL,
            CHECK (kind NOT IN ('held', 'moved', 'cancelled') OR meeting IS NOT NULL),
            CHECK (kind <> 'moved' OR date IS NOT NULL),
            CHECK (kind <> 'added' OR (board IS NOT NULL AND date IS NOT NULL)),
            CHECK (kind NOT IN ('fulfilled', 'papers') OR (obligation IS NOT NULL AND date IS NOT NULL))
          );
          CREATE INDEX record_by_partnership ON record (partnership, id);
          """)
    }
    migrator.registerMigration("v2-alert-log") { db in
      try db.execute(
        sql: """
          CREATE TABLE alert_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partnership TEXT NOT NULL,
            alert_key TEXT NOT NULL,
            obligation TEXT NOT NULL,
            status TEXT NOT NULL,
            recipient TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            acknowledged_at TEXT,
            UNIQUE (partnership, alert_key, recipient, channel)
          );
          """)
    }
    return migrator
  }

  /// The migrations applied to this file, in order.
  public func appliedMigrations() throws(StoreError) -> [String] {
    try attempt("reading the migrations") { try pool.read(Self.migrator.appliedMigrations) }
  }

  private func migrate(upTo lastMigration: String?) throws(StoreError) {
    let migrator = Self.migrator
    let target = lastMigration ?? Self.migrator.migrations.last!
    // Two processes opening a fresh file race to create the tables: one wins (each migration is
    // an IMMEDIATE transaction), the other fails on "table already exists" and finds the work done.
    for attemptNumber in 1...5 {
      do {
        try migrator.migrate(pool, upTo: target)
        return
      } catch {
        let applied = try? pool.read(migrator.appliedIdentifiers)
        if applied?.contains(target) == true { return }
        if attemptNumber == 5 {
          throw StoreError(
            "cannot prepare the records database '\(path)': \(Self.explain(error))")
        }
        Thread.sleep(forTimeInterval: 0.05 * Double(attemptNumber))
      }
    }
  }

  // MARK: records

  /// Writes the batch in one transaction: every record or none. `at` is the ISO 8601 time of
  /// recording (the caller's clock; the core never reads one). A record identical to one already
  /// stored (for a meeting: identical to its latest record) is not written twice.
  @discardableResult
  public func save(_ batch: RecordBatch, partnership: String, recordedBy: String?, at: String)
    throws(StoreError) -> [SaveOutcome]
  {
    try save(batch.entries, partnership: partnership, recordedBy: recordedBy, at: at)
  }

  /// Writes the entries, in order, in one transaction: every entry or none.
  @discardableResult
  public func save(
    _ entries: [RecordEntry], partnership: String, recordedBy: String?, at: String
  ) throws(StoreError) -> [SaveOutcome] {
    try save(entries, partnership: partnership, recordedBy: recordedBy, at: at, afterEach: nil)
  }

  /// `afterEach` runs inside the transaction after each entry is written (tests use it to fail
  /// half-way and see that nothing stays).
  func save(
    _ entries: [RecordEntry], partnership: String, recordedBy: String?, at: String,
    afterEach: ((Int) throws -> Void)?
  ) throws(StoreError) -> [SaveOutcome] {
    try attempt("saving \(entries.count) record\(entries.count == 1 ? "" : "s")") {
      try pool.write { db in
        var outcomes: [SaveOutcome] = []
        for (index, entry) in entries.enumerated() {
          let columns = RecordColumns(entry.fact)
          if let existing = try columns.existingID(db, partnership: partnership) {
            outcomes.append(SaveOutcome(id: existing, entry: entry, isNew: false))
          } else {
            try db.execute(
              sql: """
                INSERT INTO record (partnership, kind, meeting, obligation, board, date, time,
                  reason, by, link, title, source, note, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
              arguments: StatementArguments(
                [partnership] + columns.values + [entry.source, entry.note, recordedBy, at]))
            outcomes.append(SaveOutcome(id: db.lastInsertedRowID, entry: entry, isNew: true))
          }
          try afterEach?(index)
        }
        return outcomes
      }
    }
  }

  /// Everything recorded for a partnership, in the order recorded.
  public func records(partnership: String) throws(StoreError) -> Records {
    Records(try list(partnership: partnership).map(\.entry))
  }

  /// Every stored record of a partnership, in the order recorded.
  public func list(partnership: String) throws(StoreError) -> [StoredRecord] {
    let rows = try attempt("reading the records of \(partnership)") {
      try pool.read { db in
        try Row.fetchAll(
          db, sql: "SELECT * FROM record WHERE partnership = ? ORDER BY id",
          arguments: [partnership]
        )
      }
    }
    var result: [StoredRecord] = []
    for row in rows {
      let id: Int64 = row["id"]
      guard let fact = RecordColumns.fact(from: row) else {
        throw StoreError(
          "record \(id) in '\(path)' cannot be read (kind '\(row["kind"] as String? ?? "")', a missing or malformed field); fix or delete that row."
        )
      }
      result.append(
        StoredRecord(
          id: id, partnership: partnership,
          entry: RecordEntry(fact, source: row["source"], note: row["note"]),
          recordedBy: row["recorded_by"], recordedAt: row["recorded_at"]))
    }
    return result
  }

  // MARK: alert log (at most once)

  /// Claims the right to send one alert to one recipient on one channel: inserts a `sending`
  /// row and returns true, or returns false when a row exists already (sent, or being sent, or
  /// claimed by a process that died mid-send: delivery unknown, so never sent again).
  public func claim(
    partnership: String, alertKey: String, obligation: String, status: String, recipient: String,
    channel: String, at: String
  ) throws(StoreError) -> Bool {
    try attempt("claiming alert \(alertKey) for \(recipient) by \(channel)") {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO alert_log (partnership, alert_key, obligation, status, recipient, channel,
              state, claimed_at)
            VALUES (?, ?, ?, ?, ?, ?, 'sending', ?)
            ON CONFLICT (partnership, alert_key, recipient, channel) DO NOTHING
            """,
          arguments: [partnership, alertKey, obligation, status, recipient, channel, at])
        return db.changesCount == 1
      }
    }
  }

  /// Marks a claimed alert as sent. Throws when there is no such claim.
  public func markSent(
    partnership: String, alertKey: String, recipient: String, channel: String, at: String
  ) throws(StoreError) {
    let changed = try attempt("marking alert \(alertKey) sent") {
      try pool.write { db in
        try db.execute(
          sql: """
            UPDATE alert_log SET state = 'sent', sent_at = ?
            WHERE partnership = ? AND alert_key = ? AND recipient = ? AND channel = ?
            """,
          arguments: [at, partnership, alertKey, recipient, channel])
        return db.changesCount
      }
    }
    if changed == 0 {
      throw StoreError(
        "alert \(alertKey) for \(recipient) by \(channel) was never claimed in \(partnership).")
    }
  }

  /// Gives up a claim whose send failed, so that the alert is tried again next time. A sent
  /// alert is never released. Returns whether a claim was released.
  @discardableResult
  public func release(partnership: String, alertKey: String, recipient: String, channel: String)
    throws(StoreError) -> Bool
  {
    try attempt("releasing alert \(alertKey)") {
      try pool.write { db in
        try db.execute(
          sql: """
            DELETE FROM alert_log
            WHERE partnership = ? AND alert_key = ? AND recipient = ? AND channel = ?
              AND state = 'sending'
            """,
          arguments: [partnership, alertKey, recipient, channel])
        return db.changesCount == 1
      }
    }
  }

  /// Records that a recipient acknowledged an alert (on every channel it went by). Returns how
  /// many log rows were acknowledged now; an earlier acknowledgement is kept.
  @discardableResult
  public func acknowledge(partnership: String, alertKey: String, recipient: String, at: String)
    throws(StoreError) -> Int
  {
    try attempt("acknowledging alert \(alertKey)") {
      try pool.write { db in
        try db.execute(
          sql: """
            UPDATE alert_log SET acknowledged_at = ?
            WHERE partnership = ? AND alert_key = ? AND recipient = ? AND acknowledged_at IS NULL
            """,
          arguments: [at, partnership, alertKey, recipient])
        return db.changesCount
      }
    }
  }

  /// The alert log of a partnership, in the order claimed.
  public func alertLog(partnership: String) throws(StoreError) -> [AlertLogEntry] {
    let rows = try attempt("reading the alert log of \(partnership)") {
      try pool.read { db in
        try Row.fetchAll(
          db, sql: "SELECT * FROM alert_log WHERE partnership = ? ORDER BY id",
          arguments: [partnership])
      }
    }
    return rows.map { row in
      AlertLogEntry(
        partnership: row["partnership"], alertKey: row["alert_key"],
        obligation: row["obligation"], status: row["status"], recipient: row["recipient"],
        channel: row["channel"],
        state: DeliveryState(rawValue: row["state"] as String) ?? .sending,
        claimedAt: row["claimed_at"], sentAt: row["sent_at"],
        acknowledgedAt: row["acknowledged_at"])
    }
  }

  // MARK: upkeep

  /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else SQLite's list of problems.
  public func integrityCheck() throws(StoreError) -> [String] {
    try attempt("checking the database") {
      try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
  }

  /// A PRAGMA's value on the writing connection, e.g. `synchronous` (2 = FULL), `journal_mode`.
  func pragma(_ name: String) throws(StoreError) -> String? {
    try attempt("reading PRAGMA \(name)") {
      try pool.writeWithoutTransaction { db in
        try String.fetchOne(db, sql: "PRAGMA \(name)")
      }
    }
  }

  private func attempt<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError("\(what) in '\(path)' failed: \(Self.explain(error))")
    }
  }

  static func explain(_ error: any Error) -> String {
    if let db = error as? DatabaseError {
      return "SQLite error \(db.resultCode.rawValue): \(db.message ?? "\(db)")"
    }
    return "\(error)"
  }
}

/// A record's columns in the `record` table: kind, meeting, obligation, board, date, time,
/// reason, by, link, title.
struct RecordColumns {
  var kind: RecordKind
  var meeting: String? = nil
  var obligation: String? = nil
  var board: String? = nil
  var date: String? = nil
  var time: String? = nil
  var reason: String? = nil
  var by: String? = nil
  var link: String? = nil
  var title: String? = nil

  init(_ fact: RecordFact) {
    switch fact {
    case .meeting(let m):
      switch m.event {
      case .held(let on):
        kind = .held
        date = on?.iso
      case .moved(let to, let t, let why):
        kind = .moved
        date = to.iso
        time = t?.description
        reason = why
      case .cancelled(let why):
        kind = .cancelled
        reason = why
      }
      meeting = m.meetingID
    case .added(let a):
      kind = .added
      board = a.board
      date = a.date.iso
      time = a.time?.description
      title = a.title
    case .fulfilled(let f):
      kind = .fulfilled
      obligation = f.obligationID
      date = f.date.iso
      meeting = f.meetingID
      by = f.presentedBy
      link = f.link
    case .papers(let p):
      kind = .papers
      obligation = p.obligationID
      date = p.date.iso
      by = p.by
      link = p.link
    }
  }

  var values: [(any DatabaseValueConvertible)?] {
    [kind.rawValue, meeting, obligation, board, date, time, reason, by, link, title]
  }

  static let names = [
    "kind", "meeting", "obligation", "board", "date", "time", "reason", "by", "link", "title",
  ]

  /// The id of an identical record already stored: for a meeting, only when it is the
  /// meeting's latest record (a move back and forth must be written each time, in order).
  func existingID(_ db: Database, partnership: String) throws -> Int64? {
    let same = Self.names.map { "\($0) IS ?" }.joined(separator: " AND ")
    switch kind {
    case .held, .moved, .cancelled:
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT * FROM record
            WHERE partnership = ? AND meeting = ? AND kind IN ('held', 'moved', 'cancelled')
            ORDER BY id DESC LIMIT 1
            """, arguments: [partnership, meeting])
      else { return nil }
      let stored = Self.names.map { row[$0] as String? }
      let mine = values.map { $0.map { String(describing: $0) } }
      return stored == mine ? row["id"] : nil
    case .added, .fulfilled, .papers:
      return try Int64.fetchOne(
        db, sql: "SELECT id FROM record WHERE partnership = ? AND \(same) ORDER BY id LIMIT 1",
        arguments: StatementArguments([partnership] + values))
    }
  }

  /// The fact a row holds, or nil when the row is malformed.
  static func fact(from row: Row) -> RecordFact? {
    guard let kind = RecordKind(rawValue: row["kind"] as String? ?? "") else { return nil }
    let date: CivilDate? = (row["date"] as String?).flatMap(CivilDate.init(iso:))
    if (row["date"] as String?) != nil, date == nil { return nil }
    let time: TimeOfDay? = (row["time"] as String?).flatMap(TimeOfDay.init(text:))
    if (row["time"] as String?) != nil, time == nil { return nil }
    let meeting: String? = row["meeting"]
    let obligation: String? = row["obligation"]
    switch kind {
    case .held:
      return meeting.map { .meeting(MeetingRecord(meetingID: $0, event: .held(on: date))) }
    case .moved:
      guard let meeting, let date else { return nil }
      return .meeting(
        MeetingRecord(
          meetingID: meeting, event: .moved(to: date, time: time, reason: row["reason"])))
    case .cancelled:
      return meeting.map {
        .meeting(MeetingRecord(meetingID: $0, event: .cancelled(reason: row["reason"])))
      }
    case .added:
      guard let board = row["board"] as String?, let date else { return nil }
      return .added(AddedMeeting(board: board, date: date, time: time, title: row["title"]))
    case .fulfilled:
      guard let obligation, let date else { return nil }
      return .fulfilled(
        Fulfilment(
          obligationID: obligation, date: date, meetingID: meeting, presentedBy: row["by"],
          link: row["link"]))
    case .papers:
      guard let obligation, let date else { return nil }
      return .papers(
        PapersSubmitted(obligationID: obligation, date: date, by: row["by"], link: row["link"]))
    }
  }
}
