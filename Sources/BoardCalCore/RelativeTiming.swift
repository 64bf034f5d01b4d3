/// What a relative window counts from: another duty met, or an event an officer recorded.
public enum TimingAnchor: Hashable, Sendable, CustomStringConvertible {
  /// The day this duty's obligation (of the same cycle and period) was recorded fulfilled; of
  /// several receivers', the earliest.
  case duty(String)
  /// The day an event of this name was recorded (`boardcal record event`): a Safeguarding Adults
  /// Review published, a change in the law.
  case event(String)

  public var description: String {
    switch self {
    case .duty(let id): return "'\(id)' is met"
    case .event(let name): return "the event '\(name)'"
    }
  }
}

/// How far ahead of another board's meeting a following meeting falls.
public enum MeetingLead: Hashable, Sendable, CustomStringConvertible {
  /// N working days before (the partnership's holidays excluded).
  case workingDays(Int)
  /// N weeks before; on a weekend or bank holiday, the working day before that.
  case weeks(Int)

  /// The day of the following meeting, for a meeting of the board it follows on `date`.
  public func date(before date: CivilDate, calendar: HolidayCalendar) -> CivilDate {
    switch self {
    case .workingDays(let n): return calendar.workingDays(n, before: date)
    case .weeks(let n): return calendar.previousWorkingDay(onOrBefore: date.adding(days: -7 * n))
    }
  }

  public var description: String {
    switch self {
    case .workingDays(let n): return "\(n) working day\(n == 1 ? "" : "s")"
    case .weeks(let n): return "\(n) week\(n == 1 ? "" : "s")"
    }
  }
}

/// An event an officer recorded, by the name a protocol uses for it, on the day it happened.
public struct RecordedEvent: Hashable, Sendable {
  public var name: String
  public var date: CivilDate

  public init(name: String, date: CivilDate) {
    self.name = name
    self.date = date
  }
}

extension CivilDate {
  /// The same day N months later (or earlier); a day past the month's end is its last day
  /// (31 January + 1 month = 28 or 29 February).
  public func adding(months: Int) -> CivilDate {
    let target = yearMonth.adding(months: months)
    return CivilDate(
      uncheckedYear: target.year, month: target.month,
      day: min(day, CivilDate.daysIn(year: target.year, month: target.month)))
  }
}

/// The window of an obligation due on a day rather than in a part of the cycle (a one-off duty,
/// "N months after", a review): from a month before its due day to a month after it. The
/// documents give such dates to the month ("a year after the review", "next review: January
/// 2018"), so a month either side lets the receiver's meeting nearest the day take it.
public enum DatedWindow {
  public static let monthsEitherSide = 1

  public static func around(_ due: CivilDate) -> DateSpan {
    DateSpan(
      start: due.adding(months: -monthsEitherSide), end: due.adding(months: monthsEitherSide))
  }
}

extension Cadence {
  /// How many months apart it falls due; nil for every meeting.
  public var months: Int? {
    switch self {
    case .annual: return 12
    case .sixMonthly: return 6
    case .quarterly: return 3
    case .everyMeeting: return nil
    case .everyYears(let n): return 12 * n
    }
  }
}

extension ProtocolReview {
  /// Without `also_within_months`: a review after an event is due within three months of it (an
  /// assumption: the documents say "on any change in the law" and give no time).
  public static let defaultWithinMonths = 3

  /// The id the review's obligations carry in place of a duty's.
  public static let dutyID = "protocol-review"

  /// The review's due days up to `last`, with the label each obligation's id ends in: `next`,
  /// then every cadence after it ("2018-01"), and within `alsoWithinMonths` of each recorded
  /// event it names ("after-law-change-2019-05-01").
  public func dueDates(through last: CivilDate, events: [RecordedEvent]) -> [(CivilDate, String)] {
    var found: [(CivilDate, String)] = []
    if let next, let step = cadence.months {
      var k = 0
      while true {
        let due = next.adding(months: k * step)
        guard due <= last else { break }
        found.append((due, due.yearMonth.iso))
        k += 1
      }
    }
    let regular = found.map(\.0)
    for event in events where alsoAfter.contains(event.name) {
      let due = event.date.adding(months: alsoWithinMonths)
      // A review already due between the event and this day is the review the event asks for:
      // one review, not two at the same meeting.
      guard due <= last, !regular.contains(where: { event.date <= $0 && $0 <= due }) else {
        continue
      }
      found.append((due, "after-\(event.name)-\(event.date.iso)"))
    }
    return found
  }
}

