import BoardCalTestSupport
import CLibical
import Foundation
import Testing

@testable import BoardCalCore
@testable import BoardCalICal
@testable import BoardCalOutput
@testable import BoardCalProtocols

// MARK: - Fixtures

/// The package root, three levels above this file (Tests/BoardCalICalTests/…).
private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

private let seedNames = ["buckinghamshire", "medway", "milton-keynes"]

private func seedPartnership(_ name: String) throws -> Partnership {
  try ProtocolLoader.load(
    path: repositoryRoot.appendingPathComponent("Protocols/\(name).yaml").path)
}

/// Text that needs every kind of escaping iCalendar has, and some UTF-8.
private let awkwardText =
  "Children's Social Care & Learning Select Committee – Autumn; review, 2021\nline two ü"
private let awkwardWithBackslash = awkwardText + " \\ C:\\boards\\minutes; a, b"

/// A small partnership: a public board meeting in July, October and January (and once,
/// confidentially, in November), a private board that owes it reports, and a council committee
/// whose one meeting has a title that needs escaping.
private func testshire() -> Partnership {
  let hwb = Board(
    id: "hwb", name: "Health and Wellbeing Board", shortName: "HWB", kind: .statutory,
    chair: "hwb-chair", isPublic: true,
    location: "Council Chamber, Civic Offices; Central Testshire",
    patterns: [
      MeetingPattern(
        months: .named([.july, .october, .january]), day: .nth(1, .tuesday),
        agenda: [nil: ["Minutes, actions; matters arising"]])
    ],
    dates: [
      ExplicitMeeting(
        date: day("2021-11-16"), time: TimeOfDay(hour: 10, minute: 0), title: "Restricted session",
        confidential: true)
    ])
  let sab = Board(
    id: "sab", name: "Safeguarding Adults Board", shortName: "SAB", kind: .statutory,
    chair: "sab-chair", patterns: [MeetingPattern(months: .named([.june, .december]))])
  let cscl = Board(
    id: "cscl", name: "Children's Social Care & Learning Select Committee", shortName: "CSC&L",
    kind: .selectCommittee, isPublic: true, isCouncilCommittee: true,
    location: "Mezzanine Room 1, County Hall; Aylesbury",
    dates: [ExplicitMeeting(date: day("2021-09-21"), title: awkwardText, agenda: [awkwardText])])
  return Partnership(
    id: "testshire", name: "Testshire Boards",
    horizon: Horizon(start: day("2021-04-01"), end: day("2022-03-31")),
    address: "boards@testshire.example",
    people: [
      Person(id: "sab-chair", role: "Independent Chair of the SAB", name: "Ann Example"),
      Person(id: "hwb-chair", role: "Chair of the HWB"),
    ],
    boards: [hwb, sab, cscl],
    reports: [
      Report(id: "sab-annual-report", name: "SAB Annual Report", owner: "sab"),
      Report(id: "restricted-briefing", name: "Restricted briefing (Prevent)", owner: "sab"),
    ],
    duties: [
      Duty(
        id: "sab-annual-report-to-hwb", report: "sab-annual-report", receivers: ["hwb"],
        action: .present, window: .cycle, presentedBy: "sab-chair"),
      Duty(
        id: "sab-annual-report-to-cscl", report: "sab-annual-report", receivers: ["cscl"],
        action: .consult, window: .cycle),
      Duty(
        id: "restricted-briefing-to-hwb", report: "restricted-briefing", receivers: ["hwb"],
        action: .inform, window: .month(.october), confidential: true),
    ])
}

private func head(_ p: Partnership) -> CalendarHead {
  CalendarHead(
    partnershipName: p.name, timeZone: p.timeZone, organizerEmail: p.address,
    stamp: UTCInstant(date: p.lastRevised))
}

/// Every feed of `p`, rendered, by path.
private func renderAll(_ p: Partnership, records: Records = .none) throws -> [String: String] {
  let schedule = Schedule.derive(p, span: p.referenceSpan, records: records)
  var out: [String: String] = [:]
  for feed in FeedPlanner.feeds(p, schedule) {
    out[feed.path] = try ICalendarWriter.render(feed, head: head(p))
  }
  return out
}

