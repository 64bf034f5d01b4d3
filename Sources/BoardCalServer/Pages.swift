import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Hummingbird

/// An HTML document, answered as `text/html`.
struct HTMLPage: ResponseGenerator {
  let text: String

  func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}

/// The HTML pages: each fills a page model (`PageModels.swift`) with words and dates and renders
/// it through its template (`PageTemplates`), which escapes every value. Statuses, slots and
/// dates come from the core (`BoardOutlook`, `Schedule.status`, `AlertPlanner` through
/// `PartnershipState`); what each page shows is what `Disclosure` lets the request's audience
/// see. Alerts and planning conflicts rest on internal working (paper deadlines, who is told,
/// private boards), so they are shown only where the audience sees the obligation (or the board)
/// at full detail: never to the public, which is told they are for officers.
struct Pages {
  let address: SiteAddress
  /// Who is asking.
  let audience: Audience
  /// The request's valid token, carried only in private feeds' subscribe links (pages know the
  /// holder by the cookie); nil for the public.
  let token: String?

  /// How many of a board's next meetings the partnership page lists.
  static let meetingsShown = 3
  /// How many of its next meetings a board's page lists.
  static let boardMeetingsShown = 6
  /// How many alerts the partnership page lists before it sends the reader to the overdue page.
  static let actionShown = 10
  /// How far ahead the partnership and board pages look.
  static let lookaheadDays = 365

  /// What the public is told on the pages that only officers may read.
  static let officersOnly =
    "This is for the partnership's officers: what needs action rests on paper deadlines and "
    + "names who is told. Open this page from an officer's link."
  static let conflictsOfficersOnly =
    "Planning conflicts name private boards, their meetings and the people who must attend: they "
    + "are for the partnership's officers. Open this page from an officer's link."

  // MARK: Index

  func index(_ partnerships: [(id: String, name: String, feeds: [FeedIndexEntry])]) -> String {
    let anyone = Disclosure(feedsOnly: audience)
    let listed = partnerships.map { p in
      let shown = p.feeds.filter {
        $0.events > 0 && anyone.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
      }
      return IndexPage.Partnership(
        id: p.id, name: p.name, href: link("\(p.id)/"),
        feeds: feedViews(shown.filter { !$0.private }),
        privateHref: shown.contains(where: \.private) ? link("\(p.id)/") : "")
    }
    return PageTemplates.render(
      IndexPage(
        frame: FrameView(home: link(""), crumbs: [], partnership: "", localLinks: []),
        partnerships: listed), as: "index")
  }

  // MARK: Partnership

