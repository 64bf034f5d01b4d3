import BoardCalCore
import BoardCalServer
import BoardCalStore
import BoardCalTestSupport
import Foundation
import HummingbirdTesting
import Testing

@Suite("A renamed board's page")
/// The lifecycle fixture's Safeguarding Children Partnership takes its area's name on 1 September 2020.
struct RenamedBoardPageTests {
  @Test("the board's page is headed by the name it has on the day; its address stays")
  func pageUsesTheNameOfTheDay() async throws {
    let folder = try scratchFolder("renamed")
    try lifecycleFixtureProtocol.write(
      to: folder.appendingPathComponent("testshire.yaml"), atomically: true, encoding: .utf8)
    for (day, name) in [
      ("2020-08-31", "Safeguarding Children Partnership"),
      ("2020-09-01", "Testshire Safeguarding Children Partnership"),
    ] {
      try await withServer(asOf: CivilDate(iso: day)!, protocols: folder) { client in
        let response = try await client.execute(
          uri: "/testshire/boards/scp", method: .get, headers: officerCookie)
        #expect(response.status == .ok)
        #expect(RenderedPage(html: response.text).headings(1) == [name], "on \(day)")
      }
    }
  }
}

@Suite("A board page's meetings: moved, and their ids")
/// The moved-meeting fixture's HWB meets on the first Tuesday of September and March; its March
/// 2027 meeting is moved by the protocol to Tuesday 16 March at 10:00, with a reason.
struct MeetingFactsPageTests {
  @Test(
    "a moved meeting says why; officers see each meeting's id for boardcal record, the public does not"
  )
  func movedAndIDs() async throws {
    let folder = try scratchFolder("moved-page")
    try movedWithinMonthProtocol.write(
      to: folder.appendingPathComponent("testshire.yaml"), atomically: true, encoding: .utf8)
    try await withServer(asOf: CivilDate(iso: "2027-01-04")!, protocols: folder) { client in
      let officer = try await client.execute(
        uri: "/testshire/boards/hwb", method: .get, headers: officerCookie)
      #expect(officer.status == .ok)
      let page = RenderedPage(html: officer.text)
      #expect(page.text.contains("Tuesday 16 March 2027, 10:00"))
      #expect(
        page.text.contains(
          "Moved: the council chamber is in use for the budget meeting."))
      #expect(!page.text.contains("the usual day is not a working day"))
      #expect(page.text.contains("Meeting id, for boardcal record"))
      #expect(page.html.contains("<code>testshire-hwb-2027-03</code>"))
      #expect(page.html.contains("<code>testshire-hwb-2027-09</code>"))
      let anyone = try await client.execute(uri: "/testshire/boards/hwb", method: .get)
      #expect(anyone.status == .ok)
      let open = RenderedPage(html: anyone.text)
      #expect(open.text.contains("Tuesday 16 March 2027, 10:00"))
      #expect(!open.text.contains("Meeting id"))
    }
  }

  @Test("a cancelled meeting shows why, and neither papers due nor an agenda to be published")
  func cancelledMeetingTakesNoPapers() async throws {
    let folder = try scratchFolder("cancelled-page")
    try movedWithinMonthProtocol.write(
      to: folder.appendingPathComponent("testshire.yaml"), atomically: true, encoding: .utf8)
    let store = try RecordStore(path: folder.appendingPathComponent("records.sqlite").path)
    try store.save(
      [
        RecordEntry(
          .meeting(
            MeetingRecord(
              meetingID: "testshire-hwb-2027-03", event: .cancelled(reason: "no quorum"))
          ))
      ], partnership: "testshire", recordedBy: nil, at: RecordStore.timestamp(Date()))
    let app = try makeServer(
      ServerConfiguration(
        protocols: folder.path, database: RecordsDatabase(path: store.path),
        access: FeedAccess(token: feedToken), today: { _ in CivilDate(iso: "2027-01-04")! }))
    try await app.test(.router) { client in
      let response = try await client.execute(
        uri: "/testshire/boards/hwb", method: .get, headers: officerCookie)
      let page = RenderedPage(html: response.text)
      let blocks = page.html.components(separatedBy: "<div class=\"meeting\">").dropFirst()
      let march = try #require(blocks.first { $0.contains("16 March 2027") })
      #expect(march.contains("Cancelled: no quorum"))
      #expect(!march.contains("Papers due"))
      #expect(!march.contains("Agenda published"))
      let september = try #require(blocks.first { $0.contains("7 September 2027") })
      #expect(september.contains("Papers due by Monday 23 August 2027"))
    }
  }
}
