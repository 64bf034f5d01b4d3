/// Where an obligation is to be met.
public enum Slot: Hashable, Sendable {
  /// At this meeting of the receiving board.
  case meeting(id: String, date: CivilDate)
  /// An inform with no meeting in its window: circulated by this date. For a copy to a person
  /// or a publication (`Obligation.isByDate`): the day it is due.
  case circulation(CivilDate)
  /// A present or consult with no receiver meeting it can go to; the reason says why.
  case unschedulable(String)

  public var date: CivilDate? {
    switch self {
    case .meeting(_, let date), .circulation(let date): return date
    case .unschedulable: return nil
    }
  }

  public var meetingID: String? {
    if case .meeting(let id, _) = self { return id }
    return nil
  }
}

/// One duty in one cycle towards one receiver: a window of real dates and the slot that should take it.
public struct Obligation: Hashable, Sendable {
  /// Stable: duty, receiver, cycle and (for repeating cadences) the period within it.
  public let id: String
  public let duty: String
  public let report: String
  public let reportName: String
  public let owner: String
  public let receiver: String
  public let action: DutyAction
  /// The financial year, by the calendar year it starts in.
  public let cycle: Int
  public let window: DateSpan
  public let windowText: String
  public let slot: Slot
  /// Papers for the slot's meeting are due by this date.
  public let paperDeadline: CivilDate?
  /// For a council committee's meeting: the agenda publication date.
  public let agendaPublication: CivilDate?
  /// The report is not ready before its sign-off meeting, when the protocol names one.
  public let readyOn: CivilDate?
  /// The period the report is about ("2021-22" for an annual report presented in 2022-23), when
  /// the report says.
  public let covers: DateSpan?
  public let coversLabel: String?
  public let presentedBy: String?
  public let confidential: Bool
  public let provenance: Provenance
  /// Owed at every meeting: this one is owed to its own meeting, and the next meeting has its
  /// own, so when its meeting passes without it, it is missed, not slipped to the next.
  public var owedAtItsMeeting = false
  /// A board, a person sent a copy, or the public (a publication): the kind of `receiver`.
  public internal(set) var receiverKind: ReceiverKind = .board
  /// For a one-off, relative or review obligation: the day it falls due (its window is a month
  /// either side).
  public var due: CivilDate? = nil

  /// The last day it can be fulfilled: its meeting's, when owed at every meeting; its due day,
  /// for a copy or a publication; else the window's end.
  public var lastDay: CivilDate {
    owedAtItsMeeting || isByDate ? slot.date ?? window.end : window.end
  }

  /// "BSAB must present 'Annual Report' to SSBPB", in the words of the action
  /// (`DutyAction.sentence`).
  public func sentence(owner: String, receiver: String) -> String {
    // A board's own task at its own meeting.
    if isReview {
      return "\(owner) must carry out '\(reportName)'"
    }
    return action.sentence(
      owner: owner, report: reportName, receiver: receiver, kind: receiverKind)
  }

  public var isUnschedulable: Bool {
    if case .unschedulable = slot { return true }
    return false
  }
}

