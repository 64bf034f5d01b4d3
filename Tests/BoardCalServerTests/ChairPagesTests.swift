import BoardCalCore
import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The day of the README's worked example: the Buckinghamshire protocol of 2017 in its first
/// autumn.
let bucksDay = CivilDate(year: 2017, month: 9, day: 1)!

/// The server over the seed protocols, standing on `day`.
func withServer<Value: Sendable>(
  asOf day: CivilDate, protocols: URL = protocolsFolder,
  _ test: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
  let app = try makeServer(
    ServerConfiguration(
      protocols: protocols.path,
      access: FeedAccess(token: feedToken), today: { _ in day }))
  return try await app.test(.router) { client in try await test(client) }
}

/// A page as a reader takes it: its headings and the text of each table row, tags removed and
/// entities read.
struct RenderedPage {
  let html: String

  /// The text inside every `<hN>` of the level, in order.
  func headings(_ level: Int) -> [String] {
    matches("<h\(level)[^>]*>(.*?)</h\(level)>")
  }

  /// The text of every table row.
  var rows: [String] { matches("<tr>(.*?)</tr>") }

  /// The text of every list item.
  var items: [String] { matches("<li>(.*?)</li>") }

  /// The whole text, without tags.
  var text: String { Self.plain(html) }

  func matches(_ pattern: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).map {
      Self.plain(String(html[Range($0.range(at: 1), in: html)!]))
    }
  }

  static func plain(_ fragment: String) -> String {
    let untagged = fragment.replacingOccurrences(
      of: "<[^>]+>", with: " ", options: .regularExpression)
    let read = untagged.replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
      .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    return read.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}

/// A calendar's text as its readers take it: folded lines joined, text escapes read.
func unfoldedCalendar(_ text: String) -> String {
  text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\\,", with: ",")
    .replacingOccurrences(of: "\\;", with: ";").replacingOccurrences(of: "\\n", with: "\n")
    .replacingOccurrences(of: "\\\\", with: "\\")
}

@Suite("The chair's pages and the forward plan")
struct ChairPagesTests {
  // The Buckinghamshire protocol's matrix (seed 004): the BSAB annual report is presented to the
  // BSCB, the HWB and the SSBPB in Winter and the HASC is informed in Autumn; the SSBPB meets in
  // May and November only, so the Winter presentation cannot be scheduled.

