extension Schedule {
  /// Every meeting and obligation, or, for a board, its meetings and the obligations it owns or
  /// receives.
  public func about(board: String?) -> (meetings: [Meeting], obligations: [Obligation]) {
    guard let board else { return (meetings, obligations) }
    return (
      meetings.filter { $0.board == board },
      obligations.filter { $0.owner == board || $0.receiver == board }
    )
  }
}

/// A chair's view of one board from a day: its next meetings and what it owes, with statuses
/// (`boardcal upcoming`, `GET /api/P/upcoming`).
public struct BoardOutlook: Sendable {
  public let partnership: Partnership
  public let board: String
  public let asOf: CivilDate
  public let until: CivilDate
  public let schedule: Schedule
  /// The board's meetings on or after the day, to the end of the period.
  public let meetings: [Meeting]
  /// The obligations the board owns whose slot falls in the period, or that have no slot.
  public let owes: [Obligation]
  let fulfilled: Set<String>

  /// Looks `days` ahead of `asOf`, with the records applied (moves, cancellations, fulfilments).
  public init(
    _ p: Partnership, board: String, asOf: CivilDate, days: Int, records: Records = .none
  ) {
    partnership = p
    self.board = board
    self.asOf = asOf
    let end = asOf.adding(days: days)
    until = end
    let schedule = Schedule.derive(p, span: DateSpan(start: asOf, end: end), records: records)
    self.schedule = schedule
    self.fulfilled = records.fulfilled
    meetings = schedule.meetings.filter { $0.board == board && $0.date >= asOf }
    owes = schedule.obligations.filter { o in
      o.owner == board && (o.slot.date.map { $0 >= asOf && $0 <= end } ?? true)
    }
  }

  /// Where an obligation stands on the outlook's day.
  public func status(_ o: Obligation) -> ObligationStatus {
    schedule.status(
      of: o, asOf: asOf, fulfilled: fulfilled, calendar: partnership.holidayCalendar,
      warningWorkingDays: partnership.defaults.warningWorkingDays,
      trackingFrom: partnership.tracking)
  }
}

extension Schedule {
  /// What a meeting will take: the obligations slotted there, then those that slipped past an
  /// earlier meeting of the board (before `day`) and are now due here, at the board's first
  /// meeting left in their window (`reslot`: what the alert says, "the next HWB meeting in the
  /// window is on …"), so a chair sees them coming.
  public func expected(
    at m: Meeting, asOf day: CivilDate, status: (Obligation) -> ObligationStatus
  ) -> [Obligation] {
    let slotted = obligations(at: m.id)
    guard !m.isCancelled, m.date >= day else { return slotted }
    let carried = obligations.filter { o in
      o.receiver == m.board && o.slot.meetingID != m.id && (o.slot.date.map { $0 < day } ?? false)
        && o.window.contains(m.date) && reslot(o, asOf: day)?.id == m.id && status(o) == .slipped
    }
    return slotted + carried
  }
}

extension BoardOutlook {
  /// What meeting `m` of the board will take, slipped obligations carried to it included
  /// (`Schedule.expected`).
  public func expected(at m: Meeting) -> [Obligation] {
    schedule.expected(at: m, asOf: asOf, status: status)
  }
}