  func partnership(
    id: String, _ state: PartnershipState?, feeds: [FeedIndexEntry], asOf: CivilDate?
  ) -> String {
    let p = state?.partnership
    let disclosure = p.map { Disclosure(audience, of: $0) } ?? Disclosure(feedsOnly: audience)
    let name = p?.name ?? id
    let groups: [(kind: FeedKind, title: String)] = [
      (.public, "Public meetings"), (.board, "Board calendars, for members"),
      (.duties, "What each board owes, for chairs"), (.person, "Personal calendars"),
    ]
    let feedGroups = groups.compactMap { group -> FeedGroupView? in
      let entries = feeds.filter {
        $0.kind == group.kind && $0.events > 0
          && disclosure.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
      }
      return entries.isEmpty ? nil : FeedGroupView(title: group.title, feeds: feedViews(entries))
    }
    var reviewOverdue = ""
    // Reviews from the first the protocol names: one recorded as done is not overdue.
    if let state, let next = p?.review?.next, let asOf, next < asOf,
      let due = state.schedule(span: DateSpan(start: next, end: asOf))
        .reviewOverdueSince(asOf: asOf, fulfilled: state.records.fulfilled)
    {
      reviewOverdue =
        "the protocol was due to be reviewed in \(due.yearMonth.monthName.name) \(due.year)."
    }
    var alerts: [Alert] = []
    var governed = ""
    var meetingsIntro = ""
    var boards: [PartnershipPage.Board] = []
    if let state, let asOf {
      alerts = visibleAlerts(state)
      let p = state.partnership
      let end = min(asOf.adding(days: Self.lookaheadDays), state.span.end)
      if asOf > end {
        governed =
          "The protocol governed from \(long(p.horizon.start)) to \(long(state.span.end)), when it "
          + "was replaced; no meetings are derived after that, and today is \(long(asOf))."
      } else {
        meetingsIntro =
          "As of \(long(asOf)), the next meetings of each board to \(long(end)) (up to \(Self.meetingsShown))."
        let schedule = state.schedule(span: DateSpan(start: asOf, end: end))
        boards = p.boards.filter { disclosure.board($0.id) }.map { board in
          let next = schedule.meetings.filter {
            $0.board == board.id && disclosure.meeting($0) > .hidden
          }.prefix(Self.meetingsShown)
          return PartnershipPage.Board(
            id: board.id, name: board.name, href: link("\(p.id)/boards/\(board.id)"),
            meetings: next.map { m in
              meetingView(
                m,
                items: schedule.expected(at: m, asOf: asOf) {
                  schedule.status(of: $0, in: p, asOf: asOf, records: state.records)
                }, p, heading: "h4", disclosure: disclosure
              ) { schedule.status(of: $0, in: p, asOf: asOf, records: state.records) }
            })
        }
      }
    }
    let page = PartnershipPage(
      frame: p.map { frame($0, up: false) }
        ?? FrameView(
          home: link(""), crumbs: [LinkView(href: link(""), text: "All partnerships")],
          partnership: name, localLinks: []),
      name: name, area: p?.area ?? "", reviewOverdue: reviewOverdue,
      asOf: asOf.map(long) ?? "",
      actionWithheld: state == nil
        ? "No protocol is loaded for this partnership: only its calendars are listed."
        : audience == .public ? Self.officersOnly : "",
      alerts: alertTable(
        Array(alerts.prefix(Self.actionShown)), state: state,
        caption: alerts.count > Self.actionShown
          ? "The \(Self.actionShown) that need action first, of \(alerts.count): missed, slipped, papers due, cannot be scheduled"
          : "What needs action first: missed, slipped, papers due, cannot be scheduled"),
      moreAlerts: alerts.count > Self.actionShown
        ? "All \(alerts.count) alerts, with who is told, on the overdue page" : "",
      overdueHref: link("\(id)/overdue"),
      governed: governed, meetingsIntro: meetingsIntro, boards: boards,
      jsonHref: link("api/\(id)/schedule"),
      jsonPath: address.path("api/\(id)/schedule"), feedGroups: feedGroups)
    return PageTemplates.render(page, as: "partnership")
  }

  /// missed, slipped, papers due, unschedulable: the order in which things need action.
  static func urgency(_ status: ObligationStatus) -> Int {
    switch status {
    case .missed: 0
    case .slipped: 1
    case .papersDue: 2
    case .unschedulable: 3
    case .scheduled, .done, .untracked: 4
    }
  }

  // MARK: Board

