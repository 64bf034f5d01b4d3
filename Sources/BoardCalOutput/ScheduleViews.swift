// The JSON shapes of `boardcal schedule`, `upcoming`, `conflicts` and `holidays --json`, and of
// the server's /api: one definition for both (README "JSON shapes"). Keys are the property names
// in snake case (`JSONOutput`); optional values are left out when absent.

import BoardCalCore

/// `boardcal schedule --json` and `GET /api/P/schedule`.
public struct ScheduleJSON: Encodable, Sendable {
  public let partnership: String
  public let from: CivilDate
  public let to: CivilDate
  public let meetings: [MeetingJSON]
  public let obligations: [ObligationJSON]

  /// The schedule's meetings and obligations, or only those of one board (its meetings, and the
  /// obligations it owns or receives), as much of each as `disclosure` lets its audience see.
  public init(
    _ schedule: Schedule, _ p: Partnership, board: String? = nil, disclosure: Disclosure
  ) {
    let about = schedule.about(board: board)
    partnership = p.id
    from = schedule.span.start
    to = schedule.span.end
    meetings = about.meetings.compactMap { MeetingJSON.visible($0, p, to: disclosure) }
    obligations = about.obligations.compactMap { ObligationJSON.visible($0, p, to: disclosure) }
  }
}

/// A meeting as JSON; `start_utc` is the instant in UTC, from the partnership's time zone.
public struct MeetingJSON: Encodable, Sendable {
  public let id: String
  public let board: String
  public let date: CivilDate
  public let time: String
  public let lengthMinutes: Int
  public let startUTC: String
  public let slotMonth: String
  public let movedFrom: CivilDate?
  public let explicit: Bool
  public let title: String?
  public let agenda: [String]
  public let location: String?
  public let confidential: Bool
  public let cancelled: Bool
  public let cancellation: String?
  /// Absent for an audience that may not see internal deadlines.
  public let paperDeadline: CivilDate?
  public let agendaPublication: CivilDate?
  public let version: String?
  public var incoming: [ObligationJSON]?

  /// The meeting as `disclosure`'s audience may see it; nil when it may not see it at all.
  public static func visible(_ m: Meeting, _ p: Partnership, to disclosure: Disclosure)
    -> MeetingJSON?
  {
    let detail = disclosure.meeting(m)
    return detail > .hidden ? MeetingJSON(m, p, detail: detail) : nil
  }

  /// The meeting with the fields `detail` shows (the paper deadline only at `.full`).
  public init(_ m: Meeting, _ p: Partnership, detail: Detail) {
    id = m.id
    board = m.board
    date = m.date
    time = m.time.description
    lengthMinutes = m.lengthMinutes
    startUTC = m.startUTC(timeZone: p.timeZone)
    slotMonth = m.slotMonth.iso
    movedFrom = m.ruleDate
    explicit = m.isExplicit
    title = m.title
    agenda = m.agenda
    location = m.location
    confidential = m.confidential
    cancelled = m.isCancelled
    cancellation = m.cancellation
    paperDeadline = detail == .full ? m.paperDeadline : nil
    agendaPublication = m.agendaPublication
    version = m.version
    incoming = nil
  }
}

/// An obligation as JSON.
public struct ObligationJSON: Encodable, Sendable {
  /// The window's real dates in this cycle, and its words ("autumn", "the October meeting").
  public struct Window: Encodable, Sendable {
    public let start: CivilDate
    public let end: CivilDate
    public let text: String
  }
  /// The period the report is about, and its label ("2021-22").
  public struct Period: Encodable, Sendable {
    public let start: CivilDate
    public let end: CivilDate
    public let label: String
  }
  /// Where the obligation is slotted: `meeting` (with its id and day), `circulation` (with the
  /// day), `copy` or `publication` (a copy sent to a person, a report published: with the day
  /// it is due) or `unschedulable` (with why).
  public struct SlotView: Encodable, Sendable {
    public let kind: String
    public let meeting: String?
    public let date: CivilDate?
    public let reason: String?
  }
  public let id: String
  public let duty: String
  public let report: String
  public let reportName: String
  public let owner: String
  public let receiver: String
  /// `board`, `person` (sent a copy) or `public` (a publication, whose receiver is `public`).
  public let receiverKind: ReceiverKind
  public let action: DutyAction
  /// The obligation in a sentence: "CTSAB must publish 'Annual Report for 2026-27' by Saturday
  /// 31 July 2027".
  public let text: String
  public let cycle: String
  public let window: Window
  /// The period the report covers, when the report says.
  public let covers: Period?
  public let slot: SlotView
  /// Absent for an audience that may not see internal deadlines.
  public let paperDeadline: CivilDate?
  public let agendaPublication: CivilDate?
  /// Absent for an audience that may not see internal dates.
  public let readyOn: CivilDate?
  /// Absent for an audience that may not see who presents.
  public let presentedBy: String?
  public let confidential: Bool
  public let status: ObligationStatus?
  public let source: [SourceCitation]

