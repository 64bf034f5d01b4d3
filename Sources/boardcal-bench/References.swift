import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalSynth
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What one reference printed (its one JSON line): Bench/libical_floor.c or
/// Bench/icalendar_reference.py.
struct ReferenceRun: Codable {
  var reference: String
  var files: Int
  var events: Int
  var reps: Int
  var medianMs: Double
  var minMs: Double
  /// The floor: the bytes one pass serialises, and allocations per event when counted.
  var bytes: Int?
  var allocationsPerEvent: Double?
  /// The floor: libical's version; Python: icalendar's version and Python's.
  var libical: String?
  var version: String?
  var python: String?
}

/// Our render of a set of events beside the references on the same events.
struct ReferenceComparison: Encodable {
  var sample: String
  var input: String
  /// Our render stage (in the stages), and what it rendered.
  var stage: String
  var events: Int
  var oursMs: Double
  var oursAllocationsPerEvent: Double?
  var floor: ReferenceRun?
  /// Why the floor has no figures, when it has none.
  var floorNote: String?
  var python: ReferenceRun?
  var pythonNote: String?
  /// Our time per event over the floor's (target at most 1.3).
  var oursOverFloor: Double?
  /// Python's time per event over ours (target at least 30).
  var pythonOverOurs: Double?

  static let floorTarget = 1.3
  static let pythonTarget = 30.0
}

/// Issue 13's references, run beside our render on the same events: the libical floor (a C
/// program that clones and serialises each VEVENT of the feeds we rendered) and Python's
/// icalendar (`to_ical()` of each whole feed: header, VTIMEZONE and VEVENTs, as our render stage
/// writes it, and each partnership's list of feeds as JSON, as it writes `feeds.json`). The
/// bench writes the feeds to a temporary folder, builds the floor there with `cc`, and reads the
/// one JSON line each prints. Whatever is missing (no cc, no libical headers, no Python or no
/// icalendar) is a note in the report, not a failure.
final class References {
  /// The national sample: this many of the generated partnerships, the first ones.
  static let sampleCount = 15
  /// Python serialises at most about this many of the national sample's events (whole files,
  /// spread over the sample; all of the seeds'), and stops repeating after `pythonBudget`
  /// seconds: it is much slower than libical, and the comparison is per event.
  static let pythonEvents = 3_500
  static let pythonBudget = 2.0

  let folder: URL
  let sources: URL
  let python: String
  /// The compiled floor, or why there is none.
  let floor: Result<URL, Unavailable>
  /// pkg-config's version of libical (3.0.16, where the headers say 3.0).
  let libical: String?

  struct Unavailable: Error {
    let note: String
  }

