import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation
import Testing

@testable import BoardCalProtocols

/// Copies to people and publication (issue 12): a Care Act copy of a Safeguarding Adults
/// Board's annual report, and a Welsh board's annual report and plan published by their dates.
/// Every date is worked out from the statute's words and the calendar.
@Suite struct ReceiversTests {
  static let copies = "sab-annual-report-copies"
  /// Care Act 2014, Schedule 2, paragraph 4(2): the five receivers, as the fixture names them.
  static let careActReceivers: Set<String> = [
    "chief-executive", "council-leader", "police-and-crime-commissioner", "healthwatch",
    "hwb-chair",
  ]

  func careAct() throws -> Partnership {
    try ProtocolLoader.load(text: careActProtocol, name: "care-act.yaml")
  }

  func welsh(_ text: String = welshProtocol) throws -> Partnership {
    try ProtocolLoader.load(text: text, name: "welsh.yaml")
  }

  @Test("a Care Act copy goes to each person by its day, never to a meeting, and is no conflict")
  func careActCopies() throws {
    let p = try careAct()
    let state = PartnershipState(p, asOf: date("2026-04-01"))
    let schedule = state.schedule()
    // The duty falls in each financial year from the horizon's start: 2026-27 and 2027-28.
    for cycle in [2026, 2027] {
      let copies = schedule.obligations.filter { $0.duty == Self.copies && $0.cycle == cycle }
      #expect(Set(copies.map(\.receiver)) == Self.careActReceivers, "\(cycle)")
      // "by 30 September" in the cycle that starts on 1 April `cycle`, on that very day; the
      // report covers the financial year before.
      let due = try #require(CivilDate(year: cycle, month: 9, day: 30))
      for o in copies {
        #expect(o.receiverKind == .person)
        #expect(o.isByDate && !o.isUnschedulable)
        #expect(o.slot == .circulation(due))
        #expect(o.slot.meetingID == nil && o.paperDeadline == nil)
        #expect(o.lastDay == due)
        #expect(o.reportName == "SAB Annual Report for \(cycle - 1)-\(String(cycle % 100))")
      }
    }
    // Nothing to settle before the year starts: no meeting is wanted for a copy.
    #expect(state.conflicts().conflicts.isEmpty)
    let ce = try #require(
      schedule.obligations.first { $0.duty == Self.copies && $0.receiver == "chief-executive" })
    #expect(date("2026-09-30").weekday == .wednesday)
    #expect(
      p.sentence(ce)
        == "SAB must send a copy of 'SAB Annual Report for 2025-26' to Chief Executive of the local authority by Wednesday 30 September 2026"
    )
  }

  @Test("a copy is an all-day entry in the owner's duties feed and the person's own, not public")
  func careActFeeds() throws {
    let p = try careAct()
    let state = PartnershipState(p, asOf: date("2026-04-01"))
    let feeds = state.feeds()
    let duties = try #require(feeds.first { $0.path == "care-act-test/duties/sab.ics" })
    let copyEvents = duties.events.filter { $0.summary.hasPrefix("COPY: ") }
    // Five receivers in each of two cycles.
    #expect(copyEvents.count == 10)
    for event in copyEvents {
      #expect(event.categories == ["INFORM"])
      #expect(event.relatedTo == nil)
      guard case .allDay(let start) = event.start, case .allDay(let end) = event.end else {
        Issue.record("\(event.summary) is not all day")
        continue
      }
      #expect([date("2026-09-30"), date("2027-09-30")].contains(start))
      #expect(end == start.adding(days: 1))
    }
    let ceFeed = try #require(feeds.first { $0.path == "care-act-test/people/chief-executive.ics" })
    #expect(ceFeed.events.count == 2)
    #expect(
      ceFeed.events.allSatisfy {
        $0.summary
          .hasSuffix("— SAB to Chief Executive of the local authority")
      })
    let pccFeed = try #require(
      feeds.first { $0.path == "care-act-test/people/police-and-crime-commissioner.ics" })
    #expect(pccFeed.events.allSatisfy { $0.summary.contains("Police and Crime Commissioner") })
    // The SAB meets in private: the public sees neither its meetings nor its copies.
    let anyone = Disclosure(.public, of: p)
    #expect(
      state.schedule().obligations.filter { $0.duty == Self.copies }.allSatisfy {
        anyone.obligation($0) == .hidden
      })
    #expect(!feeds.contains { $0.kind == .public })
    // The chief executive may see their own copies in full, not the PCC's.
    let ce = Disclosure(.person("chief-executive"), of: p)
    let mine = state.schedule().obligations.filter { ce.obligation($0) == .full }
    #expect(!mine.isEmpty && mine.allSatisfy { $0.receiver == "chief-executive" })
  }

  @Test("a late copy alerts the SAB's lead officer until a fulfilment is recorded")
  func careActAlerts() throws {
    let p = try careAct()
    // On its due day nothing is late.
    #expect(
      PartnershipState(p, asOf: date("2026-09-30")).alerts(asOf: date("2026-09-30")).alerts.isEmpty)
    let late = PartnershipState(p, asOf: date("2026-10-01")).alerts(asOf: date("2026-10-01"))
    let alerts = late.alerts.filter { $0.obligation.duty == Self.copies }
    #expect(Set(alerts.map(\.obligation.receiver)) == Self.careActReceivers)
    for alert in alerts {
      #expect(alert.status == .missed)
      #expect(alert.since == date("2026-10-01"))
      #expect(!alert.escalated)
      // The owner's alone: its lead officer, no receiving board.
      #expect(alert.recipients.map(\.person) == ["sab-business-manager"])
      #expect(alert.recipients.first?.capacity == "lead officer of SAB")
      #expect(alert.unaddressed.isEmpty)
    }
    let ce = try #require(alerts.first { $0.obligation.receiver == "chief-executive" })
    #expect(
      ce.reason
        == "a copy was to be sent to Chief Executive of the local authority by 2026-09-30 and no record says it was"
    )
    // Twenty working days on, still open: the SAB's chair is told too.
    let calendar = p.holidayCalendar
    let escalationDay = calendar.workingDays(20, after: date("2026-10-01"))
    let escalated = PartnershipState(p, asOf: escalationDay).alerts(asOf: escalationDay).alerts
      .filter { $0.obligation.duty == Self.copies }
    #expect(!escalated.isEmpty && escalated.allSatisfy(\.escalated))
    #expect(
      escalated.allSatisfy {
        Set($0.recipients.map(\.person)) == ["sab-business-manager", "sab-chair"]
      })
    // A recorded fulfilment ends the chief executive's alert; the others stay.
    let records = Records(
      fulfilments: [Fulfilment(obligationID: ce.obligation.id, date: date("2026-09-15"))])
    let recorded = PartnershipState(p, asOf: date("2026-10-01"), records: records)
    let after = recorded.alerts(asOf: date("2026-10-01")).alerts.filter {
      $0.obligation.duty == Self.copies
    }
    #expect(
      Set(after.map(\.obligation.receiver))
        == Self.careActReceivers.subtracting(["chief-executive"]))
    #expect(
      recorded.schedule().status(
        of: ce.obligation, in: p, asOf: date("2026-10-01"), records: records)
        == .done)
  }

  @Test(
    "a Welsh annual report is due by 30 July and the annual plan by 31 March, from the calendar")
  func welshPublicationDates() throws {
    let p = try welsh()
    let state = PartnershipState(p, asOf: date("2026-04-01"))
    let schedule = state.schedule()
    let reports = schedule.obligations.filter { $0.duty == "publish-annual-report" }
    let plans = schedule.obligations.filter { $0.duty == "publish-annual-plan" }
    #expect(reports.map(\.cycle) == [2026, 2027])
    #expect(plans.map(\.cycle) == [2026, 2027])
    for o in reports + plans {
      #expect(o.receiver == Duty.publicReceiver && o.receiverKind == .public)
      #expect(o.action == .publish && o.isByDate && !o.isUnschedulable)
      #expect(o.paperDeadline == nil && o.slot.meetingID == nil)
    }
    for o in reports {
      // "Before 31 July each year": 30 July, kept on its day whatever the weekday; the report
      // is on the financial year that ended before it.
      let due = try #require(CivilDate(year: o.cycle, month: 7, day: 30))
      #expect(o.slot == .circulation(due))
      let covered = p.cycleSpan(o.cycle - 1)
      #expect(o.covers == covered && due > covered.end)
    }
    for o in plans {
      // "Before the start of a new financial year (which ends on 31 March)": the plan for the
      // next year, by 31 March, the day before that year starts.
      let next = p.cycleSpan(o.cycle + 1)
      #expect(o.covers == next)
      #expect(o.slot == .circulation(next.start.adding(days: -1)))
      #expect(o.slot.date?.month == 3 && o.slot.date?.day == 31)
    }
    #expect(plans.first?.reportName == "Annual Plan for 2027-28")
    #expect(reports.first?.reportName == "Annual Report for 2025-26")
    #expect(
      reports.first.map(p.sentence)
        == "RSAB must publish 'Annual Report for 2025-26' by Thursday 30 July 2026")
    // A publication is never a planning conflict.
    #expect(state.conflicts().conflicts.isEmpty)
  }

  @Test("a publication is in the public feed when its board meets in public, and hidden when not")
  func welshPublicFeed() throws {
    let p = try welsh()
    let feeds = PartnershipState(p, asOf: date("2026-04-01")).feeds()
    let publicFeed = try #require(feeds.first { $0.kind == .public })
    let published = publicFeed.events.filter { $0.categories == ["PUBLISH"] }
    #expect(
      Set(published.map(\.start)) == [
        .allDay(date("2026-07-30")), .allDay(date("2027-07-30")), .allDay(date("2027-03-31")),
        .allDay(date("2028-03-31")),
      ])
    #expect(
      published.allSatisfy { $0.summary.hasPrefix("PUBLISH: ") && $0.summary.hasSuffix("— RSAB") })
    let duties = try #require(feeds.first { $0.path == "welsh-region-test/duties/rsb.ics" })
    #expect(duties.events.filter { $0.categories == ["PUBLISH"] }.count == 4)
    // The same board meeting in private: its publications are its own, not the public's.
    let hidden = try welsh(welshProtocol.replacingOccurrences(of: "    public: true\n", with: ""))
    let anyone = Disclosure(.public, of: hidden)
    let schedule = PartnershipState(hidden, asOf: date("2026-04-01")).schedule()
    #expect(schedule.obligations.allSatisfy { anyone.obligation($0) == .hidden })
    #expect(
      !PartnershipState(hidden, asOf: date("2026-04-01")).feeds().contains { $0.kind == .public })
  }

  @Test("an annual report not published by 30 July alerts the board's lead officer the day after")
  func welshAlerts() throws {
    let p = try welsh()
    #expect(
      PartnershipState(p, asOf: date("2026-07-30")).alerts(asOf: date("2026-07-30")).alerts.isEmpty)
    let alerts = PartnershipState(p, asOf: date("2026-07-31")).alerts(asOf: date("2026-07-31"))
      .alerts
    let alert = try #require(alerts.only)
    #expect(alert.obligation.duty == "publish-annual-report" && alert.status == .missed)
    #expect(alert.since == date("2026-07-31"))
    #expect(alert.recipients.map(\.person) == ["rsb-business-manager"])
    #expect(alert.reason == "it was to be published by 2026-07-30 and no record says it was")
    #expect(
      alert.subject(p)
        == "[Welsh Region Test Partnership] Missed: Annual Report for 2025-26 — RSAB to the public")
    #expect(alert.plainText(p).contains("What to do: publish it, and record it as done"))
  }

  @Test("boardcal duties lists a copy and a publication in words")
  func dutyRows() throws {
    let rows = DutyRow.rows(of: try careAct()) + DutyRow.rows(of: try welsh())
    let ce = try #require(rows.first { $0.receiver == "chief-executive" })
    #expect(ce.receiverKind == .person)
    #expect(
      ce.text
        == "SAB must send a copy of 'SAB Annual Report' to Chief Executive of the local authority by 30 September"
    )
    let report = try #require(rows.first { $0.id == "publish-annual-report" })
    #expect(report.receiver == "public" && report.receiverKind == .public)
    #expect(report.text == "RSAB must publish 'Annual Report' by 30 July")
  }
}

