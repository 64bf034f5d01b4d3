import BoardCalCore
import BoardCalProtocols

/// Checks drafts against a protocol and turns them into entries.
public struct RecordChecker: Sendable {
  public let p: Partnership
  /// Records already stored for the partnership (for added meetings and moved days, and to
  /// refuse a record that contradicts one of them).
  public let storedRecords: [StoredRecord]
  public var stored: [RecordEntry] { storedRecords.map(\.entry) }
  /// The day of recording: records may speak of days up to the look-ahead beyond it.
  public let asOf: CivilDate

  public init(_ p: Partnership, stored: [StoredRecord], asOf: CivilDate) {
    self.p = p
    self.storedRecords = stored
    self.asOf = asOf
  }

  /// Every field of the records format: the fact's, then `source` and `note`.
  public static let allFields = RecordFields.names + ["source", "note"]
  /// Required and optional fields of each kind, besides kind, source and note.
  static let shape: [RecordKind: (required: [String], optional: [String])] = [
    .held: (["meeting"], ["date"]),
    .moved: (["meeting", "date"], ["time", "reason"]),
    .cancelled: (["meeting"], ["reason"]),
    .added: (["board", "date"], ["time", "title"]),
    .fulfilled: (["obligation"], ["date", "meeting", "by", "link"]),
    .papers: (["obligation", "date"], ["by", "link"]),
    .event: (["title", "date"], []),
  ]

