import BoardCalCore
import BoardCalPipeline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BoardCalServer

/// What officers recorded and what notify sent, as the chair's pages show them: the records
/// database behind `boardcal serve`.
@Suite("the chair's pages with records and the alert log")
struct ChairPagesRecordsTests {
  static let day = CivilDate(iso: "2017-09-01")!
  static let token = "chair-pages-token"

  @Test(
    "a fulfilled duty reads done on the board page; the overdue page says who was told and when")
  func recordsAndAlertLog() async throws {
    let scratch = try scratchFolder("chair-pages")
    defer { try? FileManager.default.removeItem(at: scratch) }
    // The seed protocols, with an address for the BSAB's lead officer: test data (the protocol
    // names none), so that notify has someone to tell.
    let protocols = scratch.appendingPathComponent("Protocols")
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("Protocols"), to: protocols)
    let file = protocols.appendingPathComponent("buckinghamshire.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    let withEmail = text.replacingOccurrences(
      of: "  - id: bsab-business-manager\n",
      with: "  - id: bsab-business-manager\n    email: bsab.manager@example.org\n")
    #expect(withEmail != text)
    try Data(withEmail.utf8).write(to: file)
    let db = scratch.appendingPathComponent("records.sqlite").path
    // The HASC was informed of the BSAB's 2016-17 annual report at its October meeting.
    let recorded = await boardcal([
      "record", "fulfilled", file.path, "--obligation", "bsab-annual-report-to-hasc/hasc/2017-18",
      "--meeting", "buckinghamshire-hasc-2017-10", "--db", db,
    ])
    #expect(recorded.status == 0, "\(recorded.output)")
    let sent = await boardcal([
      "notify", file.path, "--as-of", Self.day.iso, "--db", db, "--sendmail", "/bin/true",
      "--from", "Buckinghamshire <partnership@example.org>",
    ])
    #expect(sent.status == 0, "\(sent.output)")
    let app = try makeServer(
      ServerConfiguration(
        protocols: protocols.path,
        database: RecordsDatabase(path: db), access: FeedAccess(token: Self.token),
        today: { _ in Self.day }))
    try await app.test(.router) { client in
      let board = try await client.execute(
        uri: "/buckinghamshire/boards/bsab", method: .get,
        headers: [.cookie: "boardcal_token=\(Self.token)"])
      let boardText = String(buffer: board.body)
      #expect(board.status == .ok)
      #expect(
        boardText.contains(
          "<span class=\"status status-done\">done</span></td>\n<th scope=\"row\" data-label=\"Duty\">Inform: BSAB Annual Report for 2016-17"
        ), "\(boardText)")
      // The overdue page, with what the alert log says of each recipient.
      let overdue = try await client.execute(
        uri: "/buckinghamshire/overdue", method: .get,
        headers: [.cookie: "boardcal_token=\(Self.token)"])
      #expect(overdue.status == .ok)
      let page = String(buffer: overdue.body)
      #expect(
        page.contains(
          "<div>BSAB Business Manager (BSAB lead officer) (lead officer of BSAB): told by email on "
        ), "\(page)")
      // The SSBPB's lead officer has no address anywhere: nobody can tell them, so the row says
      // so rather than "not told yet", and the page says once how to give one.
      #expect(page.contains("(lead officer of SSBPB): no email address</div>"))
      #expect(!page.contains("(lead officer of SSBPB): not told yet"))
      #expect(
        page.contains("(head-of-resilience-and-community-safety)")
          && page.contains("boardcal contact set PROTOCOL PERSON --email ADDRESS"))
    }
  }
}