  /// A board's page (the "Board page" link in the feeds): what it owes, what is coming to its
  /// next meetings, and its calendars. Only for an audience that may see the board.
  func board(_ board: Board, of state: PartnershipState, feeds: [FeedIndexEntry], asOf: CivilDate)
    -> String
  {
    let p = state.partnership
    let disclosure = Disclosure(audience, of: p)
    var facts = [board.isPublic ? "Meets in public." : "Meets in private."]
    for (role, id) in [("Chair", board.chair), ("Lead officer", board.leadOfficer)] {
      if let id { facts.append("\(role): \(p.person(id)?.displayName ?? id).") }
    }
    if let shared = board.shared {
      // A shared board (Protocols/README.md, "Shared boards"): the areas it serves, and that
      // this page shows what one partnership's protocol says of it.
      facts.append(
        "Serves \(shared.servesText) (\(shared.name)); this page shows what the \(p.name) protocol brings to it and asks of it."
      )
    }
    let outlook = state.outlook(board: board.id, asOf: asOf, days: Self.lookaheadDays)
    // First what needs action (the alerts about what the board owes), then the rest it owes in
    // the coming year.
    let alerts = visibleAlerts(state).filter { $0.obligation.owner == board.id }
    let alerted = Set(alerts.map(\.obligation.id))
    var rows: [(o: Obligation, status: ObligationStatus, why: String, detail: Detail)] =
      alerts.map { ($0.obligation, $0.status, $0.reason, .full) }
    for o in outlook.owes where !alerted.contains(o.id) {
      let detail = disclosure.obligation(o)
      guard detail > .hidden else { continue }
      rows.append(
        (o, disclosure.status(outlook.status(o), detail: detail), unschedulableReason(o), detail))
    }
    let showPapers = rows.contains { $0.detail == .full }
    let duties = rows.map { row in
      BoardPage.Duty(
        status: statusView(row.status), action: actionWord(row.o),
        report: row.o.reportName, cycle: p.cycleLabel(row.o.cycle),
        to: p.receiverName(row.o), when: slotText(row.o, p),
        why: row.why,
        papersDue: row.detail == .full ? (row.o.paperDeadline.map(long) ?? "—") : "")
    }
    let meetings = outlook.meetings.filter { disclosure.meeting($0) > .hidden }
      .prefix(Self.boardMeetingsShown)
    let own = feeds.filter {
      $0.events > 0
        && ($0.subject == board.id
          || ($0.kind == .public && Disclosure(.public, of: p).board(board.id)))
        && disclosure.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
    }
    // A renamed board is called by the name it has on the day.
    let (boardName, boardLabel) = (board.name(on: asOf), board.label(on: asOf))
    let page = BoardPage(
      frame: frame(p, up: true),
      title: "\(boardName) — \(p.name)", name: boardName, label: boardLabel,
      facts: (facts + [p.lifeNote(of: board.id, asOf: asOf)].compactMap { $0 }).joined(
        separator: " "),
      owesIntro: alerts.isEmpty
        ? "As of \(long(asOf)), what \(boardLabel) must present, consult on or inform in the coming year."
        : "As of \(long(asOf)): first what needs action, then what \(boardLabel) must present, consult on or inform in the coming year.",
      dutiesCaption: "What \(boardLabel) owes, as of \(long(asOf))", showPapers: showPapers,
      duties: duties,
      meetingsIntro:
        "Up to \(Self.boardMeetingsShown) meetings from \(long(asOf)) to \(long(outlook.until)), with their standing items and what each will take.",
      meetings: meetings.map { m in
        meetingView(
          m, items: outlook.expected(at: m), p, heading: "h3",
          disclosure: disclosure,
          status: outlook.status)
      },
      feeds: feedViews(own))
    return PageTemplates.render(page, as: "board")
  }

  // MARK: Overdue

  /// The alerts as of the state's day: since when, why, who is told and what the alert log says.
  func overdue(_ state: PartnershipState) -> String {
    let p = state.partnership
    let alerts = visibleAlerts(state)
    let p0 = p.defaults
    let page = OverduePage(
      frame: frame(p, up: true),
      name: p.name, asOfISO: state.asOf.iso, asOf: long(state.asOf),
      withheld: audience == .public ? Self.officersOnly : "",
      intro:
        "Each duty that is missed, has slipped, has papers due within \(p0.warningWorkingDays) working days, or cannot be scheduled, in this financial year and the one before. "
        + "Alerts go to the lead officers of the owning and the receiving board; a missed duty still open after \(p0.escalationWorkingDays) working days is escalated to both chairs.",
      alerts: alertTable(alerts, state: state, caption: "Alerts as of \(long(state.asOf))"))
    return PageTemplates.render(page, as: "overdue")
  }

  // MARK: Conflicts