/// Turns duties into obligations per cycle and places each in the receiver's meetings (Semantics 6).
public enum ObligationPlanner {
  /// Every obligation whose window starts in a cycle that overlaps `span`, slotted into `meetings`;
  /// with `records`, also those of dated duties counting from a fulfilment or an event, and the
  /// protocol's review.
  public static func obligations(
    of partnership: Partnership, in span: DateSpan, meetings: [Meeting], records: Records = .none
  ) -> [Obligation] {
    // Each board's meetings that are held, as positions in `meetings` (in its order): placing
    // reads them where they are, never copying a meeting.
    let byBoard = MeetingIndex(meetings)
    // A window opened in the cycle before the span (December to April) may still be open in it.
    let cycles =
      (partnership.cycle(containing: span.start) - 1)...partnership.cycle(containing: span.end)
    var result: [Obligation] = []
    // The latest slot of each duty's obligations in each cycle: what a duty that must come
    // after it has to follow.
    var latest: [String: [Int: CivilDate]] = [:]
    // How many items each meeting has taken, by its position in `meetings`: a board with a
    // capacity gets its items spread.
    var load = [Int](repeating: 0, count: meetings.count)
    let holders = DutyHolders(partnership)
    let capacities = Dictionary(
      partnership.boards.map { ($0.id, $0.capacity) }, uniquingKeysWith: { a, _ in a })
    // The ids made so far: a successor of two receivers of a duty is owed it once.
    var owed: Set<String> = []
    for position in inOrder(partnership.duties) {
      let duty = partnership.duties[position]
      guard let report = partnership.report(duty.report) else { continue }
      let cadence = duty.cadence ?? report.cadence
      let anchor = duty.anchorYear ?? report.anchorYear
      /// One duty towards its receivers in one period of a cycle.
      func place(
        cycle: Int, period: DateSpan, label: String, dated: (String, CivilDate)?,
        follows: (String, CivilDate)?
      ) {
        for receiver in duty.takers {
          // Owed only while a board holds the receiver's duties and one holds the report
          // (the boards themselves, or their successors from the day they were replaced).
          let receiving = holders.holders(of: receiver, over: period, skipping: duty.receivers)
          let owning = holders.holders(of: report.owner, over: period)
          guard let firstReceiving = receiving.first, let lastReceiving = receiving.last,
            let firstOwning = owning.first, let lastOwning = owning.last,
            max(firstReceiving.span.start, firstOwning.span.start)
              <= min(lastReceiving.span.end, lastOwning.span.end)
          else { continue }
          let lived = DateSpan(
            start: max(firstReceiving.span.start, firstOwning.span.start),
            end: min(lastReceiving.span.end, lastOwning.span.end))
          let cell = Cell(
            partnership: partnership, duty: duty, report: report,
            receiver: receiving.last { $0.span.start <= lived.end }?.board ?? receiver,
            owners: owning,
            cycle: cycle, period: lived, label: label,
            // Signed off at the owner's meetings, or its successor's, up to the period's end.
            ready: report.signedOff == nil
              ? nil
              : readyDate(
                of: report, before: lived.end,
                meetings: byBoard,
                of: holders.holders(
                  of: report.owner, over: DateSpan(start: .earliest, end: lived.end))),
            follows: follows, dated: dated)
          let theirs = receiving.flatMap { h in
            byBoard[h.board].filter {
              h.span.contains(meetings[$0].date) && lived.contains(meetings[$0].date)
            }
          }
          let made = result.count
          cell.slot(
            into: theirs, of: meetings, everyMeeting: dated == nil && cadence == .everyMeeting,
            hasRoom: { position in
              let capacity =
                capacities[meetings[position].board] ?? partnership.defaults.meetingCapacity
              return capacity.map { load[position] < $0 } ?? true
            }, adding: &result)
          var k = made
          while k < result.count {
            // Two receivers replaced by one successor: it is owed the duty once.
            guard owed.insert(result[k].id).inserted else {
              result.remove(at: k)
              continue
            }
            if duty.action.owesPapers, let id = result[k].slot.meetingID,
              let taken = theirs.first(where: { meetings[$0].id == id })
            {
              load[taken] += 1
            }
            if let date = result[k].slot.date {
              latest[duty.id, default: [:]][cycle] = max(latest[duty.id]?[cycle] ?? date, date)
            }
            k += 1
          }
        }
      }
      if duty.isDated {
        for (due, label) in dueDates(of: duty, records: records) {
          let window = DatedWindow.around(due)
          let cycle = partnership.cycle(containing: window.start)
          let follows = duty.after.compactMap { before in
            latest[before]?[cycle].map { (before, $0) }
          }.max { $0.1 < $1.1 }
          guard window.overlaps(span), due >= partnership.horizon.start,
            partnership.horizon.end.map({ due <= $0 }) ?? true,
            partnership.applies(duty.versions, on: due),
            partnership.applies(report.versions, on: due)
          else { continue }
          place(cycle: cycle, period: window, label: "", dated: (label, due), follows: follows)
        }
        continue
      }
      for cycle in cycles {
        let follows = duty.after.compactMap { before in
          latest[before]?[cycle].map { (before, $0) }
        }.max { $0.1 < $1.1 }
        if case .everyYears(let n) = cadence {
          guard let anchor, (cycle - anchor) % n == 0 else { continue }
        }
        guard let window = resolve(duty.window, cycle: cycle, in: partnership),
          // Only what the protocol imposed while it governed.
          window.start >= partnership.horizon.start,
          partnership.horizon.end.map({ window.start <= $0 }) ?? true,
          partnership.applies(duty.versions, on: window.start),
          partnership.applies(report.versions, on: window.start)
        else { continue }
        for (period, label) in periods(of: window, cadence: cadence, cycle: cycle, in: partnership)
        {
          place(cycle: cycle, period: period, label: label, dated: nil, follows: follows)
        }
      }
    }
    reviewObligations(
      of: partnership, in: span, meetings: byBoard, records: records, adding: &result)
    result.removeAll { !$0.window.overlaps(span) }
    return result
  }