extension Array {
  /// The one element, when there is exactly one.
  fileprivate var only: Element? { count == 1 ? first : nil }
}

/// Copies and publications written wrongly: each is refused at its line and column, with why.
@Suite struct ReceiverValidatorTests {
  /// Every problem the loader finds in `text`.
  func problems(_ text: String) -> [ProtocolDiagnostic] {
    do {
      _ = try ProtocolLoader.load(text: text, name: "bad.yaml")
      return []
    } catch {
      return error.diagnostics
    }
  }

  /// The line (1-based) and column of the first occurrence of `needle` in `text`; of the value
  /// after its `key: ` when `value` is set.
  func position(of needle: String, in text: String, value: Bool) -> (Int, Int) {
    let lines = text.components(separatedBy: "\n")
    for (n, line) in lines.enumerated() {
      if let range = line.range(of: needle) {
        var column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
        if value, let colon = needle.range(of: ": ") {
          column += needle.distance(from: needle.startIndex, to: colon.upperBound)
        }
        return (n + 1, column)
      }
    }
    return (0, 0)
  }

  /// Expects exactly one problem, where `at` first occurs in `text` (at the value of a
  /// `key: value` when `value` is set), saying every one of `parts`.
  func expectOne(
    _ text: String, at: String, value: Bool = false, _ parts: String...,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let found = problems(text)
    guard found.count == 1, let problem = found.first else {
      Issue.record(
        "expected one problem, found \(found.count):\n\(found.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
      return
    }
    let (line, column) = position(of: at, in: text, value: value)
    #expect(
      (problem.position.line, problem.position.column) == (line, column),
      "at \(problem.position.line):\(problem.position.column): \(problem.message)",
      sourceLocation: sourceLocation)
    for part in parts {
      #expect(problem.message.contains(part), "\(problem.message)", sourceLocation: sourceLocation)
    }
  }

