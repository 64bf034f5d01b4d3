/// Where an obligation stands on a given day (Semantics 8).
public enum ObligationStatus: String, Sendable, Codable, CaseIterable {
  /// A record says it was fulfilled.
  case done
  /// Slotted at a meeting (or circulation) still to come, papers not yet due soon.
  case scheduled
  /// The paper deadline is within the warning period, or has passed before the meeting.
  case papersDue = "papers-due"
  /// Its meeting passed without it, but the window is still open.
  case slipped
  /// The window closed without it.
  case missed
  /// No receiver meeting can take it.
  case unschedulable
  /// Its window closed before the partnership started tracking its duties (`tracking_from`):
  /// never missed, slipped or alerted.
  case untracked
}

extension Schedule {
  /// The status of an obligation as of a day, given the ids of obligations records show fulfilled.
  public func status(
    of o: Obligation, asOf day: CivilDate, fulfilled: Set<String> = [],
    calendar: HolidayCalendar, warningWorkingDays: Int, trackingFrom: CivilDate? = nil
  ) -> ObligationStatus {
    if fulfilled.contains(o.id) { return .done }
    if let tracking = trackingFrom, o.lastDay < tracking { return .untracked }
    guard let date = o.slot.date else { return .unschedulable }
    if date >= day {
      if let deadline = o.paperDeadline,
        deadline < day || calendar.workingDays(from: day, to: deadline) <= warningWorkingDays
      {
        return .papersDue
      }
      return .scheduled
    }
    return o.lastDay < day ? .missed : .slipped
  }

  /// The next meeting of the receiver inside the obligation's window, on or after `day`:
  /// where a slipped obligation can be re-slotted.
  public func reslot(_ o: Obligation, asOf day: CivilDate) -> Meeting? {
    // A copy or a publication is due by a day, never at a meeting.
    guard !o.isByDate else { return nil }
    return meetings.first {
      $0.board == o.receiver && !$0.isCancelled && $0.date >= day && o.window.contains($0.date)
    }
  }
}

extension Schedule {
  /// The status of an obligation as of a day under `p`'s rules (its holidays, warning period and
  /// `tracking_from`), with the fulfilments `records` hold: what `BoardOutlook` and the alerts
  /// work out, for a view of several boards at once (the forward plan).
  public func status(
    of o: Obligation, in p: Partnership, asOf day: CivilDate, records: Records
  ) -> ObligationStatus {
    status(
      of: o, asOf: day, fulfilled: records.fulfilled, calendar: p.holidayCalendar,
      warningWorkingDays: p.defaults.warningWorkingDays, trackingFrom: p.tracking)
  }
}
