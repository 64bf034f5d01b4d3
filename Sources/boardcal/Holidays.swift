import ArgumentParser
import BoardCalCore
import BoardCalOutput

/// `boardcal holidays`: the non-working days the scheduler uses.
struct Holidays: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the bank holidays the scheduler treats as non-working days."
  )

  @Option(help: "england-and-wales, scotland or northern-ireland.")
  var calendar: String = "england-and-wales"
  @Option(help: "First day (YYYY-MM-DD).", transform: CivilDate.argument) var from: CivilDate
  @Option(help: "Last day (YYYY-MM-DD).", transform: CivilDate.argument) var to: CivilDate
  @Flag(help: "Print JSON: [{date, weekday, name}].") var json = false

  func run() throws {
    guard let id = HolidayCalendarID(rawValue: calendar) else {
      throw ValidationError(
        "unknown calendar '\(calendar)'; known: \(HolidayCalendarID.allCases.map(\.rawValue).joined(separator: ", "))."
      )
    }
    guard from <= to else { throw ValidationError("--to is before --from.") }
    let days = HolidayCalendar(id).holidays(from: from, to: to)
    if json { return try sayJSON(days.map(HolidayJSON.init)) }
    say(
      TextTable.render(
        header: ["date", "day", "name"],
        rows: days.map { [$0.date.iso, $0.date.weekday.name, $0.name] }))
  }
}