  /// Makes the temporary folder and builds the floor in it from `sources` (the package's Bench/).
  init(sources: URL, python: String) {
    self.sources = sources
    self.python = python
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "boardcal-bench-refs-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let binary = folder.appendingPathComponent("libical_floor")
    let source = sources.appendingPathComponent("libical_floor.c")
    progress("references: building the libical floor (cc \(source.path))")
    let build = Self.run(
      [
        "/bin/sh", "-c", "cc -O2 -o \"$1\" \"$2\" $(pkg-config --cflags --libs libical) -ldl",
        "sh", binary.path, source.path,
      ], preload: false)
    floor =
      build.status == 0 && FileManager.default.isExecutableFile(atPath: binary.path)
      ? .success(binary) : .failure(Unavailable(note: "not built: \(build.note)"))
    let version = Self.run(["pkg-config", "--modversion", "libical"], preload: false)
    libical =
      version.status == 0
      ? version.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// The folder of the reference sources: `Bench` here, else the package's own.
  static func sourcesFolder() -> URL {
    if FileManager.default.fileExists(atPath: "Bench/libical_floor.c") {
      return URL(fileURLWithPath: "Bench")
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Bench")
  }

  /// Runs both references on the .ics files of `rendered` and sets them beside `ours` (the
  /// timing of the stage that rendered them, `events` events).
  func compare(
    sample: String, input: String, stage: String, events: Int, ours: Timing,
    rendered: [[CalendarFile]], floorReps: Int, pythonEvents: Int? = nil
  ) -> ReferenceComparison {
    var result = ReferenceComparison(
      sample: sample, input: input, stage: stage, events: events,
      oursMs: ours.median.milliseconds,
      oursAllocationsPerEvent: ours.allocationsPerRun.map { events > 0 ? $0 / Double(events) : 0 })
    let root = folder.appendingPathComponent(sample.replacingOccurrences(of: " ", with: "-"))
    let files: [(url: URL, events: Int)]
    do {
      files = try Self.writeCalendars(rendered, to: root)
    } catch {
      result.floorNote = "not run: the feeds could not be written (\(error))"
      result.pythonNote = result.floorNote
      return result
    }
    let perEvent = events > 0 ? result.oursMs / Double(events) : 0

    switch floor {
    case .failure(let why): result.floorNote = why.note
    case .success(let binary):
      progress("references: libical floor on \(sample) (\(files.count) files), \(floorReps) runs")
      switch Self.reference(
        [binary.path, "--reps", String(floorReps), root.path], preload: true)
      {
      case .failure(let why): result.floorNote = why.note
      case .success(var run):
        run.libical = libical ?? run.libical
        result.floor = run
        if run.events != events {
          result.floorNote =
            "read \(BenchReport.grouped(run.events)) events, not \(BenchReport.grouped(events))"
        }
        if run.events > 0 && run.medianMs > 0 {
          result.oursOverFloor = perEvent / (run.medianMs / Double(run.events))
        }
      }
    }

    let chosen = pythonEvents.map { Self.spread(files, upTo: $0) } ?? files.map(\.url)
    let script = sources.appendingPathComponent("icalendar_reference.py")
    progress(
      "references: Python icalendar on \(sample) (\(chosen.count) of \(files.count) files), "
        + "up to \(Self.pythonBudget) s")
    switch Self.reference(
      [python, script.path, "--reps", "5", "--budget", String(Self.pythonBudget)]
        + chosen.map(\.path), preload: false)
    {
    case .failure(let why): result.pythonNote = why.note
    case .success(let run):
      result.python = run
      if run.events < events {
        result.pythonNote =
          "on \(BenchReport.grouped(run.events)) of the \(BenchReport.grouped(events)) events "
          + "(whole feeds spread over the sample; the ratio is per event)"
      }
      if run.events > 0 && perEvent > 0 {
        result.pythonOverOurs = run.medianMs / Double(run.events) / perEvent
      }
    }
    return result
  }

  /// The national sample: the first `count` generated partnerships, planned (untimed) and
  /// rendered as the render stages do (timed, as the stage `sample.render`). Its data is
  /// released on return.
  func nationalSample(_ bench: Bench, count: Int, seed: UInt64, runs: Int) async throws
    -> ReferenceComparison
  {
    let input = count == 1 ? "first national partnership" : "first \(count) national partnerships"
    progress("references: planning the \(input)")
    let partnerships = NationalInput.partnerships(count: count, seed: seed)
    let feeds = Workload.plan(partnerships, Workload.derive(partnerships))
    let events = Workload.events(feeds)
    let rendered = try await bench.stage(
      "sample.render", input, runs: runs, unit: "events", count: { _ in events },
      run: { try Workload.render(partnerships, feeds) })
    return compare(
      sample: "national sample", input: input, stage: "sample.render", events: events,
      ours: bench.stages.last!.timing, rendered: rendered, floorReps: 5,
      pythonEvents: Self.pythonEvents)
  }

  // MARK: Files and processes

  /// Writes the .ics files of `rendered` under `root`; returns each with its VEVENT count.
  static func writeCalendars(_ rendered: [[CalendarFile]], to root: URL) throws
    -> [(url: URL, events: Int)]
  {
    var written: [(url: URL, events: Int)] = []
    for file in rendered.joined() where file.path.hasSuffix(".ics") {
      let url = root.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.text.utf8).write(to: url)
      written.append((url, vevents(file.text)))
    }
    return written
  }

  /// The `BEGIN:VEVENT` lines of an iCalendar text.
  static func vevents(_ text: String) -> Int {
    let needle = Array("BEGIN:VEVENT".utf8)
    var text = text
    return text.withUTF8 { bytes in
      var count = 0
      var lineStart = true
      var i = 0
      while i < bytes.count {
        let byte = bytes[i]
        if lineStart && byte == needle[0] && bytes.count - i >= needle.count
          && needle.indices.allSatisfy({ bytes[i + $0] == needle[$0] })
        {
          count += 1
        }
        lineStart = byte == UInt8(ascii: "\n")
        i += 1
      }
      return count
    }
  }

  /// Whole files spread evenly over `files` (every k-th), about `limit` events in all; all of them
  /// when they hold no more.
  static func spread(_ files: [(url: URL, events: Int)], upTo limit: Int) -> [URL] {
    let total = files.reduce(0) { $0 + $1.events }
    guard total > limit else { return files.map(\.url) }
    let step = (total + limit - 1) / limit
    return files.enumerated().filter { $0.offset % step == 0 }.map(\.element.url)
  }

  /// Runs a reference and decodes the JSON line it printed last.
  static func reference(_ arguments: [String], preload: Bool) -> Result<ReferenceRun, Unavailable> {
    let ran = run(arguments, preload: preload)
    let line = ran.output.split(separator: "\n").last { $0.hasPrefix("{") }.map(String.init)
    if let line,
      let error = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
      let message = error["error"] as? String
    {
      return .failure(Unavailable(note: "not run: \(message)"))
    }
    guard ran.status == 0, let line,
      let decoded = try? JSONOutput.decoder().decode(ReferenceRun.self, from: Data(line.utf8))
    else {
      return .failure(Unavailable(note: "not run: \(ran.note)"))
    }
    return .success(decoded)
  }

  /// Runs a program found on PATH (through /usr/bin/env), stdout and stderr together. The
  /// allocation counter is passed on (LD_PRELOAD) only when `preload` says so.
  static func run(_ arguments: [String], preload: Bool) -> (
    status: Int32, output: String, note: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    if !preload { environment["LD_PRELOAD"] = nil }
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
      try process.run()
    } catch {
      return (-1, "", "\(arguments[0]) could not be started (\(error))")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    let lines = output.split(separator: "\n").filter { !$0.hasPrefix("{") }
    let last = (lines.first { $0.contains("error") } ?? lines.last).map(String.init)
    let status = process.terminationStatus
    let note =
      status == 0
      ? "\(arguments[0]) printed no result"
      : "\(arguments[0]) exited with status \(status)\(last.map { ": \($0.prefix(160))" } ?? "")"
    return (status, output, note)
  }
}
