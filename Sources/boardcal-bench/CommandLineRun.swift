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

  /// Runs `boardcal` with `arguments` and returns the peak resident memory of that process, in
  /// KiB (from `wait4`, its own, not any other child's); fails unless it exits 0.
  @discardableResult
  static func run(_ boardcal: URL, _ arguments: [String]) throws -> Int {
    let errors = FileManager.default.temporaryDirectory.appendingPathComponent(
      "boardcal-bench-stderr-\(ProcessInfo.processInfo.processIdentifier)")
    defer { try? FileManager.default.removeItem(at: errors) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([boardcal.path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, boardcal.path, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw Workload.BenchError(
        description: "cannot run \(boardcal.path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    // Exited (the low 7 bits are 0) with status 0.
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
      let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
      throw Workload.BenchError(
        description: "boardcal \(arguments.prefix(2).joined(separator: " ")) failed: "
          + String(said.prefix(2_000)))
    }
    return usage.ru_maxrss
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

}
