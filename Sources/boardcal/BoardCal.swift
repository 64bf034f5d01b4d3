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
      Notify.self, TokenCommand.self, ContactCommand.self, Synth.self,
    ]
  )

  /// Parses and runs a command line; every problem in the input ends with exit status 1 and
  /// the problem on the error stream (the argument parser's own usage errors included), help with
  /// 0. Returns the exit status.
  static func run(_ arguments: [String]) async -> Int32 {
    var command: any ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      return report(error, message: fullMessage(for: error))
    }
    do {
      if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
      return 0
    } catch let error as ValidationError {
      // A problem found once the command line has been read is about the input, not the usage.
      return report(error, message: "boardcal: \(error.message)")
    } catch {
      return report(error, message: fullMessage(for: error))
    }
  }

  /// Prints what ended a command and gives its exit status: help and version on the output with
  /// 0, anything else on the error stream with 1 (a usage error is a problem in the input like
  /// any other) or the command's own status.
  private static func report(_ error: any Error, message: String) -> Int32 {
    let code = exitCode(for: error)
    if code == .success {
      if !message.isEmpty { Console.current.out(message + "\n") }
      return 0
    }
    if !message.isEmpty { Console.current.err(message + "\n") }
    return code == .validationFailure ? 1 : code.rawValue
  }

  static func main() async {
    let status = await run(Array(CommandLine.arguments.dropFirst()))
    Foundation.exit(status)
  }
}
