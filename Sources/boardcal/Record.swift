import ArgumentParser
import BoardCalCore
import BoardCalProtocols
import BoardCalStore
import Foundation
import Yams

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `boardcal record`: what actually happened, written to the records database.
struct Record: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Record what actually happened: meetings held, moved, cancelled or added; obligations fulfilled; papers submitted.",
    discussion: """
      Every record is checked against the protocol before anything is written: a meeting or \
      obligation id must be one the scheduler derives ('boardcal schedule FILE --json' lists \
      them), a board must be in the protocol, dates are YYYY-MM-DD and times HH:MM. On any \
      problem, every problem is printed (file, line, row and field, with a "did you mean" for a \
      near id), nothing is written and the exit status is 1. Each record is acknowledged with a \
      line 'recorded: ...' only after it is committed and synced to disk.

      One record:  boardcal record held|moved|cancelled|added|fulfilled|papers FILE --OPTIONS
      A file:      boardcal record FILE --from RECORDS.yaml|RECORDS.csv   (all rows or none)
      What is in:  boardcal record list FILE [--json]

      The database is --db PATH, else $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, \
      else ~/.local/share/boardcal/records.sqlite.
      """,
    subcommands: [
      RecordHeld.self, RecordMoved.self, RecordCancelled.self, RecordAdded.self,
      RecordFulfilled.self, RecordPapers.self, RecordBulk.self, RecordList.self,
    ],
    defaultSubcommand: RecordBulk.self
  )
}

// MARK: - options shared by the subcommands

struct RecordDatabaseOption: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The records database (SQLite). Default: $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, else ~/.local/share/boardcal/records.sqlite.",
      valueName: "path"))
  var db: String?

  var path: String { db ?? RecordStore.defaultPath() }
}

struct RecordAnnotationOptions: ParsableArguments {
  @Option(help: "Where the record comes from: the document and passage.") var source: String?
  @Option(help: "A remark kept with the record (an assumption, a missing detail).") var note:
    String?
  @Option(
    name: .customLong("recorded-by"),
    help: "Who is recording, kept with the record (default: $USER).")
  var recordedBy: String?

  var fields: [String: String?] { ["source": source, "note": note] }

  /// Checks and writes one record of `kind` from a command's own fields and these annotations.
  func record(
    _ protocolFile: String, _ kind: RecordKind, _ own: [String: String?],
    database: RecordDatabaseOption
  ) throws {
    try RecordRunner.record(
      protocolFile: protocolFile, kind: kind, fields: own.merging(fields) { mine, _ in mine },
      recordedBy: recordedBy, database: database)
  }
}

// MARK: - one record at a time

struct RecordHeld: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "held",
    abstract: "Record that a meeting took place (on its derived day, or on --date).",
    discussion: """
      Example:
        boardcal record held Protocols/milton-keynes.yaml --meeting milton-keynes-management-board-2021-04
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "The day it was held, when not the derived day (YYYY-MM-DD).") var date: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(file, .held, ["meeting": meeting, "date": date], database: database)
  }
}

struct RecordMoved: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "moved",
    abstract: "Record that a meeting moved to another day (and time), with the reason.",
    discussion: """
      The meeting keeps its id (and calendar UID); its SEQUENCE is raised and its paper deadline \
      follows the new day. Example:
        boardcal record moved Protocols/medway.yaml --meeting medway-hwb-2021-10 --date 2021-10-19 --time 18:00 --reason "Budget council"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "The new day (YYYY-MM-DD).") var date: String
  @Option(help: "The new start time (HH:MM), when it changed.") var time: String?
  @Option(help: "Why it moved.") var reason: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(
      file, .moved, ["meeting": meeting, "date": date, "time": time, "reason": reason],
      database: database)
  }
}

