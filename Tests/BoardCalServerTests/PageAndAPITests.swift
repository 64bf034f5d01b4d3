import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages and the JSON API")
struct PageAndAPITests {
  @Test("the index lists every partnership with webcal:// and web subscribe links")
  func index() async throws {
    try await withServer { client, _ in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        let page = response.text
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script"))
        for id in ["milton-keynes", "medway", "buckinghamshire"] {
          #expect(page.contains("webcal://localhost/\(id)/public.ics"))
          #expect(page.contains("http://localhost/\(id)/public.ics"))
          #expect(page.contains("href=\"/\(id)/\""))
        }
        #expect(page.contains("MK Together"))
        // Private feeds are not listed without the token.
        #expect(!page.contains("boards/hwb.ics"))
      }
    }
  }

  @Test("subscribe links follow the Host header, X-Forwarded-Proto, or the base URL")
  func linkAddresses() async throws {
    try await withServer { client, _ in
      let proxied = try await client.execute(
        uri: "/", method: .get, headers: [FieldName("X-Forwarded-Proto")!: "https"])
      #expect(proxied.text.contains("https://localhost/milton-keynes/public.ics"))
      let hostile = try await client.execute(
        uri: "/", method: .get, headers: [FieldName("X-Forwarded-Proto")!: "javascript"])
      #expect(!hostile.text.contains("javascript://"))
    }
    try await withServer(baseURL: "https://boards.example.gov.uk/calendars/") { client, _ in
      let page = try await client.execute(uri: "/milton-keynes/", method: .get).text
      #expect(page.contains("webcal://boards.example.gov.uk/calendars/milton-keynes/public.ics"))
      #expect(page.contains("https://boards.example.gov.uk/calendars/milton-keynes/public.ics"))
    }
  }

  @Test("the partnership page: boards, next meetings, and feeds; private ones with the token")
  func partnershipPage() async throws {
    try await withServer { client, _ in
      for uri in ["/milton-keynes/", "/milton-keynes"] {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .ok)
          let page = response.text
          #expect(page.contains("<h1>MK Together</h1>"))
          #expect(page.contains("webcal://localhost/milton-keynes/public.ics"))
          #expect(page.contains("Health and Wellbeing Board"))
          #expect(page.contains("As of Saturday 1 May 2021"))
          #expect(page.contains("<time datetime=\"2021-"))
          #expect(!page.contains("boards/hwb.ics"))
          #expect(!page.contains("Papers due"))
        }
      }
      // A browser holds the token as the cookie its token link set (`TokenAccessTests`).
      try await client.execute(
        uri: "/milton-keynes/", method: .get, headers: [.cookie: "boardcal_token=\(feedToken)"]
      ) { response in
        let page = response.text
        #expect(page.contains("webcal://localhost/milton-keynes/boards/hwb.ics?token=\(feedToken)"))
        #expect(page.contains("Papers due by"))
        #expect(response.headers[.cacheControl] == "private, no-store")
      }
      let wrong = try await client.execute(uri: "/milton-keynes/?token=nope", method: .get)
      #expect(!wrong.text.contains("boards/hwb.ics"))
    }
  }

  @Test("a board's page, where the feeds' Board page links lead")
  func boardPage() async throws {
    try await withServer { client, _ in
      try await client.execute(uri: "/milton-keynes/boards/hwb", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.text.contains("<h1>Health and Wellbeing Board</h1>"))
        #expect(response.text.contains("<time datetime=\"2021-06-01T14:00\">"))
        #expect(!response.text.contains("boards/hwb.ics"))
      }
      // A private board's page (with its chair's name) is not served to the public: it is
      // answered exactly as a board that does not exist.
      let closed = try await client.execute(
        uri: "/milton-keynes/boards/management-board", method: .get)
      let missing = try await client.execute(uri: "/milton-keynes/boards/nope", method: .get)
      #expect(closed.status == .notFound)
      #expect(closed.bytes == missing.bytes)
      #expect(!closed.text.contains("Chair"))
      let open = try await client.execute(
        uri: "/milton-keynes/boards/management-board", method: .get,
        headers: [.cookie: "boardcal_token=\(feedToken)"])
      #expect(open.status == .ok)
      #expect(open.text.contains("Meets in private."))
      #expect(open.text.contains("<time"))
      #expect(open.text.contains("boards/management-board.ics?token=\(feedToken)"))
      #expect(missing.status == .notFound)
    }
  }

  @Test(
    "an edited protocol is served within a second; one that stops loading keeps its last good version"
  )
  func protocolReload() async throws {
    let protocols = try scratchFolder("protocols").appendingPathComponent("Protocols")
    defer { try? FileManager.default.removeItem(at: protocols.deletingLastPathComponent()) }
    try FileManager.default.copyItem(at: protocolsFolder, to: protocols)
    let file = protocols.appendingPathComponent("milton-keynes.yaml")
    let original = try String(contentsOf: file, encoding: .utf8)
    try await withServer(protocols: protocols) { client, _ in
      #expect(
        try await client.execute(uri: "/milton-keynes/", method: .get).text.contains(
          "<h1>MK Together</h1>"))
      let renamed = original.replacingOccurrences(
        of: "name: MK Together\n", with: "name: MK Together Renamed\n")
      #expect(renamed != original)
      try Data(renamed.utf8).write(to: file)
      // Looked for with the cheapest request (a feed from memory), then on the page.
      #expect(
        try await within {
          try await client.execute(uri: "/milton-keynes/public.ics", method: .get).text.contains(
            "MK Together Renamed")
        })
      #expect(
        try await client.execute(uri: "/milton-keynes/", method: .get).text.contains(
          "<h1>MK Together Renamed</h1>"))
      try Data("boards: [unclosed".utf8).write(to: file)
      // Past the next look for changes.
      try await Task.sleep(for: .milliseconds(500))
      let kept = try await client.execute(uri: "/milton-keynes/", method: .get)
      #expect(kept.status == .ok)
      #expect(kept.text.contains("<h1>MK Together Renamed</h1>"))
    }
  }

  @Test("a protocol with problems stops the server from starting, naming the file")
  func badProtocolAtStart() throws {
    let protocols = try scratchFolder("bad-protocols")
    defer { try? FileManager.default.removeItem(at: protocols) }
    try Data("partnership: [".utf8).write(to: protocols.appendingPathComponent("broken.yaml"))
    #expect {
      try makeTestServer(protocols: protocols)
    } throws: { error in
      (error as? ProtocolProblems)?.description.contains("broken.yaml") == true
    }
  }

  @Test("the API schedule: the JSON of boardcal schedule --json, with meetings")
  func schedule() async throws {
    try await withServer { client, _ in
      let uri = "/api/milton-keynes/schedule?from=2021-04-01&to=2022-03-31"
      try await client.execute(uri: uri, method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let json = try jsonObject(response)
        #expect(json["partnership"] as? String == "milton-keynes")
        #expect(json["from"] as? String == "2021-04-01")
        #expect(json["to"] as? String == "2022-03-31")
        let meetings = try #require(json["meetings"] as? [[String: Any]])
        #expect(!meetings.isEmpty)
        #expect(meetings.allSatisfy { ($0["date"] as? String ?? "") >= "2021-04-01" })
        #expect(meetings.first?["start_utc"] is String)
        #expect(json["obligations"] is [[String: Any]])
      }
      // With the token and a board, the same bytes as the command line prints.
      let cli = try runBoardcal([
        "schedule", protocolsFolder.appendingPathComponent("milton-keynes.yaml").path,
        "--from", "2021-04-01", "--to", "2022-03-31", "--board", "hwb", "--json",
      ])
      #expect(cli.status == 0)
      let api = try await client.execute(
        uri: uri + "&board=hwb&token=\(feedToken)", method: .get)
      #expect(api.text == cli.stdout)
    }
  }

  @Test("the API upcoming: a board's meetings and what it owes, as boardcal upcoming --json")
  func upcoming() async throws {
    try await withServer { client, _ in
      let api = try await client.execute(
        uri: "/api/milton-keynes/upcoming?board=hwb&as_of=2021-05-01&days=200&token=\(feedToken)",
        method: .get)
      #expect(api.status == .ok)
      let json = try jsonObject(api)
      #expect(json["as_of"] as? String == "2021-05-01")
      #expect((json["meetings"] as? [[String: Any]])?.isEmpty == false)
      let cli = try runBoardcal([
        "upcoming", protocolsFolder.appendingPathComponent("milton-keynes.yaml").path,
        "--board", "hwb", "--as-of", "2021-05-01", "--days", "200", "--json",
      ])
      #expect(api.text == cli.stdout)
      // as_of defaults to the configured day.
      let defaulted = try jsonObject(
        try await client.execute(uri: "/api/milton-keynes/upcoming?board=hwb", method: .get))
      #expect(defaulted["as_of"] as? String == "2021-05-01")
    }
  }

  @Test("confidential items and private boards stay out of the API without the token")
  func confidential() async throws {
    try await withServer { client, _ in
      let uri = "/api/buckinghamshire/schedule"
      let open = try await client.execute(uri: uri, method: .get)
      #expect(open.status == .ok)
      #expect(!open.text.contains("sectu-prevent-briefing"))
      #expect(!open.text.contains("\"confidential\" : true"))
      let full = try await client.execute(uri: uri + "?token=\(feedToken)", method: .get)
      #expect(full.text.contains("sectu-prevent-briefing"))
      let hidden = try await client.execute(
        uri: "/api/buckinghamshire/upcoming?board=ssbpb", method: .get)
      #expect(hidden.status == .notFound)
    }
  }

  @Test("a bad parameter: 400 with a JSON error naming it")
  func badParameters() async throws {
    try await withServer { client, _ in
      let cases: [(uri: String, parameter: String)] = [
        ("/api/milton-keynes/schedule?from=2021-13-01", "from"),
        ("/api/milton-keynes/schedule?from=yesterday", "from"),
        ("/api/milton-keynes/schedule?to=2021-02-30", "to"),
        ("/api/milton-keynes/schedule?from=2022-01-01&to=2021-01-01", "to"),
        ("/api/milton-keynes/schedule?from=1990-01-01&to=2100-01-01", "to"),
        ("/api/milton-keynes/upcoming?board=hwb&as_of=1%20May", "as_of"),
        ("/api/milton-keynes/upcoming?board=hwb&days=0", "days"),
        ("/api/milton-keynes/upcoming?board=hwb&days=many", "days"),
        ("/api/milton-keynes/upcoming", "board"),
      ]
      for (uri, parameter) in cases {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .badRequest, "\(uri)")
          #expect(response.headers[.contentType] == "application/json; charset=utf-8")
          let json = try jsonObject(response)
          #expect(json["parameter"] as? String == parameter, "\(uri)")
          #expect((json["error"] as? String)?.hasPrefix("\(parameter): ") == true, "\(uri)")
        }
      }
    }
  }

  @Test("an unknown partnership or board: 404")
  func unknown() async throws {
    try await withServer { client, _ in
      for uri in [
        "/api/atlantis/schedule", "/api/atlantis/upcoming?board=hwb",
        "/api/milton-keynes/upcoming?board=nope", "/api/milton-keynes/schedule?board=nope",
        "/atlantis/", "/atlantis/public.ics",
      ] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .notFound, "\(uri)")
      }
      let json = try jsonObject(
        try await client.execute(uri: "/api/atlantis/schedule", method: .get))
      #expect(json["error"] as? String == "no partnership 'atlantis'.")
    }
  }
}

typealias FieldName = HTTPFields.Element.Name
