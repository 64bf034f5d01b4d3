import ArgumentParser
import BoardCalCore
import BoardCalOutput

/// `boardcal conflicts`: what cannot be scheduled, and why.
struct Conflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Report unschedulable duties and other planning problems; exit 1 when there are any.",
    discussion: """
      --audience public reports only conflicts about an obligation, board or meetings the \
      public may see (what GET /api/P/conflicts answers without a token).
      """
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var span: SpanOptions
  @OptionGroup var db: DatabaseOption
  @OptionGroup var audience: AudienceOption
  @Flag(
    help:
      "Print JSON: {partnership, from, to, conflicts: [{kind, board, obligation, cycle, explanation}]}."
  )
  var json = false

  func run() throws {
    let state = try loadState(file, database: db.database, asOf: span.asOf)
    let (schedule, all) = state.conflicts(span: try span.span(for: state))
    let p = state.partnership
    let disclosure = try audience.disclosure(for: p)
    let conflicts = all.filter { disclosure.conflict($0, in: schedule) }
    if json {
      try sayJSON(ConflictsJSON(schedule, p, conflicts: all, disclosure: disclosure))
    } else if conflicts.isEmpty {
      say("\(p.name): no planning conflicts from \(schedule.span).")
    } else {
      say("\(p.name): \(conflicts.count) planning conflicts from \(schedule.span).")
      for c in conflicts {
        say("- [\(c.kind)\(c.cycle.map { " \($0)" } ?? "")] \(c.explanation)")
      }
    }
    if !conflicts.isEmpty { throw ExitCode(1) }
  }
}
