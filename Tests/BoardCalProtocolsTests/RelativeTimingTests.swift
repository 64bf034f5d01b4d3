import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalSynth
import BoardCalTestSupport
import Foundation
import Testing

@testable import BoardCalProtocols

private let relative = relativeTimingFixtureProtocol

private let testFile = "relative.yaml"

private func load(_ text: String = relative) throws -> Partnership {
  try ProtocolLoader.load(text: text, name: testFile, directory: "/nonexistent")
}

/// Every problem the loader finds in `text`.
private func problems(in text: String) -> [ProtocolDiagnostic] {
  do {
    _ = try ProtocolLoader.load(text: text, name: testFile, directory: "/nonexistent")
    return []
  } catch {
    return error.diagnostics
  }
}

/// The 1-based line of `relative` (edited) on which `marker` first appears.
private func line(of marker: String, in text: String) -> Int {
  let lines = text.components(separatedBy: "\n")
  return (lines.firstIndex { $0.contains(marker) } ?? -1) + 1
}

/// `relative` with one replacement; `old` must occur once.
private func edited(_ old: String, _ new: String) -> String {
  #expect(relative.components(separatedBy: old).count == 2, "edit target: \(old)")
  return relative.replacingOccurrences(of: old, with: new)
}

/// Expects exactly one problem, on the line holding `marker`, whose message holds each part.
private func expectOneProblem(
  _ text: String, at marker: String, _ parts: String...,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let found = problems(in: text)
  guard found.count == 1, let problem = found.first else {
    Issue.record(
      "expected one problem, found \(found.count):\n\(found.map(\.description).joined(separator: "\n"))",
      sourceLocation: sourceLocation)
    return
  }
  #expect(problem.position.file == testFile, sourceLocation: sourceLocation)
  #expect(
    problem.position.line == line(of: marker, in: text),
    "at \(problem.position): \(problem.message)",
    sourceLocation: sourceLocation)
  for part in parts {
    #expect(
      problem.message.contains(part), "message lacks \"\(part)\": \(problem.message)",
      sourceLocation: sourceLocation)
  }
}

@Suite("Relative and event timing")
struct RelativeTimingTests {
  @Test("a follow-up a year after a recorded review: none before the record, then due 12 months on")
  func followUpAYearAfterAReview() throws {
    let p = try load()
    let before = PartnershipState(p, asOf: date("2023-06-01")).schedule()
    #expect(!before.obligations.contains { $0.duty == "sar-follow-up-to-hwb" })

    // The SAR is published on 10 May 2023: the follow-up is due on 10 May 2024, in a window from
    // 10 April to 10 June 2024; the HWB meets on the second Tuesday of June, 11 June 2024, just
    // past it, and not in May: nothing can take a present.
    let published = Records(events: [RecordedEvent(name: "sar-published", date: date("2023-05-10"))]
    )
    let state = PartnershipState(p, asOf: date("2023-06-01"), records: published)
    let o = try #require(state.schedule().obligations.first { $0.duty == "sar-follow-up-to-hwb" })
    #expect(o.id == "sar-follow-up-to-hwb/hwb/2023-05-10")
    #expect(o.window == DateSpan(start: date("2024-04-10"), end: date("2024-06-10")))
    #expect(o.isUnschedulable)

    // Published on 20 May 2023 instead: due 20 May 2024, window 20 April to 20 June 2024, and the
    // HWB's June meeting (11 June 2024) takes it.
    let later = Records(events: [RecordedEvent(name: "sar-published", date: date("2023-05-20"))])
    let slotted = try #require(
      PartnershipState(p, asOf: date("2023-06-01"), records: later).schedule().obligations.first {
        $0.duty == "sar-follow-up-to-hwb"
      })
    #expect(slotted.slot.date == date("2024-06-11"))
    #expect(slotted.windowText.contains("12 months after the event 'sar-published'"))
    #expect(slotted.windowText.contains("due 2024-05-20"))

