import Foundation
import Testing

/// `boardcal import` of what councils' calendars really hold: recurring events with exceptions
/// and overrides, and cancellations of meetings the protocol does not derive.
@Suite("import: recurring events and cancellations, against MK's Management Board")
struct ImportRecurrenceTests {
  /// An export of the given VEVENTs (each as its lines), CRLF line ends; the first event's
  /// BEGIN:VEVENT is line 4.
  static func export(_ events: [String]...) -> String {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Council//Committee calendar//EN"]
    for event in events { lines += ["BEGIN:VEVENT"] + event + ["END:VEVENT"] }
    lines.append("END:VCALENDAR")
    return lines.map { $0 + "\r\n" }.joined()
  }

  /// The rows of `import --json` for MK's Management Board, and what went to stderr.
  func proposals(for text: String) async throws -> (rows: [[String: Any]], stderr: String) {
    let folder = try scratchFolder("import")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("export.ics")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let run = await boardcal([
      "import", seedProtocol("milton-keynes"), "--ics", file.path, "--board", "management-board",
      "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
    return (rows ?? [], run.stderr)
  }

  @Test func aMonthlySeriesWithAnExdateAndAMovedOccurrenceGivesOneProposalPerOccurrence()
    async throws
  {
    // Under the 2021/22 handbook the Management Board meets on the first Tuesday of April,
    // July, November and February at 14:00. The council's series is monthly on the first
    // Tuesday, six times from 6 April 2021: 6 April, 4 May, 1 June, 6 July, 3 August and
    // 7 September. May is struck out (EXDATE); July is moved to Tuesday 13 July at 10:00 by an
    // override (line 11).
    let text = Self.export(
      [
        "UID:mktmb-series", "DTSTAMP:20210101T000000Z",
        "DTSTART;TZID=Europe/London:20210406T140000", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
        "EXDATE;TZID=Europe/London:20210504T140000", "SUMMARY:MK Together Management Board",
      ],
      [
        "UID:mktmb-series", "DTSTAMP:20210601T000000Z",
        "RECURRENCE-ID;TZID=Europe/London:20210706T140000",
        "DTSTART;TZID=Europe/London:20210713T100000", "SUMMARY:MK Together Management Board",
      ])
    let (rows, _) = try await proposals(for: text)
    #expect(rows.map { $0["kind"] as? String } == ["held", "added", "moved", "added", "added"])
    #expect(
      rows.map { $0["date"] as? String }
        == ["2021-04-06", "2021-06-01", "2021-07-13", "2021-08-03", "2021-09-07"])
    #expect(rows[0]["meeting"] as? String == "milton-keynes-management-board-2021-04")
    #expect(rows[2]["meeting"] as? String == "milton-keynes-management-board-2021-07")
    #expect(rows[2]["from"] as? String == "2021-07-06")
    #expect(rows[2]["time"] as? String == "10:00")
    #expect(rows.map { $0["line"] as? Int } == [4, 4, 12, 4, 4])
    // May was struck out: nothing is proposed for it.
    #expect(!rows.contains { ($0["date"] as? String)?.hasPrefix("2021-05") == true })
  }

  @Test func everyCancelledEventIsReportedEvenWithNoMeetingToMatch() async throws {
    // A cancelled one-off in June (no derived meeting: the board meets in April, July,
    // November, February), and a series on the first Tuesday of July and November whose
    // November occurrence is cancelled by an override.
    let text = Self.export(
      [
        "UID:june", "DTSTAMP:20210101T000000Z", "DTSTART;VALUE=DATE:20210615",
        "STATUS:CANCELLED", "SUMMARY:Extra Management Board",
      ],
      [
        "UID:pair", "DTSTAMP:20210101T000000Z", "DTSTART;TZID=Europe/London:20210706T140000",
        "RDATE;TZID=Europe/London:20211102T140000", "SUMMARY:MK Together Management Board",
      ],
      [
        "UID:pair", "DTSTAMP:20210101T000000Z",
        "RECURRENCE-ID;TZID=Europe/London:20211102T140000",
        "DTSTART;TZID=Europe/London:20211102T140000", "STATUS:CANCELLED",
        "SUMMARY:MK Together Management Board",
      ])
    let (rows, _) = try await proposals(for: text)
    #expect(
      rows.map { $0["kind"] as? String } == ["unmatched-cancellation", "held", "cancelled"])
    #expect(rows[0]["date"] as? String == "2021-06-15")
    #expect(rows[0]["summary"] as? String == "Extra Management Board")
    #expect(rows[0]["line"] as? Int == 4)
    #expect(rows[2]["meeting"] as? String == "milton-keynes-management-board-2021-11")
    #expect(rows[2]["line"] as? Int == 18)

    // In words, for the officer reading it.
    let folder = try scratchFolder("import")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("export.ics")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let run = await boardcal([
      "import", seedProtocol("milton-keynes"), "--ics", file.path, "--board", "management-board",
    ])
    #expect(
      run.stdout.contains(
        "cancelled event 'Extra Management Board' on 2021-06-15 matches no meeting of management-board; nothing proposed (line 4)"
      ))
  }

  @Test func anOpenEndedSeriesSaysWhereItStopsBeingRead() async throws {
    let text = Self.export([
      "UID:forever", "DTSTAMP:20210101T000000Z", "DTSTART;TZID=Europe/London:20210406T140000",
      "RRULE:FREQ=MONTHLY;BYDAY=1TU", "SUMMARY:MK Together Management Board",
    ])
    let (rows, stderr) = try await proposals(for: text)
    #expect(rows.first?["kind"] as? String == "held")
    #expect(
      stderr.contains(
        "note: line 4: the recurring event 'MK Together Management Board' goes on after"))
  }
}
