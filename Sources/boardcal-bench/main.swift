import BoardCalCore
import Foundation

// boardcal-bench: how fast boardcal is on the three seed protocols (realistic) and on a generated
// national-scale input, each stage as a ratio to a reference run measured in the same command.
//
//   swift run -c release boardcal-bench [--quick] [--json] [--reps N] [--partnerships N] ...

let usage = """
  usage: boardcal-bench [--quick] [--json] [--reps N] [--partnerships N] [--seed N]
                        [--protocols DIR]

    --quick          national case of \(NationalInput.quickCount) partnerships instead of \
  \(NationalInput.fullCount) (a smoke run)
    --json           print the numbers as JSON instead of the table
    --reps N         timed runs of each national stage (default 5 for derive and plan, 3 for
                     render and write; 2 with --quick)
    --partnerships N the national case's size (default \(NationalInput.fullCount), \
  \(NationalInput.quickCount) with --quick)
    --seed N         the national input's seed (default 20250401)
    --protocols DIR  where the seed protocols are (default: Protocols, else the package's)

  Build it in release mode: swift run -c release boardcal-bench
  """

struct Options {
  var quick = false
  var json = false
  var reps: Int?
  var partnerships: Int?
  var seed: UInt64 = 20_250_401
  var protocols: String?

  init(_ arguments: [String]) {
    var rest = arguments[...]
    func value(_ flag: String) -> String {
      guard let v = rest.popFirst() else { fail("\(flag) needs a value") }
      return v
    }
    while let arg = rest.popFirst() {
      switch arg {
      case "--quick": quick = true
      case "--json": json = true
      case "--reps":
        guard let n = Int(value(arg)), n > 0 else { fail("--reps takes a positive number") }
        reps = n
      case "--partnerships":
        guard let n = Int(value(arg)), n > 0 else { fail("--partnerships takes a positive number") }
        partnerships = n
      case "--seed":
        guard let n = UInt64(value(arg)) else { fail("--seed takes a number") }
        seed = n
      case "--protocols": protocols = value(arg)
      case "-h", "--help":
        print(usage)
        exit(0)
      default: fail("unknown argument '\(arg)'")
      }
    }
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("boardcal-bench: \(message)\n\n\(usage)\n".utf8))
  exit(1)
}

func progress(_ message: String) {
  FileHandle.standardError.write(Data("  \(message)\n".utf8))
}

