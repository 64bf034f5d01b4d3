/// What actually happened to a meeting, as an officer recorded it.
public enum MeetingEvent: Hashable, Sendable {
  /// Held as planned (or on `on`, when the real date differs from the derived one).
  case held(on: CivilDate?)
  /// Moved to another day (and time), for a reason.
  case moved(to: CivilDate, time: TimeOfDay?, reason: String?)
  /// Will not take place.
  case cancelled(reason: String?)
}

/// A record against one meeting of the schedule, by its stable id.
public struct MeetingRecord: Hashable, Sendable {
  public var meetingID: String
  public var event: MeetingEvent

  public init(meetingID: String, event: MeetingEvent) {
    self.meetingID = meetingID
    self.event = event
  }
}

/// A meeting the protocol does not derive, added by an officer (an extraordinary meeting).
public struct AddedMeeting: Hashable, Sendable {
  public var board: String
  public var date: CivilDate
  public var time: TimeOfDay?
  public var title: String?

  public init(board: String, date: CivilDate, time: TimeOfDay? = nil, title: String? = nil) {
    self.board = board
    self.date = date
    self.time = time
    self.title = title
  }
}

/// An obligation met: when, at which meeting, by whom, with a link to the minutes or paper.
public struct Fulfilment: Hashable, Sendable {
  public var obligationID: String
  public var date: CivilDate
  public var meetingID: String?
  public var presentedBy: String?
  public var link: String?

  public init(
    obligationID: String, date: CivilDate, meetingID: String? = nil, presentedBy: String? = nil,
    link: String? = nil
  ) {
    self.obligationID = obligationID
    self.date = date
    self.meetingID = meetingID
    self.presentedBy = presentedBy
    self.link = link
  }
}

/// Papers for an obligation sent in: no papers-due alert is needed any more.
public struct PapersSubmitted: Hashable, Sendable {
  public var obligationID: String
  public var date: CivilDate
  public var by: String?
  public var link: String?

  public init(obligationID: String, date: CivilDate, by: String? = nil, link: String? = nil) {
    self.obligationID = obligationID
    self.date = date
    self.by = by
    self.link = link
  }
}

/// Everything recorded for a partnership, applied over the derived schedule.
public struct Records: Hashable, Sendable {
  /// In the order recorded: a later move of the same meeting wins and raises its sequence again.
  public var meetings: [MeetingRecord]
  public var added: [AddedMeeting]
  public var fulfilments: [Fulfilment]
  public var papers: [PapersSubmitted]

  public init(
    meetings: [MeetingRecord] = [], added: [AddedMeeting] = [], fulfilments: [Fulfilment] = [],
    papers: [PapersSubmitted] = []
  ) {
    self.meetings = meetings
    self.added = added
    self.fulfilments = fulfilments
    self.papers = papers
  }

  public static let none = Records()

  public var fulfilled: Set<String> { Set(fulfilments.map(\.obligationID)) }
}

extension MeetingPlanner {
  /// The derived meetings with the records applied: moves change the date and raise the
  /// sequence (the id stays), cancellations mark the meeting, additions join the list.
  public static func applying(
    _ records: Records, to meetings: [Meeting], of p: Partnership, rules: DeadlineRules
  ) -> [Meeting] {
    var byID = Dictionary(uniqueKeysWithValues: meetings.map { ($0.id, $0) })
    for record in records.meetings {
      guard var m = byID[record.meetingID] else { continue }
      switch record.event {
      case .held(let on):
        if let on, on != m.date {
          m.date = on
          m.sequence += 1
        }
      case .moved(let date, let time, let reason):
        m.date = date
        if let time { m.time = time }
        m.sequence += 1
        m.moveReason = reason ?? "moved"
        m.cancellation = nil
      case .cancelled(let reason):
        m.cancellation = reason ?? "cancelled"
        m.sequence += 1
      }
      m.paperDeadline = rules.paperDeadline(for: m.date)
      m.agendaPublication = rules.agendaPublication(
        for: m.date, councilCommittee: p.board(m.board)?.isCouncilCommittee ?? false)
      byID[m.id] = m
    }
    for added in records.added {
      guard let board = p.board(added.board) else { continue }
      let id = "\(p.id)-\(board.id)-\(added.date.iso)-added"
      byID[id] = Meeting(
        id: id, board: board.id, date: added.date, time: added.time ?? p.defaults.meetingTime,
        lengthMinutes: p.defaults.meetingLengthMinutes, slotMonth: added.date.yearMonth,
        ruleDate: nil, isExplicit: true, title: added.title, agenda: [], location: board.location,
        confidential: false, cancellation: nil, paperDeadline: rules.paperDeadline(for: added.date),
        agendaPublication: rules.agendaPublication(
          for: added.date, councilCommittee: board.isCouncilCommittee),
        version: p.governingVersion(on: added.date)?.id, provenance: Provenance())
    }
    return byID.values.sorted { ($0.date, $0.time, $0.id) < ($1.date, $1.time, $1.id) }
  }
}