  /// One duty towards one receiver in one period: the obligations it yields.
  struct Cell {
    let partnership: Partnership
    let duty: Duty
    let report: Report
    /// Who receives it when no meeting takes it: the board holding the receiver's duties at the
    /// period's end (a meeting that takes it is the receiving board's own).
    let receiver: String
    /// The boards holding the report over the period: the owner, then its successors.
    var owners: [(board: String, span: DateSpan)] = []
    let cycle: Int
    let period: DateSpan
    let label: String
    let ready: CivilDate?
    /// The duty this one must follow in the cycle, and the day its last obligation is slotted.
    let follows: (duty: String, date: CivilDate)?
    /// For a dated duty (`on`, `after`, a review): what its id ends in, and its due day.
    var dated: (label: String, due: CivilDate)? = nil

    /// A statutory date ("by 31 July") stays on its day, even at a weekend.
    var statutory: Bool {
      if case .by = duty.window { return true }
      return false
    }

    var baseID: String { baseID(receiver) }

    func baseID(_ receiver: String) -> String {
      dated.map { "\(duty.id)/\(receiver)/\($0.label)" }
        ?? "\(duty.id)/\(receiver)/\(partnership.cycleLabel(cycle))\(label)"
    }

    /// The board holding the report on `date`: the owner, or its successor by then.
    func owner(on date: CivilDate) -> String {
      owners.last { $0.span.start <= date }?.board ?? report.owner
    }

    /// The period the report covers in this cycle, and its label.
    var covered: (span: DateSpan, label: String)? {
      report.covers.map { covers in
        let cycle = self.cycle + covers.offset
        return (partnership.cycleSpan(cycle), partnership.cycleLabel(cycle))
      }
    }

    /// Whether a meeting on `date` with papers due by `paperDeadline` can take it; `covered`:
    /// the span the report covers (`covered`, worked out once by the caller).
    func isReady(date: CivilDate, paperDeadline: CivilDate, covered: DateSpan?) -> Bool {
      // An invitation has no papers to be ready: only the order between duties applies to it.
      if duty.action.owesPapers, let ready, paperDeadline < ready { return false }
      if let follows, date <= follows.date { return false }
      if let covered, let covers = report.covers {
        switch covers {
        // Its papers can only be written once the year it reports on has ended.
        case .previousCycle: if paperDeadline <= covered.end { return false }
        // A plan lands before the year it plans.
        case .nextCycle: if date >= covered.start { return false }
        }
      }
      return true
    }

