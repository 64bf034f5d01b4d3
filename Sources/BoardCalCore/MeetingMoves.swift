/// A pattern's meeting of one month held on another day of that month (`moved`): the same
/// meeting, with the same id and UID, at the new date; no cancelled meeting is left behind.
public struct PatternMove: Hashable, Sendable {
  /// The month whose meeting moves: the month the pattern places it in.
  public var month: YearMonth
  /// The day it is held instead, in the same month.
  public var to: CivilDate
  /// The new start time, when it changes too.
  public var time: TimeOfDay?
  public var reason: String?
  public var provenance: Provenance

  public init(
    month: YearMonth, to: CivilDate, time: TimeOfDay? = nil, reason: String? = nil,
    provenance: Provenance = Provenance()
  ) {
    self.month = month
    self.to = to
    self.time = time
    self.reason = reason
    self.provenance = provenance
  }
}

extension Meeting {
  /// The reason a move without one is given (`moveReason`).
  public static let movedWithoutReason = "moved"

  /// Moves the meeting to another day (and time): its id stays, its paper deadline and agenda
  /// publication follow the new date. What a `moved` record and a pattern's `moved` both do (a
  /// record also raises the sequence: the protocol's own dates are its first version).
  public mutating func move(
    to date: CivilDate, time: TimeOfDay?, reason: String?, rules: DeadlineRules,
    councilCommittee: Bool
  ) {
    self.date = date
    if let time { self.time = time }
    moveReason = reason ?? Self.movedWithoutReason
    cancellation = nil
    redate(rules: rules, councilCommittee: councilCommittee)
  }

  /// Works out the paper deadline and agenda publication again for the meeting's date.
  public mutating func redate(rules: DeadlineRules, councilCommittee: Bool) {
    paperDeadline = rules.paperDeadline(for: date)
    agendaPublication = rules.agendaPublication(for: date, councilCommittee: councilCommittee)
  }
}
