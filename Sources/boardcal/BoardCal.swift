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

  /// Parses and runs a command line; every problem in the input ends with exit status 1 and
  /// the problem on the error stream (the argument parser's own usage errors included), help with
  /// 0. Returns the exit status.
  static func run(_ arguments: [String]) async -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
      return 0
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { Console.current.out(message + "\n") }
        return 0
      }
      if !message.isEmpty { Console.current.err(message + "\n") }
      // A usage error (64) is a problem in the input like any other: status 1.
      return code == .validationFailure ? 1 : code.rawValue
    }
  }

  static func main() async {
    let status = await run(Array(CommandLine.arguments.dropFirst()))
    Foundation.exit(status)
  }
}
