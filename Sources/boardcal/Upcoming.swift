import ArgumentParser
import BoardCalCore
import BoardCalProtocols
import Foundation

/// `boardcal upcoming`: the chair's view of one board.
struct Upcoming: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "What a board must present, consult on or inform, to whom and by when; and what is coming to its next meetings.",
    discussion:
      "--json prints {partnership, board, as_of, until, meetings: [MEETING with incoming: [OBLIGATION]], owes: [OBLIGATION]}."
  )

  @Argument(help: "A protocol file.") var file: String
  @Option(help: "The board's id.") var board: String
  @Option(name: .customLong("as-of"), help: "The day to look from (YYYY-MM-DD).") var asOf:
    CivilDate
  @Option(help: "How many days ahead to look.") var days: Int = 120
  @OptionGroup var records: RecordsOption
  @Flag(help: "Print JSON instead of text.") var json = false

  func run() throws {
    let p = try loadOrExit(file)
    guard let me = p.board(board) else { throw unknownBoard(board, p) }
    guard days > 0 else { throw ValidationError("--days must be at least 1.") }
    let outlook = BoardOutlook(
      p, board: board, asOf: asOf, days: days, records: try records.records(for: p))
    let (schedule, until, upcoming, owes) = (
      outlook.schedule, outlook.until, outlook.meetings, outlook.owes
    )
    let status = outlook.status
    if json {
      try printJSON(UpcomingJSON(outlook))
      return
    }
    print("\(me.name) — as of \(asOf), looking \(days) days ahead (to \(until))\n")
    print("What \(me.label) owes:")
    if owes.isEmpty { print("  nothing due in this period.") }
    for o in owes {
      let to = p.board(o.receiver)?.label ?? o.receiver
      let when: String
      switch o.slot {
      case .meeting(_, let date):
        when =
          "at \(to)'s meeting on \(date.weekday.name) \(date), papers due \(o.paperDeadline?.iso ?? "?")"
      case .circulation(let date): when = "by circulation by \(date)"
      case .unschedulable(let reason): when = "CANNOT BE SCHEDULED: \(reason)"
      }
      print(
        "  [\(status(o).rawValue)] \(o.action.rawValue.uppercased()) '\(o.reportName)' to \(to) \(when)"
      )
    }
    print("\nNext meetings of \(me.label):")
    if upcoming.isEmpty { print("  none in this period.") }
    for m in upcoming {
      let cancelled = m.cancellation.map { " — CANCELLED: \($0)" } ?? ""
      print("  \(m.date.weekday.name) \(m.date) \(m.time)\(cancelled)")
      print(
        "    papers due \(m.paperDeadline)"
          + (m.agendaPublication.map { ", agenda published \($0)" } ?? ""))
      for item in m.agenda { print("    - \(item)") }
      for o in schedule.obligations(at: m.id) {
        let from = p.board(o.owner)?.label ?? o.owner
        print(
          "    - \(o.action.rawValue.uppercased()): '\(o.reportName)' from \(from) [\(status(o).rawValue)]"
        )
      }
    }
  }
}