struct RecordCancelled: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancelled",
    abstract: "Record that a meeting will not take place, with the reason.",
    discussion: """
      What was slotted at a cancelled meeting is re-slotted at the receiver's next meeting in its \
      window. Example:
        boardcal record cancelled Protocols/milton-keynes.yaml --meeting milton-keynes-csp-2021-10 --reason "Not quorate"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "Why it was cancelled.") var reason: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(
      file, .cancelled, ["meeting": meeting, "reason": reason], database: database)
  }
}

struct RecordAdded: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "added",
    abstract: "Record a meeting the protocol does not derive (an extraordinary meeting).",
    discussion: """
      The meeting's id is PARTNERSHIP-BOARD-DATE-added; a 'fulfilled' record may name it. Example:
        boardcal record added Protocols/milton-keynes.yaml --board risk --date 2021-09-14 --title "Extraordinary meeting: knife crime"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The board's id.") var board: String
  @Option(help: "The day (YYYY-MM-DD).") var date: String
  @Option(help: "The start time (HH:MM); default: the partnership's meeting time.") var time:
    String?
  @Option(help: "A title for the meeting.") var title: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(
      file, .added, ["board": board, "date": date, "time": time, "title": title], database: database
    )
  }
}

struct RecordFulfilled: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fulfilled",
    abstract:
      "Record that an obligation was met: on which day, at which meeting, by whom, with a link.",
    discussion: """
      The obligation's status becomes 'done'. Give --date, or --meeting alone to take the \
      meeting's day; a meeting must be one of the receiving board's. Example:
        boardcal record fulfilled Protocols/milton-keynes.yaml \\
          --obligation child-death-annual-report-to-management-board/management-board/2021-22 \\
          --meeting milton-keynes-management-board-2021-07 --by "Director of Public Health" \\
          --link https://www.mktogether.co.uk/minutes/2021-07.pdf
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The obligation's id, as 'boardcal schedule FILE --json' prints it.")
  var obligation: String
  @Option(help: "The day it was presented or circulated (YYYY-MM-DD).") var date: String?
  @Option(help: "The meeting that took it (its id).") var meeting: String?
  @Option(help: "Who presented it.") var by: String?
  @Option(help: "A link to the minutes or the paper.") var link: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(
      file, .fulfilled,
      [
        "obligation": obligation, "date": date, "meeting": meeting, "by": by, "link": link,
      ], database: database)
  }
}

struct RecordPapers: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "papers",
    abstract: "Record that the papers for an obligation were submitted (no papers-due alert then).",
    discussion: """
      Example:
        boardcal record papers Protocols/medway.yaml --obligation OBLIGATION-ID --date 2021-09-20 --by "CSP manager"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The obligation's id, as 'boardcal schedule FILE --json' prints it.")
  var obligation: String
  @Option(help: "The day the papers went in (YYYY-MM-DD).") var date: String
  @Option(help: "Who submitted them.") var by: String?
  @Option(help: "A link to the papers.") var link: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    try annotations.record(
      file, .papers, ["obligation": obligation, "date": date, "by": by, "link": link],
      database: database)
  }
}

// MARK: - bulk