// MARK: - libical helpers

/// A parsed iCalendar tree, freed with its owner.
private final class Parsed {
  let root: OpaquePointer
  init(_ text: String) throws {
    guard let root = icalparser_parse_string(text) else {
      throw ParseFailure(message: "libical could not parse the text")
    }
    self.root = root
  }
  deinit { icalcomponent_free(root) }

  var calendar: OpaquePointer {
    icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
      ? root : icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT)!
  }

  var events: [OpaquePointer] { children(of: calendar, ICAL_VEVENT_COMPONENT) }

  func event(uid: String) -> OpaquePointer? {
    events.first { icalcomponent_get_uid($0).map { String(cString: $0) } == uid }
  }
}

private struct ParseFailure: Error { let message: String }

private func children(of component: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
  var found: [OpaquePointer] = []
  var child = icalcomponent_get_first_component(component, kind)
  while let c = child {
    found.append(c)
    child = icalcomponent_get_next_component(component, kind)
  }
  return found
}

/// Every X-LIC-ERROR in the tree, with the component it sits in.
private func licErrors(_ component: OpaquePointer) -> [String] {
  var found: [String] = []
  var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
  while let p = property {
    let kind = String(cString: icalcomponent_kind_to_string(icalcomponent_isa(component)))
    found.append("\(kind): \(icalproperty_get_xlicerror(p).map { String(cString: $0) } ?? "?")")
    property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
  }
  for child in children(of: component, ICAL_ANY_COMPONENT) { found += licErrors(child) }
  return found
}

private func string(_ pointer: UnsafePointer<CChar>?) -> String? {
  pointer.map { String(cString: $0) }
}

// MARK: - raw text helpers

/// The physical lines of `text`, split at CRLF only (a bare CR or LF stays in its line).
private func crlfLines(_ text: String) -> [[UInt8]] {
  let bytes = Array(text.utf8)
  var lines: [[UInt8]] = []
  var start = 0
  var i = 0
  while i < bytes.count {
    if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
      lines.append(Array(bytes[start..<i]))
      i += 2
      start = i
    } else {
      i += 1
    }
  }
  if start < bytes.count { lines.append(Array(bytes[start...])) }
  return lines
}

/// Each VEVENT's exact text (BEGIN to END), keyed by its UID.
private func veventBlocks(_ text: String) -> [String: String] {
  var blocks: [String: String] = [:]
  var current: [[UInt8]]? = nil
  for line in crlfLines(text) {
    let s = String(decoding: line, as: UTF8.self)
    if s == "BEGIN:VEVENT" { current = [] }
    guard current != nil else { continue }
    current!.append(line)
    if s == "END:VEVENT" {
      // Unfold to find the UID.
      var logical: [String] = []
      for l in current! {
        let t = String(decoding: l, as: UTF8.self)
        if t.hasPrefix(" "), !logical.isEmpty {
          logical[logical.count - 1] += t.dropFirst()
        } else {
          logical.append(t)
        }
      }
      let uid = logical.first { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) } ?? "?"
      #expect(blocks[uid] == nil, "UID \(uid) twice")
      blocks[uid] = current!.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\r\n")
      current = nil
    }
  }
  return blocks
}

/// Lines that do not end in CRLF or run past 75 octets.
private func lineProblems(_ text: String) -> [String] {
  var problems: [String] = []
  if !Array(text.utf8).suffix(2).elementsEqual([13, 10]) {
    problems.append("the text does not end with CRLF")
  }
  for (n, line) in crlfLines(text).enumerated() {
    if line.contains(13) || line.contains(10) {
      problems.append(
        "line \(n + 1): a bare CR or LF: \(String(decoding: line.prefix(60), as: UTF8.self))")
    }
    if line.count > 75 {
      problems.append("line \(n + 1): \(line.count) octets")
    }
  }
  return problems
}

// MARK: - Tests

