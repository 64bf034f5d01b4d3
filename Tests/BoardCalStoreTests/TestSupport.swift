import Foundation

/// The package root, three levels above this file (Tests/BoardCalStoreTests/…).
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built command-line tool, beside the test bundle (or in .build/debug).
let boardcalBinary: URL = {
  let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("boardcal")
  return FileManager.default.isExecutableFile(atPath: beside.path)
    ? beside : packageRoot.appendingPathComponent(".build/debug/boardcal")
}()

/// The MK Together protocol and its 2021-22 actuals.
let mkProtocolPath = packageRoot.appendingPathComponent("Protocols/milton-keynes.yaml").path
let mkActualsPath = packageRoot.appendingPathComponent(
  "Protocols/records/milton-keynes-2021-22.yaml"
).path

/// What a run of the tool printed and how it ended.
struct CommandResult {
  let status: Int32
  let stdout: String
  let stderr: String
}

/// A fresh folder under the temporary directory, removed by the caller.
func scratchFolder(_ label: String = "store") throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-\(label)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Runs `boardcal` as an officer would, from `directory` (default: the package root), with its
/// output captured in files so that a long output cannot fill a pipe and block the tool.
func runBoardcal(_ arguments: [String], in directory: URL = packageRoot) throws -> CommandResult {
  let scratch = try scratchFolder("run")
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout.txt")
  let errURL = scratch.appendingPathComponent("stderr.txt")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = boardcalBinary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return CommandResult(
    status: process.terminationStatus,
    stdout: try String(contentsOf: outURL, encoding: .utf8),
    stderr: try String(contentsOf: errURL, encoding: .utf8))
}
