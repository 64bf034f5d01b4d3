import ArgumentParser
import BoardCalCore
import BoardCalICal
import BoardCalOutput
import BoardCalPipeline
import BoardCalRecords
import Foundation

/// `boardcal import`: read a council's committee calendar and propose the real meeting dates.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a council's .ics export for one board and propose the actual meeting dates.",
    discussion: """
      Events are matched to the board's derived meetings by month: the same date is 'held', another \
      date in the month is 'moved', STATUS:CANCELLED is 'cancelled', an event in a month with no \
      derived meeting is 'added', a cancelled event that matches no meeting is reported \
      ('unmatched-cancellation'), and a derived meeting in the months the export covers that it \
      does not list is reported. Recurring events (RRULE, RDATE) are expanded occurrence by \
      occurrence, less their EXDATEs, each RECURRENCE-ID override replacing its occurrence, up \
      to the end of the days the protocol's views reach. The proposals are printed (--json for \
      [{kind, meeting, date, from, time, summary, line}]); with --record they are also recorded \
      in the records database, checked as a whole like `boardcal record --from` (all or none). \
      A file that cannot be read faithfully (not UTF-8, malformed, a date or time that does not \
      exist, an unknown TZID, too deeply nested, a recurrence of more than 5000 occurrences) is \
      refused with its file:line:column and nothing is recorded.
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
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    guard p.board(board) != nil else { throw unknownBoard(board, p) }
    guard let data = FileManager.default.contents(atPath: ics) else {
      throw ValidationError("cannot read '\(ics)': it does not exist or is not readable.")
    }
    // Matched against the meetings the protocol derives, before any record moves them; a
    // recurring event is read up to the end of the days the protocol's views reach.
    let state = PartnershipState(p, asOf: today(in: p.timeZone))
    let calendar: ImportedCalendar
    do {
      calendar = try ICalendarReader.read(
        [UInt8](data), file: ics, timeZone: p.timeZone, through: state.span.end)
    } catch {
      complain("\(error)")
      complain("Nothing was recorded.")
      throw ExitCode(1)
    }
    let chosen = calendar.events.filter { e in
      match.map { e.summary.lowercased().contains($0.lowercased()) } ?? true
    }
    let continuing = calendar.continuing.filter { series in
      match.map { series.summary.lowercased().contains($0.lowercased()) } ?? true
    }
    let notes = continuing.map { series in
      "line \(series.line): the recurring event '\(series.summary)' goes on after \(series.readThrough), the last day the protocol's views reach; later occurrences are not read."
    }
    guard let first = chosen.map(\.date).min(), let last = chosen.map(\.date).max() else {
      say("\(ics): no events\(match.map { " matching '\($0)'" } ?? "") to import.")
      for note in notes { say("note: " + note) }
      return
    }
    let span = DateSpan(start: first.yearMonth.firstDay, end: last.yearMonth.lastDay)
    if DateBounds.problem(with: span) != nil {
      complain(
        "\(ics): the events run from \(first) to \(last), longer than \(DateBounds.longestSpanYears) years, the most one command derives; import a shorter export."
      )
      complain("Nothing was recorded.")
      throw ExitCode(1)
    }
    let proposals = MeetingMatching.propose(
      chosen.map {
        ReportedMeeting(
          date: $0.date, time: $0.time, cancelled: $0.cancelled, summary: $0.summary, line: $0.line)
      },
      against: state.schedule(span: span).meetings.filter { $0.board == board })
    if json {
      try sayJSON(proposals.map(ProposalJSON.init))
      for note in notes { complain("note: " + note) }
    } else {
      let skipped = calendar.events.count - chosen.count
      say(
        "\(chosen.count) events read from \(ics) for \(board)"
          + (skipped > 0 ? " (\(skipped) more not matching '\(match ?? "")')" : "")
          + "; proposed records" + (record ? ":" : " (not recorded; --record records them):"))
      for proposal in proposals { say("- " + ProposalJSON(proposal).text(board: board)) }
      for note in notes { say("note: " + note) }
    }
    guard record else { return }
    // Each proposal is recorded as the record it makes, checked like a row of a records file
    // and located at its line of the export.
    let drafts = proposals.compactMap { proposal in
      proposal.record(board: board).map {
        RecordDraft(RecordEntry($0), file: ics, line: proposal.line)
      }
    }
    try submit(
      drafts, to: RecordDesk(p, database: db.database), recordedBy: recordedBy,
      summary: ics)
  }
}
