import BoardCalCore
import Foundation
import HummingbirdTesting
import Testing

/// A Safeguarding Children Partnership that took its area's name on 1 September 2020.
private let renamedBoard = """
  partnership:
    id: testshire
    name: Testshire Partnership
    horizon: {from: 2019-04-01}
    source: {file: seed.txt, quote: "The partners agree these arrangements."}
  boards:
    - id: scp
      name: Safeguarding Children Partnership
      short_name: SCP
      kind: statutory
      renamed:
        - on: 2020-09-01
          name: Testshire Safeguarding Children Partnership
          short_name: TSCP
          source: {file: seed.txt, quote: "From September 2020 the partnership is the TSCP."}
      meetings:
        - months: [July, October, January, April]
          day: first Wednesday
          source: {file: seed.txt, quote: "The partnership meets quarterly."}
      source: {file: seed.txt, quote: "The Safeguarding Children Partnership."}

  """

@Suite("A renamed board's page")
struct RenamedBoardPageTests {
  @Test("the board's page is headed by the name it has on the day; its address stays")
  func pageUsesTheNameOfTheDay() async throws {
    let folder = try scratchFolder("renamed")
    try renamedBoard.write(
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