struct RecordBulk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bulk",
    abstract: "Record every row of a records file (YAML or CSV): all of them, or none.",
    discussion: """
      'boardcal record FILE --from RECORDS' is short for 'boardcal record bulk FILE --from \
      RECORDS'. The whole file is checked first; one bad row writes nothing. Rows are written in \
      order in one transaction. A row identical to a record already stored is reported as \
      'already recorded' and not written twice, so a file can be imported again safely.

      YAML: a list of records, or a mapping {partnership: ID, description: TEXT, records: [...]}.

      CSV: a header row naming the columns (any order; unused ones may be left out), then one \
      record per row. Quote a cell that holds commas, quotes or line breaks ("" for a quote).

      Fields (YAML keys, CSV columns):
        kind        held | moved | cancelled | added | fulfilled | papers   (required)
        meeting     held, moved, cancelled: required; fulfilled: the meeting that took it
        obligation  fulfilled, papers: required
        board       added: required
        date        moved, added, papers: required; held: the real day when not the derived one;
                    fulfilled: required unless meeting is given (its day is then used)
        time        moved, added: HH:MM
        reason      moved, cancelled
        by          fulfilled: who presented; papers: who submitted
        link        fulfilled, papers: the minutes or the paper
        title       added
        source      any: the document and passage the record rests on
        note        any: a remark (an assumption, a missing detail)
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: ArgumentHelp("The records file: .yaml, .yml or .csv.", valueName: "records-file"))
  var from: String
  @Option(
    name: .customLong("recorded-by"),
    help: "Who is recording, kept with every record (default: $USER).")
  var recordedBy: String?
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    let read = RecordFileReader.read(path: from)
    let p = try loadOrExit(file)
    var problems = read.problems
    if let declared = read.partnership, declared.id != p.id {
      problems.append(
        "\(declared.at): partnership: this records file is for '\(declared.id)', but \(file) is the protocol of '\(p.id)'."
      )
    }
    if problems.isEmpty && read.drafts.isEmpty {
      problems.append("\(from): no records in the file.")
    }
    try RecordRunner.record(
      p, drafts: read.drafts, problems: problems, recordedBy: recordedBy, database: database,
      summary: from)
  }
}

// MARK: - list

struct RecordList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Show what is recorded for the protocol's partnership, in the order recorded.",
    discussion: """
      --json prints {partnership, records: [{id, kind, meeting, obligation, board, date, time, \
      reason, by, link, title, source, note, recorded_by, recorded_at}]}; absent fields are left out.
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Flag(help: "Print JSON instead of a table.") var json = false
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    let p = try loadOrExit(file)
    var stored: [StoredRecord] = []
    if FileManager.default.fileExists(atPath: database.path) {
      stored = try RecordRunner.storeOrExit { () throws(StoreError) in
        try RecordStore(path: database.path).list(partnership: p.id)
      }
    }
    if json {
      try printJSON(
        RecordListJSON(partnership: p.id, records: stored.map(RecordJSON.init)))
      return
    }
    if stored.isEmpty {
      print("Nothing is recorded for \(p.id) in \(database.path).")
      return
    }
    print(
      TextTable.render(
        header: ["#", "kind", "meeting / obligation / board", "date", "detail", "recorded"],
        rows: stored.map { r in
          let j = RecordJSON(r)
          let subject = j.meeting.map { j.obligation == nil ? $0 : "" } ?? ""
          let detail = [
            j.obligation != nil ? j.meeting.map { "at \($0)" } : nil, j.time, j.reason, j.title,
            j.by.map { "by \($0)" }, j.link,
          ].compactMap { $0 }.joined(separator: "; ")
          return [
            String(r.id), j.kind, (j.obligation ?? j.board ?? subject).clipped(72),
            j.date?.iso ?? "", detail.clipped(60),
            r.recordedAt + (r.recordedBy.map { " by \($0)" } ?? ""),
          ]
        }))
    print("\(stored.count) record\(stored.count == 1 ? "" : "s") for \(p.id) in \(database.path).")
  }
}

struct RecordListJSON: Encodable {
  let partnership: String
  let records: [RecordJSON]
}

/// A stored record as JSON: the columns of the records format plus who recorded it and when.
struct RecordJSON: Encodable {
  let id: Int64
  let kind: String
  var meeting: String?
  var obligation: String?
  var board: String?
  var date: CivilDate?
  var time: String?
  var reason: String?
  var by: String?
  var link: String?
  var title: String?
  let source: String?
  let note: String?
  let recordedBy: String?
  let recordedAt: String

  enum CodingKeys: String, CodingKey {
    case id, kind, meeting, obligation, board, date, time, reason, by, link, title, source, note
    case recordedBy = "recorded_by"
    case recordedAt = "recorded_at"
  }

  init(_ r: StoredRecord) {
    id = r.id
    kind = r.entry.kind.rawValue
    source = r.entry.source
    note = r.entry.note
    recordedBy = r.recordedBy
    recordedAt = r.recordedAt
    switch r.entry.fact {
    case .meeting(let m):
      meeting = m.meetingID
      switch m.event {
      case .held(let on): date = on
      case .moved(let to, let t, let why): (date, time, reason) = (to, t?.description, why)
      case .cancelled(let why): reason = why
      }
    case .added(let a):
      (board, date, time, title) = (a.board, a.date, a.time?.description, a.title)
    case .fulfilled(let f):
      (obligation, date, meeting, by, link) = (
        f.obligationID, f.date, f.meetingID, f.presentedBy, f.link
      )
    case .papers(let p): (obligation, date, by, link) = (p.obligationID, p.date, p.by, p.link)
    }
  }
}