  @Test("the chair's board page: what the BSAB owes, to whom, by when, with its status")
  func boardPage() async throws {
    try await withServer(asOf: bucksDay) { client in
      let response = try await client.execute(
        uri: "/buckinghamshire/boards/bsab", method: .get, headers: officerCookie)
      #expect(response.status == .ok)
      let page = RenderedPage(html: response.text)
      #expect(page.headings(1) == ["Buckinghamshire Safeguarding Adults Board"])
      #expect(page.headings(2).starts(with: ["What BSAB owes", "Next meetings of BSAB"]))
      // Autumn 2017: the HASC's 3 October meeting (papers ten working days before).
      #expect(
        page.rows.contains {
          $0.contains("scheduled Inform: BSAB Annual Report for 2016-17")
            && $0.contains("Health and Adult Social Care Select Committee")
            && $0.contains("Tuesday 3 October 2017") && $0.contains("Tuesday 19 September 2017")
        }, "\(page.rows)")
      // Winter 2017-18: no SSBPB meeting.
      #expect(
        page.rows.contains {
          $0.hasPrefix("unschedulable Present: BSAB Annual Report for 2016-17")
            && $0.contains("Safer and Stronger Bucks Partnership Board")
            && $0.contains("cannot be scheduled")
        }, "\(page.rows)")
      // The BSAB's next meeting takes the BSCB's annual report.
      #expect(page.text.contains("Tuesday 3 October 2017, 14:00"))
      #expect(
        page.items.contains {
          $0.contains("Present: BSCB Annual Report for 2016-17 (from BSCB)")
            && $0.contains("scheduled")
        }, "\(page.items)")
      #expect(
        page.html.contains("<caption>What BSAB owes, as of Friday 1 September 2017</caption>"))
      #expect(page.html.contains("<th scope=\"col\">Status</th>"))
      #expect(!page.html.contains("<script"))
      // Only feeds that have entries are offered, each with its subscribe link.
      #expect(page.html.contains("/buckinghamshire/duties/bsab.ics?token=\(feedToken)"))
      #expect(!page.text.contains("(0 entries)"))
    }
  }

  @Test("a board's standing agenda items are shown at its next meetings")
  func standingItems() async throws {
    try await withServer { client, _ in
      let page = RenderedPage(
        html: try await client.execute(uri: "/milton-keynes/boards/hwb", method: .get).text)
      // MK's Health and Wellbeing Board agrees its ICS priorities at every meeting (seed 001).
      #expect(page.text.contains("Standing items: Agreeing ICS priorities"), "\(page.text)")
      #expect(page.headings(1) == ["Health and Wellbeing Board"])
    }
  }

  @Test("the partnership page puts what needs action first, then boards and meetings")
  func partnershipPage() async throws {
    try await withServer(asOf: bucksDay) { client in
      let officer = RenderedPage(
        html: try await client.execute(
          uri: "/buckinghamshire/", method: .get, headers: officerCookie
        ).text)
      #expect(officer.headings(1).count == 1)
      #expect(
        officer.headings(2).starts(with: [
          "What needs action first", "Boards and their next meetings",
        ]))
      // The ten most urgent of the overdue page's alerts, in its order, then a link to it that
      // gives their number.
      let overdue = RenderedPage(
        html: try await client.execute(
          uri: "/buckinghamshire/overdue", method: .get, headers: officerCookie
        ).text)
      let alertRows = officer.rows.dropFirst()  // the header row
      #expect(overdue.rows.count > 11)
      #expect(alertRows.count == 10)
      #expect(Array(alertRows) == Array(overdue.rows.dropFirst().prefix(10)))
      #expect(
        officer.text.contains(
          "All \(overdue.rows.count - 1) alerts, with who is told, on the overdue page"))
      #expect(officer.html.contains("href=\"/buckinghamshire/overdue\""))
      let anyone = RenderedPage(
        html: try await client.execute(uri: "/buckinghamshire/", method: .get).text)
      #expect(anyone.text.contains("Open this page from an officer's link"))
      #expect(anyone.rows.isEmpty)
    }
  }

  @Test(
    "the overdue page: since when, why, who is told (and who cannot be, once); the public is sent to an officer"
  )
  func overduePage() async throws {
    try await withServer(asOf: bucksDay) { client in
      let response = try await client.execute(
        uri: "/buckinghamshire/overdue", method: .get, headers: officerCookie)
      #expect(response.status == .ok)
      let page = RenderedPage(html: response.text)
      #expect(page.headings(1) == ["Overdue and at risk"])
      // Unschedulable since the cycle began (1 April 2017); the lead officers are told.
      #expect(
        page.rows.contains {
          $0.hasPrefix("unschedulable Saturday 1 April 2017")
            && $0.contains("BSAB must present 'BSAB Annual Report for 2016-17' to SSBPB")
            && $0.contains("no SSBPB meeting remains")
            && $0.contains("lead officer of BSAB")
        }, "\(page.rows)")
      #expect(page.html.contains("<th scope=\"col\">Who is told</th>"))
      // Nobody in the seed has an email address: each row says so of its people, and how to give
      // one is said once, above the table, naming each person's id once. The Buckinghamshire
      // protocol names the HWB Lead Officer (hwb-lead-officer) and no lead officer of SECTU.
      let told = page.rows.filter { $0.contains("lead officer of HWB") }
      #expect(!told.isEmpty && told.allSatisfy { $0.contains("no email address") })
      #expect(page.text.components(separatedBy: "boardcal contact set").count == 2)
      #expect(page.text.components(separatedBy: "(hwb-lead-officer)").count == 2)
      #expect(page.text.contains("Nobody is named in the protocol as "))
      #expect(page.rows.contains { $0.contains("Nobody is named as lead officer of SECTU") })
      let anyone = try await client.execute(uri: "/buckinghamshire/overdue", method: .get)
      #expect(anyone.status == .ok)
      let open = RenderedPage(html: anyone.text)
      #expect(open.text.contains("Open this page from an officer's link"))
      #expect(open.rows.isEmpty)
      #expect(!open.text.contains("BSAB Annual Report"))
      let nowhere = try await client.execute(uri: "/nowhere/overdue", method: .get)
      #expect(nowhere.status == .notFound)
    }
  }

  @Test("the conflicts page lists the planning conflicts for officers only")
  func conflictsPage() async throws {
    try await withServer(asOf: bucksDay) { client in
      let page = RenderedPage(
        html: try await client.execute(
          uri: "/buckinghamshire/conflicts", method: .get, headers: officerCookie
        ).text)
      #expect(page.headings(1) == ["Planning conflicts"])
      #expect(
        page.rows.contains {
          $0.hasPrefix("unschedulable 2017-18")
            && $0.contains(
              "BSAB must present 'BSAB Annual Report for 2016-17' to SSBPB in winter (2017-12-01 to 2018-02-28)"
            )
        }, "\(page.rows)")
      let anyone = RenderedPage(
        html: try await client.execute(uri: "/buckinghamshire/conflicts", method: .get).text)
      #expect(anyone.rows.isEmpty)
      #expect(anyone.text.contains("Open this page from an officer's link"))
    }
  }

  @Test("a name with <script> in a protocol comes out escaped on every page")
  func escaping() async throws {
    let protocols = try scratchFolder("escaping").appendingPathComponent("Protocols")
    defer { try? FileManager.default.removeItem(at: protocols.deletingLastPathComponent()) }
    try FileManager.default.copyItem(at: protocolsFolder, to: protocols)
    let file = protocols.appendingPathComponent("milton-keynes.yaml")
    let original = try String(contentsOf: file, encoding: .utf8)
    let hostile = "<script>alert('x')</script> & \"Board\""
    let changed = original.replacingOccurrences(
      of: "  name: MK Together\n", with: "  name: 'MK <script>alert(1)</script> Together'\n"
    ).replacingOccurrences(
      of: "    name: Health and Wellbeing Board\n",
      with: "    name: '\(hostile.replacingOccurrences(of: "'", with: "''"))'\n")
    #expect(changed != original)
    try Data(changed.utf8).write(to: file)
    try await withServer(asOf: testDay, protocols: protocols) { client in
      for (uri, headers) in [
        ("/", [:]), ("/milton-keynes/", [:]), ("/milton-keynes/boards/hwb", [:]),
        ("/milton-keynes/forward-plan", [:]), ("/milton-keynes/overdue", officerCookie),
        ("/milton-keynes/conflicts", officerCookie), ("/milton-keynes/", officerCookie),
      ] as [(String, HTTPFields)] {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        #expect(response.status == .ok, "\(uri)")
        #expect(!response.text.contains("<script"), "\(uri)")
        #expect(!response.text.contains("alert('x')"), "\(uri)")
      }
      let board = try await client.execute(uri: "/milton-keynes/boards/hwb", method: .get).text
      #expect(
        board.contains(
          "<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Board&quot;</h1>"))
      let home = try await client.execute(uri: "/milton-keynes/", method: .get).text
      #expect(home.contains("<h1>MK &lt;script&gt;alert(1)&lt;/script&gt; Together</h1>"))
    }
  }

  @Test("each page answers HEAD, and a bad year is refused")
  func headAndBadYear() async throws {
    try await withServer(asOf: bucksDay) { client in
      for uri in [
        "/buckinghamshire/overdue", "/buckinghamshire/conflicts", "/buckinghamshire/forward-plan",
        "/buckinghamshire/forward-plan.csv", "/buckinghamshire/forward-plan.ics",
      ] {
        let head = try await client.execute(uri: uri, method: .head)
        #expect(head.status == .ok, "\(uri)")
        #expect(head.body.readableBytes == 0)
      }
      for year in ["17", "abcd", "2300", "1899", "20171"] {
        let page = try await client.execute(
          uri: "/buckinghamshire/forward-plan?year=\(year)", method: .get)
        #expect(page.status == .badRequest, "\(year)")
        // A page's problem is said in plain words, not in the API's JSON.
        #expect(page.headers[.contentType] == "text/plain; charset=utf-8")
        #expect(page.text.hasPrefix("year: "), "\(page.text)")
        let api = try await client.execute(
          uri: "/api/buckinghamshire/forward-plan?year=\(year)", method: .get)
        #expect(api.status == .badRequest)
        #expect(try jsonObject(api)["parameter"] as? String == "year")
      }
      let nowhere = try await client.execute(uri: "/nowhere/forward-plan.csv", method: .get)
      #expect(nowhere.status == .notFound)
    }
  }
}

