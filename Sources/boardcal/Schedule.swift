import ArgumentParser
import BoardCalCore
import BoardCalOutput

/// `boardcal schedule`: meetings and obligations with their slots.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Derive every meeting and every obligation, with its slot, over a span of days.",
    discussion: """
      Records in the records database (moves, cancellations, additions, fulfilments) are \
      applied. --json prints {partnership, from, to, meetings: [MEETING], obligations: \
      [OBLIGATION]}; see the README for both shapes. --audience public shows what the public \
      feed and the anonymous pages and API show.
      """
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var span: SpanOptions
  @OptionGroup var db: DatabaseOption
  @Option(help: "Only this board's meetings and the obligations it owns or receives.") var board:
    String?
  @OptionGroup var audience: AudienceOption
  @Flag(help: "Print JSON instead of tables.") var json = false

  func run() throws {
    let state = try loadState(file, database: db.database, asOf: span.asOf)
    let p = state.partnership
    let disclosure = try audience.disclosure(for: p)
    if let board, p.board(board) == nil || !disclosure.board(board) {
      throw unknownBoard(board, p, disclosure)
    }
    let schedule = state.schedule(span: try span.span(for: state))
    let view = ScheduleJSON(schedule, p, board: board, disclosure: disclosure)
    if json { return try sayJSON(view) }
    func label(_ id: String, on day: CivilDate) -> String { p.label(of: id, on: day) }
    say("\(p.name): \(schedule.span)\n")
    say("Meetings (\(view.meetings.count))")
    say(
      TextTable.render(
        header: ["date", "day", "time", "board", "papers by", "agenda out", "note"],
        rows: view.meetings.map { m in
          [
            m.date.iso, String(m.date.weekday.name.prefix(3)), m.time, label(m.board, on: m.date),
            m.paperDeadline?.iso ?? "", m.agendaPublication?.iso ?? "",
            m.cancellation.map { "CANCELLED: \($0)" }
              ?? m.movedFrom.map { "moved from \($0) (not a working day)" } ?? "",
          ]
        }))
    say("\nObligations (\(view.obligations.count))")
    say(
      TextTable.render(
        header: [
          "cycle", "covers", "owner", "report", "action", "receiver", "window", "slot", "papers by",
        ],
        rows: view.obligations.map { o in
          [
            o.cycle, o.covers?.label ?? "", label(o.owner, on: o.day), o.reportName.clipped(48),
            o.action.rawValue, label(o.receiver, on: o.day),
            "\(o.window.start)..\(o.window.end)", o.slot.text, o.paperDeadline?.iso ?? "",
          ]
        }))
  }
}