// MARK: - checking and writing

/// One value as written, with where it was written (for messages).
struct RecordDraftValue {
  let text: String
  /// `file:line:column`, or nil on the command line.
  let location: String?
  /// Where it is in the file (0 on the command line), to report problems in file order.
  var line = 0
  var column = 0
}

/// One record as written (a row of a records file, or a command's options), before checking.
struct RecordDraft {
  /// The data row, counting from 1; nil on the command line.
  let row: Int?
  /// Where the row starts: `file:line:column` (YAML) or `file:line` (CSV).
  let location: String?
  var fields: [String: RecordDraftValue]
  var line = 0
  var column = 0

  /// Orders problems: by row, then by where the field is written.
  func order(_ field: String?) -> (Int, Int, Int) {
    let value = field.flatMap { fields[$0] }
    return (row ?? 0, value?.line ?? line, value?.column ?? column)
  }

  /// "file:12:9: row 3 (fulfilled), obligation: message", or "--obligation: message".
  func problem(_ field: String?, _ message: String) -> String {
    guard let row else { return (field.map { "--\($0): " } ?? "") + message }
    let at = field.flatMap { fields[$0]?.location } ?? location ?? ""
    let kind = fields["kind"].map { " (\($0.text))" } ?? ""
    return "\(at): row \(row)\(kind)\(field.map { ", \($0)" } ?? ""): \(message)"
  }
}

/// Checks drafts against a protocol and turns them into entries.
struct RecordChecker {
  let p: Partnership
  /// Records already stored for the partnership (for added meetings and moved days).
  let stored: [RecordEntry]

  static let allFields = [
    "kind", "meeting", "obligation", "board", "date", "time", "reason", "by", "link", "title",
    "source", "note",
  ]
  /// Required and optional fields of each kind, besides kind, source and note.
  static let shape: [RecordKind: (required: [String], optional: [String])] = [
    .held: (["meeting"], ["date"]),
    .moved: (["meeting", "date"], ["time", "reason"]),
    .cancelled: (["meeting"], ["reason"]),
    .added: (["board", "date"], ["time", "title"]),
    .fulfilled: (["obligation"], ["date", "meeting", "by", "link"]),
    .papers: (["obligation", "date"], ["by", "link"]),
  ]

