import BoardCalCore
import Foundation
import Testing

/// Copies to people and publication as an officer meets them (issue 12): `conflicts`, `emit`
/// (its feeds read back by Python's icalendar), `alerts`, `record fulfilled`, `duties`,
/// `upcoming` and `schedule --json`, on the Care Act and Welsh fixtures.
@Suite("copies to people and publication, end to end")
struct ReceiversCommandTests {
  /// Writes `text` as a protocol file in a scratch folder: the folder and the file's path.
  func protocolFile(_ text: String, _ name: String) throws -> (URL, String) {
    let folder = try scratchFolder("receivers")
    let file = folder.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return (folder, file.path)
  }

  /// Every VEVENT of a feed as Python's icalendar reads it: its all-day start (ISO) or "timed",
  /// its categories and its summary, one line each, tab-separated.
  func events(in feed: URL) throws -> [(start: String, categories: String, summary: String)] {
    let script = """
      import sys, datetime, icalendar
      cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
      for e in cal.walk("VEVENT"):
          start = e.decoded("DTSTART")
          day = start.isoformat() if not isinstance(start, datetime.datetime) else "timed"
          cats = e.get("CATEGORIES")
          names = ",".join(str(c) for c in cats.cats) if cats is not None else ""
          print(day + "\\t" + names + "\\t" + str(e.get("SUMMARY")))
      """
    let run = try runProgram(python3, ["-c", script, feed.path])
    #expect(run.status == 0, "\(run.stderr)")
    return run.stdout.split(separator: "\n").map { line in
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
    }
  }