    /// The earliest eligible meeting with room takes the obligation (the earliest eligible one
    /// when none has room: it is then overloaded, which `conflicts` reports); every eligible
    /// meeting, for reports due at every meeting; with none, the fallback. A copy to a person or
    /// a publication takes no meeting: it is due by its day (`byDate`).
    /// `candidates`: the receiver's meetings in the period, as positions in `meetings`. The
    /// obligations are added to `result`.
    func slot(
      into candidates: [Int], of meetings: [Meeting], everyMeeting: Bool,
      hasRoom: (Int) -> Bool, adding result: inout [Obligation]
    ) {
      // A copy to a person or a publication: due by a day, never at a meeting.
      if let kind = partnership.byDateKind(of: receiver, action: duty.action) {
        result.append(byDate(kind))
        return
      }
      // A loop, not a lazy filter: its closure would hold a copy of the cell.
      var eligible: [Int] = []
      let covered = self.covered?.span
      for i in candidates
      where isReady(
        date: meetings[i].date, paperDeadline: meetings[i].paperDeadline, covered: covered)
      {
        eligible.append(i)
      }
      guard let earliest = eligible.first else {
        let receiverLabel = partnership.board(receiver) { $0.label } ?? receiver
        let dates = candidates.map { meetings[$0].date }
        let slot = fallback(
          duty.action, period, receiverLabel, dates, partnership.holidayCalendar,
          statutory: statutory, why: whyNone(dates, whose: "\(receiverLabel)'s"))
        result.append(make(baseID, slot, nil))
        return
      }
      guard everyMeeting else {
        let first =
          duty.action.owesPapers
          ? eligible.first(where: hasRoom) ?? earliest : earliest
        result.append(slotted(at: meetings[first]))
        return
      }
      // The meeting's id after partnership and board: its slot month for a derived meeting
      // ("2021-06", "2021-06-2"), its date for an explicit one, so two meetings in one month
      // give two obligations with two ids.
      for index in eligible { result.append(owedAt(meetings[index])) }
    }

    /// Owed at `meeting` itself, one of every meeting's (`everyMeeting`).
    func owedAt(_ meeting: borrowing Meeting) -> Obligation {
      let prefix = partnership.meetingIDPrefix(of: meeting.board)
      let suffix =
        meeting.id.hasPrefix(prefix) ? String(meeting.id.dropFirst(prefix.count)) : meeting.id
      return make(
        "\(baseID(meeting.board))/\(suffix)", .meeting(id: meeting.id, date: meeting.date),
        TakenAt(meeting), owedAtItsMeeting: true)
    }

    /// Taken at `meeting`: the receiver's board is the meeting's.
    func slotted(at meeting: borrowing Meeting) -> Obligation {
      make(
        baseID(meeting.board), .meeting(id: meeting.id, date: meeting.date), TakenAt(meeting))
    }

    /// What an obligation takes from the meeting it is slotted at.
    struct TakenAt {
      let board: String
      let paperDeadline: CivilDate
      let agendaPublication: CivilDate?

      init(_ meeting: borrowing Meeting) {
        board = meeting.board
        paperDeadline = meeting.paperDeadline
        agendaPublication = meeting.agendaPublication
      }
    }

    /// A copy to a person or a publication: due on the day an inform no meeting takes is
    /// circulated (`dueDay`), never slotted at a meeting, never unschedulable.
    func byDate(_ kind: ReceiverKind) -> Obligation {
      var o = make(
        baseID, .circulation(dueDay(period, partnership.holidayCalendar, statutory: statutory)),
        nil)
      o.receiverKind = kind
      return o
    }