  /// The entries, in order, or every problem found (then nothing may be written).
  func check(_ drafts: [RecordDraft]) -> (entries: [RecordEntry], problems: [String]) {
    var found: [(order: (Int, Int, Int), sequence: Int, text: String)] = []
    func report(_ draft: RecordDraft, _ field: String?, _ message: String) {
      found.append((draft.order(field), found.count, draft.problem(field, message)))
    }
    // The span: the protocol's horizon widened by a cycle each side, and every date written.
    let dates = drafts.compactMap { $0.fields["date"].flatMap { CivilDate(iso: $0.text) } }
    let start = min(
      p.cycleSpan(p.cycle(containing: p.horizon.start) - 1).start, dates.min() ?? .distantFuture)
    let end = max(
      p.cycleSpan(p.cycle(containing: p.horizon.end) + 1).end, dates.max() ?? .distantPast)
    let span = DateSpan(start: start, end: end)
    let plain = Schedule.derive(p, span: span)
    let derivedMeetings = Dictionary(plain.meetings.map { ($0.id, $0) }) { a, _ in a }
    let obligations = Dictionary(plain.obligations.map { ($0.id, $0) }) { a, _ in a }
    let boardIDs = p.boards.map(\.id)

    // First pass: everything but the meeting of a fulfilment, which may be an added one.
    var parsed: [(draft: RecordDraft, kind: RecordKind, fact: RecordFact?)] = []
    for draft in drafts {
      var ok = true
      func complain(_ field: String?, _ message: String) {
        report(draft, field, message)
        ok = false
      }
      func text(_ field: String) -> String? { draft.fields[field]?.text }
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
            + Self.didYouMean(kindText, RecordKind.allCases.map(\.rawValue)))
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
            "unknown field '\(field)'." + Self.didYouMean(field, Self.allFields)
              + " Fields: \(Self.allFields.joined(separator: ", ")).")
        }
      }
      for field in shape.required where text(field) == nil {
        complain(nil, "a \(kind.rawValue) record needs \(Self.describe(field)).")
      }
      var date: CivilDate?
      if let d = text("date") {
        date = CivilDate(iso: d)
        if date == nil {
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
      if [.held, .moved, .cancelled].contains(kind), let id = text("meeting"),
        derivedMeetings[id] == nil
      {
        complain(
          "meeting",
          "no meeting '\(id)' in the schedule of \(p.id) (\(span))."
            + Self.didYouMean(id, Array(derivedMeetings.keys))
            + " 'boardcal schedule FILE --json' lists the meeting ids.")
      }
      if let id = text("obligation"), obligations[id] == nil {
        complain(
          "obligation",
          "no obligation '\(id)' in the schedule of \(p.id) (\(span))."
            + Self.didYouMean(id, Array(obligations.keys))
            + " 'boardcal schedule FILE --json' lists the obligation ids.")
      }
      if let id = text("board"), p.board(id) == nil {
        complain(
          "board",
          "no board '\(id)' in \(p.id)." + Self.didYouMean(id, boardIDs)
            + " Boards: \(boardIDs.joined(separator: ", ")).")
      }
      if kind == .fulfilled, text("date") == nil, text("meeting") == nil {
        complain(
          nil,
          "a fulfilled record needs a date (the day it was presented or circulated), or a meeting whose day is then taken."
        )
      }
      guard ok else {
        parsed.append((draft, kind, nil))
        continue
      }
      let fact: RecordFact?
      switch kind {
      case .held:
        fact = .meeting(MeetingRecord(meetingID: text("meeting")!, event: .held(on: date)))
      case .moved:
        fact = .meeting(
          MeetingRecord(
            meetingID: text("meeting")!,
            event: .moved(to: date!, time: time, reason: text("reason"))))
      case .cancelled:
        fact = .meeting(
          MeetingRecord(meetingID: text("meeting")!, event: .cancelled(reason: text("reason"))))
      case .added:
        fact = .added(
          AddedMeeting(board: text("board")!, date: date!, time: time, title: text("title")))
      case .papers:
        fact = .papers(
          PapersSubmitted(
            obligationID: text("obligation")!, date: date!, by: text("by"), link: text("link")))
      case .fulfilled:
        fact = nil  // after the meetings are known
      }
      parsed.append((draft, kind, fact))
    }

    // Second pass: fulfilments, against the meetings as recorded (moves, additions).
    var recorded: [String: Meeting] = [:]
    if parsed.contains(where: { $0.kind == .fulfilled && $0.draft.fields["meeting"] != nil }) {
      let soFar = stored + parsed.compactMap { $0.fact.map { RecordEntry($0) } }
      let applied = Schedule.derive(p, span: span, records: Records(soFar))
      recorded = Dictionary(applied.meetings.map { ($0.id, $0) }) { a, _ in a }
    }
    var entries: [RecordEntry] = []
    for (draft, kind, fact) in parsed {
      func text(_ field: String) -> String? { draft.fields[field]?.text }
      var final = fact
      if kind == .fulfilled {
        final = fulfilment(draft, obligations: obligations, meetings: recorded, span: span) {
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
    }.map(\.text)
    return problems.isEmpty ? (entries, []) : ([], problems)
  }

  private func fulfilment(
    _ draft: RecordDraft, obligations: [String: Obligation], meetings: [String: Meeting],
    span: DateSpan, complain: (String) -> Void
  ) -> RecordFact? {
    func text(_ field: String) -> String? { draft.fields[field]?.text }
    guard let id = text("obligation"), let o = obligations[id] else { return nil }
    var date = text("date").flatMap(CivilDate.init(iso:))
    if text("date") != nil, date == nil { return nil }
    var meetingID: String?
    if let m = text("meeting") {
      guard let meeting = meetings[m] else {
        complain(
          "no meeting '\(m)' in the schedule of \(p.id) (\(span)), nor added by a record."
            + Self.didYouMean(m, Array(meetings.keys)))
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

  private func label(_ board: String) -> String { p.board(board)?.label ?? board }

  static func describe(_ field: String) -> String {
    switch field {
    case "meeting": return "a meeting (its id)"
    case "obligation": return "an obligation (its id)"
    case "board": return "a board (its id)"
    case "date": return "a date (YYYY-MM-DD)"
    default: return "a \(field)"
    }
  }

  /// " Did you mean 'x'?" for the candidate nearest to `word`, when it is near enough.
  static func didYouMean(_ word: String, _ candidates: [String]) -> String {
    let lowered = word.lowercased()
    let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }),
      best.1 <= max(2, word.count / 3)
    else { return "" }
    return " Did you mean '\(best.0)'?"
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

extension CivilDate {
  fileprivate static let distantFuture = CivilDate(year: 9999, month: 12, day: 31)!
  fileprivate static let distantPast = CivilDate(year: 1, month: 1, day: 1)!
}

/// Checks, writes and acknowledges records.
enum RecordRunner {
  /// One record from a command's options.
  static func record(
    protocolFile: String, kind: RecordKind, fields: [String: String?], recordedBy: String?,
    database: RecordDatabaseOption
  ) throws {
    let p = try loadOrExit(protocolFile)
    var values: [String: RecordDraftValue] = [
      "kind": RecordDraftValue(text: kind.rawValue, location: nil)
    ]
    for (name, value) in fields {
      if let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
        values[name] = RecordDraftValue(text: value, location: nil)
      }
    }
    try record(
      p, drafts: [RecordDraft(row: nil, location: nil, fields: values)], problems: [],
      recordedBy: recordedBy, database: database, summary: nil)
  }

  /// Checks every draft, then writes them all in one transaction and prints one
  /// acknowledgement per record after the commit.
  static func record(
    _ p: Partnership, drafts: [RecordDraft], problems earlier: [String], recordedBy: String?,
    database: RecordDatabaseOption, summary file: String?
  ) throws {
    let path = database.path
    var problems = earlier
    var entries: [RecordEntry] = []
    var store: RecordStore?
    if problems.isEmpty {
      // Read what is stored without creating the file: a refused record leaves no trace.
      var stored: [RecordEntry] = []
      if FileManager.default.fileExists(atPath: path) {
        let opened = try storeOrExit { () throws(StoreError) in try RecordStore(path: path) }
        stored = try storeOrExit { () throws(StoreError) in
          try opened.list(partnership: p.id).map(\.entry)
        }
        store = opened
      }
      (entries, problems) = RecordChecker(p: p, stored: stored).check(drafts)
    }
    if !problems.isEmpty {
      for problem in problems { printError(problem) }
      printError(
        "\(problems.count) problem\(problems.count == 1 ? "" : "s")\(file.map { " in \($0)" } ?? ""); nothing was recorded."
      )
      throw ExitCode(1)
    }
    let who = recordedBy ?? ProcessInfo.processInfo.environment["USER"]
    let writer =
      try store ?? storeOrExit { () throws(StoreError) in try RecordStore(path: path) }
    let outcomes = try storeOrExit { () throws(StoreError) in
      try writer.save(
        entries, partnership: p.id, recordedBy: who, at: timestamp())
    }
    // Committed (and synced): only now is each record acknowledged.
    for outcome in outcomes {
      print(
        "\(outcome.isNew ? "recorded" : "already recorded"): \(outcome.entry.summary) (record \(outcome.id))"
      )
    }
    if let file {
      let fresh = outcomes.filter(\.isNew).count
      print(
        "\(file): \(fresh) record\(fresh == 1 ? "" : "s") saved, \(outcomes.count - fresh) already recorded, for \(p.id) in \(path)."
      )
    }
    fflush(nil)  // every open stream: the acknowledgements reach the file or pipe now
  }

  static func storeOrExit<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      printError(error.message)
      printError("Nothing was recorded.")
      throw ExitCode(1)
    }
  }

  static func timestamp() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date())
  }
}

