import Foundation
import Testing

/// What is recorded shows in the schedule, the chair's view, the feeds and the alerts.
@Suite(.serialized) struct RecordsInCommandsTests {
  @Test func aCancelledMeetingReslotsWhatItHeldEverywhere() async throws {
    let folder = try scratchFolder("records-in-commands")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let cancel = await boardcal([
      "record", "cancelled", mkProtocolPath, "--meeting", "milton-keynes-hwb-2021-06", "--reason",
      "not quorate", "--db", db,
    ])
    #expect(cancel.status == 0, "\(cancel.stderr)")

    // The annual report due to the HWB moves from the cancelled June meeting to September.
    let schedule = await boardcal([
      "schedule", mkProtocolPath, "--board", "hwb", "--from", "2021-05-01", "--to", "2021-10-01",
      "--db", db, "--json",
    ])
    let json = try JSONSerialization.jsonObject(with: Data(schedule.stdout.utf8)) as? [String: Any]
    let meetings = json?["meetings"] as? [[String: Any]] ?? []
    #expect(meetings.first?["cancelled"] as? Bool == true)
    #expect(meetings.first?["cancellation"] as? String == "not quorate")
    let obligations = json?["obligations"] as? [[String: Any]] ?? []
    let toHWB = obligations.first { $0["receiver"] as? String == "hwb" }
    #expect((toHWB?["slot"] as? [String: Any])?["date"] as? String == "2021-09-07")

    // The feed keeps the meeting, cancelled, with a higher SEQUENCE.
    let out = folder.appendingPathComponent("calendars").path
    let emit = await boardcal(["emit", mkProtocolPath, "--out", out, "--db", db, "--quiet"])
    #expect(emit.status == 0, "\(emit.stderr)")
    let feed = try String(
      contentsOfFile: out + "/milton-keynes/boards/hwb.ics", encoding: .utf8)
    let event = feed.components(separatedBy: "BEGIN:VEVENT").first {
      $0.contains("UID:milton-keynes-hwb-2021-06@boardcal")
    }
    #expect(event?.contains("STATUS:CANCELLED") == true)
    #expect(event?.contains("SEQUENCE:1") == true)
    #expect(event?.contains("SUMMARY:Cancelled: ") == true)
  }

  @Test func theMKActualsHoldOnlyWhatTheAnnualReportSays() async throws {
    let folder = try scratchFolder("records-upcoming")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let load = await boardcal(["record", mkProtocolPath, "--from", mkActualsPath, "--db", db])
    #expect(load.status == 0, "\(load.stderr)")
    // Appendix A lists four Management Board meetings; the Assurance Board "held regular monthly
    // meetings". The report places no highlight report at a meeting, so none is recorded done.
    let list = await boardcal(["record", "list", mkProtocolPath, "--db", db, "--json"])
    let records =
      (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?[
        "records"] as? [[String: Any]] ?? []
    #expect(records.count == 16)
    #expect(records.allSatisfy { $0["kind"] as? String == "held" })
    let view = await boardcal([
      "upcoming", mkProtocolPath, "--board", "management-board", "--as-of", "2021-05-01",
      "--days", "100", "--db", db,
    ])
    let incoming = view.stdout.split(separator: "\n").filter { $0.contains("highlight report") }
    #expect(incoming.count == 5)
    #expect(incoming.allSatisfy { !$0.hasSuffix("[done]") })
  }
}
