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
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    guard p.board(board) != nil else { throw unknownBoard(board, p) }
    guard let data = FileManager.default.contents(atPath: ics) else {
      throw ValidationError("cannot read '\(ics)': it does not exist or is not readable.")
    }
    let events: [ImportedEvent]
    do {
      events = try ICalendarReader.events(
        in: String(decoding: data, as: UTF8.self), file: ics, timeZone: p.timeZone)
    } catch {
      complain("\(error)")
      complain("Nothing was recorded.")
      throw ExitCode(1)
    }
    let chosen = events.filter { e in
      match.map { e.summary.lowercased().contains($0.lowercased()) } ?? true
    }
    guard let first = chosen.map(\.date).min(), let last = chosen.map(\.date).max() else {
      say("\(ics): no events\(match.map { " matching '\($0)'" } ?? "") to import.")
      return
    }
    // Matched against the meetings the protocol derives, before any record moves them.
    let schedule = PartnershipState(p, asOf: today(in: p.timeZone)).schedule(
      span: DateSpan(start: first.yearMonth.firstDay, end: last.yearMonth.lastDay))
    let proposals = MeetingMatching.propose(
      chosen.map {
        ReportedMeeting(
          date: $0.date, time: $0.time, cancelled: $0.cancelled, summary: $0.summary, line: $0.line)
      },
      against: schedule.meetings.filter { $0.board == board })
    if json {
      try sayJSON(proposals.map(ProposalJSON.init))
    } else {
      say(
        "\(chosen.count) events read from \(ics) for \(board); proposed records"
          + (record ? ":" : " (not recorded; --record records them):"))
      for proposal in proposals { say("- " + ProposalJSON(proposal).text) }
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