    /// Why none of the receiver's meetings in the window can take it; `whose`: "HWB's".
    func whyNone(_ meetingDates: [CivilDate], whose: String) -> String {
      let dates = meetingDates.map(\.iso).joined(separator: ", ")
      if let follows, meetingDates.allSatisfy({ $0 <= follows.date }) {
        return
          "it must follow '\(follows.duty)', slotted on \(follows.date), and \(whose) meetings in the window (\(dates)) are not after it"
      }
      if let covered, report.covers == .previousCycle {
        return
          "it reports on \(covered.label), which ends on \(covered.span.end), and the papers of \(whose) meetings in the window (\(dates)) are due before that"
      }
      if let covered, report.covers == .nextCycle {
        return
          "it plans \(covered.label), which starts on \(covered.span.start), and \(whose) meetings in the window (\(dates)) are not before that"
      }
      return
        "\(whose) meetings in the window (\(dates)) all have paper deadlines before the report is signed off on \(ready?.iso ?? "?")"
    }

    func make(
      _ id: String, _ slot: Slot, _ meeting: TakenAt?, owedAtItsMeeting: Bool = false
    )
      -> Obligation
    {
      let covered = self.covered
      return Obligation(
        id: id, duty: duty.id, report: report.id,
        reportName: covered.map { "\(report.name) for \($0.label)" } ?? report.name,
        owner: owner(on: slot.date ?? period.end),
        receiver: meeting?.board ?? receiver, action: duty.action, cycle: cycle, window: period,
        windowText: duty.window.description
          + (dated.map { duty.window == .on($0.due) ? "" : ", due \($0.due.iso)" }
            ?? periodText(label)),
        slot: slot,
        paperDeadline: duty.action.owesPapers ? meeting?.paperDeadline : nil,
        agendaPublication: meeting?.agendaPublication,
        readyOn: duty.action.owesPapers ? ready : nil, covers: covered?.span,
        coversLabel: covered?.label, presentedBy: duty.presentedBy,
        confidential: duty.confidential, provenance: duty.provenance,
        owedAtItsMeeting: owedAtItsMeeting, due: dated?.due)
    }
  }

  /// How a period of a repeating cadence reads after the window ("/h2" → ", second half").
  static func periodText(_ label: String) -> String {
    let ordinals = ["first", "second", "third", "fourth"]
    guard label.count == 3, let n = Int(label.suffix(1)), (1...4).contains(n) else { return "" }
    return label.hasPrefix("/h") ? ", \(ordinals[n - 1]) half" : ", \(ordinals[n - 1]) quarter"
  }

  /// No meeting takes it: an inform is circulated by the window's end (its last working day; a
  /// statutory date such as "by 31 July", or a window cut short by a board's life that holds no
  /// working day, is kept as it is); anything else cannot be scheduled.
  static func fallback(
    _ action: DutyAction, _ window: DateSpan, _ receiver: String, _ meetings: [CivilDate],
    _ calendar: HolidayCalendar, statutory: Bool, why: @autoclosure () -> String
  ) -> Slot {
    if action == .inform { return .circulation(dueDay(window, calendar, statutory: statutory)) }
    if meetings.isEmpty {
      return .unschedulable("\(receiver) has no meeting between \(window.start) and \(window.end)")
    }
    return .unschedulable(why())
  }

  /// The day something not taken at a meeting is due: the window's last working day, or the
  /// window's end itself for a statutory date.
  static func dueDay(_ window: DateSpan, _ calendar: HolidayCalendar, statutory: Bool)
    -> CivilDate
  {
    let working = calendar.previousWorkingDay(onOrBefore: window.end)
    // A window cut short with no working day in it (a board's last days) keeps its own end.
    return statutory || working < window.start ? window.end : working
  }

