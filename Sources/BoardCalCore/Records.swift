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
  /// Events a relative window or a review counts from (`boardcal record event`).
  public var events: [RecordedEvent] = []

  public init(
    meetings: [MeetingRecord] = [], added: [AddedMeeting] = [], fulfilments: [Fulfilment] = [],
    papers: [PapersSubmitted] = [], events: [RecordedEvent] = []
  ) {
    self.meetings = meetings
    self.added = added
    self.fulfilments = fulfilments
    self.papers = papers
    self.events = events
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
    // Meetings held ahead of another board's are made again from its meetings as recorded.
    var byID = Dictionary(
      uniqueKeysWithValues: meetings.filter { $0.follows == nil }.map { ($0.id, $0) })
    for record in records.meetings {
      guard var m = byID[record.meetingID] else { continue }
      apply(record.event, to: &m, of: p, rules: rules)
      byID[m.id] = m
    }
    for added in records.added {
      guard let board = p.board(added.board) else { continue }
      let id = "\(p.meetingIDPrefix(of: board.id))\(added.date.iso)-added"
      let home = p.home(of: board)
      let rules = board.shared == nil ? rules : home.deadlineRules
      byID[id] = Meeting(
        id: id, board: board.id, date: added.date, time: added.time ?? home.defaults.meetingTime,
        lengthMinutes: home.defaults.meetingLengthMinutes, slotMonth: added.date.yearMonth,
        ruleDate: nil, isExplicit: true, title: added.title, agenda: [], location: board.location,
        confidential: false, cancellation: nil, paperDeadline: rules.paperDeadline(for: added.date),
        agendaPublication: rules.agendaPublication(
          for: added.date, councilCommittee: board.isCouncilCommittee),
        version: home.governingVersion(on: added.date)?.id, provenance: Provenance())
    }
    let leaders = Array(byID.values)
    return (leaders + following(p, leaders: leaders, records: records.meetings, rules: rules))
      .sorted(onKey: { ($0.date, $0.time, $0.id) }, by: <)
  }

  /// One recorded event applied to a meeting: a move changes the date and raises the sequence
  /// (the id stays), a cancellation marks it; its deadlines follow its day.
  static func apply(
    _ event: MeetingEvent, to m: inout Meeting, of p: Partnership, rules: DeadlineRules
  ) {
    let council = p.board(m.board)?.isCouncilCommittee ?? false
    // A shared board's deadlines follow the shared file's calendar (`Partnership.home(of:)`).
    let home = p.board(m.board).map { p.home(of: $0) } ?? p
    let rules = home.id == p.id ? rules : home.deadlineRules
    switch event {
    case .held(let on):
      if let on, on != m.date {
        m.date = on
        m.sequence += 1
      }
    case .moved(let date, let time, let reason):
      m.move(to: date, time: time, reason: reason, rules: rules, councilCommittee: council)
      m.sequence += 1
    case .cancelled(let reason):
      m.cancellation = reason ?? "cancelled"
      m.sequence += 1
    }
    m.redate(rules: rules, councilCommittee: council)
  }

}

/// The kinds of record, as written in records files, on the command line and in the database.
public enum RecordKind: String, Hashable, Sendable, CaseIterable, Codable {
  case held, moved, cancelled, added, fulfilled, papers, event
}

/// One fact an officer records: one of the record types above.
public enum RecordFact: Hashable, Sendable {
  /// A derived meeting held, moved or cancelled.
  case meeting(MeetingRecord)
  /// A meeting the protocol does not derive.
  case added(AddedMeeting)
  /// An obligation met.
  case fulfilled(Fulfilment)
  /// Papers for an obligation sent in.
  case papers(PapersSubmitted)
  /// Something happened that a relative window or a review counts from (its name is the
  /// record's `title`).
  case event(RecordedEvent)
}

/// A fact spelled out as the named fields of the records format (`kind`, `meeting`, `obligation`,
/// `board`, `date`, `time`, `reason`, `by`, `link`, `title`): the one mapping between a fact and
/// the columns of a records file, the database and the JSON of `record list`.
public struct RecordFields: Hashable, Sendable {
  public var kind: RecordKind
  public var meeting: String?
  public var obligation: String?
  public var board: String?
  public var date: CivilDate?
  public var time: TimeOfDay?
  public var reason: String?
  public var by: String?
  public var link: String?
  public var title: String?

  /// The names of the fields, in the order the records format lists them.
  public static let names = [
    "kind", "meeting", "obligation", "board", "date", "time", "reason", "by", "link", "title",
  ]

  public init(
    kind: RecordKind, meeting: String? = nil, obligation: String? = nil, board: String? = nil,
    date: CivilDate? = nil, time: TimeOfDay? = nil, reason: String? = nil, by: String? = nil,
    link: String? = nil, title: String? = nil
  ) {
    self.kind = kind
    self.meeting = meeting
    self.obligation = obligation
    self.board = board
    self.date = date
    self.time = time
    self.reason = reason
    self.by = by
    self.link = link
    self.title = title
  }

  public init(_ fact: RecordFact) {
    switch fact {
    case .meeting(let m):
      switch m.event {
      case .held(let on): self.init(kind: .held, meeting: m.meetingID, date: on)
      case .moved(let to, let time, let why):
        self.init(kind: .moved, meeting: m.meetingID, date: to, time: time, reason: why)
      case .cancelled(let why): self.init(kind: .cancelled, meeting: m.meetingID, reason: why)
      }
    case .added(let a):
      self.init(kind: .added, board: a.board, date: a.date, time: a.time, title: a.title)
    case .fulfilled(let f):
      self.init(
        kind: .fulfilled, meeting: f.meetingID, obligation: f.obligationID, date: f.date,
        by: f.presentedBy, link: f.link)
    case .papers(let p):
      self.init(kind: .papers, obligation: p.obligationID, date: p.date, by: p.by, link: p.link)
    case .event(let e):
      self.init(kind: .event, date: e.date, title: e.name)
    }
  }

