import BoardCalCore
import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs a Python snippet on a file's bytes and decodes what it prints as JSON: an independent
/// reader (Python's `csv` module, the `icalendar` package) of what the server wrote.
func pythonReads(_ bytes: [UInt8], _ script: String) throws -> Any {
  let folder = try scratchFolder("python-reads")
  defer { try? FileManager.default.removeItem(at: folder) }
  let file = folder.appendingPathComponent("input")
  try Data(bytes).write(to: file)
  let run = try runProgram(python3, ["-c", script, file.path])
  guard run.status == 0 else { throw FixtureError(description: "python3: \(run.output)") }
  return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
}

/// Python's csv module, as a spreadsheet would read the file: a list of rows as dictionaries.
let csvReader = """
  import csv, json, sys
  with open(sys.argv[1], newline="", encoding="utf-8") as f:
      print(json.dumps(list(csv.DictReader(f, strict=True))))
  """

/// The icalendar package: every VEVENT's UID, start and summary.
let icsReader = """
  import icalendar, json, sys
  calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
  print(json.dumps([{"uid": str(e["UID"]), "start": e.decoded("DTSTART").strftime("%Y-%m-%dT%H:%M"),
                     "tzid": e["DTSTART"].params.get("TZID", ""), "summary": str(e["SUMMARY"])}
                    for e in calendar.walk("VEVENT")]))
  """

