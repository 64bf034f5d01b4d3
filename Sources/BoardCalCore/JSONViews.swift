// The JSON shapes of `boardcal schedule`, `upcoming`, `conflicts` and `holidays --json`, and of
// the server's /api: one definition for both (README "JSON reference").

/// `boardcal schedule --json` and `GET /api/P/schedule`.
public struct ScheduleJSON: Encodable, Sendable {
  public let partnership: String
  public let from: CivilDate
  public let to: CivilDate
  public let meetings: [MeetingJSON]
  public let obligations: [ObligationJSON]

  public init(
    partnership: String, from: CivilDate, to: CivilDate, meetings: [MeetingJSON],
    obligations: [ObligationJSON]
  ) {
    self.partnership = partnership
    self.from = from
    self.to = to
    self.meetings = meetings
    self.obligations = obligations
  }

  /// The schedule's meetings and obligations, or only those of one board (its meetings, and the
  /// obligations it owns or receives); `include` leaves out what a reader may not see.
  public init(
    _ schedule: Schedule, _ p: Partnership, board: String? = nil,
    include: ScheduleFilter = .everything
  ) {
    let about = schedule.about(board: board)
    self.init(
      partnership: p.id, from: schedule.span.start, to: schedule.span.end,
      meetings: about.meetings.filter(include.meeting).map { MeetingJSON($0, p) },
      obligations: about.obligations.filter(include.obligation).map { ObligationJSON($0, p) })
  }
}

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

/// Which meetings and obligations a view shows.
public struct ScheduleFilter: Sendable {
  public let meeting: @Sendable (Meeting) -> Bool
  public let obligation: @Sendable (Obligation) -> Bool

  public init(
    meeting: @escaping @Sendable (Meeting) -> Bool,
    obligation: @escaping @Sendable (Obligation) -> Bool
  ) {
    self.meeting = meeting
    self.obligation = obligation
  }

  /// Everything: the officers' view.
  public static let everything = ScheduleFilter(meeting: { _ in true }, obligation: { _ in true })

  /// What anyone may see (Semantics 11), the same as the public feed holds: the meetings of
  /// public boards that are not confidential, and the obligations that are not confidential and
  /// go to a public board.
  public static func publicOnly(_ p: Partnership) -> ScheduleFilter {
    let open = Set(p.boards.filter(\.isPublic).map(\.id))
    return ScheduleFilter(
      meeting: { open.contains($0.board) && !$0.confidential },
      obligation: { open.contains($0.receiver) && !$0.confidential })
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
  public let paperDeadline: CivilDate
  public let agendaPublication: CivilDate?
  public let version: String?
  public var incoming: [ObligationJSON]?

  enum CodingKeys: String, CodingKey {
    case id, board, date, time, title, agenda, location, confidential, cancelled, cancellation,
      version, incoming, explicit
    case lengthMinutes = "length_minutes"
    case startUTC = "start_utc"
    case slotMonth = "slot_month"
    case movedFrom = "moved_from"
    case paperDeadline = "paper_deadline"
    case agendaPublication = "agenda_publication"
  }

  public init(_ m: Meeting, _ p: Partnership) {
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
    paperDeadline = m.paperDeadline
    agendaPublication = m.agendaPublication
    version = m.version
    incoming = nil
  }
}

/// An obligation as JSON.
public struct ObligationJSON: Encodable, Sendable {
  public struct Window: Encodable, Sendable {
    public let start: CivilDate
    public let end: CivilDate
    public let text: String
  }
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
  public let action: DutyAction
  public let cycle: String
  public let window: Window
  public let slot: SlotView
  public let paperDeadline: CivilDate?
  public let agendaPublication: CivilDate?
  public let readyOn: CivilDate?
  public let presentedBy: String?
  public let confidential: Bool
  public let status: ObligationStatus?
  public let source: [SourceCitation]

  enum CodingKeys: String, CodingKey {
    case id, duty, report, owner, receiver, action, cycle, window, slot, confidential, status,
      source
    case reportName = "report_name"
    case paperDeadline = "paper_deadline"
    case agendaPublication = "agenda_publication"
    case readyOn = "ready_on"
    case presentedBy = "presented_by"
  }

  public init(_ o: Obligation, _ p: Partnership, status: ObligationStatus? = nil) {
    id = o.id
    duty = o.duty
    report = o.report
    reportName = o.reportName
    owner = o.owner
    receiver = o.receiver
    action = o.action
    cycle = p.cycleLabel(o.cycle)
    window = Window(start: o.window.start, end: o.window.end, text: o.windowText)
    switch o.slot {
    case .meeting(let id, let date):
      slot = SlotView(kind: "meeting", meeting: id, date: date, reason: nil)
    case .circulation(let date):
      slot = SlotView(kind: "circulation", meeting: nil, date: date, reason: nil)
    case .unschedulable(let reason):
      slot = SlotView(kind: "unschedulable", meeting: nil, date: nil, reason: reason)
    }
    paperDeadline = o.paperDeadline
    agendaPublication = o.agendaPublication
    readyOn = o.readyOn
    presentedBy = o.presentedBy
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

  public init(partnership: String, from: CivilDate, to: CivilDate, conflicts: [Conflict]) {
    self.partnership = partnership
    self.from = from
    self.to = to
    self.conflicts = conflicts
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

  enum CodingKeys: String, CodingKey {
    case partnership, board, until, meetings, owes
    case asOf = "as_of"
  }

  /// The outlook's meetings, each with the obligations slotted there, and what the board owes;
  /// every obligation with its status as of the outlook's day.
  public init(_ outlook: BoardOutlook, include: ScheduleFilter = .everything) {
    let p = outlook.partnership
    partnership = p.id
    board = outlook.board
    asOf = outlook.asOf
    until = outlook.until
    meetings = outlook.meetings.filter(include.meeting).map { m in
      var view = MeetingJSON(m, p)
      view.incoming = outlook.schedule.obligations(at: m.id).filter(include.obligation).map {
        ObligationJSON($0, p, status: outlook.status($0))
      }
      return view
    }
    owes = outlook.owes.filter(include.obligation).map {
      ObligationJSON($0, p, status: outlook.status($0))
    }
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
      warningWorkingDays: partnership.defaults.warningWorkingDays)
  }
}

/// One row of `boardcal holidays --json`.
public struct HolidayJSON: Encodable, Sendable {
  public let date: CivilDate
  public let weekday: String
  public let name: String

  public init(date: CivilDate, weekday: String, name: String) {
    self.date = date
    self.weekday = weekday
    self.name = name
  }
}
