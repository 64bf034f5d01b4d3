import BoardCalCore
import Foundation

/// `boardcal schedule --json`.
struct ScheduleJSON: Encodable {
  let partnership: String
  let from: CivilDate
  let to: CivilDate
  let meetings: [MeetingJSON]
  let obligations: [ObligationJSON]
}

/// A meeting as JSON; `start_utc` is the instant in UTC, from the partnership's time zone.
struct MeetingJSON: Encodable {
  let id: String
  let board: String
  let date: CivilDate
  let time: String
  let lengthMinutes: Int
  let startUTC: String
  let slotMonth: String
  let movedFrom: CivilDate?
  let explicit: Bool
  let title: String?
  let agenda: [String]
  let location: String?
  let confidential: Bool
  let cancelled: Bool
  let cancellation: String?
  let paperDeadline: CivilDate
  let agendaPublication: CivilDate?
  let version: String?
  var incoming: [ObligationJSON]?

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

  init(_ m: Meeting, _ p: Partnership) {
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
struct ObligationJSON: Encodable {
  struct Window: Encodable {
    let start: CivilDate
    let end: CivilDate
    let text: String
  }
  struct SlotView: Encodable {
    let kind: String
    let meeting: String?
    let date: CivilDate?
    let reason: String?
  }
  let id: String
  let duty: String
  let report: String
  let reportName: String
  let owner: String
  let receiver: String
  let action: DutyAction
  let cycle: String
  let window: Window
  let slot: SlotView
  let paperDeadline: CivilDate?
  let agendaPublication: CivilDate?
  let readyOn: CivilDate?
  let presentedBy: String?
  let confidential: Bool
  let status: ObligationStatus?
  let source: [SourceCitation]

  enum CodingKeys: String, CodingKey {
    case id, duty, report, owner, receiver, action, cycle, window, slot, confidential, status,
      source
    case reportName = "report_name"
    case paperDeadline = "paper_deadline"
    case agendaPublication = "agenda_publication"
    case readyOn = "ready_on"
    case presentedBy = "presented_by"
  }

  init(_ o: Obligation, _ p: Partnership, status: ObligationStatus? = nil) {
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

struct ConflictsJSON: Encodable {
  let partnership: String
  let from: CivilDate
  let to: CivilDate
  let conflicts: [Conflict]
}

struct UpcomingJSON: Encodable {
  let partnership: String
  let board: String
  let asOf: CivilDate
  let until: CivilDate
  let meetings: [MeetingJSON]
  let owes: [ObligationJSON]

  enum CodingKeys: String, CodingKey {
    case partnership, board, until, meetings, owes
    case asOf = "as_of"
  }
}

struct HolidayJSON: Encodable {
  let date: CivilDate
  let weekday: String
  let name: String
}
