import BoardCalCore
import BoardCalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BoardCalServer

@Suite("A shared board's feed over HTTP")
struct SharedFeedTests {
  @Test("the KMSAB's feed at one URL, byte for byte what emit wrote; private without a token")
  func sharedFeedAsEmitted() async throws {
    try await withServer { client, folder in
      for path in [
        "shared/kent-and-medway/boards/kmsab.ics", "shared/kent-and-medway/duties/kmsab.ics",
      ] {
        let file = try Data(contentsOf: folder.appendingPathComponent(path))
        try await client.execute(
          uri: "/\(path)", method: .get, headers: [.authorization: "Bearer \(feedToken)"]
        ) { response in
          #expect(response.status == .ok)
          #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
          #expect(response.bytes == Array(file), "\(path)")
        }
        try await client.execute(uri: "/\(path)", method: .get) { response in
          #expect(response.status == .notFound)
        }
      }
      try await client.execute(
        uri: "/shared/kent-and-medway/boards/nothing.ics", method: .get,
        headers: [.authorization: "Bearer \(feedToken)"]
      ) { response in
        #expect(response.status == .notFound)
      }
    }
  }

  @Test("the KMSAB's page says it serves Kent and Medway")
  func boardPageSaysServes() async throws {
    try await withServer { client, _ in
      try await client.execute(uri: "/medway/boards/kmsab", method: .get, headers: officerCookie) {
        response in
        #expect(response.status == .ok)
        let page = String(buffer: response.body)
        #expect(page.contains("Serves Kent and Medway (Boards serving Kent and Medway)"))
      }
    }
  }

  @Test("Medway and Kent served together: the KMSAB's feeds are the bytes emit writes for both")
  func twoPartnershipsAsEmitted() async throws {
    let folder = try medwayAndKentProtocols()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Written beside the protocols folder, not in it (the server reads that folder).
    let out = try scratchFolder("medway-and-kent-out")
    defer { try? FileManager.default.removeItem(at: out) }
    let emitted = try runBoardcal(
      ["emit", "kent.yaml", "medway.yaml", "--out", out.path, "--quiet", "--as-of", testDay.iso],
      in: folder)
    #expect(emitted.status == 0, "\(emitted.output)")
    try await withServer(protocols: folder) { client, _ in
      for path in [
        "shared/kent-and-medway/boards/kmsab.ics", "shared/kent-and-medway/duties/kmsab.ics",
        "kent/boards/kmsab.ics", "medway/boards/kmsab.ics",
      ] {
        let file = try Data(contentsOf: out.appendingPathComponent(path))
        try await client.execute(
          uri: "/\(path)", method: .get, headers: [.authorization: "Bearer \(feedToken)"]
        ) { response in
          #expect(response.status == .ok)
          #expect(response.bytes == Array(file), "\(path)")
        }
      }
      // Both partnerships' items are in the one shared feed.
      let text = try String(
        contentsOf: out.appendingPathComponent("shared/kent-and-medway/boards/kmsab.ics"),
        encoding: .utf8)
      #expect(text.contains("UID:kent-kent-hwb-plan-to-kmsab"))
      #expect(text.contains("UID:medway-hwb-refreshed-plan"))
    }
  }

  @Test("a token Medway issued for the KMSAB or its chair opens the shared feed; others do not")
  func issuedTokens() async throws {
    let folder = try scratchFolder("shared-tokens")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try RecordStore(path: folder.appendingPathComponent("records.sqlite").path)
    func issue(_ holder: TokenHolder, in partnership: String) throws -> String {
      let token = AccessToken.generate()
      _ = try store.issue(
        token: token, partnership: partnership, holder: holder, label: nil,
        at: RecordStore.timestamp(Date()))
      return token
    }
    let cases: [(String, HTTPResponse.Status)] = [
      (try issue(.board("kmsab"), in: "medway"), .ok),
      (try issue(.person("kmsab-independent-chair"), in: "medway"), .ok),
      (try issue(.board("hwb"), in: "medway"), .notFound),
      (try issue(.board("hwb"), in: "milton-keynes"), .notFound),
    ]
    let app = try makeServer(
      ServerConfiguration(
        protocols: protocolsFolder.path, database: RecordsDatabase(path: store.path),
        access: FeedAccess(token: feedToken), today: { _ in testDay }))
    try await app.test(.router) { client in
      for (token, status) in cases {
        try await client.execute(
          uri: "/shared/kent-and-medway/boards/kmsab.ics", method: .get,
          headers: [.authorization: "Bearer \(token)"]
        ) { response in
          #expect(response.status == status)
        }
      }
    }
  }
}