    // Nothing recorded by 21 June 2024, the day after its window closes: missed, and alerted.
    let late = PartnershipState(p, asOf: date("2024-06-21"), records: later)
    let (schedule, alerts) = late.alerts(asOf: date("2024-06-21"))
    let missed = try #require(schedule.obligations.first { $0.id == slotted.id })
    #expect(schedule.status(of: missed, in: p, asOf: date("2024-06-21"), records: later) == .missed)
    #expect(alerts.contains { $0.obligation.id == slotted.id && $0.status == .missed })
  }

  @Test("a duty due six months after another is met: none before the fulfilment, then due on it")
  func sixMonthsAfterAnotherDuty() throws {
    let p = try load()
    #expect(
      !PartnershipState(p, asOf: date("2023-10-01")).schedule().obligations.contains {
        $0.duty == "arrangements-check-to-hwb"
      })
    // Circulated on 26 September 2023: the check is due on 26 March 2024 (window 26 February to
    // 26 April 2024), at the HWB's March meeting, second Tuesday, 12 March 2024.
    let met = Records(fulfilments: [
      Fulfilment(obligationID: "arrangements-to-hwb/hwb/2023-09-29", date: date("2023-09-26"))
    ])
    let o = try #require(
      PartnershipState(p, asOf: date("2023-10-01"), records: met).schedule().obligations.first {
        $0.duty == "arrangements-check-to-hwb"
      })
    #expect(o.window == DateSpan(start: date("2024-02-26"), end: date("2024-04-26")))
    #expect(o.slot.date == date("2024-03-12"))
  }

  @Test("a one-off duty happens once, at the receiver's meeting nearest its day")
  func oneOffDuty() throws {
    let p = try load()
    // Every cycle from 2023-24 to 2025-26, as of a day in 2024-25.
    let schedule = PartnershipState(p, asOf: date("2024-06-01")).schedule()
    let once = schedule.obligations.filter { $0.duty == "arrangements-to-hwb" }
    #expect(once.count == 1)
    // Due 29 September 2023: the HWB's September meeting, second Tuesday, 12 September 2023.
    #expect(once.first?.id == "arrangements-to-hwb/hwb/2023-09-29")
    #expect(once.first?.slot.date == date("2023-09-12"))
  }

  @Test("a steering group meets 10 working days before every HWB meeting and follows its changes")
  func steeringGroupAheadOfEveryMeeting() throws {
    let p = try load()
    let year = DateSpan(start: date("2023-04-01"), end: date("2024-03-31"))
    let schedule = Schedule.derive(p, span: year)
    let hwb = schedule.meetings.filter { $0.board == "hwb" }
    let steering = schedule.meetings.filter { $0.board == "hwb-steering" }
    // One per HWB meeting, cancelled with it.
    #expect(steering.count == hwb.count)
    #expect(steering.count == 4)
    // The HWB meets on 13 June 2023 (second Tuesday); ten working days back, the spring bank
    // holiday of 29 May not reached: Tuesday 30 May 2023.
    let june = try #require(steering.first { $0.id == "testshire-hwb-steering-2023-06" })
    #expect(june.date == date("2023-05-30"))
    #expect(june.time == TimeOfDay(hour: 10, minute: 0))
    #expect(june.follows == "testshire-hwb-2023-06")
    // 12 September 2023 → 29 August 2023 (the summer bank holiday, 28 August, not reached).
    #expect(
      steering.first { $0.id == "testshire-hwb-steering-2023-09" }?.date == date("2023-08-29"))
    // The HWB's December meeting is cancelled: so is the group's.
    let december = try #require(steering.first { $0.id == "testshire-hwb-steering-2023-12" })
    #expect(december.isCancelled)
    #expect(hwb.first { $0.id == "testshire-hwb-2023-12" }?.isCancelled == true)

    // A record moves the HWB's March 2024 meeting from the 12th to the 19th: the group's moves
    // from 27 February to 5 March 2024, keeping its id.
    #expect(
      steering.first { $0.id == "testshire-hwb-steering-2024-03" }?.date == date("2024-02-27"))
    let moved = Records(meetings: [
      MeetingRecord(
        meetingID: "testshire-hwb-2024-03",
        event: .moved(to: date("2024-03-19"), time: nil, reason: "budget council"))
    ])
    let after = Schedule.derive(p, span: year, records: moved)
    #expect(
      after.meetings.first { $0.id == "testshire-hwb-steering-2024-03" }?.date
        == date("2024-03-05"))
    // Its own record still applies: cancelled by the group, not by the board.
    let own = Records(meetings: [
      MeetingRecord(meetingID: "testshire-hwb-steering-2023-09", event: .cancelled(reason: nil))
    ])
    let ownAfter = Schedule.derive(p, span: year, records: own)
    #expect(
      ownAfter.meetings.first { $0.id == "testshire-hwb-steering-2023-09" }?.isCancelled == true)
    #expect(ownAfter.meetings.first { $0.id == "testshire-hwb-2023-09" }?.isCancelled == false)
  }

  @Test(
    "the review is an obligation of the reviewing board, alerted when overdue, done when recorded")
  func reviewObligations() throws {
    let p = try load()
    let state = PartnershipState(p, asOf: date("2024-02-16"))
    let reviews = state.schedule().obligations.filter(\.isReview)
    // Due 15 January 2024, then every year: taken at the SAB's January meeting (first Thursday,
    // 4 January 2024; 2 January 2025).
    let first = try #require(reviews.first { $0.id == "protocol-review/sab/2024-01" })
    #expect(first.owner == "sab" && first.receiver == "sab")
    #expect(first.slot.date == date("2024-01-04"))
    #expect(
      reviews.first { $0.id == "protocol-review/sab/2025-01" }?.slot.date == date("2025-01-02"))
    // In the SAB's duty feed, as an event.
    let feeds = FeedPlanner.feeds(p, state.schedule())
    let duties = try #require(feeds.first { $0.path == "testshire/duties/sab.ics" })
    #expect(
      duties.events.contains {
        $0.uid.contains("protocol-review") && $0.summary.contains("Review of the protocol")
      })
    // Its window closed on 15 February 2024 with nothing recorded: an alert says it is missed.
    let (_, alerts) = state.alerts(asOf: date("2024-02-16"))
    let alert = try #require(alerts.first { $0.obligation.id == first.id && $0.status == .missed })
    #expect(
      alert.reason.contains("the window around its due day (2024-01-15) closed on 2024-02-15"))
    // The SAB owes it and takes it: its lead officer is named once (here: nobody is named).
    #expect(alert.unaddressed == ["lead officer of Safeguarding Adults Board"])
    // Recorded as done: no alert.
    let done = Records(fulfilments: [
      Fulfilment(obligationID: first.id, date: date("2024-01-04"))
    ])
    let (_, none) = PartnershipState(p, asOf: date("2024-02-16"), records: done).alerts(
      asOf: date("2024-02-16"))
    #expect(!none.contains { $0.obligation.id == first.id })
    // `conflicts` says the review is overdue since January 2024 until it is recorded as done,
    // and then not, until the next one falls due (15 January 2025).
    func overdue(_ state: PartnershipState) -> [String] {
      state.conflicts().conflicts.filter { $0.kind == "review-overdue" }.map(\.explanation)
    }
    #expect(overdue(state).count == 1)
    #expect(overdue(state).first?.contains("review overdue since 2024-01") == true)
    #expect(overdue(PartnershipState(p, asOf: date("2024-02-16"), records: done)).isEmpty)
    let later = PartnershipState(p, asOf: date("2025-02-01"), records: done)
    #expect(overdue(later).first?.contains("review overdue since 2025-01") == true)
  }

  @Test("a change in the law brings a review due within three months")
  func reviewAfterAChangeInTheLaw() throws {
    let p = try load()
    let law = Records(events: [RecordedEvent(name: "law-change", date: date("2024-06-03"))])
    let reviews = PartnershipState(p, asOf: date("2024-06-10"), records: law).schedule()
      .obligations.filter(\.isReview)
    // Due 3 September 2024 (window 3 August to 3 October): the SAB's September meeting, first
    // Thursday, 5 September 2024.
    let after = try #require(
      reviews.first { $0.id == "protocol-review/sab/after-law-change-2024-06-03" })
    #expect(after.window == DateSpan(start: date("2024-08-03"), end: date("2024-10-03")))
    #expect(after.slot.date == date("2024-09-05"))
    // A change in the law on 1 November 2024: the annual review of 15 January 2025 falls within
    // the three months, so it is that review, not a second one beside it.
    let late = Records(events: [RecordedEvent(name: "law-change", date: date("2024-11-01"))])
    let ids = PartnershipState(p, asOf: date("2024-11-10"), records: late).schedule()
      .obligations.filter { $0.isReview && $0.window.contains(date("2025-01-15")) }.map(\.id)
    #expect(ids == ["protocol-review/sab/2025-01"])
  }

  // MARK: misuse

  @Test("a before pattern naming no board of the protocol")
  func beforeUnknownBoard() {
    expectOneProblem(
      edited("before: {board: hwb, working_days: 10}", "before: {board: hbw, working_days: 10}"),
      at: "before: {board: hbw", "hbw", "hwb")
  }

  @Test("a one-off duty due on a day its receiving board does not exist yet")
  func oneOffBeforeTheBoardExists() {
    // The HWB is set up on 1 October 2023: the arrangements due on 29 September would be owed to
    // no one, so the validator says so rather than dropping the duty.
    expectOneProblem(
      edited(
        "    council_committee: true\n",
        "    council_committee: true\n    established: {on: 2023-10-01, source: {file: terms.txt, quote: \"The Board was set up on 1 October 2023.\"}}\n"
      ),
      at: "- id: arrangements-to-hwb", "falls due once, on 2023-09-29",
      "'hwb' does not exist that day",
      "established on 2023-10-01")
  }

  @Test("a receiver cut short is suggested by the id it begins")
  func receiverCutShort() {
    expectOneProblem(
      edited(
        "    to: [hwb]\n    action: inform\n    window: {on",
        "    to: [hwb-st]\n    action: inform\n    window: {on"),
      at: "to: [hwb-st]", "no board or person has the id 'hwb-st'", "Did you mean 'hwb-steering'?")
  }

  @Test("a board meeting ahead of its own meetings")
  func beforeItself() {
    expectOneProblem(
      edited(
        "before: {board: hwb, working_days: 10}", "before: {board: hwb-steering, working_days: 10}"),
      at: "before: {board: hwb-steering", "its own meetings")
  }

  @Test("two boards each meeting ahead of the other")
  func beforeInACircle() {
    let text = edited(
      "quote: \"The Board meets quarterly.\"}\n",
      "quote: \"The Board meets quarterly.\"}\n      - before: {board: hwb-steering, weeks: 1}\n        source: {file: terms.txt, quote: \"x\"}\n"
    )
    let found = problems(in: text)
    #expect(found.count == 2, "\(found.map(\.description))")
    #expect(found.allSatisfy { $0.message.contains("circle") })
  }

  @Test("a before pattern with a day rule, or with both working days and weeks")
  func beforeMisused() {
    expectOneProblem(
      edited("        time: \"10:00\"\n", "        day: first Monday\n        time: \"10:00\"\n"),
      at: "day: first Monday", "leave out 'day'")
    expectOneProblem(
      edited("working_days: 10}", "working_days: 10, weeks: 2}"), at: "before: {board: hwb",
      "exactly one of 'working_days' or 'weeks'")
  }

  @Test("an after window naming both a duty and an event, none, or no months")
  func afterMisused() {
    expectOneProblem(
      edited(
        "{after: {event: sar-published}, months: 12}",
        "{after: {event: sar-published, duty: arrangements-to-hwb}, months: 12}"),
      at: "window: {after: {event: sar-published, duty", "exactly one of 'duty'")
    expectOneProblem(
      edited("{after: {event: sar-published}, months: 12}", "{after: {event: sar-published}}"),
      at: "window: {after: {event: sar-published}}", "months")
    expectOneProblem(
      edited(
        "{after: {event: sar-published}, months: 12}", "{after: {event: SAR Published}, months: 12}"
      ),
      at: "SAR Published", "not a valid event name")
    expectOneProblem(
      edited("window: {on: 2023-09-29}", "window: {on: 2023-09-29, months: 2}"),
      at: "window: {on: 2023-09-29, months", "'months' goes with 'after' only")
  }

  @Test("a duty counting from an unknown duty, or from itself")
  func afterUnknownOrItself() {
    expectOneProblem(
      edited(
        "{after: {duty: arrangements-to-hwb}, months: 6}",
        "{after: {duty: arrangement-to-hwb}, months: 6}"),
      at: "arrangement-to-hwb}", "arrangements-to-hwb")
    expectOneProblem(
      edited(
        "{after: {duty: arrangements-to-hwb}, months: 6}",
        "{after: {duty: arrangements-check-to-hwb}, months: 6}"),
      at: "- id: arrangements-check-to-hwb", "would ever fall due")
  }

  @Test("a dated duty with a cadence")
  func datedDutyWithCadence() {
    expectOneProblem(
      edited(
        "    window: {on: 2023-09-29}\n", "    window: {on: 2023-09-29}\n    cadence: annual\n"),
      at: "- id: arrangements-to-hwb", "takes no 'cadence'")
  }

  @Test("a review due at every meeting, or within N months of nothing")
  func reviewMisused() {
    expectOneProblem(
      edited("  cadence: annual\n  next", "  cadence: every-meeting\n  next"),
      at: "cadence: every-meeting", "falls due on dates")
    expectOneProblem(
      edited("  also_after: [law-change]\n", "  also_within_months: 2\n"),
      at: "also_within_months", "goes with 'also_after' only")
  }

  @Test("a protocol with relative timing is written out and read back the same")
  func writtenAndReadBack() throws {
    let p = try load()
    let again = try ProtocolLoader.load(
      text: ProtocolText.yaml(p), name: "again.yaml", directory: "/nonexistent")
    #expect(again.duties.map(\.window) == p.duties.map(\.window))
    #expect(
      again.boards.map { $0.patterns.map(\.months) } == p.boards.map { $0.patterns.map(\.months) })
    #expect(again.review?.alsoAfter == ["law-change"])
    #expect(again.review?.alsoWithinMonths == ProtocolReview.defaultWithinMonths)
  }

  @Test("the events a protocol counts from are the ones a record may name")
  func eventNames() throws {
    #expect(try load().eventNames == ["sar-published", "law-change"])
  }
}
