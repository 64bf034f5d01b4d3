import BoardCalCore
import BoardCalSynth
import Foundation

// boardcal-bench: how fast boardcal is on the three seed protocols (realistic) and on a generated
// national-scale input, each stage as a ratio to a reference run measured in the same command.
//
//   swift run -c release boardcal-bench [--quick] [--json] [--reps N] [--partnerships N] ...

let usage = """
  usage: boardcal-bench [--quick] [--json] [--reps N] [--partnerships N] [--seed N]
                        [--protocols DIR] [--python PATH] [--no-references] [--seeds-only]
                        [--only STAGE[,STAGE...]]

    --quick          national case of \(NationalInput.quickCount) partnerships instead of \
  \(NationalInput.fullCount) (a smoke run)
    --json           print the numbers as JSON instead of the table
    --reps N         timed runs of each national stage, after one untimed run (default 5 for
                     generate, derive and plan, 3 for streamed, render and write; 2 with --quick)
    --partnerships N the national case's size (default \(NationalInput.fullCount), \
  \(NationalInput.quickCount) with --quick)
    --seed N         the national input's seed (default \(NationalInput.defaultSeed))
    --protocols DIR  where the seed protocols are (default: Protocols, else the package's)
    --python PATH    the Python with icalendar for the Python reference (default python3)
    --no-references  skip the references: the libical floor and Python's icalendar on the
                     seeds' events and on the first \(References.sampleCount) national \
  partnerships'
    --seeds-only     the seed stages and their references only, the render --reps times
                     (default 10): a short run to profile the seeds' render
    --only STAGE[,STAGE...]
                     generate the national case and measure only these of its stages (with
                     the reference): national.alerts, national.plan, national.render,
                     national.emit, national.command; to look at them alone

  `make bench` also preloads Bench/alloc_count.c, for the allocations per item.

  Build it in release mode: swift run -c release boardcal-bench
  """

struct Options {
  var quick = false
  var json = false
  var reps: Int?
  var partnerships: Int?
  var seed: UInt64 = NationalInput.defaultSeed
  var protocols: String?
  var python = "python3"
  var references = true
  var seedsOnly = false
  /// The national stages to measure (`national.plan`...), with the reference; nil: every stage.
  var only: Set<String>?

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
      case "--python": python = value(arg)
      case "--no-references": references = false
      case "--seeds-only": seedsOnly = true
      case "--only":
        let stages = Set(value(arg).split(separator: ",").map(String.init))
        let known: Set = [
          "national.alerts", "national.plan", "national.render", "national.emit",
          "national.command",
        ]
        guard !stages.isEmpty, stages.isSubset(of: known) else {
          fail("--only takes stages among \(known.sorted().joined(separator: ", "))")
        }
        only = stages
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

  // The reference, and the unit of every ratio: deriving the Milton Keynes seed schedule over its
  // horizon, on a fresh heap. It is measured again after the national stages: that second
  // median shows drift, and how much slower the same work is once the heap has held the nation.
  let referenceRuns = 20
  progress("reference: Schedule.derive of \(mk.id)")
  let (before, _) = await Measure.run(referenceRuns) {
    Schedule.derive(mk, span: Workload.state(mk).span)
  }

