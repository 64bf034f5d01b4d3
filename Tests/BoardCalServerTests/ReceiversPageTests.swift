import BoardCalCore
import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A board's page, its public feed and the API say what a copy or a publication is in a chair's
/// words (issue 12), and the public sees a public board's publications, never a copy.
@Suite struct ReceiversPageTests {
  /// The server over one fixture protocol, standing on `day`.
  func withFixture<Value: Sendable>(
    _ text: String, on day: CivilDate,
    _ test: @Sendable (any TestClientProtocol) async throws -> Value
  ) async throws -> Value {
    let folder = try scratchFolder("receivers-server")
    defer { try? FileManager.default.removeItem(at: folder) }
    try text.write(
      to: folder.appendingPathComponent("fixture.yaml"), atomically: true, encoding: .utf8)
    let app = try BoardCalApp(
      ServerConfiguration(
        protocols: folder.path, access: FeedAccess(token: feedToken), today: { _ in day })
    ).application()
    return try await app.test(.router) { client in try await test(client) }
  }

  @Test("the Welsh board's page and the API: 'publish by Thursday 30 July 2026', public alike")
  func publication() async throws {
    try await withFixture(welshProtocol, on: CivilDate(year: 2026, month: 6, day: 1)!) { client in
      // The board meets in public: its page, without a token, says what it must publish.
      let page = try await client.execute(uri: "/welsh-region-test/boards/rsb", method: .get)
      #expect(page.status == .ok)
      #expect(page.text.contains("Publish"))
      #expect(page.text.contains("the public"))
      #expect(page.text.contains("by Thursday 30 July 2026"))
      let api = try jsonObject(
        try await client.execute(
          uri: "/api/welsh-region-test/upcoming?board=rsb&days=120", method: .get))
      let owes = try #require(api["owes"] as? [[String: Any]])
      let report = try #require(owes.first { ($0["duty"] as? String) == "publish-annual-report" })
      #expect(
        report["text"] as? String
          == "RSAB must publish 'Annual Report for 2025-26' by Thursday 30 July 2026")
      #expect(report["receiver_kind"] as? String == "public")
      #expect(report["status"] as? String == "scheduled")
      // The public feed holds the publications, all day.
      let feed = try await client.execute(uri: "/welsh-region-test/public.ics", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.text.contains("SUMMARY:PUBLISH: Annual Report for 2025-26 — RSAB"))
      #expect(feed.text.contains("DTSTART;VALUE=DATE:20260730"))
    }
  }

  @Test("a copy to the chief executive: on the SAB's page for its officers, never for the public")
  func copy() async throws {
    try await withFixture(careActProtocol, on: CivilDate(year: 2026, month: 9, day: 1)!) {
      client in
      let page = try await client.execute(
        uri: "/care-act-test/boards/sab", method: .get, headers: officerCookie)
      #expect(page.status == .ok)
      #expect(page.text.contains("Send a copy"))
      #expect(page.text.contains("Chief Executive of the local authority"))
      #expect(page.text.contains("by Wednesday 30 September 2026"))
      let open = try await client.execute(uri: "/api/care-act-test/schedule", method: .get)
      #expect(open.status == .ok)
      #expect(!open.text.contains("sab-annual-report-copies"))
      let full = try await client.execute(
        uri: "/api/care-act-test/schedule?token=\(feedToken)", method: .get)
      #expect(full.text.contains("\"kind\" : \"copy\""))
    }
  }
}