  /// The entries, in order, or every problem found (then nothing may be written).
  public func check(_ drafts: [RecordDraft]) -> (entries: [RecordEntry], problems: [RecordProblem])
  {
    var found: [(order: (Int, Int, Int), sequence: Int, problem: RecordProblem)] = []
    func report(_ draft: RecordDraft, _ field: String?, _ message: String) {
      found.append((draft.order(field), found.count, draft.problem(field, message)))
    }
    // The days a record may speak of: from the cycle before the protocol's start to the
    // look-ahead beyond today. A date outside them is refused, so checking a record costs the
    // same whatever its date.
    let covered = p.span(asOf: asOf)
    let span = DateSpan(
      start: p.cycleSpan(p.cycle(containing: covered.start) - 1).start, end: covered.end)
    let plain = Schedule.derive(p, span: span)
    let derivedMeetings = Dictionary(plain.meetings.map { ($0.id, $0) }) { a, _ in a }
    // Obligations that count from an event or a fulfilment exist once those are recorded:
    // stored, or in this batch.
    let counted =
      p.countsFromRecords
      ? Schedule.derive(p, span: span, records: countedFrom(drafts)).obligations : []
    let obligations = Dictionary((plain.obligations + counted).map { ($0.id, $0) }) { a, _ in a }
    let boardIDs = p.boards.map(\.id)
    // Prepared once: a file may name thousands of unknown meetings or obligations.
    let meetingNames = Suggestions(Array(derivedMeetings.keys))
    let obligationNames = Suggestions(Array(obligations.keys))

    // First pass: everything but the meeting of a fulfilment, which may be an added one.
    var parsed: [(draft: RecordDraft, kind: RecordKind, fact: RecordFact?)] = []
    for draft in drafts {
      var ok = true
      func complain(_ field: String?, _ message: String) {
        report(draft, field, message)
        ok = false
      }
      let text = draft.text
      guard let kindText = text("kind") else {
        complain(
          "kind",
          "every record needs a kind: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        continue
      }
      guard let kind = RecordKind(rawValue: kindText) else {
        complain(
          "kind",
          "'\(kindText)' is not a kind of record; use one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))."
            + didYouMean(kindText, RecordKind.allCases.map(\.rawValue)))
        continue
      }
      let shape = Self.shape[kind]!
      let takes = shape.required + shape.optional + ["source", "note"]
      for field in draft.fields.keys.sorted() where field != "kind" && !takes.contains(field) {
        if Self.allFields.contains(field) {
          complain(
            field,
            "'\(field)' does not apply to a \(kind.rawValue) record, which takes \(takes.joined(separator: ", "))."
          )
        } else {
          complain(
            field,
            "unknown field '\(field)'." + didYouMean(field, Self.allFields)
              + " Fields: \(Self.allFields.joined(separator: ", ")).")
        }
      }
      for field in shape.required where text(field) == nil {
        complain(nil, "a \(kind.rawValue) record needs \(Self.describe(field)).")
      }
      var date: CivilDate?
      if let d = text("date") {
        date = CivilDate(iso: d)
        if let day = date, !span.contains(day) {
          complain(
            "date",
            "\(day) is outside the days a record of \(p.id) may speak of as of \(asOf) (\(span): from the financial year before the protocol's start, \(p.horizon.start), to the look-ahead)."
          )
          date = nil
        } else if date == nil {
          complain("date", "'\(d)' is not a date that exists; write YYYY-MM-DD, e.g. 2021-04-06.")
        }
      }
      var time: TimeOfDay?
      if let t = text("time") {
        time = TimeOfDay(text: t)
        if time == nil {
          complain("time", "'\(t)' is not a time; write HH:MM (24-hour), e.g. 14:00.")
        }
      }
      // A meeting cannot start at a time the clocks skip that night.
      if [.moved, .added].contains(kind), let day = date,
        let start = time ?? text("meeting").flatMap({ derivedMeetings[$0]?.time })
          ?? (kind == .added ? p.defaults.meetingTime : nil),
        LocalTime.reading(date: day, time: start, timeZone: p.timeZone) == .skipped
      {
        complain(
          time == nil ? "date" : "time",
          "\(start) does not exist on \(day) in \(p.timeZone): the clocks go forward that night; give the time by the new clock."
        )
      }
      if [.held, .moved, .cancelled].contains(kind), let id = text("meeting"),
        derivedMeetings[id] == nil
      {
        complain(
          "meeting",
          "no meeting '\(id)' in the schedule of \(p.id) (\(span))."
            + meetingNames.didYouMean(id)
            + " 'boardcal schedule FILE --json' lists the meeting ids.")
      }
      if let id = text("obligation"), obligations[id] == nil {
        complain(
          "obligation",
          "no obligation '\(id)' in the schedule of \(p.id) (\(span))."
            + obligationNames.didYouMean(id)
            + " 'boardcal schedule FILE --json' lists the obligation ids.")
      }
      if kind == .event, let name = text("title"), !p.eventNames.contains(name) {
        let names = p.eventNames.sorted()
        complain(
          "title",
          "'\(name)' is not an event \(p.id)'s protocol counts from."
            + (names.isEmpty
              ? " Its duties and review name no event."
              : didYouMean(name, names) + " Events: \(names.joined(separator: ", ")).")
        )
      }
      if let id = text("board"), p.board(id) == nil {
        complain(
          "board",
          "no board '\(id)' in \(p.id)." + didYouMean(id, boardIDs)
            + " Boards: \(boardIDs.joined(separator: ", ")).")
      }
      // Nothing for a board outside its life: no meeting is added or moved to a day on which
      // its board does not exist.
      if [.moved, .added].contains(kind), let day = date,
        let board = text("board").flatMap(p.board)
          ?? text("meeting").flatMap({ derivedMeetings[$0] }).flatMap({ p.board($0.board) }),
        !board.life.contains(day)
      {
        complain("date", "\(board.name(on: day)) does not exist on \(day): \(board.life.daysText).")
      }
      if kind == .fulfilled, text("date") == nil, text("meeting") == nil {
        complain(
          nil,
          "a fulfilled record needs a date (the day it was presented or circulated), or a meeting whose day is then taken."
        )
      }
      // A meeting held is not also cancelled, nor a cancelled one held: the later record says
      // the opposite of the earlier, named so that the wrong one can be found.
      if [.held, .cancelled].contains(kind), let id = text("meeting"),
        let earlier = contradiction(of: kind, meeting: id, earlierIn: parsed)
      {
        complain(
          "meeting",
          "'\(id)' is already recorded as \(earlier); a meeting is not both held and cancelled.")
      }
      guard ok else {
        parsed.append((draft, kind, nil))
        continue
      }
      // A fulfilment waits for the second pass: its meeting may be one added by a record.
      let fact =
        kind == .fulfilled
        ? nil
        : RecordFields(
          kind: kind, meeting: text("meeting"), obligation: text("obligation"),
          board: text("board"), date: date, time: time, reason: text("reason"), by: text("by"),
          link: text("link"), title: text("title")
        ).fact
      parsed.append((draft, kind, fact))
    }

    // Second pass: fulfilments, against the meetings as recorded (moves, additions).
    var recorded: [String: Meeting] = [:]
    var recordedNames = Suggestions([])
    if parsed.contains(where: { $0.kind == .fulfilled && $0.draft.fields["meeting"] != nil }) {
      let soFar =
        stored.map { $0.withCurrentMeetingIDs(in: p) }
        + parsed.compactMap { $0.fact.map { RecordEntry($0) } }
      let applied = Schedule.derive(p, span: span, records: Records(soFar))
      recorded = Dictionary(applied.meetings.map { ($0.id, $0) }) { a, _ in a }
      recordedNames = Suggestions(Array(recorded.keys))
    }
    var entries: [RecordEntry] = []
    for (draft, kind, fact) in parsed {
      let text = draft.text
      var final = fact
      if kind == .fulfilled {
        final = fulfilment(
          draft, obligations: obligations, meetings: recorded, names: recordedNames, span: span
        ) {
          report(draft, "meeting", $0)
        }
      }
      if let final {
        entries.append(RecordEntry(final, source: text("source"), note: text("note")))
      }
    }
    let problems = found.sorted {
      ($0.order.0, $0.order.1, $0.order.2, $0.sequence) < (
        $1.order.0, $1.order.1, $1.order.2, $1.sequence
      )
    }.map(\.problem)
    return problems.isEmpty ? (entries, []) : ([], problems)
  }

  private func fulfilment(
    _ draft: RecordDraft, obligations: [String: Obligation], meetings: [String: Meeting],
    names: Suggestions, span: DateSpan, complain: (String) -> Void
  ) -> RecordFact? {
    let text = draft.text
    guard let id = text("obligation"), let o = obligations[id] else { return nil }
    var date = text("date").flatMap(CivilDate.init(iso:))
    if text("date") != nil, date == nil { return nil }
    var meetingID: String?
    if let m = text("meeting") {
      guard let meeting = meetings[m] else {
        complain(
          "no meeting '\(m)' in the schedule of \(p.id) (\(span)), nor added by a record."
            + names.didYouMean(m))
        return nil
      }
      if o.isByDate {
        complain(
          "\(id) is \(o.receiverKind == .public ? "a publication" : "a copy sent to \(p.receiverLabel(o))"), due by a day and not taken at a meeting; record it with its date (--date) and no meeting."
        )
        return nil
      }
      guard meeting.board == o.receiver else {
        complain(
          "'\(m)' is a meeting of \(label(meeting.board)), but \(id) is received by \(label(o.receiver)); name one of \(label(o.receiver))'s meetings."
        )
        return nil
      }
      if let reason = meeting.cancellation {
        complain(
          "'\(m)' is cancelled (\(reason)); name the meeting that took it, or record the meeting as held or moved first."
        )
        return nil
      }
      meetingID = m
      if date == nil { date = meeting.date }
    }
    guard let date else { return nil }
    return .fulfilled(
      Fulfilment(
        obligationID: id, date: date, meetingID: meetingID, presentedBy: text("by"),
        link: text("link")))
  }

  /// The earlier record (stored, or earlier in this batch) that says the opposite of a `held` or
  /// `cancelled` record of a meeting: "cancelled (record 12, 2021-06-02T09:00:00Z)".
  private func contradiction(
    of kind: RecordKind, meeting id: String,
    earlierIn batch: [(draft: RecordDraft, kind: RecordKind, fact: RecordFact?)]
  ) -> String? {
    func opposite(_ fact: RecordFact) -> Bool {
      guard case .meeting(let record) = fact, record.meetingID == id else { return false }
      switch (kind, record.event) {
      case (.held, .cancelled), (.cancelled, .held): return true
      default: return false
      }
    }
    if let record = storedRecords.first(where: { opposite($0.entry.fact) }) {
      let said = kind == .held ? "cancelled" : "held"
      return "\(said) (record \(record.id), recorded \(record.recordedAt))"
    }
    if let row = batch.first(where: { $0.fact.map(opposite) ?? false }) {
      let said = kind == .held ? "cancelled" : "held"
      let place = row.draft.location ?? row.draft.row.map { "row \($0)" } ?? "this batch"
      return "\(said) by \(place)"
    }
    return nil
  }

  private func label(_ board: String) -> String { p.board(board)?.label ?? board }

  /// The events and fulfilments stored and in `drafts` (as far as they read), that dated
  /// duties and the review count from.
  private func countedFrom(_ drafts: [RecordDraft]) -> Records {
    var records = Records(
      stored.filter {
        switch $0.fact {
        case .event, .fulfilled: return true
        default: return false
        }
      })
    for draft in drafts {
      let text = draft.text
      guard let date = text("date").flatMap(CivilDate.init(iso:)) else { continue }
      if text("kind") == RecordKind.event.rawValue, let name = text("title") {
        records.events.append(RecordedEvent(name: name, date: date))
      }
      if text("kind") == RecordKind.fulfilled.rawValue, let id = text("obligation") {
        records.fulfilments.append(Fulfilment(obligationID: id, date: date))
      }
    }
    return records
  }

  static func describe(_ field: String) -> String {
    switch field {
    case "meeting": return "a meeting (its id)"
    case "obligation": return "an obligation (its id)"
    case "board": return "a board (its id)"
    case "date": return "a date (YYYY-MM-DD)"
    case "title": return "a title (for an event: its name, as the protocol names it)"
    default: return "a \(field)"
    }
  }
}
