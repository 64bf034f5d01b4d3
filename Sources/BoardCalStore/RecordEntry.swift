import BoardCalCore

/// One fact an officer records: the core's record types, one of them.
public enum RecordFact: Hashable, Sendable {
  /// A derived meeting held, moved or cancelled.
  case meeting(MeetingRecord)
  /// A meeting the protocol does not derive.
  case added(AddedMeeting)
  /// An obligation met.
  case fulfilled(Fulfilment)
  /// Papers for an obligation sent in.
  case papers(PapersSubmitted)
}

/// The kinds of record, as written in records files, on the command line and in the database.
public enum RecordKind: String, Hashable, Sendable, CaseIterable, Codable {
  case held, moved, cancelled, added, fulfilled, papers
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

  public var kind: RecordKind {
    switch fact {
    case .meeting(let m):
      switch m.event {
      case .held: return .held
      case .moved: return .moved
      case .cancelled: return .cancelled
      }
    case .added: return .added
    case .fulfilled: return .fulfilled
    case .papers: return .papers
    }
  }

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
    }
  }
}

extension Records {
  /// The records as entries, in the order they are written: meetings, additions, fulfilments,
  /// papers.
  public var entries: [RecordEntry] {
    meetings.map { RecordEntry(.meeting($0)) } + added.map { RecordEntry(.added($0)) }
      + fulfilments.map { RecordEntry(.fulfilled($0)) } + papers.map { RecordEntry(.papers($0)) }
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
      }
    }
  }

  public var isEmpty: Bool {
    meetings.isEmpty && added.isEmpty && fulfilments.isEmpty && papers.isEmpty
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
}

/// What `save` did with one entry: wrote it, or found the same record already there.
public struct SaveOutcome: Hashable, Sendable {
  public let id: Int64
  public let entry: RecordEntry
  /// False when an identical record was already stored (and, for a meeting, is its latest).
  public let isNew: Bool
}