extension Duty {
  /// Whether its window is a day (`on`) or counts from something recorded (`after`): then its
  /// obligations come from `ObligationPlanner.dueDates`, not from every cycle.
  public var isDated: Bool {
    switch window {
    case .on, .after: return true
    default: return false
    }
  }
}

extension ObligationPlanner {
  /// The due days of a dated duty, each with the label its obligation's id ends in: its `on`
  /// day; N months after each fulfilment of the duty it follows (the earliest of each cycle and
  /// period, labelled "after-2021-22"); N months after each recorded event of its name.
  public static func dueDates(of duty: Duty, records: Records) -> [(CivilDate, String)] {
    switch duty.window {
    case .on(let date):
      return [(date, date.iso)]
    case .after(.duty(let other), let n):
      // An obligation id is "duty/receiver/cycle-and-period[/meeting]".
      var earliest: [String: CivilDate] = [:]
      for f in records.fulfilments where f.obligationID.hasPrefix("\(other)/") {
        let parts = f.obligationID.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { continue }
        let key = parts[2...].joined(separator: "/")
        earliest[key] = min(earliest[key] ?? f.date, f.date)
      }
      return earliest.sorted { $0.key < $1.key }.map { key, date in
        (date.adding(months: n), "after-\(key.replacingOccurrences(of: "/", with: "-"))")
      }
    case .after(.event(let name), let n):
      return records.events.filter { $0.name == name }.map {
        ($0.date.adding(months: n), $0.date.iso)
      }
    default:
      return []
    }
  }

  /// The protocol's own review as obligations: one per reviewing board and due day, owned and
  /// taken by that board (at its meeting nearest the day), done when a fulfilment is recorded.
  static func reviewObligations(
    of p: Partnership, in span: DateSpan, meetings byBoard: MeetingIndex, records: Records,
    adding result: inout [Obligation]
  ) {
    guard let review = p.review else { return }
    let last = min(
      span.end.adding(months: DatedWindow.monthsEitherSide),
      p.horizon.end ?? span.end.adding(months: 1))
    for (due, label) in review.dueDates(through: last, events: records.events) {
      let window = DatedWindow.around(due)
      guard window.overlaps(span), due >= p.horizon.start else { continue }
      let isEvent = label.hasPrefix("after-")
      for board in review.by {
        let report = Report(
          id: ProtocolReview.dutyID, name: "Review of the protocol", owner: board,
          cadence: review.cadence, provenance: review.provenance)
        let event =
          isEvent ? records.events.first { label == "after-\($0.name)-\($0.date.iso)" } : nil
        let duty = Duty(
          id: ProtocolReview.dutyID, report: report.id, receivers: [board], action: .present,
          window: event.map { .after(.event($0.name), months: review.alsoWithinMonths) }
            ?? .on(due),
          provenance: review.provenance)
        let cell = Cell(
          partnership: p, duty: duty, report: report, receiver: board,
          cycle: p.cycle(containing: window.start), period: window, label: "", ready: nil,
          follows: nil, dated: (label, due))
        let theirs = byBoard[board].filter { window.contains(byBoard.meetings[$0].date) }
        cell.slot(
          into: theirs, of: byBoard.meetings, everyMeeting: false, hasRoom: { _ in true },
          adding: &result)
      }
    }
  }
}

extension MeetingPattern {
  /// Whether the pattern (of `board`) yields a meeting on `day`: within its valid dates, its and
  /// the board's versions, and outside its suspensions.
  public func holds(on day: CivilDate, board: Board, in p: Partnership) -> Bool {
    if let from = validFrom, day < from { return false }
    if let until = validUntil, day > until { return false }
    return p.applies(versions, on: day) && p.applies(board.versions, on: day)
      && !suspensions.contains(where: { $0.span.contains(day) })
  }

  /// The board this pattern follows and how far ahead of its meetings, for a `before` pattern.
  public var leads: (board: String, lead: MeetingLead)? {
    if case .before(let board, let lead) = months { return (board, lead) }
    return nil
  }
}