@Suite("The forward plan: page, CSV, iCalendar and JSON from one value")
struct ForwardPlanTests {
  @Test("the page: the year's meetings across the boards with the reports each will take")
  func page() async throws {
    try await withServer(asOf: bucksDay) { client in
      let response = try await client.execute(
        uri: "/buckinghamshire/forward-plan", method: .get, headers: officerCookie)
      #expect(response.status == .ok)
      let page = RenderedPage(html: response.text)
      // 1 September 2017 is in the financial year 2017-18.
      #expect(page.headings(1) == ["Forward plan 2017-18"])
      #expect(
        page.rows.contains {
          $0.hasPrefix("Tuesday 3 October 2017 Health and Adult Social Care Select Committee")
            && $0.contains("Inform: BSAB Annual Report for 2016-17 (from BSAB) scheduled")
        }, "\(page.rows)")
      #expect(page.html.contains("@page{size:A4"))
      for form in [
        "/buckinghamshire/forward-plan.csv?year=2017",
        "/buckinghamshire/forward-plan.ics?year=2017",
        "/api/buckinghamshire/forward-plan?year=2017", "/buckinghamshire/forward-plan?year=2018",
      ] {
        // Links never carry the token: the browser's cookie goes with them.
        #expect(page.html.contains("href=\"\(form)\""), "\(form)")
        #expect(!page.html.contains("token="))
      }
      let next = RenderedPage(
        html: try await client.execute(
          uri: "/buckinghamshire/forward-plan?year=2018", method: .get
        ).text)
      #expect(next.headings(1) == ["Forward plan 2018-19"])
    }
  }

  @Test("the CSV, read by Python's csv module, holds what the JSON holds")
  func csvMatchesJSON() async throws {
    for token in [feedToken, nil] {
      try await withServer(asOf: bucksDay) { client in
        let query = "?year=2017" + (token.map { "&token=\($0)" } ?? "")
        let csv = try await client.execute(
          uri: "/buckinghamshire/forward-plan.csv\(query)", method: .get)
        #expect(csv.status == .ok)
        #expect(csv.headers[.contentType] == "text/csv; charset=utf-8; header=present")
        #expect(csv.text.hasPrefix("date,time,board,board_name,meeting,"))
        #expect(csv.text.contains("\r\n"))
        let rows = try #require(try pythonReads(csv.bytes, csvReader) as? [[String: String]])
        let json = try jsonObject(
          try await client.execute(
            uri: "/api/buckinghamshire/forward-plan\(query)", method: .get))
        #expect(json["cycle"] as? String == "2017-18")
        #expect(json["from"] as? String == "2017-04-01")
        #expect(json["to"] as? String == "2018-03-31")
        let meetings = try #require(json["meetings"] as? [[String: Any]])
        #expect(!meetings.isEmpty)
        var expected: [[String]] = []
        for m in meetings {
          let head = [
            m["date"] as? String ?? "", m["time"] as? String ?? "", m["board"] as? String ?? "",
            m["id"] as? String ?? "", m["paper_deadline"] as? String ?? "",
          ]
          let incoming = m["incoming"] as? [[String: Any]] ?? []
          if incoming.isEmpty { expected.append(head + ["", "", "", ""]) }
          for o in incoming {
            expected.append(
              head + [
                o["action"] as? String ?? "", o["report_name"] as? String ?? "",
                o["owner"] as? String ?? "", o["status"] as? String ?? "",
              ])
          }
        }
        let read = rows.map {
          [
            $0["date"] ?? "", $0["time"] ?? "", $0["board"] ?? "", $0["meeting"] ?? "",
            $0["paper_deadline"] ?? "", $0["action"] ?? "", $0["report_name"] ?? "",
            $0["from"] ?? "", $0["status"] ?? "",
          ]
        }
        #expect(read == expected)
        if token == nil {
          #expect(rows.allSatisfy { $0["paper_deadline"] == "" })
          #expect(!rows.contains { $0["status"] == "papers-due" })
        } else {
          #expect(rows.contains { $0["paper_deadline"] != "" })
        }
      }
    }
  }

  @Test("the .ics, read by Python's icalendar, holds the JSON's meetings at their local times")
  func calendarParses() async throws {
    try await withServer(asOf: bucksDay) { client in
      let ics = try await client.execute(
        uri: "/buckinghamshire/forward-plan.ics?year=2017&token=\(feedToken)", method: .get)
      #expect(ics.status == .ok)
      #expect(ics.headers[.contentType]?.hasPrefix("text/calendar; charset=utf-8") == true)
      #expect(ics.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
      #expect(ics.text.contains("BEGIN:VTIMEZONE"))
      let events = try #require(try pythonReads(ics.bytes, icsReader) as? [[String: String]])
      let json = try jsonObject(
        try await client.execute(
          uri: "/api/buckinghamshire/forward-plan?year=2017&token=\(feedToken)", method: .get))
      let meetings = try #require(json["meetings"] as? [[String: Any]])
      #expect(events.count == meetings.count)
      #expect(
        events.map { $0["start"] ?? "" }
          == meetings.map { "\($0["date"] as? String ?? "")T\($0["time"] as? String ?? "")" })
      #expect(events.allSatisfy { $0["tzid"] == "Europe/London" })
      // Each meeting is the event its board's feed holds, under the same UID.
      let ids = meetings.compactMap { $0["id"] as? String }
      #expect(
        events.map { $0["uid"] ?? "" }
          == ids.map { $0.replacingOccurrences(of: "/", with: "-") + "@boardcal" })
    }
  }

  @Test(
    "without a token, every form of the plan and the board page hold only what the public feed holds"
  )
  func publicSeesThePublicFeed() async throws {
    try await withServer(asOf: bucksDay) { client in
      let feed = unfoldedCalendar(
        try await client.execute(uri: "/buckinghamshire/public.ics", method: .get).text)
      let feedUIDs = Set(
        feed.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }.map {
          String($0.dropFirst(4))
        })
      // The calendar: only the public feed's own events.
      let ics = try await client.execute(
        uri: "/buckinghamshire/forward-plan.ics?year=2017", method: .get)
      let events = try #require(try pythonReads(ics.bytes, icsReader) as? [[String: String]])
      #expect(!events.isEmpty)
      #expect(events.allSatisfy { feedUIDs.contains($0["uid"] ?? "") }, "\(events)")
      // The JSON: no internal dates, no presenters, no confidential item, no private board.
      let api = try await client.execute(
        uri: "/api/buckinghamshire/forward-plan?year=2017", method: .get)
      for word in ["paper_deadline", "presented_by", "ready_on", "papers-due"] {
        #expect(!api.text.contains(word), "\(word)")
      }
      let json = try jsonObject(api)
      let meetings = try #require(json["meetings"] as? [[String: Any]])
      // Each meeting is one the public feed holds, in its public rendering.
      #expect(
        meetings.allSatisfy {
          let id = ($0["id"] as? String ?? "").replacingOccurrences(of: "/", with: "-")
          return feedUIDs.contains("\(id)-public@boardcal")
        })
      // Every report named on the page and in the CSV is named in the public feed.
      let page = RenderedPage(
        html: try await client.execute(uri: "/buckinghamshire/forward-plan?year=2017", method: .get)
          .text)
      let reports = meetings.flatMap { ($0["incoming"] as? [[String: Any]]) ?? [] }.compactMap {
        $0["report_name"] as? String
      }
      #expect(!reports.isEmpty)
      for report in reports {
        #expect(feed.contains(report), "\(report)")
        #expect(page.text.contains(report), "\(report)")
      }
      #expect(!page.text.contains("Papers due"))
      // The public board page: its items and duties are the public feed's.
      let board = RenderedPage(
        html: try await client.execute(uri: "/buckinghamshire/boards/hwb", method: .get).text)
      #expect(board.headings(1) == ["Health & Wellbeing Board"])
      #expect(!board.text.contains("Papers due"))
      #expect(!board.text.contains("papers due"))
      for row in board.rows.dropFirst() {
        let report = row.split(separator: ":").dropFirst().first.map {
          $0.components(separatedBy: " (").first?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        #expect(report.map { feed.contains($0) } ?? false, "\(row)")
      }
      for item in board.items where item.contains(" (from ") {
        let report =
          item.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
          .components(separatedBy: " (from ").first ?? ""
        #expect(feed.contains(report), "\(item)")
      }
      // The partnership page: each meeting it lists starts when a public feed event starts, and
      // each item it lists is named in the public feed.
      let partnership = RenderedPage(
        html: try await client.execute(uri: "/buckinghamshire/", method: .get).text)
      let starts = partnership.matches("<time datetime=\"([0-9T:-]+)\">")
      #expect(!starts.isEmpty)
      for start in starts {
        let stamp = start.replacingOccurrences(of: "-", with: "").replacingOccurrences(
          of: ":", with: "")
        #expect(feed.contains("DTSTART;TZID=Europe/London:\(stamp)00"), "\(start)")
      }
      for item in partnership.items where item.contains(" (from ") {
        let report =
          item.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
          .components(separatedBy: " (from ").first ?? ""
        #expect(feed.contains(report), "\(item)")
      }
      // A private board's page is not there for the public.
      let closed = try await client.execute(uri: "/buckinghamshire/boards/bsab", method: .get)
      #expect(closed.status == .notFound)
    }
  }
}