/// MK Together's annual report for 2025-26 is due at the HWB's June 2026 meeting; nothing records
/// it, so as of 30 November 2026 it has slipped, and the HWB's next meeting left in its window is
/// on Tuesday 2 February 2027 (as the alert says: `CarriedOverTests`).
@Suite("The forward plan takes a slipped report to the next meeting, as the board page does")
struct ForwardPlanCarriedTests {
  @Test("the page and the CSV show it at 2 February 2027, saying it slipped from 2 June 2026")
  func carried() async throws {
    try await withServer(asOf: CivilDate(year: 2026, month: 11, day: 30)!) { client in
      let page = RenderedPage(
        html: try await client.execute(
          uri: "/milton-keynes/forward-plan?year=2026", method: .get, headers: officerCookie
        ).text)
      let february = page.rows.filter {
        $0.hasPrefix("Tuesday 2 February 2027") && $0.contains("Health and Wellbeing Board")
      }
      #expect(february.count == 1)
      #expect(
        february.first?.contains("slipped slipped from the meeting on Tuesday 2 June 2026") == true,
        "\(february)")
      let csv = try await client.execute(
        uri: "/milton-keynes/forward-plan.csv?year=2026", method: .get, headers: officerCookie
      ).text
      let lines = csv.split(separator: "\r\n").map(String.init)
      #expect(lines.first?.hasSuffix(",status,slipped_from") == true)
      let carried = lines.filter {
        $0.hasPrefix("2027-02-02,") && $0.contains(",milton-keynes-hwb-2027-02,")
          && $0.hasSuffix(",slipped,2026-06-02")
      }
      #expect(carried.count == 1, "\(lines.filter { $0.hasPrefix("2027-02-02,") })")
      // At the June meeting it stays, slipped, with nothing in slipped_from.
      #expect(
        lines.contains {
          $0.hasPrefix("2026-06-02,") && $0.contains(",milton-keynes-hwb-2026-06,")
            && $0.hasSuffix(",slipped,")
        })
    }
  }
}
