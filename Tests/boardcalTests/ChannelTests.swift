import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

private let token = "channel-test-token"
private let seeds = ["milton-keynes", "medway", "buckinghamshire"]
/// The day the test server and the command lines stand on.
private let serverDay = CivilDate(iso: "2021-05-01")!

/// A records database in a scratch folder with the MK actuals and a cancelled June HWB: never the
/// developer's own database.
private func recordedDatabase() async throws -> String {
  let db = try scratchFolder("channels").appendingPathComponent("records.sqlite").path
  let actuals = await boardcal(["record", mkProtocolPath, "--from", mkActualsPath, "--db", db])
  #expect(actuals.status == 0, "\(actuals.stderr)")
  let cancel = await boardcal([
    "record", "cancelled", mkProtocolPath, "--meeting", "milton-keynes-hwb-2021-06", "--reason",
    "not quorate", "--db", db,
  ])
  #expect(cancel.status == 0, "\(cancel.stderr)")
  return db
}

/// The seed feeds, emitted in process into a scratch folder.
private func emittedCalendars() async throws -> URL {
  let out = try scratchFolder("channels-calendars").appendingPathComponent("Calendars")
  let emit = await boardcal(
    ["emit"] + seeds.map(seedProtocol) + ["--out", out.path, "--quiet", "--as-of", serverDay.iso])
  #expect(emit.status == 0, "\(emit.stderr)")
  return out
}

/// The server over the seed protocols and the records database `db`, on a fixed day.
private func withServer<Value: Sendable>(
  db: String?, contacts: String? = nil,
  _ body: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
  let app = try makeServer(
    ServerConfiguration(
      protocols: packageRoot.appendingPathComponent("Protocols").path,
      database: db.map { RecordsDatabase(path: $0) }, access: FeedAccess(token: token),
      today: { _ in serverDay }, contactsFile: contacts))
  return try await app.test(.router) { client in try await body(client) }
}

/// `uri`'s answer; `cookie`: with the token a browser keeps once a token link set it.
private func get(_ client: any TestClientProtocol, _ uri: String, cookie: String? = nil)
  async throws -> (status: HTTPResponse.Status, text: String)
{
  let headers: HTTPFields = cookie.map { [.cookie: "boardcal_token=\($0)"] } ?? [:]
  let response = try await client.execute(uri: uri, method: .get, headers: headers)
  return (response.status, String(buffer: response.body))
}

