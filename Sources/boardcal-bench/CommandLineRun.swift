import Foundation

/// `boardcal` itself, run as a user runs it: the national input written as protocol files by
/// `boardcal synth`, then `boardcal emit DIR/*.yaml` timed end to end (reading the files, the
/// records database left out, writing the folder), its peak memory that of the process.
enum CommandLineRun {
  /// The release `boardcal` built beside this benchmark, when there is one.
  static var boardcal: URL? {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let sibling = here.deletingLastPathComponent().appendingPathComponent("boardcal")
    return FileManager.default.isExecutableFile(atPath: sibling.path) ? sibling : nil
  }

  /// Runs `boardcal` with `arguments`; fails unless it exits 0.
  static func run(_ boardcal: URL, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = boardcal
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Workload.BenchError(
        description: "boardcal \(arguments.prefix(2).joined(separator: " ")) failed: "
          + String(decoding: said.prefix(2_000), as: UTF8.self))
    }
  }

  /// The protocol files `boardcal synth` writes for `count` partnerships under `folder`.
  static func synth(_ boardcal: URL, count: Int, seed: UInt64, into folder: URL) throws -> [String]
  {
    try run(
      boardcal,
      ["synth", "--partnerships", "\(count)", "--seed", "\(seed)", "--out", folder.path, "--quiet"])
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
  }

  /// The largest resident set of any child process so far, in KiB.
  static func childrenPeakKiB() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    return usage.ru_maxrss
  }
}
