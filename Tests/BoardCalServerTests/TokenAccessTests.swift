import BoardCalCore
import BoardCalServer
import BoardCalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A records database in a scratch folder, with tokens issued as `boardcal token issue` issues
/// them (the store keeps only their hashes; the tests hold the tokens).
private struct IssuedFixture {
  let folder: URL
  let store: RecordStore
  var path: String { store.path }

  init() throws {
    folder = try scratchFolder("tokens")
    store = try RecordStore(path: folder.appendingPathComponent("records.sqlite").path)
  }

  /// A new token for `holder` of `partnership`, and its public id.
  func issue(_ holder: TokenHolder, in partnership: String = "milton-keynes") throws -> (
    token: String, id: String
  ) {
    let token = AccessToken.generate()
    let issued = try store.issue(
      token: token, partnership: partnership, holder: holder, label: nil,
      at: RecordStore.timestamp(Date()))
    return (token, issued.id)
  }
}

/// The server over the seed protocols, with the fixture's database and the shared token; `test`
/// also gets the feeds `emit` wrote for the same day, to compare with.
private func withTokenServer<Value: Sendable>(
  _ fixture: IssuedFixture, baseURL: String? = nil,
  _ test: @Sendable (any TestClientProtocol, URL) async throws -> Value
) async throws -> Value {
  let folder = try emittedCalendars.get()
  let app = try makeServer(
    ServerConfiguration(
      protocols: protocolsFolder.path,
      database: RecordsDatabase(path: fixture.path), baseURL: baseURL,
      access: FeedAccess(token: feedToken), today: { _ in testDay }))
  return try await app.test(.router) { client in try await test(client, folder) }
}

/// The headers of an answer, as name: value lines in order, for comparing two answers whole.
private func headerLines(_ response: TestResponse) -> [String] {
  response.headers.map { "\($0.name.canonicalName): \($0.value)" }
}

private let leaderFeed = "/milton-keynes/people/leader-of-council.ics"
private let otherPersonFeed = "/milton-keynes/people/ccg-chair.ics"
private let missingFeed = "/milton-keynes/people/nobody.ics"