/// ICalendarWriter's output, read back through libical and compared with what was meant.
/// Serialized: libical's builtin zones and error state are not safe to share between threads.
@Suite(.serialized) struct FeedWriterTests {
  init() {
    // Load the builtin zones once, before any test touches them (ICALENDAR-NOTES.md).
    _ = icaltimezone_get_builtin_timezone("Europe/London")
  }

  @Test func everyFeedReparsesWithoutErrorsAndPassesRestrictionCheck() throws {
    var partnerships = [testshire()]
    for name in seedNames { partnerships.append(try seedPartnership(name)) }
    var checked = 0
    for p in partnerships {
      let schedule = Schedule.derive(p, span: p.referenceSpan)
      for feed in FeedPlanner.feeds(p, schedule) {
        let text = try ICalendarWriter.render(feed, head: head(p))
        let parsed = try Parsed(text)
        #expect(
          icalcomponent_isa(parsed.root) == ICAL_VCALENDAR_COMPONENT,
          "\(feed.path): not one VCALENDAR")
        let count = Int(icalcomponent_count_components(parsed.calendar, ICAL_VEVENT_COMPONENT))
        #expect(
          count == feed.events.count,
          "\(feed.path): \(count) VEVENTs read back, \(feed.events.count) written")
        let errors = licErrors(parsed.root)
        #expect(errors.isEmpty, "\(feed.path): X-LIC-ERROR: \(errors.prefix(5))")
        #expect(lineProblems(text).isEmpty, "\(feed.path): \(lineProblems(text).prefix(5))")
        guard count > 0 else { continue }
        // icalrestriction_check edits the tree it checks: give it a clone.
        let clone = icalcomponent_new_clone(parsed.calendar)!
        defer { icalcomponent_free(clone) }
        let ok = icalrestriction_check(clone)
        #expect(
          ok == 1, "\(feed.path): icalrestriction_check failed: \(licErrors(clone).prefix(5))")
        checked += 1
      }
    }
    #expect(checked > 50)
  }

  @Test func renderingTwiceIsByteIdentical() throws {
    var partnerships = [testshire()]
    for name in seedNames { partnerships.append(try seedPartnership(name)) }
    for p in partnerships {
      let schedule = Schedule.derive(p, span: p.referenceSpan)
      for feed in FeedPlanner.feeds(p, schedule) {
        let first = try ICalendarWriter.render(feed, head: head(p))
        let second = try ICalendarWriter.render(feed, head: head(p))
        #expect(Array(first.utf8) == Array(second.utf8), "\(feed.path) differs between two renders")
      }
      // From the protocol again: planning is deterministic too.
      let again = try renderAll(p)
      let once = try renderAll(p)
      #expect(once == again, "\(p.id): two derivations give different feeds")
    }
  }

  /// Moves a meeting within its month and checks that exactly its events (the meeting, its
  /// paper deadline, the duties slotted there) change, keep their UIDs and get SEQUENCE:1.
  func checkMove(_ p: Partnership, meetingID: String, to date: CivilDate) throws {
    let before = try renderAll(p)
    let baseline = Schedule.derive(p, span: p.referenceSpan)
    let meeting = try #require(
      baseline.meetings.first { $0.id == meetingID }, "no meeting \(meetingID)")
    #expect(
      meeting.date.yearMonth == date.yearMonth && meeting.date != date,
      "not a move within the month")
    let meetingUID = FeedText.uid(meetingID)
    // A public board's meeting has a second rendering, in the public feed.
    let publicUID =
      p.board(meeting.board)?.isPublic == true ? [FeedText.uid(meetingID + "-public")] : []
    let related: Set<String> =
      Set([meetingUID, FeedText.uid(meetingID + "-papers")] + publicUID).union(
        baseline.obligations(at: meetingID).map { FeedText.uid("\(p.id)-\($0.id)") })
    #expect(related.count >= 3, "the moved meeting should carry at least one duty")

    let records = Records(meetings: [
      MeetingRecord(
        meetingID: meetingID, event: .moved(to: date, time: nil, reason: "room unavailable"))
    ])
    let moved = Schedule.derive(p, span: p.referenceSpan, records: records)
    #expect(moved.meetings.first { $0.id == meetingID }?.date == date)
    #expect(Set(moved.obligations.map(\.id)) == Set(baseline.obligations.map(\.id)))
    let after = try renderAll(p, records: records)
    #expect(Set(after.keys) == Set(before.keys), "the move changed which feeds exist")

    var seenRelated: Set<String> = []
    for (path, old) in before {
      guard let new = after[path] else { continue }
      let oldBlocks = veventBlocks(old)
      let newBlocks = veventBlocks(new)
      #expect(Set(oldBlocks.keys) == Set(newBlocks.keys), "\(path): the move changed the UIDs")
      for (uid, oldBlock) in oldBlocks {
        guard let newBlock = newBlocks[uid] else { continue }
        if related.contains(uid) {
          seenRelated.insert(uid)
          #expect(
            oldBlock.contains("\r\nSEQUENCE:0\r\n"), "\(path): \(uid) did not start at SEQUENCE:0")
          #expect(
            newBlock.contains("\r\nSEQUENCE:1\r\n"), "\(path): moved \(uid) is not at SEQUENCE:1")
          #expect(newBlock != oldBlock, "\(path): \(uid) did not change with its meeting")
        } else {
          #expect(newBlock == oldBlock, "\(path): \(uid) changed though its meeting did not move")
        }
      }
    }
    #expect(
      seenRelated == related,
      "events of the moved meeting missing from every feed: \(related.subtracting(seenRelated))")

    // The moved meeting's event says the new date, in the zone.
    let board = try #require(after["\(p.id)/boards/\(meeting.board).ics"])
    let parsed = try Parsed(board)
    let event = try #require(parsed.event(uid: meetingUID))
    let start = icalcomponent_get_dtstart(event)
    #expect(
      (Int(start.year), Int(start.month), Int(start.day)) == (date.year, date.month, date.day))
    #expect(icalcomponent_get_sequence(event) == 1)
  }

  @Test func movingAMeetingWithinItsMonthChangesOnlyItsEvents() throws {
    // HWB's July 2021 meeting (first Tuesday, 6 July) moved to the second Tuesday.
    try checkMove(testshire(), meetingID: "testshire-hwb-2021-07", to: day("2021-07-13"))
  }

  @Test func movingASeedMeetingWithinItsMonthChangesOnlyItsEvents() throws {
    // Milton Keynes: the Management Board of Tuesday 5 July 2022 (highlight reports from every
    // sub-group are due at each of its meetings) moved a week later.
    let mk = try seedPartnership("milton-keynes")
    let schedule = Schedule.derive(mk, span: mk.referenceSpan)
    let meeting = try #require(
      schedule.meetings.first {
        $0.board == "management-board" && $0.date.yearMonth.iso == "2022-07"
      })
    try checkMove(mk, meetingID: meeting.id, to: meeting.date.adding(days: 7))
  }

  @Test func aCancelledMeetingKeepsItsEventMarkedCancelled() throws {
    let p = testshire()
    let id = "testshire-hwb-2021-10"
    let records = Records(meetings: [
      MeetingRecord(meetingID: id, event: .cancelled(reason: "not quorate"))
    ])
    let feeds = try renderAll(p, records: records)
    for (path, uid) in [
      ("testshire/boards/hwb.ics", FeedText.uid(id)),
      ("testshire/public.ics", FeedText.uid(id + "-public")),
    ] {
      let text = try #require(feeds[path])
      let parsed = try Parsed(text)
      let event = try #require(parsed.event(uid: uid), "\(path): the cancelled meeting is gone")
      #expect(icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED, "\(path)")
      let summary = string(icalcomponent_get_summary(event)) ?? ""
      #expect(summary.hasPrefix("Cancelled"), "\(path): SUMMARY '\(summary)'")
      #expect(text.contains("STATUS:CANCELLED\r\n"))
      #expect(licErrors(parsed.root).isEmpty)
    }
    // Its paper deadline is kept and cancelled too; other meetings are untouched.
    let board = try Parsed(try #require(feeds["testshire/boards/hwb.ics"]))
    let papers = try #require(board.event(uid: FeedText.uid(id + "-papers")))
    #expect(icalcomponent_get_status(papers) == ICAL_STATUS_CANCELLED)
    #expect(string(icalcomponent_get_summary(papers))?.hasPrefix("Cancelled") == true)
    let july = try #require(board.event(uid: FeedText.uid("testshire-hwb-2021-07")))
    #expect(icalcomponent_get_status(july) == ICAL_STATUS_CONFIRMED)
  }

  @Test func textNeedingEscapesSurvivesLibical() throws {
    // A meeting whose title and agenda need escaping, through the planner.
    let p = testshire()
    let feeds = try renderAll(p)
    let text = try #require(feeds["testshire/boards/cscl.ics"])
    #expect(lineProblems(text).isEmpty, "\(lineProblems(text))")
    let parsed = try Parsed(text)
    #expect(licErrors(parsed.root).isEmpty)
    let meeting = try #require(parsed.event(uid: FeedText.uid("testshire-cscl-2021-09-21")))
    #expect(string(icalcomponent_get_summary(meeting)) == awkwardText)
    #expect(string(icalcomponent_get_description(meeting))?.contains("- \(awkwardText)\n") == true)
    #expect(
      string(icalcomponent_get_location(meeting)) == "Mezzanine Room 1, County Hall; Aylesbury")

    // And an event written directly, with a backslash too, in every text property.
    let event = CalendarEvent(
      uid: "escapes@boardcal", summary: awkwardWithBackslash, description: awkwardWithBackslash,
      location: awkwardWithBackslash,
      start: .local(day("2021-09-21"), TimeOfDay(hour: 18, minute: 30)!),
      end: .local(day("2021-09-21"), TimeOfDay(hour: 20, minute: 0)!), cancelled: false,
      sequence: 0,
      categories: ["MEETING"], relatedTo: nil, url: nil,
      alarm: UTCInstant(date: day("2021-09-20"), hour: 8), confidential: false)
    let feed = Feed(
      path: "testshire/escapes.ics", name: awkwardWithBackslash, kind: .board, subject: "cscl",
      isPrivate: true, events: [event])
    let direct = try ICalendarWriter.render(feed, head: head(p))
    #expect(lineProblems(direct).isEmpty, "\(lineProblems(direct))")
    let reparsed = try Parsed(direct)
    #expect(licErrors(reparsed.root).isEmpty, "\(licErrors(reparsed.root))")
    let read = try #require(reparsed.event(uid: "escapes@boardcal"))
    #expect(string(icalcomponent_get_summary(read)) == awkwardWithBackslash)
    #expect(string(icalcomponent_get_description(read)) == awkwardWithBackslash)
    #expect(string(icalcomponent_get_location(read)) == awkwardWithBackslash)
    // A calendar's name goes out without commas, semicolons or backslashes, which libical
    // cannot escape in X-WR-CALNAME and several readers leave escaped in NAME.
    let name = try #require(icalcomponent_get_first_property(reparsed.calendar, ICAL_NAME_PROPERTY))
    #expect(string(icalproperty_get_name(name)) == Feed.headerText(awkwardWithBackslash))
    #expect(!Feed.headerText(awkwardWithBackslash).contains(where: { ",;\\\n".contains($0) }))
    #expect(direct.contains("X-WR-CALNAME:Children's Social Care & Learning Select Committee –"))
    // The escapes are on the wire, not just undone by libical.
    #expect(direct.contains(#"Autumn\; "#) && direct.contains(#"review\, 2021\nline two ü"#))
  }

  @Test func foldingNeverBreaksALineEnd() throws {
    // libical 3.0.16 folds a content line whose last piece is 73 or 74 octets inside its CRLF;
    // the writer must hand out CRLF-only lines of at most 75 octets whatever the lengths.
    let p = testshire()
    var events: [CalendarEvent] = []
    for n in 1...240 {
      let filler = String(repeating: n % 3 == 0 ? "ü" : "a", count: n)
      events.append(
        CalendarEvent(
          uid: "fold-\(n)-" + String(repeating: "u", count: n) + "@boardcal", summary: filler,
          description: filler, location: nil, start: .allDay(day("2021-09-21")),
          end: .allDay(day("2021-09-22")), cancelled: false, sequence: 0, categories: ["DEADLINE"],
          relatedTo: nil, url: nil, alarm: nil, confidential: false))
    }
    let feed = Feed(
      path: "testshire/fold.ics", name: "Folding", kind: .board, subject: nil, isPrivate: true,
      events: events)
    let text = try ICalendarWriter.render(feed, head: head(p))
    let problems = lineProblems(text)
    #expect(problems.isEmpty, "\(problems.count) bad lines: \(problems.prefix(5))")
    // Nor a fold with nothing after it (CRLF SPACE CRLF), the other form of the same slip.
    let empty = crlfLines(text).enumerated().filter { $0.element == [32] }.map { $0.offset + 1 }
    #expect(empty.isEmpty, "empty continuation lines at \(empty.prefix(5))")
    let parsed = try Parsed(text)
    #expect(licErrors(parsed.root).isEmpty)
    #expect(parsed.events.count == 240)
    for (event, original) in zip(parsed.events, events) {
      #expect(string(icalcomponent_get_uid(event)) == original.uid)
      #expect(string(icalcomponent_get_summary(event)) == original.summary)
    }
  }

  @Test func timeZoneIsPlainEuropeLondonAndConvertsToUTC() throws {
    let p = testshire()
    let feeds = try renderAll(p)
    let text = try #require(feeds["testshire/boards/hwb.ics"])
    let parsed = try Parsed(text)
    let zones = children(of: parsed.calendar, ICAL_VTIMEZONE_COMPONENT)
    #expect(zones.count == 1)
    let vtimezone = try #require(zones.first)
    let tzid = try #require(icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY))
    #expect(string(icalproperty_get_tzid(tzid)) == "Europe/London")
    #expect(!text.contains("freeassociation"))

    for event in parsed.events {
      let dtstart = try #require(icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY))
      let start = icalcomponent_get_dtstart(event)
      if start.is_date != 0 { continue }
      let param = icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER)
      #expect(
        param.flatMap { string(icalparameter_get_tzid($0)) } == "Europe/London",
        "\(string(icalcomponent_get_uid(event)) ?? "?"): DTSTART without TZID=Europe/London")
    }

    // The feed's own VTIMEZONE, as a zone.
    let zone = icaltimezone_new()!
    defer { icaltimezone_free(zone, 1) }
    icaltimezone_set_component(zone, icalcomponent_new_clone(vtimezone))
    let utc = icaltimezone_get_utc_timezone()
    for (uid, date, utcHour) in [
      ("testshire-hwb-2021-07", day("2021-07-06"), 13),  // BST
      ("testshire-hwb-2022-01", day("2022-01-04"), 14),  // GMT
    ] {
      let event = try #require(parsed.event(uid: FeedText.uid(uid)), "no \(uid)")
      let start = icalcomponent_get_dtstart(event)
      #expect(
        (Int(start.year), Int(start.month), Int(start.day)) == (date.year, date.month, date.day))
      #expect(
        (start.hour, start.minute) == (14, 0), "\(uid): local start \(start.hour):\(start.minute)")
      // As libical resolves the TZID within the calendar.
      let converted = icaltime_convert_to_zone(start, utc)
      #expect(
        (converted.hour, converted.minute, icaltime_is_utc(converted)) == (Int32(utcHour), 0, 1),
        "\(uid)")
      #expect(Int(converted.day) == date.day)
      // And by the VTIMEZONE definition alone.
      var local = start
      local.zone = nil
      let byDefinition = icaltime_convert_to_zone(icaltime_set_timezone(&local, zone), utc)
      #expect(
        byDefinition.hour == Int32(utcHour),
        "\(uid): the feed's VTIMEZONE gives \(byDefinition.hour):00Z")
    }
  }

  @Test func publicFeedsCarryNothingConfidential() throws {
    var partnerships = [testshire()]
    for name in seedNames { partnerships.append(try seedPartnership(name)) }
    for p in partnerships {
      let schedule = Schedule.derive(p, span: p.referenceSpan)
      let feeds = FeedPlanner.feeds(p, schedule)
      let publics = feeds.filter { $0.kind == .public }
      #expect(publics.count == 1, "\(p.id): \(publics.count) public feeds")
      let confidential = schedule.obligations.filter(\.confidential)
      let confidentialUIDs = Set(confidential.map { FeedText.uid("\(p.id)-\($0.id)") })
        .union(schedule.meetings.filter(\.confidential).map { FeedText.uid($0.id) })
      for feed in publics {
        #expect(!feed.isPrivate)
        for event in feed.events {
          #expect(!event.confidential, "\(feed.path): \(event.uid) is confidential")
          #expect(!confidentialUIDs.contains(event.uid), "\(feed.path): \(event.uid)")
          for o in confidential where o.slot.meetingID.map({ FeedText.uid($0) }) == event.uid {
            let sharedName = schedule.obligations(at: o.slot.meetingID!).contains {
              !$0.confidential && $0.reportName == o.reportName
            }
            #expect(
              sharedName || !event.description.contains(o.reportName),
              "\(feed.path): \(event.uid) lists confidential '\(o.reportName)'")
          }
        }
        let text = try ICalendarWriter.render(feed, head: head(p))
        #expect(!text.contains("CLASS:CONFIDENTIAL"), "\(feed.path)")
      }
      // Not vacuous: the confidential items do reach the private feeds: the owner's duties
      // feed as an event marked confidential, the receiver's board feed in its meeting's
      // description.
      for o in confidential where o.slot.meetingID != nil {
        let duties = feeds.first { $0.path == "\(p.id)/duties/\(o.owner).ics" }
        let event = duties?.events.first { $0.uid == FeedText.uid("\(p.id)-\(o.id)") }
        #expect(event?.confidential == true, "\(p.id): \(o.id) missing from its duties feed")
        let board = feeds.first { $0.path == "\(p.id)/boards/\(o.receiver).ics" }
        let meeting = board?.events.first { $0.uid == FeedText.uid(o.slot.meetingID!) }
        #expect(
          meeting?.description.contains(o.reportName) == true,
          "\(p.id): \(o.id) missing from its meeting's description")
      }
      if p.id == "buckinghamshire" {
        #expect(
          confidential.contains {
            $0.duty == "sectu-prevent-briefing-to-ssbpb" && $0.receiver == "ssbpb"
          })
      }
      if p.id == "testshire" {
        #expect(!confidential.isEmpty && schedule.meetings.contains(where: \.confidential))
      }
    }
  }
}

