import ArgumentParser
import BoardCalCore
import BoardCalProtocols
import Foundation

@main
struct BoardCal: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boardcal",
    abstract: "Turns partnership protocols into meeting calendars, duties and alerts.",
    subcommands: [
      Validate.self, Duties.self, ScheduleCommand.self, Upcoming.self, Conflicts.self,
      Holidays.self, Emit.self, Import.self, RecordCommand.self, Serve.self, AlertsCommand.self,
      Notify.self,
    ]
  )
}