private func json(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The command line and the HTTP API answer from the same pipeline, records and rule.
@Suite("one pipeline, one public rule")
struct ChannelTests {
  @Test("the API gives byte for byte the JSON of the command line, records applied, per audience")
  func apiEqualsCommandLine() async throws {
    let db = try await recordedDatabase()
    let mk = mkProtocolPath
    let cases: [(cli: [String], api: String)] = [
      (["schedule", mk, "--json", "--as-of", serverDay.iso], "/api/milton-keynes/schedule"),
      (
        [
          "schedule", mk, "--json", "--from", "2021-05-01", "--to", "2021-12-31", "--board", "hwb",
          "--as-of", serverDay.iso,
        ],
        "/api/milton-keynes/schedule?from=2021-05-01&to=2021-12-31&board=hwb"
      ),
      (
        [
          "upcoming", mk, "--board", "management-board", "--as-of", "2021-05-01", "--days", "200",
          "--json",
        ],
        "/api/milton-keynes/upcoming?board=management-board&as_of=2021-05-01&days=200"
      ),
      (
        ["upcoming", mk, "--board", "hwb", "--as-of", "2021-05-01", "--json"],
        "/api/milton-keynes/upcoming?board=hwb&as_of=2021-05-01"
      ),
    ]
    try await withServer(db: db) { client in
      for (cli, api) in cases {
        let officer = await boardcal(cli + ["--db", db])
        #expect(officer.status == 0, "\(officer.stderr)")
        let separator = api.contains("?") ? "&" : "?"
        let withToken = try await get(client, api + separator + "token=\(token)")
        #expect(withToken.status == .ok)
        #expect(withToken.text == officer.stdout, "\(api) with the token")

        let anyone = await boardcal(cli + ["--db", db, "--audience", "public"])
        let anonymous = try await get(client, api)
        if cli.contains("management-board") {
          // A private board does not exist for the public, on either channel.
          #expect(anyone.status != 0 && anonymous.status == .notFound)
        } else {
          #expect(anyone.status == 0, "\(anyone.stderr)")
          #expect(anonymous.status == .ok)
          #expect(anonymous.text == anyone.stdout, "\(api) without a token")
        }
      }
      // The recorded cancellation shows on both channels (it did not reach the API before).
      let schedule = try json(try await get(client, "/api/milton-keynes/schedule").text)
      let june = (schedule["meetings"] as? [[String: Any]])?.first {
        $0["id"] as? String == "milton-keynes-hwb-2021-06"
      }
      #expect(june?["cancelled"] as? Bool == true)
      #expect(june?["cancellation"] as? String == "not quorate")
    }
  }

  @Test(
    "a cancellation recorded while the server runs reaches its feed, page and API within a second")
  func recordReachesEveryChannel() async throws {
    let db = try scratchFolder("channels-live").appendingPathComponent("records.sqlite").path
    let actuals = await boardcal(["record", mkProtocolPath, "--from", mkActualsPath, "--db", db])
    #expect(actuals.status == 0, "\(actuals.stderr)")
    try await withServer(db: db) { client in
      let uid = "milton-keynes-hwb-2021-06-public@boardcal"
      let feedBefore = try await get(client, "/milton-keynes/public.ics")
      #expect(feedBefore.status == .ok)
      #expect(try Self.status(of: uid, in: feedBefore.text) == "CONFIRMED")
      let pageBefore = try await get(client, "/milton-keynes/boards/hwb")
      #expect(!pageBefore.text.contains("not quorate"))

      let cancel = await boardcal([
        "record", "cancelled", mkProtocolPath, "--meeting", "milton-keynes-hwb-2021-06",
        "--reason", "not quorate", "--db", db,
      ])
      #expect(cancel.status == 0, "\(cancel.stderr)")
      let started = ContinuousClock.now
      // The feed: the meeting's VEVENT says it is cancelled (looked for in the text while
      // polling, then confirmed by Python's icalendar).
      var cancelledInFeed = false
      var text = ""
      while !cancelledInFeed, started.duration(to: .now) < .seconds(1) {
        text = try await get(client, "/milton-keynes/public.ics").text
        cancelledInFeed = Self.event(uid, in: text).contains("STATUS:CANCELLED")
        if !cancelledInFeed { try await Task.sleep(for: .milliseconds(50)) }
      }
      #expect(cancelledInFeed, "the public feed still shows the June HWB after a second")
      #expect(try Self.status(of: uid, in: text) == "CANCELLED")
      // The API and the board page, at once after the feed.
      let schedule = try json(try await get(client, "/api/milton-keynes/schedule").text)
      let june = (schedule["meetings"] as? [[String: Any]])?.first {
        $0["id"] as? String == "milton-keynes-hwb-2021-06"
      }
      #expect(june?["cancelled"] as? Bool == true)
      #expect(try await get(client, "/milton-keynes/boards/hwb").text.contains("not quorate"))

      // Every feed the server now gives equals what emit --db writes for the same day.
      let out = try scratchFolder("channels-live-emit").appendingPathComponent("Calendars")
      let emit = await boardcal(
        [
          "emit", mkProtocolPath, "--db", db, "--out", out.path, "--quiet", "--as-of",
          serverDay.iso,
        ])
      #expect(emit.status == 0, "\(emit.stderr)")
      let index = try JSONOutput.decoder().decode(
        [FeedIndexEntry].self,
        from: Data(contentsOf: out.appendingPathComponent("milton-keynes/feeds.json")))
      #expect(index.count > 5)
      for entry in index {
        let served = try await get(client, "/\(entry.path)?token=\(token)")
        let written = try String(
          contentsOf: out.appendingPathComponent(entry.path), encoding: .utf8)
        #expect(served.text == written, "\(entry.path)")
      }
    }
  }

  /// The lines of the VEVENT with `uid` (folded lines as they are).
  static func event(_ uid: String, in feed: String) -> String {
    let events = feed.components(separatedBy: "BEGIN:VEVENT")
    return events.first { $0.contains("UID:\(uid)\r\n") }.map { "BEGIN:VEVENT" + $0 } ?? ""
  }

  /// The STATUS of the event with `uid`, as Python's icalendar reads the feed.
  static func status(of uid: String, in feed: String) throws -> String? {
    let script = """
      import sys, icalendar
      cal = icalendar.Calendar.from_ical(open(sys.argv[2], "rb").read())
      for e in cal.walk("VEVENT"):
          if str(e.get("UID")) == sys.argv[1]:
              print(str(e.get("STATUS", "")))
      """
    let file = try scratchFolder("feed").appendingPathComponent("feed.ics")
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    try Data(feed.utf8).write(to: file)
    let result = try runProgram(python3, ["-c", script, uid, file.path])
    #expect(result.status == 0, "\(result.stderr)")
    let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return line.isEmpty ? nil : line
  }

  @Test("alerts address their recipients from the contacts on both channels alike")
  func alertsUseContacts() async throws {
    let db = try await recordedDatabase()
    let contacts = try scratchFolder("channels-contacts").appendingPathComponent("contacts.yaml")
    try """
    milton-keynes:
      director-public-health:
        name: Example Director
        email: public.health@milton-keynes.example
    """.write(to: contacts, atomically: true, encoding: .utf8)
    // The database's address comes before the file's.
    let set = await boardcal([
      "contact", "set", mkProtocolPath, "director-public-health", "--email",
      "dph@milton-keynes.example", "--db", db,
    ])
    #expect(set.status == 0, "\(set.stderr)")
    let asOf = "2022-03-01"
    let cli = await boardcal([
      "alerts", mkProtocolPath, "--json", "--as-of", asOf, "--db", db, "--contacts", contacts.path,
    ])
    #expect(cli.status == 0, "\(cli.stderr)")
    #expect(cli.stdout.contains("\"email\" : \"dph@milton-keynes.example\""))
    #expect(!cli.stdout.contains("public.health@milton-keynes.example"))
    try await withServer(db: db, contacts: contacts.path) { client in
      let api = try await get(client, "/api/milton-keynes/alerts?as_of=\(asOf)&token=\(token)")
      #expect(api.status == .ok)
      #expect(api.text == cli.stdout)
    }
  }

  @Test("a status that rests on an internal deadline reads as scheduled to the public")
  func papersDueIsInternal() async throws {
    let arguments = [
      "upcoming", mkProtocolPath, "--board", "csp", "--as-of", "2021-06-20", "--json", "--db",
      "/nonexistent/none.sqlite",
    ]
    let officer = await boardcal(arguments)
    let anyone = await boardcal(arguments + ["--audience", "public"])
    // The Management Board's annual report goes to the CSP on 6 July; its papers are due on 22
    // June, within the warning period.
    #expect(officer.stdout.contains("\"status\" : \"papers-due\""))
    #expect(!anyone.stdout.contains("papers-due"))
    #expect(anyone.stdout.contains("\"status\" : \"scheduled\""))
  }

  @Test("the public sees on every channel exactly the meetings of the public feed, no internals")
  func publicAudience() async throws {
    let calendars = try await emittedCalendars()
    try await withServer(db: nil) { client in
      for id in seeds {
        let state = try PartnershipState.load(
          protocolFile: seedProtocol(id), database: nil, asOf: serverDay)
        let p = state.partnership
        let publicFeed = try #require(state.feeds().first { $0.kind == .public })
        let feedMeetings = Set(
          publicFeed.events.filter { $0.categories == ["MEETING"] }.map {
            $0.uid.replacingOccurrences(of: "-public@boardcal", with: "@boardcal")
          })
        let feedText = try String(
          contentsOf: calendars.appendingPathComponent("\(id)/public.ics"), encoding: .utf8)
        #expect(!feedText.contains("Papers due"))

        // The API and the command line, anonymous.
        let api = try await get(client, "/api/\(id)/schedule")
        let cli = await boardcal([
          "schedule", seedProtocol(id), "--json", "--as-of", serverDay.iso, "--audience", "public",
          "--db",
          "/nonexistent/none.sqlite",
        ])
        #expect(api.text == cli.stdout)
        let view = try json(api.text)
        let meetings = view["meetings"] as? [[String: Any]] ?? []
        let obligations = view["obligations"] as? [[String: Any]] ?? []
        let apiMeetings = Set(meetings.compactMap { $0["id"] as? String }.map { "\($0)@boardcal" })
        let horizonMeetings = Set(
          state.schedule().meetings.map { "\($0.id)@boardcal" })
        #expect(apiMeetings == feedMeetings.intersection(horizonMeetings), "\(id)")
        for field in ["paper_deadline", "presented_by", "ready_on"] {
          #expect(!api.text.contains("\"\(field)\""), "\(id): \(field) shown to the public")
        }
        let open = Set(p.boards.filter(\.isPublic).map(\.id))
        #expect(meetings.allSatisfy { open.contains($0["board"] as? String ?? "") })
        #expect(obligations.allSatisfy { open.contains($0["receiver"] as? String ?? "") })
        #expect(!api.text.contains("\"confidential\" : true"))

        // The pages: public boards only, no paper deadlines, no confidential item.
        let page = try await get(client, "/\(id)/")
        #expect(page.status == .ok)
        #expect(!page.text.contains("Papers due"))
        // Every protocol is in force on the server's day: each lists its meetings.
        let listsMeetings = true
        for board in p.boards {
          // A page of one public board has no heading per board.
          if listsMeetings && p.boards.filter(\.isPublic).count > 1 {
            #expect(
              page.text.contains("id=\"board-\(board.id)\"") == board.isPublic, "\(board.id)")
          }
          let boardPage = try await get(client, "/\(id)/boards/\(board.id)")
          #expect(boardPage.status == (board.isPublic ? .ok : .notFound), "\(id)/\(board.id)")
        }
        for report in p.duties.filter(\.confidential).compactMap({ p.report($0.report)?.name }) {
          #expect(!page.text.contains(report))
        }

        // The feeds: only the public ones.
        let index = try JSONDecoder().decode(
          [FeedIndexEntry].self,
          from: Data(contentsOf: calendars.appendingPathComponent("\(id)/feeds.json")))
        for entry in index {
          let feed = try await get(client, "/\(entry.path)")
          #expect(feed.status == (entry.private ? .notFound : .ok), "\(entry.path)")
        }
      }
    }
  }

  @Test("an officer with the token sees everything, as the command line shows it")
  func officerAudience() async throws {
    let calendars = try await emittedCalendars()
    try await withServer(db: nil) { client in
      for id in seeds {
        let p = try PartnershipState.load(
          protocolFile: seedProtocol(id), database: nil, asOf: serverDay
        )
        .partnership
        let api = try await get(client, "/api/\(id)/schedule?token=\(token)")
        let cli = await boardcal([
          "schedule", seedProtocol(id), "--json", "--as-of", serverDay.iso, "--db",
          "/nonexistent/none.sqlite",
        ])
        #expect(api.text == cli.stdout)
        #expect(api.text.contains("\"paper_deadline\""))
        let page = try await get(client, "/\(id)/", cookie: token)
        #expect(page.text.contains("Papers due by"))
        for board in p.boards {
          let boardPage = try await get(client, "/\(id)/boards/\(board.id)", cookie: token)
          #expect(boardPage.status == .ok, "\(id)/\(board.id)")
        }
        let index = try JSONDecoder().decode(
          [FeedIndexEntry].self,
          from: Data(contentsOf: calendars.appendingPathComponent("\(id)/feeds.json")))
        for entry in index {
          let feed = try await get(client, "/\(entry.path)?token=\(token)")
          #expect(feed.status == .ok, "\(entry.path)")
        }
      }
      // The one confidential item of the seeds (Buckinghamshire's restricted Prevent briefing)
      // reaches officers, and no one else.
      let officer = try await get(client, "/api/buckinghamshire/schedule?token=\(token)")
      let anyone = try await get(client, "/api/buckinghamshire/schedule")
      #expect(officer.text.contains("\"confidential\" : true"))
      #expect(!anyone.text.contains("\"confidential\" : true"))
    }
  }

  @Test("a person sees in full what their own feed holds, and otherwise what the public sees")
  func personAudience() async throws {
    for id in seeds {
      let state = try PartnershipState.load(
        protocolFile: seedProtocol(id), database: nil, asOf: serverDay)
      let p = state.partnership
      let anyone = Disclosure(.public, of: p)
      for feed in state.feeds() where feed.kind == .person {
        let person = try #require(feed.subject)
        let run = await boardcal([
          "schedule", seedProtocol(id), "--json", "--as-of", serverDay.iso, "--audience",
          "person:\(person)", "--db",
          "/nonexistent/none.sqlite",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let view = try json(run.stdout)
        let meetings = view["meetings"] as? [[String: Any]] ?? []
        let full = Set(
          meetings.filter { $0["paper_deadline"] != nil }.compactMap { $0["id"] as? String })
        let own = p.boards(of: person)
        for event in feed.events where event.categories == ["MEETING"] {
          let meeting = String(event.uid.dropLast("@boardcal".count))
          #expect(full.contains(meeting), "\(person): \(meeting) in their feed, not in full")
        }
        let all = Dictionary(
          state.schedule().meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for shown in meetings.compactMap({ $0["id"] as? String }) {
          let m = try #require(all[shown])
          #expect(own.contains(m.board) || anyone.meeting(m) > .hidden, "\(person): \(shown)")
        }
      }
    }
  }
}