extension MeetingPlanner {
  /// The meetings of boards whose patterns follow another board's (`before`): one ahead of each
  /// of `leaders`' meetings of that board, cancelled with it, moved with it, then with the
  /// following meeting's own records applied. Boards that follow a following board come after
  /// it; a cycle (refused by the validator) yields nothing.
  static func following(
    _ p: Partnership, leaders: [Meeting], records: [MeetingRecord], rules: DeadlineRules
  ) -> [Meeting] {
    // Most protocols have no such board: nothing to index.
    guard p.boards.contains(where: { $0.patterns.contains { $0.leads != nil } }) else {
      return []
    }
    var all = leaders
    var made: [Meeting] = []
    var ids = Set(leaders.map(\.id))
    var done: Set<String> = []
    var visiting: Set<String> = []
    func place(_ board: Board) {
      guard !done.contains(board.id), visiting.insert(board.id).inserted else { return }
      defer { visiting.remove(board.id) }
      let patterns = board.patterns.filter { $0.leads != nil }
      for pattern in patterns {
        if let first = p.board(pattern.leads!.board) { place(first) }
      }
      for pattern in patterns {
        let (leaderBoard, lead) = pattern.leads!
        let label = p.board(leaderBoard)?.label ?? leaderBoard
        let prefix = "\(p.id)-\(leaderBoard)-"
        for leader in all where leader.board == leaderBoard {
          let date = lead.date(before: leader.date, calendar: rules.calendar)
          guard pattern.holds(on: date, board: board, in: p) else { continue }
          let suffix =
            leader.id.hasPrefix(prefix) ? String(leader.id.dropFirst(prefix.count)) : leader.id
          var id = "\(p.id)-\(board.id)-\(suffix)"
          if ids.contains(id) { id += "-before-\(leaderBoard)" }
          ids.insert(id)
          let month = leader.slotMonth.monthName
          var meeting = Meeting(
            id: id, board: board.id, date: date,
            time: pattern.time ?? p.defaults.meetingTime,
            lengthMinutes: pattern.lengthMinutes ?? p.defaults.meetingLengthMinutes,
            slotMonth: leader.slotMonth, ruleDate: nil, isExplicit: false, title: nil,
            agenda: ((pattern.agenda[nil] ?? []) + (pattern.agenda[month] ?? [])).map {
              p.agendaItem($0, on: date)
            }, location: pattern.location ?? board.location, confidential: false,
            cancellation: leader.cancellation.map { _ in
              "the \(label) meeting of \(leader.date) it prepares for is cancelled"
            },
            paperDeadline: rules.paperDeadline(for: date),
            agendaPublication: rules.agendaPublication(
              for: date, councilCommittee: board.isCouncilCommittee),
            version: p.governingVersion(on: date)?.id, provenance: pattern.provenance)
          meeting.follows = leader.id
          for record in records where record.meetingID == id {
            apply(record.event, to: &meeting, of: p, rules: rules)
          }
          made.append(meeting)
          all.append(meeting)
        }
      }
      done.insert(board.id)
    }
    func isFollower(_ board: Board?) -> Bool {
      board?.patterns.contains { $0.leads != nil } ?? false
    }
    for board in p.boards where isFollower(board) { place(board) }
    return made
  }
}

extension Partnership {
  /// The events its duties' windows and its review count from: the names `boardcal record
  /// event` accepts.
  public var eventNames: Set<String> {
    var names = Set(review?.alsoAfter ?? [])
    for duty in duties {
      if case .after(.event(let name), _) = duty.window { names.insert(name) }
    }
    return names
  }

  /// Whether some obligation exists only once an event or a fulfilment is recorded.
  public var countsFromRecords: Bool {
    !eventNames.isEmpty
      || duties.contains {
        if case .after(.duty, _) = $0.window { return true }
        return false
      }
  }
}

extension Obligation {
  /// One of the protocol's reviews: the reviewing board's own task, at its own meeting.
  public var isReview: Bool { duty == ProtocolReview.dutyID }

  /// Who owes whom, in a title: "HWB to BSAB"; the board alone for a review or for what it owes
  /// itself.
  public func parties(owner: String, receiver: String) -> String {
    isReview || owner == receiver ? owner : "\(owner) to \(receiver)"
  }
}

extension Schedule {
  /// The day the protocol's review has been overdue since, as of a day: the earliest review due
  /// before `asOf` that came after the last one a record shows done (`fulfilled`: the ids of
  /// obligations recorded as met); nil when no review is overdue. A review recorded as done
  /// settles every review due before it.
  public func reviewOverdueSince(asOf: CivilDate, fulfilled: Set<String>) -> CivilDate? {
    let reviews = obligations.filter(\.isReview)
    let lastDone = reviews.filter { fulfilled.contains($0.id) }.compactMap(\.due).max()
    return reviews.filter { !fulfilled.contains($0.id) }.compactMap(\.due)
      .filter { due in due < asOf && lastDone.map { due > $0 } ?? true }.min()
  }
}
