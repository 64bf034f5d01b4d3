import Foundation
import Testing

/// A report that slipped past its meeting is due at the receiving board's next meeting in its
/// window: the chair's outlook shows it there, as the alert says.
@Suite("slipped reports carried to the next meeting")
struct CarriedOverTests {
  /// MK Together's annual report for 2025-26 is due at the HWB's June 2026 meeting (cycle
  /// 2026-27); nothing records it, so as of 30 November 2026 it has slipped, and the HWB's next
  /// meeting left in its window is on 2 February 2027, as the alert says.
  @Test("the next meeting's items include the slipped report, with its status")
  func upcomingShowsIt() async throws {
    let alerts = await boardcal([
      "alerts", mkProtocolPath, "--as-of", "2026-11-30", "--json",
    ])
    #expect(alerts.status == 0, "\(alerts.stderr)")
    let id = "partnership-annual-report-to-hwb-csp/hwb/2026-27"
    let alertList = try #require(
      try JSONSerialization.jsonObject(with: Data(alerts.stdout.utf8)) as? [String: Any])
    let alert = try #require(
      (alertList["alerts"] as? [[String: Any]])?.first {
        ($0["obligation"] as? [String: Any])?["id"] as? String == id
      })
    #expect(alert["status"] as? String == "slipped")
    #expect(
      (alert["reason"] as? String)?.hasSuffix("the next HWB meeting in the window is on 2027-02-02")
        == true)

    let upcoming = await boardcal([
      "upcoming", mkProtocolPath, "--board", "hwb", "--as-of", "2026-11-30", "--days", "200",
      "--json",
    ])
    #expect(upcoming.status == 0, "\(upcoming.stderr)")
    let view = try #require(
      try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [String: Any])
    let meetings = try #require(view["meetings"] as? [[String: Any]])
    let february = try #require(meetings.first { $0["date"] as? String == "2027-02-02" })
    let incoming = try #require(february["incoming"] as? [[String: Any]])
    let carried = try #require(incoming.first { $0["id"] as? String == id })
    #expect(carried["status"] as? String == "slipped")
    // Only there: not at the June 2027 meeting too.
    for m in meetings where m["date"] as? String != "2027-02-02" {
      #expect(!((m["incoming"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == id })
    }
  }
}