  @Test(
    "Care Act copies: no conflict, all-day entries in the feeds, an alert when late, none once recorded"
  )
  func careActCopies() async throws {
    let (folder, file) = try protocolFile(careActProtocol, "care-act.yaml")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path

    let conflicts = await boardcal(["conflicts", file, "--as-of", "2026-04-01", "--db", db])
    #expect(conflicts.status == 0, "\(conflicts.output)")
    #expect(conflicts.stdout.contains("no planning conflicts"))

    let out = folder.appendingPathComponent("Calendars")
    let emit = await boardcal(["emit", file, "--out", out.path, "--as-of", "2026-04-01", "--quiet"])
    #expect(emit.status == 0, "\(emit.output)")
    let duties = try events(in: out.appendingPathComponent("care-act-test/duties/sab.ics"))
    let copies = duties.filter { $0.summary.hasPrefix("COPY: ") }
    // Five receivers, each in 2026-27 and 2027-28, all day on 30 September.
    #expect(copies.count == 10)
    #expect(Set(copies.map(\.start)) == ["2026-09-30", "2027-09-30"])
    #expect(copies.allSatisfy { $0.categories == "INFORM" })
    let ce = try events(in: out.appendingPathComponent("care-act-test/people/chief-executive.ics"))
    #expect(ce.map(\.start) == ["2026-09-30", "2027-09-30"])
    #expect(
      ce.first?.summary
        == "COPY: SAB Annual Report for 2025-26 — SAB to Chief Executive of the local authority")
    let pcc = try events(
      in: out.appendingPathComponent("care-act-test/people/police-and-crime-commissioner.ics"))
    #expect(
      pcc.count == 2 && pcc.allSatisfy { $0.summary.hasSuffix("Police and Crime Commissioner") })
    // The SAB meets in private: nothing of it is public.
    #expect(
      !FileManager.default.fileExists(
        atPath: out.appendingPathComponent("care-act-test/public.ics").path))

    let late = await boardcal(["alerts", file, "--as-of", "2026-10-01", "--db", db])
    #expect(late.status == 0, "\(late.output)")
    #expect(
      late.stdout.contains(
        "[missed] SAB must send a copy of 'SAB Annual Report for 2025-26' to Chief Executive of the local authority by Wednesday 30 September 2026 (2026-27)"
      ))
    #expect(late.stdout.contains("to Police and Crime Commissioner by Wednesday 30 September 2026"))
    #expect(late.stdout.contains("tell SAB Business Manager (lead officer of SAB)"))

    let id = "sab-annual-report-copies/chief-executive/2026-27"
    let atMeeting = await boardcal([
      "record", "fulfilled", file, "--obligation", id, "--meeting", "care-act-test-sab-2026-09",
      "--db", db,
    ])
    #expect(atMeeting.status == 1)
    #expect(atMeeting.stderr.contains("not taken at a meeting"), "\(atMeeting.output)")
    let recorded = await boardcal([
      "record", "fulfilled", file, "--obligation", id, "--date", "2026-09-15", "--db", db,
    ])
    #expect(recorded.status == 0, "\(recorded.output)")
    let after = await boardcal(["alerts", file, "--as-of", "2026-10-01", "--db", db])
    #expect(!after.stdout.contains("to Chief Executive of the local authority by"))
    #expect(
      after.stdout.contains("to Police and Crime Commissioner by Wednesday 30 September 2026"))

    let listed = await boardcal(["duties", file])
    #expect(listed.stdout.contains("send a copy"))
    #expect(listed.stdout.contains("Police and Crime Commissioner"))
  }

  @Test(
    "Welsh publications: dates from the statute, no conflict, public all-day entries, alerts when late"
  )
  func welshPublications() async throws {
    let (folder, file) = try protocolFile(welshProtocol, "welsh.yaml")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path

    let conflicts = await boardcal(["conflicts", file, "--as-of", "2026-04-01", "--db", db])
    #expect(conflicts.status == 0, "\(conflicts.output)")

    let out = folder.appendingPathComponent("Calendars")
    let emit = await boardcal(["emit", file, "--out", out.path, "--as-of", "2026-04-01", "--quiet"])
    #expect(emit.status == 0, "\(emit.output)")
    let published = try events(in: out.appendingPathComponent("welsh-region-test/public.ics"))
      .filter { $0.categories == "PUBLISH" }
    // The annual report before 31 July (so by 30 July), the plan before 1 April, in 2026-27 and
    // 2027-28.
    #expect(
      published.map(\.start).sorted() == ["2026-07-30", "2027-03-31", "2027-07-30", "2028-03-31"])
    #expect(published.contains { $0.summary == "PUBLISH: Annual Plan for 2027-28 — RSAB" })

    let upcoming = await boardcal([
      "upcoming", file, "--board", "rsb", "--as-of", "2026-06-01", "--days", "120", "--db", db,
    ])
    #expect(upcoming.status == 0, "\(upcoming.output)")
    #expect(
      upcoming.stdout.contains(
        "[scheduled] PUBLISH 'Annual Report for 2025-26' by Thursday 30 July 2026"))

    let listed = await boardcal(["duties", file])
    #expect(listed.stdout.contains("publish"))
    #expect(listed.stdout.contains("the public"))
    #expect(listed.stdout.contains("by 30 July"))

    let json = await boardcal(["schedule", file, "--as-of", "2026-04-01", "--json", "--db", db])
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let obligations = try #require(document["obligations"] as? [[String: Any]])
    let report = try #require(
      obligations.first { ($0["id"] as? String) == "publish-annual-report/public/2026-27" })
    #expect(report["receiver"] as? String == "public")
    #expect(report["receiver_kind"] as? String == "public")
    #expect(report["action"] as? String == "publish")
    #expect((report["slot"] as? [String: Any])?["kind"] as? String == "publication")
    #expect(
      report["text"] as? String
        == "RSAB must publish 'Annual Report for 2025-26' by Thursday 30 July 2026")

    let late = await boardcal(["alerts", file, "--as-of", "2026-07-31", "--db", db])
    #expect(
      late.stdout.contains(
        "[missed] RSAB must publish 'Annual Report for 2025-26' by Thursday 30 July 2026 (2026-27)"
      ), "\(late.output)")
    let done = await boardcal([
      "record", "fulfilled", file, "--obligation", "publish-annual-report/public/2026-27", "--date",
      "2026-07-20", "--db", db,
    ])
    #expect(done.status == 0, "\(done.output)")
    let after = await boardcal(["alerts", file, "--as-of", "2026-07-31", "--db", db])
    #expect(after.stdout.contains("Nothing needs anyone's action."), "\(after.output)")
  }
}