  /// The day it is about (`Obligation.day`): its slot's day, else its window's end.
  public var day: CivilDate { slot.date ?? window.end }

  /// The obligation as `disclosure`'s audience may see it, with its status as that audience may
  /// see it; nil when it may not see the obligation at all.
  public static func visible(
    _ o: Obligation, _ p: Partnership, status: ObligationStatus? = nil, to disclosure: Disclosure
  ) -> ObligationJSON? {
    let detail = disclosure.obligation(o)
    guard detail > .hidden else { return nil }
    return ObligationJSON(
      o, p, status: status.map { disclosure.status($0, detail: detail) }, detail: detail)
  }

  /// The obligation with the fields `detail` shows (paper deadline, readiness and presenter
  /// only at `.full`).
  public init(_ o: Obligation, _ p: Partnership, status: ObligationStatus? = nil, detail: Detail) {
    let full = detail == .full
    id = o.id
    duty = o.duty
    report = o.report
    reportName = o.reportName
    owner = o.owner
    receiver = o.receiver
    receiverKind = o.receiverKind
    action = o.action
    text = p.sentence(o)
    cycle = p.cycleLabel(o.cycle)
    window = Window(start: o.window.start, end: o.window.end, text: o.windowText)
    covers = o.covers.map {
      Period(start: $0.start, end: $0.end, label: o.coversLabel ?? "\($0.start.year)")
    }
    switch o.slot {
    case .meeting(let id, let date):
      slot = SlotView(kind: "meeting", meeting: id, date: date, reason: nil)
    case .circulation(let date):
      let kind =
        switch o.receiverKind {
        case .board: "circulation"
        case .person: "copy"
        case .public: "publication"
        }
      slot = SlotView(kind: kind, meeting: nil, date: date, reason: nil)
    case .unschedulable(let reason):
      slot = SlotView(kind: "unschedulable", meeting: nil, date: nil, reason: reason)
    }
    paperDeadline = full ? o.paperDeadline : nil
    agendaPublication = o.agendaPublication
    readyOn = full ? o.readyOn : nil
    presentedBy = full ? o.presentedBy : nil
    confidential = o.confidential
    self.status = status
    source = o.provenance.sources
  }
}

/// `boardcal conflicts --json`.
public struct ConflictsJSON: Encodable, Sendable {
  public let partnership: String
  public let from: CivilDate
  public let to: CivilDate
  public let conflicts: [Conflict]

  /// The conflicts found in `schedule` that `disclosure`'s audience may see
  /// (`Disclosure.conflict`): `conflicts --json` and `GET /api/P/conflicts`.
  public init(
    _ schedule: Schedule, _ p: Partnership, conflicts: [Conflict], disclosure: Disclosure
  ) {
    partnership = p.id
    from = schedule.span.start
    to = schedule.span.end
    self.conflicts = conflicts.filter { disclosure.conflict($0, in: schedule) }
  }
}

/// `boardcal upcoming --json` and `GET /api/P/upcoming`.
public struct UpcomingJSON: Encodable, Sendable {
  public let partnership: String
  public let board: String
  public let asOf: CivilDate
  public let until: CivilDate
  public let meetings: [MeetingJSON]
  public let owes: [ObligationJSON]

  /// The outlook's meetings, each with what it will take (slotted there, or slipped and carried
  /// to it), and what the board owes;
  /// every obligation with its status as of the outlook's day, as much as `disclosure` shows.
  public init(_ outlook: BoardOutlook, disclosure: Disclosure) {
    let p = outlook.partnership
    partnership = p.id
    board = outlook.board
    asOf = outlook.asOf
    until = outlook.until
    meetings = outlook.meetings.compactMap { m in
      guard var view = MeetingJSON.visible(m, p, to: disclosure) else { return nil }
      view.incoming = outlook.expected(at: m).compactMap {
        ObligationJSON.visible($0, p, status: outlook.status($0), to: disclosure)
      }
      return view
    }
    owes = outlook.owes.compactMap {
      ObligationJSON.visible($0, p, status: outlook.status($0), to: disclosure)
    }
  }
}

/// One row of `boardcal holidays --json`.
public struct HolidayJSON: Encodable, Sendable {
  public let date: CivilDate
  public let weekday: String
  public let name: String

  public init(_ holiday: BankHoliday) {
    date = holiday.date
    weekday = holiday.date.weekday.name
    name = holiday.name
  }
}

extension ObligationJSON.SlotView {
  /// "meeting 2021-10-12", "circulate by 2021-12-31", "send a copy by 2027-09-30", "publish
  /// by 2027-07-31" or "UNSCHEDULABLE": a table cell.
  public var text: String {
    switch kind {
    case "meeting": return "meeting \(date?.iso ?? "?")"
    case "circulation": return "circulate by \(date?.iso ?? "?")"
    case "copy": return "send a copy by \(date?.iso ?? "?")"
    case "publication": return "publish by \(date?.iso ?? "?")"
    default: return "UNSCHEDULABLE"
    }
  }
}
