// The forward plan: one financial year's meetings across a partnership's boards, with the reports
// each will take. The page, the CSV, the JSON and the calendar of `/P/forward-plan` are all made
// from the one `ForwardPlan` value, so they cannot disagree.

import BoardCalCore

/// One financial year (cycle) of a partnership's meetings, across every board the audience may
/// see, each with the items it will take that the audience may see (slotted there, or slipped
/// past an earlier meeting and carried to it: `Schedule.expected`) and their statuses as of a day.
public struct ForwardPlan: Sendable {
  /// One meeting of the year and what it will take.
  public struct Entry: Sendable {
    public let meeting: Meeting
    /// How much of the meeting the audience may see (`.open` or `.full`).
    public let detail: Detail
    /// The items the meeting will take that the audience may see: those slotted there, in the
    /// schedule's order, then those carried to it.
    public let items: [Item]
  }

  /// One report (or invitation) due at a meeting.
  public struct Item: Sendable {
    public let obligation: Obligation
    /// How much of the obligation the audience may see (`.open` or `.full`).
    public let detail: Detail
    /// Its status on the plan's day, as the audience may see it (`Disclosure.status`).
    public let status: ObligationStatus
    /// The day of the earlier meeting it slipped past, when it is carried to this one.
    public let slippedFrom: CivilDate?
  }

  public let partnership: Partnership
  /// The cycle's first year: 2021 for 2021-22.
  public let cycle: Int
  /// The cycle's first and last day.
  public let span: DateSpan
  /// The day statuses are worked out for.
  public let asOf: CivilDate
  /// Who the plan is for.
  public let disclosure: Disclosure
  /// The schedule the plan was taken from (it reaches past the cycle's edges for slotting).
  public let schedule: Schedule
  /// The year's meetings the audience may see, in date order.
  public let entries: [Entry]

  /// The meetings of `schedule` inside cycle `cycle`, each with its visible items; statuses as of
  /// `asOf` with `records`' fulfilments, through the core's status rule.
  public init(
    _ p: Partnership, cycle: Int, schedule: Schedule, records: Records, asOf: CivilDate,
    disclosure: Disclosure
  ) {
    partnership = p
    self.cycle = cycle
    span = p.cycleSpan(cycle)
    self.asOf = asOf
    self.disclosure = disclosure
    self.schedule = schedule
    entries = schedule.meetings.compactMap { [span] m in
      let detail = disclosure.meeting(m)
      guard span.contains(m.date), detail > .hidden else { return nil }
      func status(_ o: Obligation) -> ObligationStatus {
        schedule.status(of: o, in: p, asOf: asOf, records: records)
      }
      let items = schedule.expected(at: m, asOf: asOf, status: status).compactMap {
        o -> Item? in
        let shown = disclosure.obligation(o)
        guard shown > .hidden else { return nil }
        return Item(
          obligation: o, detail: shown, status: disclosure.status(status(o), detail: shown),
          slippedFrom: o.slot.meetingID != m.id ? o.slot.date : nil)
      }
      return Entry(meeting: m, detail: detail, items: items)
    }
  }

  /// "2021-22".
  public var label: String { partnership.cycleLabel(cycle) }
}

/// `GET /api/P/forward-plan?year=YYYY`: `{"partnership", "partnership_name", "cycle": "2021-22",
/// "year": 2021, "from", "to", "as_of", "meetings": [MEETING with "incoming": [OBLIGATION with
/// status]]}`, each meeting and obligation as in `boardcal schedule --json`, as much of each as
/// the audience may see.
public struct ForwardPlanJSON: Encodable, Sendable {
  public let partnership: String
  public let partnershipName: String
  public let cycle: String
  public let year: Int
  public let from: CivilDate
  public let to: CivilDate
  public let asOf: CivilDate
  public let meetings: [MeetingJSON]

  public init(_ plan: ForwardPlan) {
    let p = plan.partnership
    partnership = p.id
    partnershipName = p.name
    cycle = plan.label
    year = plan.cycle
    from = plan.span.start
    to = plan.span.end
    asOf = plan.asOf
    meetings = plan.entries.map { entry in
      var view = MeetingJSON(entry.meeting, p, detail: entry.detail)
      view.incoming = entry.items.map {
        ObligationJSON($0.obligation, p, status: $0.status, detail: $0.detail)
      }
      return view
    }
  }
}

extension ForwardPlan {
  /// The columns of `csv`, in order.
  public static let csvColumns = [
    "date", "time", "board", "board_name", "meeting", "title", "location", "cancelled",
    "paper_deadline", "agenda_publication", "action", "report", "report_name", "from", "status",
    "slipped_from",
  ]

  /// The plan as CSV (RFC 4180: a header row, CRLF line ends, fields quoted where they hold a
  /// comma, a quote or a line break): one row per item due at a meeting, and one row with empty
  /// item columns for a meeting that takes none. What the audience may not see is left empty.
  /// An item carried to a later meeting has the date of the meeting it slipped past in
  /// `slipped_from`.
  public var csv: String {
    let p = partnership
    var lines = [Self.csvColumns.map(CSVField.quoted).joined(separator: ",")]
    for entry in entries {
      let m = entry.meeting
      let meeting = [
        m.date.iso, m.time.description, m.board, p.board(m.board)?.name(on: m.date) ?? m.board,
        m.id,
        m.title ?? "", m.location ?? "", m.isCancelled ? "yes" : "",
        entry.detail == .full ? m.paperDeadline.iso : "", m.agendaPublication?.iso ?? "",
      ]
      let rows: [[String]] =
        entry.items.isEmpty
        ? [meeting + ["", "", "", "", "", ""]]
        : entry.items.map { item in
          let o = item.obligation
          return meeting + [
            o.action.rawValue, o.report, o.reportName, o.owner, item.status.rawValue,
            item.slippedFrom?.iso ?? "",
          ]
        }
      lines += rows.map { $0.map(CSVField.quoted).joined(separator: ",") }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}

/// One CSV field as RFC 4180 writes it, safe to open in a spreadsheet.
enum CSVField {
  /// The text as it is, or in double quotes (each quote doubled) when it holds a comma, a quote,
  /// a carriage return or a line feed. Text a spreadsheet would run as a formula (starting with
  /// `=`, `+`, `-`, `@`, a tab or a carriage return: a report named "=HYPERLINK(…)") gets a `'`
  /// in front, so it is shown as text (OWASP's advice on CSV injection).
  static func quoted(_ text: String) -> String {
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      return quoted("'" + text)
    }
    guard text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension FeedPlanner {
  /// The forward plan as one calendar: each meeting of the year as its feeds show it to the
  /// plan's audience (the same event, with the same UID, as in the board's or the public feed),
  /// without the paper-deadline entries.
  public static func forwardPlanFeed(_ plan: ForwardPlan, options: FeedOptions = FeedOptions())
    -> Feed
  {
    let p = plan.partnership
    let text = FeedText(p: p, schedule: plan.schedule, options: options)
    return Feed(
      path: "\(p.id)/forward-plan-\(plan.label).ics",
      name: Feed.headerText("Forward plan \(plan.label) — \(p.area ?? p.name)"),
      description: Feed.headerText(
        "The \(plan.label) meetings of the \(p.name) boards and the reports each will take."),
      kind: plan.disclosure.audience == .public ? .public : .board, subject: nil,
      isPrivate: plan.disclosure.audience != .public,
      events: plan.entries.compactMap {
        text.meetingEvents($0.meeting, for: plan.disclosure).first
      })
  }
}