  func edited(_ old: String, _ new: String, in text: String = careActProtocol) -> String {
    #expect(text.components(separatedBy: old).count == 2, "edit target: \(old)")
    return text.replacingOccurrences(of: old, with: new)
  }

  @Test("an id in 'to' that is neither a board nor a person: did you mean, over both")
  func unknownReceiver() {
    expectOne(
      edited("to: [chief-executive,", "to: [chief-executiv,"), at: "chief-executiv,",
      "no board or person has the id 'chief-executiv'", "chief-executive")
    expectOne(
      edited("to: [chief-executive,", "to: [sabb, chief-executive,"), at: "sabb,",
      "no board or person has the id 'sabb'", "'sab'")
  }

  @Test("a person cannot be presented to, consulted or invited: a copy is an inform")
  func personNeedsInform() {
    let one = edited(
      "[chief-executive, council-leader, police-and-crime-commissioner, healthwatch, hwb-chair]",
      "[chief-executive]")
    expectOne(
      edited("action: inform", "action: present", in: one), at: "chief-executive]",
      "'chief-executive' is a person (Chief Executive of the local authority)", "action: inform")
    expectOne(
      edited("action: inform", "action: invite", in: one), at: "chief-executive]",
      "no meetings to be invited to")
    // One problem per person named.
    #expect(problems(edited("action: inform", "action: consult")).count == 5)
  }