  let bench = Bench()
  let nationalCount =
    options.partnerships ?? (options.quick ? NationalInput.quickCount : NationalInput.fullCount)
  let lightRuns = options.reps ?? (options.quick ? 2 : 5)
  if let only = options.only {
    try await bench.nationalOnly(
      only, count: nationalCount, seed: options.seed, lightRuns: lightRuns,
      heavyRuns: options.reps ?? (options.quick ? 2 : 3))
    let unit = before.median
    let results =
      [
        StageResult(
          stage: "reference", input: "milton-keynes", timing: before, reference: unit,
          items: Bench.entries([Schedule.derive(mk, span: Workload.state(mk).span)]),
          unit: "entries")
      ]
      + bench.stages.map {
        StageResult(
          stage: $0.name, input: $0.input, timing: $0.timing, reference: unit, items: $0.items,
          unit: $0.unit)
      }
    let report = BenchReport(
      quick: options.quick, seed: options.seed,
      cores: ProcessInfo.processInfo.activeProcessorCount,
      reference: .init(
        what: "Schedule.derive of milton-keynes over \(Workload.state(mk).span)",
        runs: before.samples.count, medianMs: unit.milliseconds, minMs: before.min.milliseconds,
        medianMsAfter: unit.milliseconds),
      stages: results, inputs: ["national_partnerships": nationalCount], nationalEmitMs: 0,
      nationalEmitRatio: 0, references: [])
    print(options.json ? try report.json() : report.table())
    exit(0)
  }
  // Realistic: the three seed protocols.
  let seedInput = "3 seed protocols"
  _ = try await bench.stage(
    "seeds.load", seedInput, runs: 10, unit: "rules", count: Workload.rules,
    run: { try Workload.load(seedPaths) })
  let seedSchedules = await bench.stage(
    "seeds.derive", seedInput, runs: 15, unit: "entries", count: Bench.entries,
    run: { Workload.derive(seeds) })
  let seedFeeds = await bench.stage(
    "seeds.plan", seedInput, runs: 15, unit: "events", count: Workload.events,
    run: { Workload.plan(seeds, seedSchedules) })
  let seedEvents = Workload.events(seedFeeds)
  let seedRendered = try await bench.stage(
    "seeds.render", seedInput, runs: options.seedsOnly ? (options.reps ?? 10) : 10, unit: "events",
    count: { _ in seedEvents },
    run: { try Workload.render(seeds, seedFeeds) })

  let heavyRuns = options.reps ?? (options.quick ? 2 : 3)

  // The references on the same events: the seeds' feeds, and the first national partnerships'.
  var comparisons: [ReferenceComparison] = []
  if options.references {
    let references = References(sources: References.sourcesFolder(), python: options.python)
    comparisons.append(
      references.compare(
        sample: "seeds", input: seedInput, stage: "seeds.render", events: seedEvents,
        ours: bench.stages.last!.timing, rendered: seedRendered, floorReps: 15))
    if !options.seedsOnly {
      comparisons.append(
        try await references.nationalSample(
          bench, count: min(References.sampleCount, nationalCount), seed: options.seed,
          runs: heavyRuns))
    }
  }

  // National scale, generated in memory.
  var inputs =
    options.seedsOnly
    ? [:]
    : try await bench.national(
      count: nationalCount, seed: options.seed, lightRuns: lightRuns, heavyRuns: heavyRuns)
  inputs["seed_events"] = seedEvents
  inputs["seed_bytes"] = Workload.bytes(seedRendered)

  progress("reference again")
  let (after, _) = await Measure.run(referenceRuns) {
    Schedule.derive(mk, span: Workload.state(mk).span)
  }
  let unit = before.median

  var results = [
    StageResult(
      stage: "reference", input: "milton-keynes", timing: before, reference: unit,
      items: Bench.entries([seedSchedules[0]]), unit: "entries")
  ]
  results += bench.stages.map {
    StageResult(
      stage: $0.name, input: $0.input, timing: $0.timing, reference: unit, items: $0.items,
      unit: $0.unit)
  }
  let emitStages: Set<String> = [
    "national.derive", "national.plan", "national.render", "national.write",
  ]
  let emitMs = results.filter { emitStages.contains($0.stage) }.reduce(0) { $0 + $1.medianMs }
  let report = BenchReport(
    quick: options.quick, seed: options.seed, cores: ProcessInfo.processInfo.activeProcessorCount,
    reference: .init(
      what: "Schedule.derive of milton-keynes over \(Workload.state(mk).span)",
      runs: before.samples.count, medianMs: unit.milliseconds, minMs: before.min.milliseconds,
      medianMsAfter: after.median.milliseconds),
    stages: results, inputs: inputs, nationalEmitMs: emitMs,
    nationalEmitRatio: emitMs / unit.milliseconds, references: comparisons)
  print(options.json ? try report.json() : report.table())
} catch {
  FileHandle.standardError.write(Data("boardcal-bench: \(error)\n".utf8))
  exit(1)
}