  /// The planning conflicts over the state's span, as far as the audience sees what each is about.
  func conflicts(_ state: PartnershipState) -> String {
    let p = state.partnership
    let disclosure = Disclosure(audience, of: p)
    let (schedule, found) = state.conflicts()
    let obligations = Dictionary(
      schedule.obligations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let meetings = Dictionary(
      schedule.meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    func seen(_ c: Conflict) -> Bool {
      if disclosure.audience == .officer { return true }
      if let ids = c.meetings,
        !ids.allSatisfy({ meetings[$0].map { disclosure.meeting($0) == .full } ?? false })
      {
        return false
      }
      if let id = c.obligation {
        return obligations[id].map { disclosure.obligation($0) == .full } ?? false
      }
      if let board = c.board {
        return schedule.meetings.first { $0.board == board }.map {
          disclosure.meeting($0) == .full
        } ?? false
      }
      return false
    }
    let rows = found.filter(seen).map {
      ConflictsPage.Row(
        kind: $0.kind, cycle: $0.cycle ?? "",
        board: $0.board.map { p.board($0)?.label ?? $0 } ?? "",
        explanation: $0.explanation)
    }
    let page = ConflictsPage(
      frame: frame(p, up: true),
      name: p.name, fromISO: schedule.span.start.iso,
      from: long(schedule.span.start), toISO: schedule.span.end.iso, to: long(schedule.span.end),
      withheld: audience == .public ? Self.conflictsOfficersOnly : "",
      intro:
        "What cannot be scheduled, windows with no meeting of the receiver, overloaded meetings, people due at two meetings at once, and the protocol's own problems: to settle before the year starts.",
      caption: "\(rows.count) planning conflict\(rows.count == 1 ? "" : "s")", rows: rows)
    return PageTemplates.render(page, as: "conflicts")
  }

  // MARK: Forward plan

  func forwardPlan(_ plan: ForwardPlan) -> String {
    let p = plan.partnership
    let disclosure = plan.disclosure
    let rows = plan.entries.map { entry in
      let m = entry.meeting
      return ForwardPlanPage.Row(
        datetime: "\(m.date.iso)T\(m.time)", when: long(m.date),
        board: p.board(m.board)?.name(on: m.date) ?? m.board,
        boardHref: disclosure.board(m.board) ? link("\(p.id)/boards/\(m.board)") : "",
        time: m.time.description, title: m.title ?? "", location: m.location ?? "",
        cancellation: m.cancellation ?? "",
        items: entry.items.map {
          itemView($0.obligation, at: m, status: $0.status, detail: $0.detail, p)
        },
        papersDue: entry.detail == .full && !m.isCancelled ? long(m.paperDeadline) : "")
    }
    func year(_ cycle: Int) -> String { yearLink("\(p.id)/forward-plan", cycle) }
    let page = ForwardPlanPage(
      frame: frame(p, up: true),
      name: p.name, cycle: plan.label, fromISO: plan.span.start.iso,
      from: long(plan.span.start), toISO: plan.span.end.iso, to: long(plan.span.end),
      asOf: long(plan.asOf), previousCycle: p.cycleLabel(plan.cycle - 1),
      previousHref: year(plan.cycle - 1), nextCycle: p.cycleLabel(plan.cycle + 1),
      nextHref: year(plan.cycle + 1),
      csvHref: yearLink("\(p.id)/forward-plan.csv", plan.cycle),
      icsHref: yearLink("\(p.id)/forward-plan.ics", plan.cycle),
      jsonHref: yearLink("api/\(p.id)/forward-plan", plan.cycle),
      caption:
        "\(rows.count) meeting\(rows.count == 1 ? "" : "s") in \(plan.label), from \(long(plan.span.start)) to \(long(plan.span.end))",
      showPapers: plan.entries.contains { $0.detail == .full }, rows: rows)
    return PageTemplates.render(page, as: "forwardPlan")
  }

  // MARK: Parts

  /// The alerts whose obligation the audience sees at full detail (alerts rest on paper deadlines
  /// and name who is told): all of them for officers, those about their own boards for a person,
  /// none for the public. In the order they need action: missed, slipped, papers due,
  /// unschedulable, each the oldest first.
  func visibleAlerts(_ state: PartnershipState) -> [Alert] {
    let disclosure = Disclosure(audience, of: state.partnership)
    return state.alerts(asOf: state.asOf).alerts.filter {
      disclosure.obligation($0.obligation) == .full
    }.sorted {
      (Self.urgency($0.status), $0.since, $0.key) < (Self.urgency($1.status), $1.since, $1.key)
    }
  }

  /// Alerts as table rows, each recipient with what the alert log says about them.
  func alertTable(_ alerts: [Alert], state: PartnershipState?, caption: String) -> AlertTableView {
    guard let state else { return AlertTableView(caption: caption, showTold: true, rows: []) }
    let p = state.partnership
    let log = state.alertLog
    var noAddress: [String] = []
    var unnamed: [String] = []
    let rows = alerts.map { alert -> AlertTableView.Row in
      let o = alert.obligation
      let lines = (log ?? []).filter { $0.delivery.alertKey == alert.key }
      var told = alert.recipients.map { r in
        let logged = lines.filter { $0.delivery.recipient == r.person }
        // Nobody can tell someone with no address: say so (how to give one is said once, above
        // the table), rather than "not told yet".
        let unreachable = logged.isEmpty && r.email == nil
        if unreachable {
          let listed = "\(r.name ?? r.role) (\(r.person))"
          if !noAddress.contains(listed) { noAddress.append(listed) }
        }
        return AlertTableView.Told(
          who: r.name ?? r.role, capacity: r.capacity,
          log: unreachable ? "no email address" : logText(logged, known: log != nil))
      }
      let named = Set(alert.recipients.map(\.person))
      for line in lines where !named.contains(line.delivery.recipient) {
        told.append(
          AlertTableView.Told(
            who: line.delivery.recipient, capacity: line.delivery.channel,
            log: logText([line], known: true)))
      }
      for role in alert.unaddressed where !unnamed.contains(role) { unnamed.append(role) }
      let owner = p.label(of: o.owner, on: o.day)
      let receiver = p.receiverLabel(o)
      var when = slotText(o, p)
      if let deadline = o.paperDeadline { when += "; papers due by \(long(deadline))" }
      return AlertTableView.Row(
        status: statusView(alert.status), escalated: alert.escalated, sinceISO: alert.since.iso,
        since: long(alert.since), duty: o.sentence(owner: owner, receiver: receiver),
        cycle: p.cycleLabel(o.cycle), when: when, why: alert.reason, told: told,
        unaddressed: alert.unaddressed.isEmpty
          ? "" : "Nobody is named as \(Wording.list(alert.unaddressed, conjunction: "or")).")
    }
    return AlertTableView(
      caption: caption, showTold: true, rows: rows, noAddress: Wording.list(noAddress),
      unnamed: Wording.list(unnamed))
  }

  /// What the alert log says about one recipient: sent when, or being sent, or nothing yet.
  func logText(_ lines: [AlertLogEntry], known: Bool) -> String {
    guard known else { return "" }
    guard !lines.isEmpty else { return "not told yet" }
    return lines.map { line in
      switch line.state {
      case .sent: "told by \(line.delivery.channel) on \(instant(line.sentAt ?? line.claimedAt))"
      case .sending: "being told by \(line.delivery.channel) since \(instant(line.claimedAt))"
      }
    }.joined(separator: "; ")
  }

  /// "Monday 30 November 2026 at 07:00 UTC", from the alert log's `2026-11-30T07:00:00.000Z`.
  func instant(_ text: String) -> String {
    guard text.count >= 16, let day = CivilDate(iso: String(text.prefix(10))) else { return text }
    return "\(long(day)) at \(text.dropFirst(11).prefix(5)) UTC"
  }

  /// One meeting with the items slotted there that the audience may see, each with its status.
  func meetingView(
    _ m: Meeting, items: [Obligation], _ p: Partnership, heading: String,
    disclosure: Disclosure, status: (Obligation) -> ObligationStatus
  ) -> MeetingView {
    let detail = disclosure.meeting(m)
    return MeetingView(
      heading: heading, datetime: "\(m.date.iso)T\(m.time)", when: "\(long(m.date)), \(m.time)",
      title: m.title ?? "", location: m.location ?? "", cancellation: m.cancellation ?? "",
      moved: m.moveReason.map {
        $0 == Meeting.movedWithoutReason ? "Moved from its usual day." : "Moved: \($0)."
      } ?? (m.ruleDate != nil ? "Moved: the usual day is not a working day." : ""),
      // A cancelled meeting takes no papers and publishes no agenda.
      papersDue: detail == .full && !m.isCancelled ? long(m.paperDeadline) : "",
      agendaPublished: m.isCancelled ? "" : m.agendaPublication.map(long) ?? "",
      confidential: detail == .full && m.confidential, standing: m.agenda,
      items: items.compactMap { o in
        let shown = disclosure.obligation(o)
        guard shown > .hidden else { return nil }
        return itemView(
          o, at: m, status: disclosure.status(status(o), detail: shown), detail: shown, p)
      }, id: detail == .full ? m.id : "")
  }

  /// An item due at meeting `m`: slotted there, or slipped past an earlier meeting and carried
  /// to this one (`Schedule.expected`), which it then says.
  func itemView(
    _ o: Obligation, at m: Meeting, status: ObligationStatus, detail: Detail, _ p: Partnership
  ) -> ItemView {
    let carried = o.slot.meetingID != m.id ? o.slot.date : nil
    return ItemView(
      action: actionWord(o), report: o.reportName,
      from: p.label(of: o.owner, on: o.day),
      confidential: detail == .full && o.confidential, status: statusView(status),
      slippedFrom: carried.map { "slipped from the meeting on \(long($0))" } ?? "")
  }

  /// Where an obligation is slotted, in words; when a copy or a publication is due.
  func slotText(_ o: Obligation, _ p: Partnership) -> String {
    if let due = o.dueWords { return due }
    let receiver = p.label(of: o.receiver, on: o.day)
    switch o.slot {
    case .meeting(_, let date): return "at the \(receiver) meeting on \(long(date))"
    case .circulation(let date):
      return "circulated by \(long(date)) (no \(receiver) meeting in the window)"
    case .unschedulable: return "cannot be scheduled (\(o.windowText))"
    }
  }

  /// Why no meeting can take an obligation, or nothing when one can.
  func unschedulableReason(_ o: Obligation) -> String {
    if case .unschedulable(let reason) = o.slot { return reason }
    return ""
  }

  func actionWord(_ o: Obligation) -> String {
    if o.receiverKind == .person { return "Send a copy" }
    return o.action == .invite ? "Invited" : o.action.rawValue.capitalized
  }

  func statusView(_ status: ObligationStatus) -> StatusView {
    StatusView(
      ObligationStatusWord(
        text: status == .papersDue ? "papers due" : status.rawValue, css: status.rawValue))
  }

  func feedViews(_ entries: [FeedIndexEntry]) -> [FeedView] {
    entries.map { entry in
      let token = entry.private ? self.token : nil
      return FeedView(
        name: entry.name, events: entry.events, webcal: address.webcal(entry.path, token: token),
        web: address.web(entry.path, token: token))
    }
  }

  /// The frame of a partnership's page: breadcrumbs back to every partnership (and, `up`, to
  /// this one's page), and the links between its pages.
  func frame(_ p: Partnership, up: Bool) -> FrameView {
    var crumbs = [LinkView(href: link(""), text: "All partnerships")]
    if up { crumbs.append(LinkView(href: link("\(p.id)/"), text: p.name)) }
    return FrameView(
      home: link(""), crumbs: crumbs, partnership: p.name, localLinks: localLinks(p))
  }

  /// The pages of one partnership, linked from each of them.
  func localLinks(_ p: Partnership) -> [LinkView] {
    [
      LinkView(href: link("\(p.id)/"), text: "Boards and meetings"),
      LinkView(href: link("\(p.id)/overdue"), text: "Overdue and at risk"),
      LinkView(href: link("\(p.id)/conflicts"), text: "Planning conflicts"),
      LinkView(href: link("\(p.id)/forward-plan"), text: "Forward plan"),
    ]
  }

  /// A page's path. It never carries the token: a page opened with one sets a cookie
  /// (`AccessMiddleware`), and the browser sends that with every link followed.
  func link(_ relative: String) -> String { address.path(relative) }

  /// A path with `?year=`.
  func yearLink(_ relative: String, _ year: Int) -> String {
    address.path(relative) + "?year=\(year)"
  }

  /// "Tuesday 1 June 2021".
  func long(_ d: CivilDate) -> String { d.spelledOut }
}