// MARK: - reading records files

/// Reads a records file (YAML or CSV) into drafts, with every problem of form found.
enum RecordFileReader {
  struct Result {
    var drafts: [RecordDraft] = []
    /// The partnership the file declares, and where.
    var partnership: (id: String, at: String)? = nil
    var problems: [String] = []
  }

  static func read(path: String) -> Result {
    guard let data = FileManager.default.contents(atPath: path) else {
      return Result(problems: [
        "\(path): cannot read the file: it does not exist or is not readable."
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return Result(problems: ["\(path):1: the file is not UTF-8 text."])
    }
    switch (path as NSString).pathExtension.lowercased() {
    case "yaml", "yml": return yaml(text, file: path)
    case "csv": return csv(text, file: path)
    default:
      return Result(problems: [
        "\(path): a records file must end in .yaml, .yml or .csv (see 'boardcal record bulk --help')."
      ])
    }
  }

  // MARK: YAML

  static func yaml(_ text: String, file: String) -> Result {
    var result = Result()
    func at(_ node: Node) -> String {
      "\(file):\(node.mark?.line ?? 1):\(node.mark?.column ?? 1)"
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        result.problems.append("\(file):1:1: the file is empty.")
        return result
      }
      root = node
    } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
      result.problems.append(
        "\(file):\(context.mark.line):\(context.mark.column): the key \(keys.map { "'\($0)'" }.joined(separator: ", ")) is given twice in the same mapping; keep one."
      )
      return result
    } catch let error as YamlError {
      var line = 1
      var column = 1
      var problem = "\(error)"
      switch error {
      case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _),
        .composer(_, let p, let mark, _):
        (line, column, problem) = (mark.line, mark.column, p)
      default: break
      }
      result.problems.append("\(file):\(line):\(column): YAML syntax error: \(problem).")
      return result
    } catch {
      result.problems.append("\(file):1:1: YAML error: \(error).")
      return result
    }
    let items: Node.Sequence
    switch root {
    case .sequence(let sequence):
      items = sequence
    case .mapping(let mapping):
      var list: Node.Sequence?
      for (key, value) in mapping {
        let name = key.scalar?.string ?? ""
        switch name {
        case "records":
          if case .sequence(let sequence) = value {
            list = sequence
          } else {
            result.problems.append("\(at(value)): records: expected a list of records.")
          }
        case "partnership":
          if let id = value.scalar?.string { result.partnership = (id, at(value)) }
        case "description": break
        default:
          result.problems.append(
            "\(at(key)): unknown key '\(name)'."
              + RecordChecker.didYouMean(name, ["partnership", "description", "records"])
              + " The top level of a records file takes partnership, description and records.")
        }
      }
      guard let list else {
        if result.problems.isEmpty {
          result.problems.append("\(at(root)): a records file needs 'records:', a list of records.")
        }
        return result
      }
      items = list
    default:
      result.problems.append(
        "\(at(root)): expected a list of records, or a mapping with 'records:'.")
      return result
    }
    for (index, item) in items.enumerated() {
      guard case .mapping(let mapping) = item else {
        result.problems.append(
          "\(at(item)): row \(index + 1): expected a record (a mapping of fields such as kind, meeting, date)."
        )
        continue
      }
      var fields: [String: RecordDraftValue] = [:]
      for (key, value) in mapping {
        guard let name = key.scalar?.string else {
          result.problems.append("\(at(key)): row \(index + 1): a field name must be plain text.")
          continue
        }
        guard case .scalar(let scalar) = value else {
          result.problems.append(
            "\(at(value)): row \(index + 1), \(name): expected a single value, found a list or mapping."
          )
          continue
        }
        let isNull =
          scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if !isNull && !trimmed.isEmpty {
          fields[name] = RecordDraftValue(
            text: trimmed, location: at(value), line: value.mark?.line ?? 0,
            column: value.mark?.column ?? 0)
        }
      }
      result.drafts.append(
        RecordDraft(
          row: index + 1, location: at(item), fields: fields, line: item.mark?.line ?? 0,
          column: item.mark?.column ?? 0))
    }
    return result
  }

  // MARK: CSV

  static func csv(_ text: String, file: String) -> Result {
    var result = Result()
    let rows: [(line: Int, cells: [String])]
    switch parseCSV(text) {
    case .success(let parsed): rows = parsed
    case .failure(let error):
      result.problems.append("\(file):\(error.line): \(error.message)")
      return result
    }
    guard let header = rows.first else {
      result.problems.append(
        "\(file):1: the file is empty; it needs a header row (kind, meeting, ...).")
      return result
    }
    var columns: [String] = []
    for (index, name) in header.cells.enumerated() {
      let name = name.lowercased()
      if !RecordChecker.allFields.contains(name) {
        result.problems.append(
          "\(file):\(header.line): header, column \(index + 1): unknown column '\(name)'."
            + RecordChecker.didYouMean(name, RecordChecker.allFields)
            + " Columns: \(RecordChecker.allFields.joined(separator: ", ")).")
      } else if columns.contains(name) {
        result.problems.append(
          "\(file):\(header.line): header, column \(index + 1): the column '\(name)' is given twice."
        )
      }
      columns.append(name)
    }
    if !columns.contains("kind") {
      result.problems.append("\(file):\(header.line): header: a 'kind' column is required.")
    }
    guard result.problems.isEmpty else { return result }
    for (index, row) in rows.dropFirst().enumerated() {
      if row.cells.count > columns.count {
        result.problems.append(
          "\(file):\(row.line): row \(index + 1): \(row.cells.count) cells, but the header has \(columns.count) columns; quote a cell that holds a comma."
        )
        continue
      }
      var fields: [String: RecordDraftValue] = [:]
      for (name, cell) in zip(columns, row.cells) where !cell.isEmpty {
        fields[name] = RecordDraftValue(
          text: cell, location: "\(file):\(row.line)", line: row.line)
      }
      result.drafts.append(
        RecordDraft(
          row: index + 1, location: "\(file):\(row.line)", fields: fields, line: row.line))
    }
    return result
  }

  struct CSVError: Error {
    let line: Int
    let message: String
  }

  /// RFC 4180: cells separated by commas, records by line breaks; a quoted cell may hold commas,
  /// line breaks and doubled quotes. Unquoted cells are trimmed; blank lines are skipped. Each
  /// record comes with the line it starts on.
  static func parseCSV(_ text: String) -> Swift.Result<[(line: Int, cells: [String])], CSVError> {
    var rows: [(line: Int, cells: [String])] = []
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var inQuotes = false
    var afterQuote = false
    var line = 1
    var rowLine = 1
    var quoteLine = 1
    func endCell() {
      cells.append(quoted ? cell : cell.trimmingCharacters(in: .whitespaces))
      cell = ""
      quoted = false
      afterQuote = false
    }
    func endRow() {
      endCell()
      if !(cells.count == 1 && cells[0].isEmpty) { rows.append((rowLine, cells)) }
      cells = []
    }
    var characters = Substring(text)
    if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
    var iterator = characters.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      let isNewline = c == "\n" || c == "\r\n" || c == "\r"
      if inQuotes {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              cell.append("\"")
            } else {
              inQuotes = false
              afterQuote = true
              pending = next
            }
          } else {
            inQuotes = false
            afterQuote = true
          }
        } else {
          if isNewline { line += 1 }
          cell.append(c)
        }
        continue
      }
      if c == "," {
        endCell()
      } else if isNewline {
        endRow()
        line += 1
        rowLine = line
      } else if afterQuote {
        if c == " " || c == "\t" { continue }
        return .failure(
          CSVError(
            line: line,
            message:
              "text after a closing quote; a quote inside a quoted cell is written twice (\"\")."))
      } else if c == "\"" && cell.trimmingCharacters(in: .whitespaces).isEmpty {
        cell = ""
        quoted = true
        inQuotes = true
        quoteLine = line
      } else {
        cell.append(c)
      }
    }
    if inQuotes {
      return .failure(
        CSVError(line: quoteLine, message: "a quoted cell opened here is never closed."))
    }
    endRow()
    return .success(rows)
  }
}
