import BoardCalCore
import BoardCalPipeline
import BoardCalSynth
import Foundation

/// The stages measured so far, in order.
final class Bench {
  struct Stage {
    var name: String
    var input: String
    var timing: Timing
    var items: Int
    var unit: String
  }

  private(set) var stages: [Stage] = []

  /// Measures one stage; `count` says how many `unit`s its result holds (for the rate).
  func stage<T>(
    _ name: String, _ input: String, runs: Int, unit: String, prepare: () -> Void = {},
    count: (T) -> Int, run body: () async throws -> T
  ) async rethrows -> T {
    progress("\(name): \(input), \(runs) runs")
    let (timing, result) = try await Measure.run(runs, prepare: prepare, body)
    stages.append(Stage(name: name, input: input, timing: timing, items: count(result), unit: unit))
    return result
  }

  /// Sets a stage's peak memory to that of the process it ran, not the benchmark's.
  func notePeak(of name: String, kib: Int) {
    if let i = stages.lastIndex(where: { $0.name == name }) { stages[i].timing.peakKiB = kib }
  }

  /// The national stages that `--only` names, after the generated input (`national.generate`):
  /// a short run to look at those stages alone. What a stage needs from the ones before it
  /// (the schedules for `plan`, the feeds for `render`) is made once, untimed.
  func nationalOnly(
    _ names: Set<String>, count: Int, seed: UInt64, lightRuns: Int, heavyRuns: Int
  ) async throws {
    let input = "\(count) partnerships"
    let national = await stage(
      "national.generate", input, runs: lightRuns, unit: "rules",
      count: Workload.rules, run: { NationalInput.partnerships(count: count, seed: seed) })
    if names.contains("national.emit") || names.contains("national.command") {
      try await emitStages(
        national, seed: seed, emit: names.contains("national.emit"),
        command: names.contains("national.command"), runs: heavyRuns, scratch: Scratch())
    }
    if names.contains("national.alerts") { await alerts(national, runs: lightRuns) }
    guard names.contains("national.plan") || names.contains("national.render") else { return }
    let schedules = Workload.derive(national)
    let feeds =
      names.contains("national.plan")
      ? await stage(
        "national.plan", input, runs: lightRuns, unit: "events", count: Workload.events,
        run: { Workload.plan(national, schedules) })
      : Workload.plan(national, schedules)
    if names.contains("national.render") {
      let events = Workload.events(feeds)
      _ = try await stage(
        "national.render", input, runs: heavyRuns, unit: "events", count: { _ in events },
        run: { try Workload.render(national, feeds) })
    }
  }

  /// Each run writes into a folder of its own, all removed at the end: a folder removed and
  /// written again at once measures ext4 skipping the inodes it just freed, not the writing.
  final class Scratch {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "boardcal-bench-\(ProcessInfo.processInfo.processIdentifier)")
    var runs = 0
    func freshRoot() -> URL {
      runs += 1
      return folder.appendingPathComponent("run-\(runs)/Calendars")
    }
    deinit { try? FileManager.default.removeItem(at: folder) }
  }

  /// `national.emit` (in process) and `national.command` (the `boardcal` command on the files
  /// `synth` wrote), as asked.
  func emitStages(
    _ national: [Partnership], seed: UInt64, emit: Bool, command: Bool, runs heavyRuns: Int,
    scratch: Scratch
  ) async throws {
    let input = "\(national.count) partnerships"
    if emit {
      _ = try await stage(
        "national.emit", input, runs: heavyRuns, unit: "events",
        count: { $0 }, run: { try await Workload.emit(national, to: scratch.freshRoot()) })
    }
    guard command else { return }
    // And as a user runs it: `boardcal emit` on the files `boardcal synth` wrote.
    guard let boardcal = CommandLineRun.boardcal else {
      progress("national.command: no release boardcal beside the benchmark; `make bench` builds it")
      return
    }
    // Seen from the end of the horizon, as the stages above see each partnership.
    let asOf = national.compactMap(\.horizon.end).max() ?? Workload.asOf(national[0])
    let files = try CommandLineRun.synth(
      boardcal, count: national.count, seed: seed,
      into: scratch.folder.appendingPathComponent("protocols"))
    var peak = 0
    _ = try await stage(
      "national.command", input, runs: heavyRuns, unit: "events",
      count: { Workload.eventsWritten(under: $0) },
      run: { () async throws -> URL in
        let out = scratch.freshRoot()
        peak = max(
          peak,
          try CommandLineRun.run(
            boardcal, ["emit"] + files + ["--out", out.path, "--quiet", "--as-of", asOf.iso]))
        return out
      })
    notePeak(of: "national.command", kib: peak)
  }

  /// `national.alerts`: what `boardcal notify` of every partnership's file works out before it
  /// sends anything (`AlertRound.each`, side by side), on one day.
  func alerts(_ national: [Partnership], runs: Int) async {
    let alertDay = CivilDate(year: 2027, month: 6, day: 15)!
    _ = await stage(
      "national.alerts", "\(national.count) partnerships", runs: runs, unit: "alerts",
      count: { $0 },
      run: {
        var count = 0
        await AlertRound.each(national.map { PartnershipState($0, asOf: alertDay) }) {
          count += $0.alerts.count
        }
        return count
      })
  }

  static func entries(_ schedules: [Schedule]) -> Int {
    Workload.meetings(schedules) + Workload.obligations(schedules)
  }

  /// The national stages. Everything they build is released on return, so that the reference
  /// measured after them runs on a heap like the one before them.
  func national(count: Int, seed: UInt64, lightRuns: Int, heavyRuns: Int) async throws
    -> [String: Int]
  {
    let input = "\(count) partnerships"
    let national = await stage(
      "national.generate", input, runs: lightRuns, unit: "rules", count: Workload.rules,
      run: { NationalInput.partnerships(count: count, seed: seed) })
    // Derive, plan and render one partnership at a time, keeping only the sizes: the live heap
    // is one partnership's, not the nation's (compare with the stages after it).
    _ = try await stage(
      "national.streamed", input, runs: heavyRuns, unit: "events", count: { $0.events },
      run: { try Workload.streamed(national) })
    let scratch = Scratch()
    try await emitStages(
      national, seed: seed, emit: true, command: true, runs: heavyRuns, scratch: scratch)
    let schedules = await stage(
      "national.derive", input, runs: lightRuns, unit: "entries", count: Self.entries,
      run: { Workload.derive(national) })
    await alerts(national, runs: lightRuns)
    let feeds = await stage(
      "national.plan", input, runs: lightRuns, unit: "events", count: Workload.events,
      run: { Workload.plan(national, schedules) })
    let events = Workload.events(feeds)
    let rendered = try await stage(
      "national.render", input, runs: heavyRuns, unit: "events", count: { _ in events },
      run: { try Workload.render(national, feeds) })
    let written = try await stage(
      "national.write", input, runs: heavyRuns, unit: "events",
      count: { _ in events },
      run: { try Workload.write(rendered, national, to: scratch.freshRoot()) })
    return [
      "national_partnerships": national.count,
      "national_boards": national.reduce(0) { $0 + $1.boards.count },
      "national_reports": national.reduce(0) { $0 + $1.reports.count },
      "national_duties": national.reduce(0) { $0 + $1.duties.count },
      "national_meetings": Workload.meetings(schedules),
      "national_obligations": Workload.obligations(schedules),
      "national_unschedulable": Workload.unschedulable(schedules),
      "national_feeds": Workload.feedCount(feeds),
      "national_events": events,
      "national_bytes": written,
    ]
  }
}
