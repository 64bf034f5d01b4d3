import ArgumentParser
import BoardCalCore
import BoardCalOutput

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
  @OptionGroup var standing: AsOfOption
  @Option(help: "How many days ahead to look.") var days: Int = 120
  @OptionGroup var db: DatabaseOption
  @OptionGroup var audience: AudienceOption
  @Flag(help: "Print JSON instead of text.") var json = false

  func validate() throws {
    guard (1...DateBounds.longestLookAheadDays).contains(days) else {
      throw ValidationError(
        "--days must be 1 to \(DateBounds.longestLookAheadDays) (\(DateBounds.longestSpanYears) years)."
      )
    }
  }

  func run() throws {
    let state = try loadState(file, database: db.database, asOf: standing.day)
    let asOf = state.asOf
    let p = state.partnership
    let disclosure = try audience.disclosure(for: p)
    guard let me = p.board(board), disclosure.board(board) else {
      throw unknownBoard(board, p, disclosure)
    }
    let view = UpcomingJSON(
      state.outlook(board: board, asOf: asOf, days: days), disclosure: disclosure)
    if json { return try sayJSON(view) }
    func label(_ id: String, on day: CivilDate) -> String { p.label(of: id, on: day) }
    say("\(me.name(on: asOf)) — as of \(asOf), looking \(days) days ahead (to \(view.until))\n")
    if let note = p.lifeNote(of: board, asOf: asOf) { say(note + "\n") }
    say("What \(me.label(on: asOf)) owes:")
    if view.owes.isEmpty { say("  nothing due in this period.") }
    for o in view.owes {
      // A copy to a person, a publication: the duty in words, by its day.
      if o.receiverKind != .board {
        let due = o.slot.date.map { " by \($0.spelledOut)" } ?? ""
        let what =
          o.receiverKind == .public
          ? "PUBLISH '\(o.reportName)'"
          : "SEND A COPY of '\(o.reportName)' to \(p.receiverLabel(o.receiver, kind: o.receiverKind))"
        say("  [\(o.status?.rawValue ?? "")] \(what)\(due)")
        continue
      }
      let to = label(o.receiver, on: o.day)
      let when: String
      switch o.slot.kind {
      case "meeting":
        let date = o.slot.date!
        when =
          "at \(to)'s meeting on \(date.weekday.name) \(date)"
          + (o.paperDeadline.map { ", papers due \($0)" } ?? "")
      case "circulation": when = "by circulation by \(o.slot.date?.iso ?? "?")"
      default: when = "CANNOT BE SCHEDULED: \(o.slot.reason ?? "")"
      }
      say(
        // The protocol's review is the board's own task, at its own meeting.
        o.duty == ProtocolReview.dutyID
          ? "  [\(o.status?.rawValue ?? "")] CARRY OUT '\(o.reportName)' \(when)"
          : "  [\(o.status?.rawValue ?? "")] \(o.action.rawValue.uppercased()) '\(o.reportName)' to \(to) \(when)"
      )
    }
    say("\nNext meetings of \(me.label(on: asOf)):")
    if view.meetings.isEmpty { say("  none in this period.") }
    for m in view.meetings {
      let cancelled = m.cancellation.map { " — CANCELLED: \($0)" } ?? ""
      say("  \(m.date.weekday.name) \(m.date) \(m.time)\(cancelled)")
      let dates = [
        m.paperDeadline.map { "papers due \($0)" },
        m.agendaPublication.map { "agenda published \($0)" },
      ].compactMap { $0 }
      if !dates.isEmpty { say("    " + dates.joined(separator: ", ")) }
      for item in m.agenda { say("    - \(item)") }
      for o in m.incoming ?? [] {
        say(
          "    - \(o.action.rawValue.uppercased()): '\(o.reportName)' from \(label(o.owner, on: m.date)) [\(o.status?.rawValue ?? "")]"
        )
      }
    }
  }
}
