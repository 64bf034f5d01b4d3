// The JSON shapes of `boardcal record list --json` and `import --json`, and their lines of text.

import BoardCalCore

/// A stored record as JSON: the fields of the records format plus who recorded it and when.
public struct RecordJSON: Encodable, Sendable {
  public let id: Int64
  public let kind: RecordKind
  public let meeting: String?
  public let obligation: String?
  public let board: String?
  public let date: CivilDate?
  public let time: String?
  public let reason: String?
  public let by: String?
  public let link: String?
  public let title: String?
  public let source: String?
  public let note: String?
  public let recordedBy: String?
  public let recordedAt: String

  public init(_ r: StoredRecord) {
    let fields = RecordFields(r.entry.fact)
    id = r.id
    kind = fields.kind
    meeting = fields.meeting
    obligation = fields.obligation
    board = fields.board
    date = fields.date
    time = fields.time?.description
    reason = fields.reason
    by = fields.by
    link = fields.link
    title = fields.title
    source = r.entry.source
    note = r.entry.note
    recordedBy = r.recordedBy
    recordedAt = r.recordedAt
  }

  /// One row of `boardcal record list`: number, kind, subject, date, detail, recorded.
  public var tableRow: [String] {
    let subject = obligation ?? board ?? meeting ?? ""
    let detail = [
      obligation != nil ? meeting.map { "at \($0)" } : nil, time, reason, title,
      by.map { "by \($0)" }, link,
    ].compactMap { $0 }.joined(separator: "; ")
    return [
      String(id), kind.rawValue, subject.clipped(72), date?.iso ?? "", detail.clipped(60),
      recordedAt + (recordedBy.map { " by \($0)" } ?? ""),
    ]
  }
}

/// `boardcal record list --json`.
public struct RecordListJSON: Encodable, Sendable {
  public let partnership: String
  public let records: [RecordJSON]

  public init(partnership: String, records: [StoredRecord]) {
    self.partnership = partnership
    self.records = records.map(RecordJSON.init)
  }
}

/// A proposal of `boardcal import` as JSON and as a line of text.
public struct ProposalJSON: Encodable, Sendable {
  public let kind: String
  public let meeting: String?
  public let date: CivilDate
  public let from: CivilDate?
  public let time: String?
  public let summary: String?
  public let line: Int?

  public init(_ proposal: MatchProposal) {
    switch proposal {
    case .held(let id, let on, let line):
      (kind, meeting, date, from, time, summary, self.line) = ("held", id, on, nil, nil, nil, line)
    case .moved(let id, let old, let to, let t, let line):
      (kind, meeting, date, from, time, summary, self.line) = (
        "moved", id, to, old, t?.description, nil, line
      )
    case .cancelled(let id, let on, let line):
      (kind, meeting, date, from, time, summary, self.line) = (
        "cancelled", id, on, nil, nil, nil, line
      )
    case .added(let on, let t, let s, let line):
      (kind, meeting, date, from, time, summary, self.line) = (
        "added", nil, on, nil, t?.description, s, line
      )
    case .unmatchedCancellation(let on, let s, let line):
      (kind, meeting, date, from, time, summary, self.line) = (
        "unmatched-cancellation", nil, on, nil, nil, s, line
      )
    case .notInExport(let id, let on):
      (kind, meeting, date, from, time, summary, line) = (
        "not-in-export", id, on, nil, nil, nil, nil
      )
    }
  }

  /// "moved: MEETING from 2021-10-05 to 2021-10-12 at 18:00 (line 12)", for the board `board`.
  public func text(board: String) -> String {
    let at = line.map { " (line \($0))" } ?? ""
    let id = meeting ?? ""
    switch kind {
    case "held": return "held: \(id) on \(date)\(at)"
    case "moved":
      return
        "moved: \(id) from \(from.map(\.iso) ?? "?") to \(date)\(time.map { " at \($0)" } ?? "")\(at)"
    case "cancelled": return "cancelled: \(id) on \(date)\(at)"
    case "added":
      return "added: a meeting on \(date)\(time.map { " at \($0)" } ?? ""), '\(summary ?? "")'\(at)"
    case "unmatched-cancellation":
      return
        "cancelled event '\(summary ?? "")' on \(date) matches no meeting of \(board); nothing proposed\(at)"
    default:
      return
        "not in the export: \(id) on \(date) — cancelled, or missing from the council's calendar?"
    }
  }
}
