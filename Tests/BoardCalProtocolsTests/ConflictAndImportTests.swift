import BoardCalCore
import BoardCalTestSupport
import Foundation
import Testing

@testable import BoardCalProtocols

/// A small protocol with the planning problems `boardcal conflicts` must find.
let troubledProtocol = """
  partnership:
    id: troubled
    name: Troubled Partnership
    horizon: {from: 2022-04-01, to: 2023-03-31}
    source: {file: test, quote: "test"}
  versions:
    - id: old
      from: 2021-04-01
      until: 2022-06-30
      source: {file: test, quote: "old text"}
    - id: new
      from: 2022-09-01
      source: {file: test, quote: "new text"}
  boards:
    - id: hwb
      name: Health and Wellbeing Board
      short_name: HWB
      kind: statutory
      meetings:
        - months: [June, January]
          source: {file: test, quote: "meets in June and January"}
      source: {file: test, quote: "the HWB"}
    - id: sab
      name: Safeguarding Adults Board
      short_name: SAB
      kind: statutory
      source: {file: test, quote: "the SAB, which states no meetings"}
  reports:
    - id: sab-annual
      name: SAB Annual Report
      owner: sab
      source: {file: test, quote: "the SAB publishes an annual report"}
    - id: jsna
      name: JSNA
      owner: hwb
      source: {file: test, quote: "the HWB refreshes the JSNA"}
  duties:
    - id: sab-to-hwb
      report: sab-annual
      to: [hwb]
      action: present
      window: autumn
      source: {file: test, quote: "presented to the HWB in the autumn"}
    - id: jsna-to-sab
      report: jsna
      to: [sab]
      action: consult
      window: cycle
      source: {file: test, quote: "the SAB is consulted on the JSNA"}
    - id: jsna-inform-hwb
      report: jsna
      to: [hwb]
      action: inform
      window: {from: September, to: November}
      source: {file: test, quote: "the HWB is informed in the autumn"}
  """

@Suite struct ConflictCommandTests {
  func conflicts() throws -> [Conflict] {
    let p = try ProtocolLoader.load(text: troubledProtocol, name: "troubled.yaml")
    return Schedule.derive(p, span: p.referenceSpan).conflicts(in: p)
  }

  @Test func aPresentWithNoReceiverMeetingInItsWindowIsUnschedulable() throws {
    // HWB meets in June and January; autumn is September to November 2022.
    let found = try conflicts().filter { $0.kind == "unschedulable" && $0.board == "hwb" }
    #expect(found.count == 1)
    #expect(
      found.first?.explanation.contains("SAB must present 'SAB Annual Report' to HWB") == true)
    #expect(found.first?.explanation.contains("2022-09-01 to 2022-11-30") == true)
  }

  @Test func anInformWithNoMeetingIsCirculatedAndReported() throws {
    let found = try conflicts().filter { $0.kind == "no-meeting-in-window" }
    #expect(found.count == 1)
    // Wed 30 November 2022 is the window's last working day.
    #expect(found.first?.explanation.contains("circulated by 2022-11-30") == true)
  }

  @Test func aGapBetweenVersionsIsReported() throws {
    let gaps = try conflicts().filter { $0.kind == "version-gap" }
    #expect(gaps.count == 1)
    #expect(gaps.first?.explanation.contains("from 2022-07-01 to 2022-08-31") == true)
  }

  @Test func aBoardWithDutiesButNoMeetingsIsReported() throws {
    let found = try conflicts().filter { $0.kind == "board-without-meetings" }
    #expect(found.map(\.board) == ["sab"])
  }

  @Test func theCommandExitsOneAndExplains() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "boardcal-conflicts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("troubled.yaml")
    try troubledProtocol.write(to: file, atomically: true, encoding: .utf8)
    let out = try runBoardcal(["conflicts", file.path, "--json"])
    #expect(out.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
    #expect((json?["conflicts"] as? [Any])?.count == (try conflicts().count))
    // Medway: the Corporate Parenting Board presents its annual report on the previous
    // financial year "in April each year" (4.2), but the assumed April meetings (first Tuesday)
    // have their papers due in March, before that year has ended. Each April the protocol's own
    // words make it so; nothing else conflicts.
    let medway = try runBoardcal([
      "conflicts", "Protocols/medway.yaml", "--as-of", "2022-03-31", "--json",
    ])
    #expect(medway.status == 1)
    let found = try JSONSerialization.jsonObject(with: Data(medway.stdout.utf8)) as? [String: Any]
    let listed = (found?["conflicts"] as? [[String: Any]]) ?? []
    #expect(!listed.isEmpty)
    #expect(
      listed.allSatisfy {
        $0["kind"] as? String == "unschedulable"
          && ($0["obligation"] as? String)?.hasPrefix("cpb-annual-report") == true
          && ($0["explanation"] as? String)?.contains("in April") == true
      })
  }
}