@Suite("Per-person tokens")
struct TokenAccessTests {
  @Test("a person's token opens their own private feed, by ?token= or Bearer, and no one else's")
  func personToken() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let (token, _) = try fixture.issue(.person("leader-of-council"))
    try await withTokenServer(fixture) { client, folder in
      let file = try Data(
        contentsOf: folder.appendingPathComponent("milton-keynes/people/leader-of-council.ics"))
      let missing = try await client.execute(uri: missingFeed, method: .get)
      #expect(missing.status == .notFound)

      let byQuery = try await client.execute(uri: leaderFeed + "?token=\(token)", method: .get)
      #expect(byQuery.status == .ok)
      #expect(byQuery.bytes == Array(file))
      let byBearer = try await client.execute(
        uri: leaderFeed, method: .get, headers: [.authorization: "Bearer \(token)"])
      #expect(byBearer.status == .ok)
      #expect(byBearer.bytes == Array(file))
      #expect(byBearer.headers[.cacheControl]?.contains("private") == true)
      #expect(byBearer.headers[values: .vary].contains("Cookie, Authorization"))

      // Another person's feed, and this person's feed in another partnership, are not theirs.
      let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
      for (uri, headers) in [
        (otherPersonFeed + "?token=\(token)", HTTPFields()),
        (otherPersonFeed, bearer),
        ("/milton-keynes/boards/management-board.ics?token=\(token)", HTTPFields()),
        ("/medway/boards/hwb.ics?token=\(token)", HTTPFields()),
      ] {
        let refused = try await client.execute(uri: uri, method: .get, headers: headers)
        #expect(refused.status == .notFound, "\(uri)")
        #expect(refused.bytes == missing.bytes, "\(uri)")
      }
      // The board the person sits on (the Leader of the Council chairs the HWB) is theirs.
      let hwb = try await client.execute(
        uri: "/milton-keynes/boards/hwb.ics", method: .get,
        headers: [.authorization: "Bearer \(token)"])
      #expect(hwb.status == .ok)
    }
  }

  @Test("a board's token opens that board's feeds and page, and not another board's")
  func boardToken() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let (token, _) = try fixture.issue(.board("management-board"))
    try await withTokenServer(fixture) { client, _ in
      let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
      for uri in [
        "/milton-keynes/boards/management-board.ics", "/milton-keynes/duties/management-board.ics",
        "/milton-keynes/boards/management-board",
      ] {
        let opened = try await client.execute(uri: uri, method: .get, headers: bearer)
        #expect(opened.status == .ok, "\(uri)")
      }
      let page = try await client.execute(
        uri: "/milton-keynes/boards/management-board", method: .get, headers: bearer)
      #expect(page.text.contains("Meets in private."))
      for uri in ["/milton-keynes/boards/risk.ics", "/milton-keynes/people/leader-of-council.ics"] {
        let refused = try await client.execute(uri: uri, method: .get, headers: bearer)
        #expect(refused.status == .notFound, "\(uri)")
      }
    }
  }

  @Test(
    "a page opened with ?token= sets the cookie and sends the browser to the address without it")
  func cookieFromTokenLink() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let (token, _) = try fixture.issue(.person("leader-of-council"))
    try await withTokenServer(fixture) { client, _ in
      let link = try await client.execute(
        uri: "/milton-keynes/?token=\(token)&as_of=2021-05-01", method: .get)
      #expect(link.status == .seeOther)
      #expect(link.headers[.location] == "/milton-keynes/?as_of=2021-05-01")
      let cookie = try #require(link.headers[.setCookie])
      let parts = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      #expect(parts.first == "boardcal_token=\(token)")
      #expect(parts.contains("HttpOnly"))
      #expect(parts.contains("SameSite=Strict"))
      #expect(parts.contains("Path=/"))
      #expect(!parts.contains("Secure"), "plain http: no Secure")
      #expect(!link.text.contains(token))
      #expect(link.headers[.init("Referrer-Policy")!] == "no-referrer")
      #expect(link.headers[.xContentTypeOptions] == "nosniff")

      // Behind a proxy that terminates TLS, the cookie is Secure.
      let proxied = try await client.execute(
        uri: "/milton-keynes/boards/hwb?token=\(token)", method: .get,
        headers: [.init("X-Forwarded-Proto")!: "https"])
      #expect(proxied.headers[.location] == "/milton-keynes/boards/hwb")
      #expect(proxied.headers[.setCookie]?.contains("; Secure") == true)

      // With the cookie, the page shows the person's private calendar; its subscribe link carries
      // the token (calendar apps keep no cookies), the links between pages do not.
      let page = try await client.execute(
        uri: "/milton-keynes/", method: .get, headers: [.cookie: "boardcal_token=\(token)"])
      #expect(page.status == .ok)
      #expect(page.text.contains("milton-keynes/people/leader-of-council.ics?token=\(token)"))
      #expect(!page.text.contains("people/ccg-chair.ics"))
      #expect(page.text.contains("href=\"/milton-keynes/boards/hwb\""))
      #expect(!page.text.contains("href=\"/?token="))
      #expect(page.headers[.cacheControl]?.contains("private") == true)
      #expect(page.headers[values: .vary].contains("Cookie, Authorization"))

      // Without it, the public page.
      let anonymous = try await client.execute(uri: "/milton-keynes/", method: .get)
      #expect(!anonymous.text.contains("leader-of-council.ics"))
      // A feed opened with ?token= is answered, not redirected: calendar apps follow no cookie.
      let feed = try await client.execute(uri: leaderFeed + "?token=\(token)", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.headers[.setCookie] == nil)
    }
  }

  @Test("behind an https base URL the cookie is Secure")
  func secureBehindHTTPS() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let (token, _) = try fixture.issue(.person("leader-of-council"))
    try await withTokenServer(fixture, baseURL: "https://boards.example.gov.uk/calendars/") {
      client, _ in
      let link = try await client.execute(uri: "/milton-keynes/?token=\(token)", method: .get)
      #expect(link.status == .seeOther)
      #expect(link.headers[.location] == "/calendars/milton-keynes/")
      #expect(link.headers[.setCookie]?.hasSuffix("; Secure") == true)
    }
  }

  @Test("unknown, revoked and missing tokens get the very 404 of a feed that does not exist")
  func revokedWithinASecond() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    let (token, id) = try fixture.issue(.person("leader-of-council"))
    try await withTokenServer(fixture) { client, _ in
      #expect(
        try await client.execute(uri: leaderFeed + "?token=\(token)", method: .get).status == .ok)
      let missing = try await client.execute(uri: missingFeed, method: .get)
      let revokedAt = Date()
      try fixture.store.revokeToken(
        id, partnership: "milton-keynes", at: RecordStore.timestamp(revokedAt))
      var refused: TestResponse?
      while Date().timeIntervalSince(revokedAt) < 1 {
        let response = try await client.execute(uri: leaderFeed + "?token=\(token)", method: .get)
        if response.status == .notFound {
          refused = response
          break
        }
        try await Task.sleep(for: .milliseconds(20))
      }
      let revoked = try #require(refused, "the revoked token still worked a second later")
      let answers: [(String, TestResponse)] = [
        ("revoked", revoked),
        (
          "revoked, Bearer",
          try await client.execute(
            uri: leaderFeed, method: .get, headers: [.authorization: "Bearer \(token)"])
        ),
        (
          "revoked, cookie",
          try await client.execute(
            uri: leaderFeed, method: .get, headers: [.cookie: "boardcal_token=\(token)"])
        ),
        ("unknown", try await client.execute(uri: leaderFeed + "?token=x\(token)", method: .get)),
        ("missing", try await client.execute(uri: leaderFeed, method: .get)),
      ]
      for (what, answer) in answers {
        #expect(answer.status == .notFound, "\(what)")
        #expect(answer.bytes == missing.bytes, "\(what)")
        #expect(headerLines(answer) == headerLines(missing), "\(what)")
      }
    }
  }

  @Test("the shared token still opens everything, by ?token= and by Bearer")
  func sharedToken() async throws {
    let fixture = try IssuedFixture()
    defer { try? FileManager.default.removeItem(at: fixture.folder) }
    _ = try fixture.issue(.person("leader-of-council"))
    try await withTokenServer(fixture) { client, _ in
      for uri in [otherPersonFeed, "/medway/boards/hwb.ics", "/milton-keynes/boards/risk.ics"] {
        let byQuery = try await client.execute(uri: uri + "?token=\(feedToken)", method: .get)
        #expect(byQuery.status == .ok, "\(uri)")
        let byBearer = try await client.execute(
          uri: uri, method: .get, headers: [.authorization: "Bearer \(feedToken)"])
        #expect(byBearer.status == .ok, "\(uri)")
      }
    }
  }
}
