import ArgumentParser
import BoardCalCore
import BoardCalICal
import BoardCalProtocols
import Foundation

/// `boardcal import`: read a council's committee calendar and propose the real meeting dates.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a council's .ics export for one board and propose the actual meeting dates.",
    discussion: """
      Events are matched to the board's derived meetings by month: the same date is 'held', another \
      date in the month is 'moved', STATUS:CANCELLED is 'cancelled', an event in a month with no \
      derived meeting is 'added', and a derived meeting in the months the export covers that it \
      does not list is reported. The proposals are printed (--json for \
      [{kind, meeting, date, from, time, summary, line}]); with --record they are also recorded \
      in the records database, checked as a whole like `boardcal record --from` (all or none).
      """
  )

  @Argument(help: "A protocol file.") var file: String
  @Option(help: "The .ics export to read.") var ics: String
  @Option(help: "The board the export is for.") var board: String
  @Option(help: "Only events whose SUMMARY contains this text (case-insensitive).") var match:
    String?
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Record the proposals (held, moved, cancelled, added) in the records database.")
  var record = false
  @Option(help: "Who is recording (default: $USER).") var recordedBy: String?
  @OptionGroup var database: RecordDatabaseOption

  func run() throws {
    let p = try loadOrExit(file)
    guard p.board(board) != nil else { throw unknownBoard(board, p) }
    guard let data = FileManager.default.contents(atPath: ics) else {
      throw ValidationError("cannot read '\(ics)': it does not exist or is not readable.")
    }
    let events: [ImportedEvent]
    do {
      events = try ICalendarReader.events(
        in: String(decoding: data, as: UTF8.self), file: ics, timeZone: p.timeZone)
    } catch {
      printError("\(error)")
      printError("Nothing was recorded.")
      throw ExitCode(1)
    }
    let chosen = events.filter { e in
      match.map { e.summary.lowercased().contains($0.lowercased()) } ?? true
    }
    guard let first = chosen.map(\.date).min(), let last = chosen.map(\.date).max() else {
      print("\(ics): no events\(match.map { " matching '\($0)'" } ?? "") to import.")
      return
    }
    let schedule = Schedule.derive(
      p, span: DateSpan(start: first.yearMonth.firstDay, end: last.yearMonth.lastDay))
    let proposals = MeetingMatching.propose(
      chosen.map {
        ReportedMeeting(
          date: $0.date, time: $0.time, cancelled: $0.cancelled, summary: $0.summary, line: $0.line)
      },
      against: schedule.meetings.filter { $0.board == board })
    if json {
      try printJSON(proposals.map(ProposalJSON.init))
    } else {
      print(
        "\(chosen.count) events read from \(ics) for \(board); proposed records"
          + (record ? ":" : " (not recorded; --record records them):"))
      for proposal in proposals { print("- " + ProposalJSON(proposal).text) }
    }
    guard record else { return }
    let drafts = proposals.compactMap { draft($0) }
    try RecordRunner.record(
      p, drafts: drafts, problems: [], recordedBy: recordedBy, database: database, summary: ics)
  }

  /// A proposal as a record to check and write, located at its line of the export.
  func draft(_ proposal: MatchProposal) -> RecordDraft? {
    let view = ProposalJSON(proposal)
    guard view.kind != "not-in-export" else { return nil }
    let location = view.line.map { "\(ics):\($0)" }
    var fields: [String: String?] = ["kind": view.kind]
    switch view.kind {
    case "held": fields["meeting"] = view.meeting
    case "moved":
      fields["meeting"] = view.meeting
      fields["date"] = view.date.iso
      fields["time"] = view.time
      fields["reason"] = "as the council's calendar shows"
    case "cancelled":
      fields["meeting"] = view.meeting
      fields["reason"] = "cancelled in the council's calendar"
    default:
      fields["board"] = board
      fields["date"] = view.date.iso
      fields["time"] = view.time
      fields["title"] = view.summary
    }
    var values: [String: RecordDraftValue] = [:]
    for case (let name, let value?) in fields {
      values[name] = RecordDraftValue(text: value, location: location, line: view.line ?? 0)
    }
    return RecordDraft(row: nil, location: location, fields: values, line: view.line ?? 0)
  }
}

/// A proposal as JSON and as a line of text.
struct ProposalJSON: Encodable {
  let kind: String
  let meeting: String?
  let date: CivilDate
  let from: CivilDate?
  let time: String?
  let summary: String?
  let line: Int?

  init(_ proposal: MatchProposal) {
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
    case .notInExport(let id, let on):
      (kind, meeting, date, from, time, summary, line) = (
        "not-in-export", id, on, nil, nil, nil, nil
      )
    }
  }

  var text: String {
    switch kind {
    case "held": return "held: \(meeting!) on \(date) (line \(line!))"
    case "moved":
      return
        "moved: \(meeting!) from \(from!) to \(date)\(time.map { " at \($0)" } ?? "") (line \(line!))"
    case "cancelled": return "cancelled: \(meeting!) on \(date) (line \(line!))"
    case "added":
      return
        "added: a meeting on \(date)\(time.map { " at \($0)" } ?? ""), '\(summary ?? "")' (line \(line!))"
    default:
      return
        "not in the export: \(meeting!) on \(date) — cancelled, or missing from the council's calendar?"
    }
  }
}
