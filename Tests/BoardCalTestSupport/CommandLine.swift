import Foundation

/// The package root, three levels above this file (Tests/BoardCalTestSupport/…).
public let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built command-line tool, beside the test bundle (or in .build/debug).
public let boardcalBinary: URL = {
  let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("boardcal")
  return FileManager.default.isExecutableFile(atPath: beside.path)
    ? beside : packageRoot.appendingPathComponent(".build/debug/boardcal")
}()

/// What a run of the tool printed and how it ended.
public struct CommandResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String

  /// Both streams, stdout first: for messages on failure and for tools that mix them.
  public var output: String { stdout + stderr }

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// A fresh folder under the temporary directory, removed by the caller.
public func scratchFolder(_ label: String = "test") throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-\(label)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Runs `boardcal` as an officer would, from `directory` (default: the package root), with its
/// output captured in files so that a long output cannot fill a pipe and block the tool.
@discardableResult
public func runBoardcal(_ arguments: [String], in directory: URL = packageRoot) throws
  -> CommandResult
{
  try runProgram(boardcalBinary.path, arguments, in: directory)
}

/// Runs any program with arguments, its output captured in files.
public func runProgram(
  _ path: String, _ arguments: [String], environment: [String: String]? = nil,
  in directory: URL = packageRoot
) throws -> CommandResult {
  let scratch = try scratchFolder("run")
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout.txt")
  let errURL = scratch.appendingPathComponent("stderr.txt")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.currentDirectoryURL = directory
  if let environment { process.environment = environment }
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return CommandResult(
    status: process.terminationStatus,
    stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

/// The first `python3` on the PATH.
public let python3: String = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for folder in path.split(separator: ":") {
    let candidate = "\(folder)/python3"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return "/usr/bin/python3"
}()
