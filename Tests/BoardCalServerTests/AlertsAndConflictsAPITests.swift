import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/P/alerts` and `/api/P/conflicts`: with the token, the bytes the command line prints for
/// the same inputs; without it, what the public feed lets the public see.
@Suite("The API's alerts and conflicts")
struct AlertsAndConflictsAPITests {
  static let partnerships = ["buckinghamshire", "medway", "milton-keynes"]

  /// The command line on a seed protocol, with no records database (as the test server has).
  func cli(_ arguments: [String], _ partnership: String) throws -> CommandResult {
    let file = protocolsFolder.appendingPathComponent("\(partnership).yaml").path
    let none = FileManager.default.temporaryDirectory
      .appendingPathComponent("boardcal-no-db-\(UUID().uuidString).sqlite").path
    return try runBoardcal(
      [arguments[0], file] + arguments.dropFirst() + ["--db", none, "--json"])
  }

  @Test("alerts with the token: the bytes of boardcal alerts --json, for every seed partnership")
  func alertsAsTheCommandLine() async throws {
    try await withServer { client, _ in
      for p in Self.partnerships {
        let command = try cli(["alerts", "--as-of", "2022-06-01"], p)
        #expect(command.status == 0, "\(command.stderr)")
        let api = try await client.execute(
          uri: "/api/\(p)/alerts?as_of=2022-06-01&token=\(feedToken)", method: .get)
        #expect(api.status == .ok)
        #expect(api.headers[.contentType] == "application/json; charset=utf-8")
        #expect(api.text == command.stdout, "\(p)")
      }
      // as_of defaults to the server's today.
      let today = try jsonObject(
        try await client.execute(uri: "/api/milton-keynes/alerts", method: .get))
      #expect(today["as_of"] as? String == "2021-05-01")
    }
  }

  @Test("alerts without the token: only those about what the public feed shows, not who is told")
  func alertsForThePublic() async throws {
    try await withServer { client, folder in
      for p in Self.partnerships {
        let officer = try jsonObject(
          try await client.execute(
            uri: "/api/\(p)/alerts?as_of=2022-06-01&token=\(feedToken)", method: .get))
        let response = try await client.execute(
          uri: "/api/\(p)/alerts?as_of=2022-06-01", method: .get)
        let open = try jsonObject(response)
        let command = try cli(["alerts", "--as-of", "2022-06-01", "--audience", "public"], p)
        #expect(response.text == command.stdout, "\(p): the bytes of alerts --audience public")
        let publicBoards = try await boardsInPublicFeed(p, client, folder)
        let all = try #require(officer["alerts"] as? [[String: Any]])
        let shown = try #require(open["alerts"] as? [[String: Any]])
        // Expected: alerts on obligations to a board the public feed shows, not confidential,
        // and not resting on a paper deadline.
        let expected = all.filter { alert in
          let o = alert["obligation"] as? [String: Any] ?? [:]
          return publicBoards.contains(o["receiver"] as? String ?? "")
            && o["confidential"] as? Bool == false && alert["status"] as? String != "papers-due"
        }
        #expect(shown.map { $0["key"] as? String } == expected.map { $0["key"] as? String }, "\(p)")
        for alert in shown {
          #expect(alert["recipients"] == nil && alert["unaddressed"] == nil)
          #expect(alert["deliveries"] == nil)
          let o = alert["obligation"] as? [String: Any] ?? [:]
          #expect(o["paper_deadline"] == nil && o["presented_by"] == nil && o["ready_on"] == nil)
        }
        // No one's address or name as a recipient reaches the public.
        for alert in all {
          for r in alert["recipients"] as? [[String: Any]] ?? [] {
            if let email = r["email"] as? String { #expect(!response.text.contains(email)) }
          }
        }
      }
      // Milton Keynes has alerts on both sides of the rule on that day.
      let open = try jsonObject(
        try await client.execute(uri: "/api/milton-keynes/alerts?as_of=2022-06-01", method: .get))
      let shown = try #require(open["alerts"] as? [[String: Any]])
      #expect(!shown.isEmpty)
      #expect(shown.count < 31)
    }
  }

  @Test("conflicts with the token: the bytes of boardcal conflicts --json")
  func conflictsAsTheCommandLine() async throws {
    try await withServer { client, _ in
      for p in Self.partnerships {
        for (query, arguments) in [
          ("as_of=2021-05-01", ["--as-of", "2021-05-01"]),
          (
            "from=2017-04-01&to=2023-03-31&as_of=2022-06-01",
            ["--from", "2017-04-01", "--to", "2023-03-31", "--as-of", "2022-06-01"]
          ),
        ] {
          let command = try cli(["conflicts"] + arguments, p)
          let api = try await client.execute(
            uri: "/api/\(p)/conflicts?\(query)&token=\(feedToken)", method: .get)
          #expect(api.status == .ok)
          #expect(!command.stdout.isEmpty)
          #expect(api.text == command.stdout, "\(p) \(query)")
        }
      }
    }
  }

  @Test("conflicts without the token: none about what the public feed does not show, no clash")
  func conflictsForThePublic() async throws {
    try await withServer { client, folder in
      var seen = 0
      for p in Self.partnerships {
        let officer = try jsonObject(
          try await client.execute(
            uri: "/api/\(p)/conflicts?as_of=2021-05-01&token=\(feedToken)", method: .get))
        let response = try await client.execute(
          uri: "/api/\(p)/conflicts?as_of=2021-05-01", method: .get)
        let open = try jsonObject(response)
        let command = try cli(["conflicts", "--as-of", "2021-05-01", "--audience", "public"], p)
        #expect(response.text == command.stdout, "\(p): the bytes of conflicts --audience public")
        let from = try #require(officer["from"] as? String)
        let to = try #require(officer["to"] as? String)
        let schedule = try jsonObject(
          try await client.execute(
            uri: "/api/\(p)/schedule?from=\(from)&to=\(to)&token=\(feedToken)", method: .get))
        let obligations = Dictionary(
          (schedule["obligations"] as? [[String: Any]] ?? []).map {
            ($0["id"] as? String ?? "", $0)
          }, uniquingKeysWith: { a, _ in a })
        let publicBoards = try await boardsInPublicFeed(p, client, folder)
        let publicMeetings = try meetingsInPublicFeed(p, folder)
        let expected = (officer["conflicts"] as? [[String: Any]] ?? []).filter { c in
          let kind = c["kind"] as? String ?? ""
          let board = c["board"] as? String
          let obligation = (c["obligation"] as? String).map { obligations[$0] ?? [:] }
          let meetings = c["meetings"] as? [String]
          guard kind != "clash", kind != "overloaded",
            board != nil || obligation != nil || meetings?.isEmpty == false
          else { return false }
          if let board, !publicBoards.contains(board) { return false }
          if let o = obligation,
            !publicBoards.contains(o["receiver"] as? String ?? "")
              || o["confidential"] as? Bool != false
          {
            return false
          }
          return (meetings ?? []).allSatisfy(publicMeetings.contains)
        }
        let shown = open["conflicts"] as? [[String: Any]] ?? []
        #expect(
          shown.map { $0["explanation"] as? String }
            == expected.map { $0["explanation"] as? String },
          "\(p)")
        #expect(!shown.contains { $0["kind"] as? String == "clash" })
        seen += shown.count
      }
      #expect(seen > 0)
    }
  }

  @Test("alerts and conflicts: a bad day is a 400 naming it, an unknown partnership a 404")
  func errors() async throws {
    try await withServer { client, _ in
      for (uri, parameter) in [
        ("/api/milton-keynes/alerts?as_of=2021-02-30", "as_of"),
        ("/api/milton-keynes/alerts?as_of=soon", "as_of"),
        ("/api/milton-keynes/conflicts?from=2021-13-01", "from"),
        ("/api/milton-keynes/conflicts?to=never", "to"),
        ("/api/milton-keynes/conflicts?as_of=1%20May", "as_of"),
        ("/api/milton-keynes/conflicts?from=2022-01-01&to=2021-01-01", "to"),
      ] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .badRequest, "\(uri)")
        #expect(try jsonObject(response)["parameter"] as? String == parameter, "\(uri)")
      }
      for uri in ["/api/atlantis/alerts", "/api/atlantis/conflicts"] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .notFound)
        #expect(try jsonObject(response)["error"] as? String == "no partnership 'atlantis'.")
      }
    }
  }

  /// The boards whose meetings the public feed holds, by the meetings' ids in the officers'
  /// schedule.
  func boardsInPublicFeed(_ p: String, _ client: any TestClientProtocol, _ folder: URL)
    async throws -> Set<String>
  {
    let meetings = try meetingsInPublicFeed(p, folder)
    let schedule = try jsonObject(
      try await client.execute(
        uri: "/api/\(p)/schedule?from=2010-04-01&to=2030-03-31&token=\(feedToken)", method: .get))
    let boards = Set(
      (schedule["meetings"] as? [[String: Any]] ?? []).filter {
        meetings.contains($0["id"] as? String ?? "")
      }.compactMap { $0["board"] as? String })
    #expect(!boards.isEmpty, "\(p): no board in the public feed")
    return boards
  }

  /// The ids of the meetings in the partnership's public feed (its UIDs are `ID-public@boardcal`).
  func meetingsInPublicFeed(_ p: String, _ folder: URL) throws -> Set<String> {
    let feed = try String(
      contentsOf: folder.appendingPathComponent("\(p)/public.ics"), encoding: .utf8)
    return Set(
      feed.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }.map {
        String($0.dropFirst(4).replacingOccurrences(of: "@boardcal", with: ""))
          .replacingOccurrences(of: "-public", with: "")
      })
  }
}
