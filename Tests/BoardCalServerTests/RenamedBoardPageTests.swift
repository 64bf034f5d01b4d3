import BoardCalCore
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