// MARK: - A meeting moved within its month by the protocol

extension FeedWriterTests {
  @Test("a meeting moved within its month: one event with its UID, at the new date, not cancelled")
  func patternMoveLeavesNoCancelledEvent() throws {
    let p = try ProtocolLoader.load(text: movedWithinMonthProtocol, name: "test.yaml")
    let schedule = Schedule.derive(
      p, span: DateSpan(start: day("2026-04-01"), end: day("2027-03-31")))
    // 1 March 2027 is a Monday: the rule's first Tuesday is 2 March; the protocol says 16 March.
    let march = try #require(schedule.meetings.first { $0.slotMonth.iso == "2027-03" })
    #expect(march.id == "testshire-hwb-2027-03")
    #expect(march.date == day("2027-03-16"))
    #expect(march.time == TimeOfDay(hour: 10, minute: 0))
    #expect(!march.isCancelled)
    // Ten working days before Tuesday 16 March 2027 (no bank holiday between): Tuesday 2 March.
    #expect(march.paperDeadline == day("2027-03-02"))
    #expect(schedule.meetings.filter { $0.board == "hwb" }.count == 2)

    let feeds = Dictionary(
      uniqueKeysWithValues: FeedPlanner.feeds(p, schedule).map { ($0.path, $0) })
    for (path, uid) in [
      ("testshire/boards/hwb.ics", "testshire-hwb-2027-03@boardcal"),
      ("testshire/public.ics", "testshire-hwb-2027-03-public@boardcal"),
    ] {
      let feed = try #require(feeds[path], "no feed \(path)")
      let text = try ICalendarWriter.render(feed, head: head(p))
      let blocks = text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
      let moved = blocks.filter { $0.contains("\r\nUID:\(uid)\r\n") }
      #expect(moved.count == 1, "\(path): \(moved.count) events with UID \(uid)")
      let block = try #require(moved.first)
      // The reason the protocol gives is in the meeting's description, for members and public.
      #expect(
        feed.events.first { $0.uid == uid }?.description.contains(
          "This meeting is moved: the council chamber is in use for the budget meeting.") == true)
      #expect(block.contains("\r\nDTSTART;TZID=Europe/London:20270316T100000\r\n"), "\(block)")
      #expect(block.contains("\r\nSTATUS:CONFIRMED\r\n"), "\(block)")
      #expect(!text.contains("STATUS:CANCELLED"), "\(path) has a cancelled event")
      #expect(!text.contains("Cancelled"), "\(path) says Cancelled")
      #expect(!text.contains("20270302T"), "\(path) still has a meeting on the rule's day")
      // Only the board's own feed shows the paper deadline, on the new date's deadline.
      if path.hasPrefix("testshire/boards/") {
        let papers = blocks.filter {
          $0.contains("\r\nUID:testshire-hwb-2027-03-papers@boardcal\r\n")
        }
        #expect(papers.count == 1)
        #expect(papers.first?.contains("\r\nDTSTART;VALUE=DATE:20270302\r\n") == true)
      }
    }
  }

  @Test("a protocol move and a recorded move of the same meeting give the same meeting")
  func patternMoveIsARecordedMove() throws {
    let p = try ProtocolLoader.load(text: movedWithinMonthProtocol, name: "test.yaml")
    var unmoved = p
    unmoved.boards[0].patterns[0].moved = []
    let span = DateSpan(start: day("2026-04-01"), end: day("2027-03-31"))
    let records = Records(meetings: [
      MeetingRecord(
        meetingID: "testshire-hwb-2027-03",
        event: .moved(
          to: day("2027-03-16"), time: TimeOfDay(hour: 10, minute: 0),
          reason: "the council chamber is in use for the budget meeting"))
    ])
    let recorded = Schedule.derive(unmoved, span: span, records: records).meetings
    let planned = Schedule.derive(p, span: span).meetings
    #expect(planned.map(\.id) == recorded.map(\.id))
    for (a, b) in zip(planned, recorded) {
      #expect(
        (a.date, a.time, a.paperDeadline, a.agendaPublication, a.moveReason, a.ruleDate)
          == (b.date, b.time, b.paperDeadline, b.agendaPublication, b.moveReason, b.ruleDate))
      // The protocol's dates are the meeting's first version; a record raises its sequence.
      #expect(a.sequence == 0)
      #expect(b.sequence == (a.id == "testshire-hwb-2027-03" ? 1 : 0))
    }
  }
}

@Suite("event UIDs")
struct EventUIDTests {
  @Test("a UID made from parts is the parts joined by dashes, each slash a dash, at boardcal")
  func uidFromParts() {
    #expect(FeedText.uid("mk/hwb-2027-03") == "mk-hwb-2027-03@boardcal")
    #expect(FeedText.uid("mk-hwb-2027-03", "public") == "mk-hwb-2027-03-public@boardcal")
    #expect(
      FeedText.uid("mk", "hwb/annual-report", "public") == "mk-hwb-annual-report-public@boardcal")
    // Short and long, ASCII and not: the same text as the parts joined and mapped.
    #expect(FeedText.uid("a") == "a@boardcal")
    #expect(FeedText.uid("Sûre/été", "x") == "Sûre-été-x@boardcal")
    #expect(FeedText.uid("mk", "") == "mk-@boardcal")
  }
}