  /// The duties with every duty they must follow (`after`) before them, otherwise in file
  /// order: their positions in `duties`.
  static func inOrder(_ duties: [Duty]) -> [Int] {
    var byID: [String: Int] = [:]
    for i in duties.indices where byID[duties[i].id] == nil { byID[duties[i].id] = i }
    var placed: Set<String> = []
    var visiting: Set<String> = []
    var order: [Int] = []
    func place(_ i: Int) {
      let id = duties[i].id
      guard !placed.contains(id), visiting.insert(id).inserted else { return }
      for before in duties[i].after { if let d = byID[before] { place(d) } }
      placed.insert(id)
      order.append(i)
    }
    for i in duties.indices { place(i) }
    return order
  }

  /// The day the report is signed off: the meeting of its holders (the owner, then its
  /// successors, each over the days it held the report) in the sign-off month, latest before
  /// `limit`.
  static func readyDate(
    of report: Report, before limit: CivilDate, meetings: MeetingIndex,
    of holders: [(board: String, span: DateSpan)]
  ) -> CivilDate? {
    guard let month = report.signedOff else { return nil }
    // The last such meeting in the holders' order, read where it is (no copy of the meetings).
    var ready: CivilDate?
    for h in holders {
      for i in meetings[h.board] {
        let date = meetings.meetings[i].date
        if h.span.contains(date) && meetings.meetings[i].slotMonth.monthName == month
          && date <= limit
        {
          ready = date
        }
      }
    }
    return ready
  }

  /// The real dates of a window in the cycle that starts in `cycle`.
  public static func resolve(_ window: DutyWindow, cycle: Int, in p: Partnership) -> DateSpan? {
    let cycleSpan = p.cycleSpan(cycle)
    func months(_ range: MonthRange) -> DateSpan {
      let start = cycleSpan.start.yearMonth.adding(
        months: p.financialYearStart.distance(to: range.from))
      return DateSpan(start: start.firstDay, end: start.adding(months: range.length - 1).lastDay)
    }
    switch window {
    case .cycle: return cycleSpan
    case .season(let name): return p.seasons[name].map(months)
    case .months(let range): return months(range)
    case .month(let m), .meeting(let m): return months(MonthRange(from: m, to: m))
    case .by(let m, let d):
      let month = cycleSpan.start.yearMonth.adding(months: p.financialYearStart.distance(to: m))
      let end = CivilDate(year: month.year, month: month.month, day: d) ?? month.lastDay
      return DateSpan(start: cycleSpan.start, end: end)
    // Not a part of every cycle: see `dueDates(of:records:)`.
    case .on, .after: return nil
    }
  }

  /// Splits a window by cadence: halves or quarters of the cycle for six-monthly and quarterly reports.
  static func periods(of window: DateSpan, cadence: Cadence, cycle: Int, in p: Partnership)
    -> [(DateSpan, String)]
  {
    let parts: Int
    let prefix: String
    switch cadence {
    case .sixMonthly: (parts, prefix) = (2, "h")
    case .quarterly: (parts, prefix) = (4, "q")
    default: return [(window, "")]
    }
    let first = p.cycleSpan(cycle).start.yearMonth
    let step = 12 / parts
    return (0..<parts).compactMap { k in
      let part = DateSpan(
        start: first.adding(months: k * step).firstDay,
        end: first.adding(months: (k + 1) * step - 1).lastDay)
      let start = max(part.start, window.start)
      let end = min(part.end, window.end)
      guard start <= end else { return nil }
      return (DateSpan(start: start, end: end), "/\(prefix)\(k + 1)")
    }
  }
}

/// Each board's held (not cancelled) meetings, as positions in one list of meetings, in its
/// order: what placing obligations reads, without copying a meeting.
struct MeetingIndex {
  let meetings: [Meeting]
  private let positions: [String: [Int]]

  init(_ meetings: [Meeting]) {
    self.meetings = meetings
    var positions: [String: [Int]] = [:]
    for i in meetings.indices where !meetings[i].isCancelled {
      positions[meetings[i].board, default: []].append(i)
    }
    self.positions = positions
  }

  /// The positions of `board`'s held meetings.
  subscript(board: String) -> [Int] { positions[board] ?? [] }
}