/// `boardcal import`: a council's export matched to the derived meetings by month.
@Suite struct ImportCommandTests {
  let export = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//Council//Committee calendar//EN\r
    BEGIN:VEVENT\r
    UID:mg-1\r
    DTSTAMP:20210101T000000Z\r
    DTSTART:20210406T130000Z\r
    SUMMARY:MK Together Management Board\r
    END:VEVENT\r
    BEGIN:VEVENT\r
    UID:mg-2\r
    DTSTAMP:20210101T000000Z\r
    DTSTART;TZID=Europe/London:20210713T100000\r
    SUMMARY:MK Together Management Board\r
    END:VEVENT\r
    BEGIN:VEVENT\r
    UID:mg-3\r
    DTSTAMP:20210101T000000Z\r
    DTSTART;VALUE=DATE:20211102\r
    STATUS:CANCELLED\r
    SUMMARY:MK Together Management Board\r
    END:VEVENT\r
    BEGIN:VEVENT\r
    UID:mg-4\r
    DTSTAMP:20210101T000000Z\r
    DTSTART:20211215T140000\r
    SUMMARY:Management Board (extraordinary)\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

  func write(_ text: String) throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "boardcal-import-\(UUID().uuidString).ics")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func proposesHeldMovedCancelledAndAddedMeetings() throws {
    let file = try write(export)
    defer { try? FileManager.default.removeItem(at: file) }
    let out = try runBoardcal([
      "import", "Protocols/milton-keynes.yaml", "--ics", file.path, "--board", "management-board",
      "--json",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]]
    let kinds = rows?.map { $0["kind"] as? String ?? "" }
    #expect(kinds == ["held", "moved", "cancelled", "added"])
    // 13:00Z on 6 April 2021 is 14:00 BST, the derived first-Tuesday meeting: held.
    #expect(rows?[0]["meeting"] as? String == "milton-keynes-management-board-2021-04")
    // 13 July 10:00 against the derived Tuesday 6 July 14:00: moved within the month.
    #expect(rows?[1]["from"] as? String == "2021-07-06")
    #expect(rows?[1]["date"] as? String == "2021-07-13")
    #expect(rows?[1]["time"] as? String == "10:00")
    #expect(rows?[2]["meeting"] as? String == "milton-keynes-management-board-2021-11")
    #expect(rows?[3]["date"] as? String == "2021-12-15")
    #expect(rows?[3]["line"] as? Int == 23)
  }

  @Test func withRecordTheProposalsAreRecordedOnceAndShowInTheSchedule() throws {
    let file = try write(export)
    let folder = try scratchFolder("import-record")
    defer {
      try? FileManager.default.removeItem(at: file)
      try? FileManager.default.removeItem(at: folder)
    }
    let db = folder.appendingPathComponent("records.sqlite").path
    let args = [
      "import", "Protocols/milton-keynes.yaml", "--ics", file.path, "--board", "management-board",
      "--record", "--db", db,
    ]
    let first = try runBoardcal(args)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.components(separatedBy: "\nrecorded: ").count - 1 == 4)
    let again = try runBoardcal(args)
    #expect(again.stdout.contains("0 records saved, 4 already recorded"))
    // The schedule now has the July meeting on the 13th at 10:00, November cancelled, and the
    // extraordinary December meeting.
    let schedule = try runBoardcal([
      "schedule", "Protocols/milton-keynes.yaml", "--board", "management-board", "--from",
      "2021-07-01", "--to", "2021-12-31", "--db", db, "--json",
    ])
    let json = try JSONSerialization.jsonObject(with: Data(schedule.stdout.utf8)) as? [String: Any]
    let meetings = json?["meetings"] as? [[String: Any]] ?? []
    #expect(meetings.map { $0["date"] as? String } == ["2021-07-13", "2021-11-02", "2021-12-15"])
    #expect(meetings.map { $0["cancelled"] as? Bool } == [false, true, false])
    #expect(meetings.first?["time"] as? String == "10:00")
  }

  @Test func aMalformedExportIsALocatedErrorAndRecordsNothing() throws {
    let broken = export.replacingOccurrences(
      of: "DTSTART;TZID=Europe/London:20210713T100000", with: "DTSTART:2021BAD")
    let file = try write(broken)
    defer { try? FileManager.default.removeItem(at: file) }
    let out = try runBoardcal([
      "import", "Protocols/milton-keynes.yaml", "--ics", file.path, "--board", "management-board",
    ])
    #expect(out.status == 1)
    // The second event begins on line 10; its DTSTART is on line 13, its value at column 9.
    #expect(out.stderr.contains("\(file.path):13:9: event 'mg-2' is malformed"))
    #expect(out.stderr.contains("DTSTART"))
    #expect(out.stderr.contains("Nothing was recorded"))
    #expect(out.stdout.isEmpty)
  }

  @Test func notAnIcsFileIsRefused() throws {
    let file = try write("this is not a calendar\n")
    defer { try? FileManager.default.removeItem(at: file) }
    let out = try runBoardcal([
      "import", "Protocols/milton-keynes.yaml", "--ics", file.path, "--board", "management-board",
    ])
    #expect(out.status == 1)
    #expect(out.stderr.contains(":1: not an iCalendar file"))
  }
}