  /// The fact these fields state, or nil when a field its kind needs is missing.
  public var fact: RecordFact? {
    switch kind {
    case .held:
      return meeting.map { .meeting(MeetingRecord(meetingID: $0, event: .held(on: date))) }
    case .moved:
      guard let meeting, let date else { return nil }
      return .meeting(
        MeetingRecord(meetingID: meeting, event: .moved(to: date, time: time, reason: reason)))
    case .cancelled:
      return meeting.map {
        .meeting(MeetingRecord(meetingID: $0, event: .cancelled(reason: reason)))
      }
    case .added:
      guard let board, let date else { return nil }
      return .added(AddedMeeting(board: board, date: date, time: time, title: title))
    case .fulfilled:
      guard let obligation, let date else { return nil }
      return .fulfilled(
        Fulfilment(
          obligationID: obligation, date: date, meetingID: meeting, presentedBy: by, link: link))
    case .papers:
      guard let obligation, let date else { return nil }
      return .papers(PapersSubmitted(obligationID: obligation, date: date, by: by, link: link))
    case .event:
      guard let title, let date else { return nil }
      return .event(RecordedEvent(name: title, date: date))
    }
  }

  /// Each field as the text a records file or the database holds (nil when absent), in the
  /// order of `names`.
  public var texts: [String?] {
    [
      kind.rawValue, meeting, obligation, board, date?.iso, time?.description, reason, by, link,
      title,
    ]
  }
}

/// A fact together with where the officer took it from (`source`) and any remark (`note`).
public struct RecordEntry: Hashable, Sendable {
  public var fact: RecordFact
  /// The document and passage the record rests on, e.g. "Annual Report 2021-22, Appendix A".
  public var source: String?
  /// A remark: an assumption made, a missing detail.
  public var note: String?

  public init(_ fact: RecordFact, source: String? = nil, note: String? = nil) {
    self.fact = fact
    self.source = source
    self.note = note
  }

  public var kind: RecordKind { RecordFields(fact).kind }

  /// One line naming the record: "fulfilled OBLIGATION on 2021-04-06 at MEETING by WHOM".
  public var summary: String {
    switch fact {
    case .meeting(let m):
      switch m.event {
      case .held(let on): return "held \(m.meetingID)" + (on.map { " on \($0)" } ?? "")
      case .moved(let to, let time, _):
        return "moved \(m.meetingID) to \(to)" + (time.map { " \($0)" } ?? "")
      case .cancelled: return "cancelled \(m.meetingID)"
      }
    case .added(let a):
      return "added a meeting of \(a.board) on \(a.date)" + (a.time.map { " \($0)" } ?? "")
    case .fulfilled(let f):
      return "fulfilled \(f.obligationID) on \(f.date)" + (f.meetingID.map { " at \($0)" } ?? "")
        + (f.presentedBy.map { " by \($0)" } ?? "")
    case .papers(let p):
      return "papers \(p.obligationID) on \(p.date)" + (p.by.map { " by \($0)" } ?? "")
    case .event(let e):
      return "event \(e.name) on \(e.date)"
    }
  }
}

extension Records {
  /// The records as entries, in the order they are written: meetings, additions, fulfilments,
  /// papers, events.
  public var entries: [RecordEntry] {
    meetings.map { RecordEntry(.meeting($0)) } + added.map { RecordEntry(.added($0)) }
      + fulfilments.map { RecordEntry(.fulfilled($0)) } + papers.map { RecordEntry(.papers($0)) }
      + events.map { RecordEntry(.event($0)) }
  }

  /// The records that `entries` make, each kind in order.
  public init(_ entries: [RecordEntry]) {
    self.init()
    for entry in entries {
      switch entry.fact {
      case .meeting(let m): meetings.append(m)
      case .added(let a): added.append(a)
      case .fulfilled(let f): fulfilments.append(f)
      case .papers(let p): papers.append(p)
      case .event(let e): events.append(e)
      }
    }
  }

  public var isEmpty: Bool {
    meetings.isEmpty && added.isEmpty && fulfilments.isEmpty && papers.isEmpty && events.isEmpty
  }
}

/// A record as the database holds it: the entry, its number, who recorded it and when.
public struct StoredRecord: Hashable, Sendable {
  /// The row number: increasing in the order recorded.
  public let id: Int64
  public let partnership: String
  public let entry: RecordEntry
  public let recordedBy: String?
  /// ISO 8601 timestamp passed in by whoever recorded it.
  public let recordedAt: String

  public init(
    id: Int64, partnership: String, entry: RecordEntry, recordedBy: String?, recordedAt: String
  ) {
    self.id = id
    self.partnership = partnership
    self.entry = entry
    self.recordedBy = recordedBy
    self.recordedAt = recordedAt
  }
}

/// What saving did with one entry: wrote it, or found the same record already there.
public struct SaveOutcome: Hashable, Sendable {
  public let id: Int64
  public let entry: RecordEntry
  /// False when an identical record was already stored (and, for a meeting, is its latest).
  public let isNew: Bool

  public init(id: Int64, entry: RecordEntry, isNew: Bool) {
    self.id = id
    self.entry = entry
    self.isNew = isNew
  }
}
