import ArgumentParser
import BoardCalCore
import BoardCalProtocols
import Foundation

extension CivilDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(iso: argument) }
}

/// The span options shared by the commands that derive a schedule.
struct SpanOptions: ParsableArguments {
  @Option(help: "First day (YYYY-MM-DD); default: the start of the protocol's horizon.")
  var from: CivilDate?

  @Option(help: "Last day (YYYY-MM-DD); default: the end of the protocol's horizon.")
  var to: CivilDate?

  func span(for p: Partnership) throws -> DateSpan {
    let span = DateSpan(start: from ?? p.horizon.start, end: to ?? p.horizon.end)
    guard span.start <= span.end else {
      throw ValidationError("--to (\(span.end)) is before --from (\(span.start)).")
    }
    return span
  }
}

/// `boardcal schedule`: meetings and obligations with their slots.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Derive every meeting and every obligation, with its slot, over a span of days.",
    discussion:
      "--json prints {partnership, from, to, meetings: [MEETING], obligations: [OBLIGATION]}; see the README for both shapes."
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var span: SpanOptions
  @OptionGroup var records: RecordsOption
  @Option(help: "Only this board's meetings and the obligations it owns or receives.") var board:
    String?
  @Flag(help: "Print JSON instead of tables.") var json = false

  func run() throws {
    let p = try loadOrExit(file)
    if let board, p.board(board) == nil { throw unknownBoard(board, p) }
    let schedule = Schedule.derive(
      p, span: try span.span(for: p), records: try records.records(for: p))
    if json {
      try printJSON(ScheduleJSON(schedule, p, board: board))
      return
    }
    let (meetings, obligations) = schedule.about(board: board)
    print("\(p.name): \(schedule.span)\n")
    print("Meetings (\(meetings.count))")
    print(
      TextTable.render(
        header: ["date", "day", "time", "board", "papers by", "agenda out", "note"],
        rows: meetings.map { m in
          [
            m.date.iso, String(m.date.weekday.name.prefix(3)), m.time.description,
            p.board(m.board)?.label ?? m.board, m.paperDeadline.iso,
            m.agendaPublication?.iso ?? "",
            m.cancellation.map { "CANCELLED: \($0)" }
              ?? m.ruleDate.map { "moved from \($0) (not a working day)" } ?? "",
          ]
        }))
    print("\nObligations (\(obligations.count))")
    print(
      TextTable.render(
        header: ["cycle", "owner", "report", "action", "receiver", "window", "slot", "papers by"],
        rows: obligations.map { o in
          [
            p.cycleLabel(o.cycle), p.board(o.owner)?.label ?? o.owner, o.reportName.clipped(48),
            o.action.rawValue, p.board(o.receiver)?.label ?? o.receiver,
            "\(o.window.start)..\(o.window.end)", slotText(o.slot), o.paperDeadline?.iso ?? "",
          ]
        }))
  }
}

func slotText(_ slot: Slot) -> String {
  switch slot {
  case .meeting(_, let date): return "meeting \(date)"
  case .circulation(let date): return "circulate by \(date)"
  case .unschedulable: return "UNSCHEDULABLE"
  }
}

func unknownBoard(_ id: String, _ p: Partnership) -> ValidationError {
  ValidationError(
    "no board '\(id)' in \(p.id); boards: \(p.boards.map(\.id).joined(separator: ", ")).")
}

/// `boardcal conflicts`: what cannot be scheduled, and why.
struct Conflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Report unschedulable duties and other planning problems; exit 1 when there are any."
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var span: SpanOptions
  @OptionGroup var records: RecordsOption
  @Flag(
    help:
      "Print JSON: {partnership, from, to, conflicts: [{kind, board, obligation, cycle, explanation}]}."
  )
  var json = false

  func run() throws {
    let p = try loadOrExit(file)
    let schedule = Schedule.derive(
      p, span: try span.span(for: p), records: try records.records(for: p))
    let conflicts = schedule.conflicts(in: p)
    if json {
      try printJSON(
        ConflictsJSON(
          partnership: p.id, from: schedule.span.start, to: schedule.span.end,
          conflicts: conflicts))
    } else if conflicts.isEmpty {
      print("\(p.name): no planning conflicts from \(schedule.span).")
    } else {
      print("\(p.name): \(conflicts.count) planning conflicts from \(schedule.span).")
      for c in conflicts {
        print("- [\(c.kind)\(c.cycle.map { " \($0)" } ?? "")] \(c.explanation)")
      }
    }
    if !conflicts.isEmpty { throw ExitCode(1) }
  }
}

/// `boardcal holidays`: the non-working days the scheduler uses.
struct Holidays: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the bank holidays the scheduler treats as non-working days."
  )

  @Option(help: "england-and-wales, scotland or northern-ireland.")
  var calendar: String = "england-and-wales"
  @Option(help: "First day (YYYY-MM-DD).") var from: CivilDate
  @Option(help: "Last day (YYYY-MM-DD).") var to: CivilDate
  @Flag(help: "Print JSON: [{date, weekday, name}].") var json = false

  func run() throws {
    guard let id = HolidayCalendarID(rawValue: calendar) else {
      throw ValidationError(
        "unknown calendar '\(calendar)'; known: \(HolidayCalendarID.allCases.map(\.rawValue).joined(separator: ", "))."
      )
    }
    guard from <= to else { throw ValidationError("--to is before --from.") }
    let days = HolidayCalendar(id).holidays(from: from, to: to)
    if json {
      try printJSON(
        days.map { HolidayJSON(date: $0.date, weekday: $0.date.weekday.name, name: $0.name) })
      return
    }
    print(
      TextTable.render(
        header: ["date", "day", "name"],
        rows: days.map { [$0.date.iso, $0.date.weekday.name, $0.name] }))
  }
}