/// The folder of seed protocols: as given, else `Protocols` here, else the package's own.
func protocolsFolder(_ given: String?) -> String {
  if let given { return given }
  if FileManager.default.fileExists(atPath: "Protocols/milton-keynes.yaml") { return "Protocols" }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Protocols").path
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
#if DEBUG
  progress("warning: a debug build; measure with `swift run -c release boardcal-bench`")
#endif

do {
  let folder = protocolsFolder(options.protocols)
  let seedPaths = ["milton-keynes", "medway", "buckinghamshire"].map { "\(folder)/\($0).yaml" }
  let seeds = try Workload.load(seedPaths)
  let mk = seeds[0]

  // The reference: deriving the Milton Keynes seed schedule over its horizon, measured before
  // and after the stages so that drift (another job on the machine) shows.
  let referenceRuns = 15
  progress("reference: Schedule.derive of \(mk.id)")
  let (before, _) = Measure.run(referenceRuns) { Schedule.derive(mk, span: mk.horizon) }

  var stages: [(String, String, Timing, Int, String)] = []
  /// Measures one stage; `count` says how many `unit`s its result holds (for the rate).
  func stage<T>(
    _ name: String, _ input: String, runs: Int, unit: String, prepare: () -> Void = {},
    count: (T) -> Int, run body: () throws -> T
  ) rethrows -> T {
    progress("\(name): \(input), \(runs) runs")
    let (timing, result) = try Measure.run(runs, prepare: prepare, body)
    stages.append((name, input, timing, count(result), unit))
    return result
  }
  func entries(_ schedules: [Schedule]) -> Int {
    Workload.meetings(schedules) + Workload.obligations(schedules)
  }

  // Realistic: the three seed protocols.
  let seedInput = "3 seed protocols"
  _ = try stage(
    "seeds.load", seedInput, runs: 10, unit: "rules", count: Workload.rules,
    run: { try Workload.load(seedPaths) })
  let seedSchedules = stage(
    "seeds.derive", seedInput, runs: 15, unit: "entries", count: entries,
    run: { Workload.derive(seeds) })
  let seedFeeds = stage(
    "seeds.plan", seedInput, runs: 15, unit: "events", count: Workload.events,
    run: { Workload.plan(seeds, seedSchedules) })
  let seedEvents = Workload.events(seedFeeds)
  let seedRendered = try stage(
    "seeds.render", seedInput, runs: 10, unit: "events", count: { _ in seedEvents },
    run: { try Workload.render(seeds, seedFeeds) })

  // National scale, generated in memory.
  let count =
    options.partnerships ?? (options.quick ? NationalInput.quickCount : NationalInput.fullCount)
  let heavyRuns = options.reps ?? (options.quick ? 2 : 3)
  let lightRuns = options.reps ?? (options.quick ? 2 : 5)
  let nationalInput = "\(count) partnerships"
  let national = stage(
    "national.generate", nationalInput, runs: lightRuns, unit: "rules", count: Workload.rules,
    run: { NationalInput.partnerships(count: count, seed: options.seed) })
  // Derive, plan and render one partnership at a time, keeping only the sizes: the live heap is
  // one partnership's, not the nation's (compare with the sum of the three stages after it).
  _ = try stage(
    "national.streamed", nationalInput, runs: heavyRuns, unit: "events", count: { $0.events },
    run: { try Workload.streamed(national) })
  let schedules = stage(
    "national.derive", nationalInput, runs: lightRuns, unit: "entries", count: entries,
    run: { Workload.derive(national) })
  let feeds = stage(
    "national.plan", nationalInput, runs: lightRuns, unit: "events", count: Workload.events,
    run: { Workload.plan(national, schedules) })
  let events = Workload.events(feeds)
  let rendered = try stage(
    "national.render", nationalInput, runs: heavyRuns, unit: "events", count: { _ in events },
    run: { try Workload.render(national, feeds) })
  let root = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-bench-\(ProcessInfo.processInfo.processIdentifier)")
  defer { try? FileManager.default.removeItem(at: root) }
  let written = try stage(
    "national.write", nationalInput, runs: heavyRuns, unit: "events",
    prepare: { try? FileManager.default.removeItem(at: root) }, count: { _ in events },
    run: { try Workload.write(rendered, to: root) })

  progress("reference again")
  let (after, _) = Measure.run(referenceRuns) { Schedule.derive(mk, span: mk.horizon) }
  // The reference's peak is from before the national stages filled the heap.
  let pooled = Timing(samples: before.samples + after.samples, peakKiB: before.peakKiB)
  let unit = pooled.median

  var results = [
    StageResult(
      stage: "reference", input: "milton-keynes", timing: pooled, reference: unit,
      items: entries([seedSchedules[0]]),
      unit: "entries")
  ]
  results += stages.map {
    StageResult(stage: $0.0, input: $0.1, timing: $0.2, reference: unit, items: $0.3, unit: $0.4)
  }
  let emitStages: Set<String> = [
    "national.derive", "national.plan", "national.render", "national.write",
  ]
  let emitMs = results.filter { emitStages.contains($0.stage) }.reduce(0) { $0 + $1.medianMs }
  let inputs: [String: Int] = [
    "seed_events": seedEvents,
    "seed_bytes": seedRendered.reduce(0) { $0 + $1.bytes },
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
  let report = BenchReport(
    quick: options.quick, seed: options.seed, cores: ProcessInfo.processInfo.activeProcessorCount,
    reference: .init(
      what: "Schedule.derive of milton-keynes over its horizon (\(mk.horizon))",
      runs: pooled.samples.count, medianMs: unit.milliseconds, minMs: pooled.min.milliseconds,
      medianMsBefore: before.median.milliseconds, medianMsAfter: after.median.milliseconds),
    stages: results, inputs: inputs, nationalEmitMs: emitMs,
    nationalEmitRatio: emitMs / unit.milliseconds)
  print(options.json ? try report.json() : report.table())
} catch {
  FileHandle.standardError.write(Data("boardcal-bench: \(error)\n".utf8))
  exit(1)
}