  @Test("presented_by on a copy to people, a meeting window or every-meeting cadence: refused")
  func copyIsNotAtAMeeting() {
    expectOne(
      edited("    action: inform\n", "    action: inform\n    presented_by: sab-chair\n"),
      at: "presented_by: sab-chair", value: true, "a copy sent to a person is not presented")
    expectOne(
      edited(#"window: {by: "09-30"}"#, "window: {meeting: September}"), at: "September}",
      "a copy sent to a person is not taken at a meeting", "{month: September}")
    expectOne(
      edited("    action: inform\n", "    action: inform\n    cadence: every-meeting\n"),
      at: "every-meeting", "not owed at every meeting")
  }

  @Test("a publication names no receivers, no presenter and is not confidential")
  func publicationMisuse() {
    let publish = edited("    action: inform\n", "    action: publish\n")
    expectOne(
      publish, at: "to: [chief-executive", value: true, "a publication goes to the public",
      "remove 'to'")
    let noTo = edited(
      "    to: [chief-executive, council-leader, police-and-crime-commissioner, healthwatch, hwb-chair]\n",
      "", in: publish)
    #expect(problems(noTo).isEmpty)
    expectOne(
      edited(
        "    action: publish\n", "    action: publish\n    presented_by: sab-chair\n", in: noTo),
      at: "presented_by: sab-chair", value: true, "a publication is not presented")
    expectOne(
      edited("    action: publish\n", "    action: publish\n    confidential: true\n", in: noTo),
      at: "confidential: true", value: true, "a publication is public: it cannot be confidential")
    expectOne(
      edited(#"window: {by: "09-30"}"#, "window: {meeting: June}", in: noTo), at: "June}",
      "a publication is not taken at a meeting")
  }

  @Test("'public' is the publication's receiver: no board or person may take the id")
  func publicIsReserved() {
    expectOne(
      edited("  - id: hwb-chair\n", "  - id: public\n    role: Everyone\n  - id: hwb-chair\n"),
      at: "id: public", value: true, "'public' is kept for the public")
  }

  @Test("an id that names both a board and a person cannot be a receiver")
  func ambiguousReceiver() {
    let both = edited(
      "  - id: hwb-chair\n    role: Chair of the Health and Wellbeing Board\n",
      "  - id: hwb-chair\n    role: Chair of the Health and Wellbeing Board\n  - id: sab\n    role: The SAB as a body\n"
    )
    let found = problems(both)
    #expect(
      found.contains { $0.message.contains("'sab' names both a board and a person") } == false)
    let named = edited("hwb-chair]", "hwb-chair, sab]", in: both)
    #expect(
      problems(named).contains { $0.message.contains("'sab' names both a board and a person") })
  }
}
