/// Where an obligation is to be met.
public enum Slot: Hashable, Sendable {
  /// At this meeting of the receiving board.
  case meeting(id: String, date: CivilDate)
  /// An inform with no meeting in its window: circulated by this date.
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
  public let presentedBy: String?
  public let confidential: Bool
  public let provenance: Provenance

  /// "BSAB must present 'Annual Report' to SSBPB", in the words of the action.
  public func sentence(owner: String, receiver: String) -> String {
    switch action {
    case .present: return "\(owner) must present '\(reportName)' to \(receiver)"
    case .consult: return "\(owner) must consult \(receiver) on '\(reportName)'"
    case .inform: return "\(owner) must inform \(receiver) of '\(reportName)'"
    case .invite: return "\(owner)'s chair is invited to \(receiver) for '\(reportName)'"
    }
  }

  public var isUnschedulable: Bool {
    if case .unschedulable = slot { return true }
    return false
  }
}

/// Turns duties into obligations per cycle and places each in the receiver's meetings (Semantics 6).
public enum ObligationPlanner {
  /// Every obligation whose window starts in a cycle that overlaps `span`, slotted into `meetings`.
  public static func obligations(
    of partnership: Partnership, in span: DateSpan, meetings: [Meeting]
  ) -> [Obligation] {
    let byBoard = Dictionary(grouping: meetings.filter { !$0.isCancelled }, by: \.board)
    // A window opened in the cycle before the span (December to April) may still be open in it.
    let cycles =
      (partnership.cycle(containing: span.start) - 1)...partnership.cycle(containing: span.end)
    var result: [Obligation] = []
    for duty in partnership.duties {
      guard let report = partnership.report(duty.report) else { continue }
      let cadence = duty.cadence ?? report.cadence
      let anchor = duty.anchorYear ?? report.anchorYear
      for cycle in cycles {
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
          for receiver in duty.receivers {
            let cell = Cell(
              partnership: partnership, duty: duty, report: report, receiver: receiver,
              cycle: cycle, period: period, label: label,
              ready: readyDate(
                of: report, before: period.end, meetings: byBoard[report.owner] ?? []))
            let theirs = (byBoard[receiver] ?? []).filter { period.contains($0.date) }
            result += cell.slot(into: theirs, everyMeeting: cadence == .everyMeeting)
          }
        }
      }
    }
    return result.filter { $0.window.overlaps(span) }
  }

  /// One duty towards one receiver in one period: the obligations it yields.
  struct Cell {
    let partnership: Partnership
    let duty: Duty
    let report: Report
    let receiver: String
    let cycle: Int
    let period: DateSpan
    let label: String
    let ready: CivilDate?

    var baseID: String { "\(duty.id)/\(receiver)/\(partnership.cycleLabel(cycle))\(label)" }

    func isReady(for meeting: Meeting) -> Bool { ready.map { meeting.paperDeadline >= $0 } ?? true }

    /// The earliest eligible meeting takes the obligation (every eligible meeting, for reports
    /// due at every meeting); with none, the fallback.
    func slot(into meetings: [Meeting], everyMeeting: Bool) -> [Obligation] {
      let eligible = meetings.filter(isReady)
      guard let first = eligible.first else {
        let receiverLabel = partnership.board(receiver)?.label ?? receiver
        let calendar = partnership.holidayCalendar
        let slot = fallback(
          duty.action, period, receiverLabel, meetings, ready, calendar,
          statutory: { if case .by = duty.window { return true } else { return false } }())
        return [make(baseID, slot, nil)]
      }
      guard everyMeeting else {
        return [make(baseID, .meeting(id: first.id, date: first.date), first)]
      }
      // The meeting's id after partnership and board: its slot month for a derived meeting
      // ("2021-06", "2021-06-2"), its date for an explicit one, so two meetings in one month
      // give two obligations with two ids.
      let prefix = "\(partnership.id)-\(receiver)-"
      return eligible.map { meeting in
        let suffix =
          meeting.id.hasPrefix(prefix) ? String(meeting.id.dropFirst(prefix.count)) : meeting.id
        return make("\(baseID)/\(suffix)", .meeting(id: meeting.id, date: meeting.date), meeting)
      }
    }

    func make(_ id: String, _ slot: Slot, _ meeting: Meeting?) -> Obligation {
      Obligation(
        id: id, duty: duty.id, report: report.id, reportName: report.name, owner: report.owner,
        receiver: receiver, action: duty.action, cycle: cycle, window: period,
        windowText: duty.window.description + periodText(label), slot: slot,
        paperDeadline: duty.action.owesPapers ? meeting?.paperDeadline : nil,
        agendaPublication: meeting?.agendaPublication,
        readyOn: duty.action.owesPapers ? ready : nil, presentedBy: duty.presentedBy,
        confidential: duty.confidential,
        provenance: duty.provenance)
    }
  }

  /// How a period of a repeating cadence reads after the window ("/h2" → ", second half").
  static func periodText(_ label: String) -> String {
    let ordinals = ["first", "second", "third", "fourth"]
    guard label.count == 3, let n = Int(label.suffix(1)), (1...4).contains(n) else { return "" }
    return label.hasPrefix("/h") ? ", \(ordinals[n - 1]) half" : ", \(ordinals[n - 1]) quarter"
  }

  /// No meeting takes it: an inform is circulated by the window's end (its last working day; a
  /// statutory date such as "by 31 July" is kept as it is); anything else cannot be scheduled.
  static func fallback(
    _ action: DutyAction, _ window: DateSpan, _ receiver: String, _ meetings: [Meeting],
    _ ready: CivilDate?, _ calendar: HolidayCalendar, statutory: Bool
  ) -> Slot {
    if action == .inform {
      return .circulation(
        statutory ? window.end : calendar.previousWorkingDay(onOrBefore: window.end))
    }
    if meetings.isEmpty {
      return .unschedulable("\(receiver) has no meeting between \(window.start) and \(window.end)")
    }
    let dates = meetings.map(\.date.iso).joined(separator: ", ")
    return .unschedulable(
      "\(receiver)'s meetings in the window (\(dates)) all have paper deadlines before the report is signed off on \(ready?.iso ?? "?")"
    )
  }

  /// The day the report is signed off: the owner's meeting in the sign-off month, latest before `limit`.
  static func readyDate(of report: Report, before limit: CivilDate, meetings: [Meeting])
    -> CivilDate?
  {
    guard let month = report.signedOff else { return nil }
    return meetings.last { $0.slotMonth.monthName == month && $0.date <= limit }?.date
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
