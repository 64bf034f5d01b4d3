import ArgumentParser
import BoardCalCore
import BoardCalOutput

/// `boardcal conflicts`: what cannot be scheduled, and why.
struct Conflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Report unschedulable duties and other planning problems; exit 1 when there are any."
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var span: SpanOptions
  @OptionGroup var db: DatabaseOption
  @Flag(
    help:
      "Print JSON: {partnership, from, to, conflicts: [{kind, board, obligation, cycle, explanation}]}."
  )
  var json = false

  func run() throws {
    let state = try loadState(file, database: db.database, asOf: span.asOf)
    let (schedule, conflicts) = state.conflicts(span: try span.span(for: state))
    let p = state.partnership
    if json {
      try sayJSON(
        ConflictsJSON(
          partnership: p.id, from: schedule.span.start, to: schedule.span.end,
          conflicts: conflicts))
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
