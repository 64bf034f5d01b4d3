import ArgumentParser
@_exported import BoardCalTestSupport
import Foundation

@testable import boardcal

/// The MK Together protocol and its 2021-22 actuals.
let mkProtocolPath = packageRoot.appendingPathComponent("Protocols/milton-keynes.yaml").path
let mkActualsPath = packageRoot.appendingPathComponent(
  "Protocols/records/milton-keynes-2021-22.yaml"
).path

/// A seed protocol file by its partnership's file name, e.g. "medway".
func seedProtocol(_ name: String) -> String {
  packageRoot.appendingPathComponent("Protocols/\(name).yaml").path
}

/// What a command writes, gathered as it writes it.
final class Transcript: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""

  func append(_ more: String) {
    lock.lock()
    text += more
    lock.unlock()
  }

  var contents: String {
    lock.lock()
    defer { lock.unlock() }
    return text
  }
}

/// Runs a `boardcal` command in this process through the tool's own `main` path (`BoardCal.run`):
/// parsed by the argument parser, run, and its error turned into a message and an exit status. What it
/// writes is captured (each test has its own console), so commands can be tested side by side.
func boardcal(_ arguments: [String]) async -> CommandResult {
  let out = Transcript()
  let err = Transcript()
  let console = BoardCal.Console(out: { out.append($0) }, err: { err.append($0) })
  let status = await BoardCal.Console.$current.withValue(console) {
    await BoardCal.run(arguments)
  }
  return CommandResult(status: status, stdout: out.contents, stderr: err.contents)
}
