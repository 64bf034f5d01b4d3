// People, roles and the public as receivers of a duty (issue 12): a copy of a report sent to a
// person or role by a date (Care Act 2014, Schedule 2 paragraph 4(2)), and a report published by
// a date (Social Services and Well-being (Wales) Act 2014, section 136). Neither is taken at a
// meeting: each is due on a day, shows as an all-day entry and is alerted when late.

/// Who takes an obligation.
public enum ReceiverKind: String, Hashable, Sendable, Codable, CaseIterable {
  /// A board: at one of its meetings, or by circulation when none takes it.
  case board
  /// A person or role of the partnership's `people`, sent a copy by a date.
  case person
  /// The public: the owner publishes the report by a date (`action: publish`).
  case `public`
}

extension Duty {
  /// The receiver of a publication's obligations: the public. No board or person may take this
  /// id (the validator refuses it), so a receiver id names one thing only.
  public static let publicReceiver = "public"

  /// Who takes its obligations: the boards and people in `to`; the public for a publication.
  public var takers: [String] { action == .publish ? [Self.publicReceiver] : receivers }
}

extension Obligation {
  /// Sent to a person or published: due by a day, never slotted at a meeting, never
  /// unschedulable, and the owner's alone to do.
  public var isByDate: Bool { receiverKind != .board }
}

extension Partnership {
  /// What takes a duty's obligation when no meeting does: a person (a copy) or the public (a
  /// publication); nil for a board.
  public func byDateKind(of receiver: String, action: DutyAction) -> ReceiverKind? {
    if action == .publish { return .public }
    // Looked for in place: `board(_:)` and `person(_:)` would copy what they find.
    return !boards.contains { $0.id == receiver } && people.contains { $0.id == receiver }
      ? .person : nil
  }

  /// A receiver in a sentence: a board's short name, a person's name or role, "the public".
  public func receiverLabel(_ id: String, kind: ReceiverKind) -> String {
    switch kind {
    case .board: return board(id) { $0.label } ?? id
    case .person: return person(id) { $0.displayName } ?? id
    case .public: return "the public"
    }
  }

  /// An obligation's receiver in a sentence (`receiverLabel(_:kind:)`).
  /// A board is named as it was on the obligation's day.
  public func receiverLabel(_ o: Obligation) -> String {
    o.receiverKind == .board
      ? label(of: o.receiver, on: o.day) : receiverLabel(o.receiver, kind: o.receiverKind)
  }

  /// The receiver in full: a board's full name, a person's name or role, "the public".
  public func receiverName(_ o: Obligation) -> String {
    o.receiverKind == .board ? name(of: o.receiver, on: o.day) : receiverLabel(o)
  }

  /// The board whose page an obligation belongs on for its receiver: the receiving board, or
  /// the owner for a copy or a publication.
  public func pageBoard(_ o: Obligation) -> String { o.isByDate ? o.owner : o.receiver }
}

extension CivilDate {
  /// "Saturday 31 July 2027": a day as a chair reads it.
  public var spelledOut: String { "\(weekday.name) \(day) \(yearMonth.monthName.name) \(year)" }
}

extension Obligation {
  /// "by Saturday 31 July 2027" for a copy or a publication: when it is due, in words; nil for
  /// what a board takes (its slot says when).
  public var dueWords: String? { isByDate ? slot.date.map { "by \($0.spelledOut)" } : nil }
}

extension Partnership {
  /// The obligation in a sentence a chair reads, by short names: "BSAB must present 'Annual
  /// Report' to HWB", "CTSAB must publish 'Annual Report for 2026-27' by Saturday 31 July 2027".
  public func sentence(_ o: Obligation) -> String {
    o.sentence(owner: board(o.owner)?.label ?? o.owner, receiver: receiverLabel(o))
      + (o.dueWords.map { " \($0)" } ?? "")
  }
}

extension DutyAction {
  /// "BSAB must present 'Annual Report' to SSBPB", in the words of the action; to a person, "…
  /// must send a copy of 'Annual Report' to Chief Executive"; "… must publish 'Annual Report'".
  public func sentence(owner: String, report: String, receiver: String, kind: ReceiverKind)
    -> String
  {
    if kind == .person { return "\(owner) must send a copy of '\(report)' to \(receiver)" }
    switch self {
    case .present: return "\(owner) must present '\(report)' to \(receiver)"
    case .consult: return "\(owner) must consult \(receiver) on '\(report)'"
    case .inform: return "\(owner) must inform \(receiver) of '\(report)'"
    case .invite: return "\(owner)'s chair is invited to \(receiver) for '\(report)'"
    case .publish: return "\(owner) must publish '\(report)'"
    }
  }
}
