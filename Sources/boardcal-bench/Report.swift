import BoardCalOutput
import Foundation

/// One measured stage, as the table and the JSON give it.
struct StageResult: Encodable {
  var stage: String
  var input: String
  var runs: Int
  var medianMs: Double
  var minMs: Double
  /// Median over the reference median: the number that compares across machines and runs.
  var ratio: Double
  var items: Int
  /// What `items` counts: rules read, schedule entries derived, calendar events planned or written.
  var unit: String
  var itemsPerSecond: Double
  var peakRssMib: Double
  /// malloc, calloc and realloc calls per item in a timed run; nil when not measured (the
  /// counter of Bench/alloc_count.c is preloaded by `make bench` only).
  var allocationsPerItem: Double?

  init(stage: String, input: String, timing: Timing, reference: Duration, items: Int, unit: String)
  {
    self.stage = stage
    self.input = input
    runs = timing.samples.count
    medianMs = timing.median.milliseconds
    minMs = timing.min.milliseconds
    ratio = medianMs / reference.milliseconds
    self.items = items
    self.unit = unit
    itemsPerSecond = medianMs > 0 ? Double(items) / (medianMs / 1000) : 0
    peakRssMib = Double(timing.peakKiB) / 1024
    allocationsPerItem = timing.allocationsPerRun.map { items > 0 ? $0 / Double(items) : 0 }
  }
}

/// Everything one run measured, for `--json`.
struct BenchReport: Encodable {
  struct Reference: Encodable {
    var what: String
    var runs: Int
    var medianMs: Double
    var minMs: Double
    /// The same, measured again after the national stages (their data released).
    var medianMsAfter: Double
  }

  var quick: Bool
  var seed: UInt64
  var cores: Int
  var reference: Reference
  var stages: [StageResult]
  /// Sizes of the inputs and outputs: partnerships, boards, meetings, events, bytes.
  var inputs: [String: Int]
  var nationalEmitMs: Double
  var nationalEmitRatio: Double
  /// Our render beside the libical floor and Python's icalendar on the same events (empty with
  /// --no-references).
  var references: [ReferenceComparison]

  func json() throws -> String { try JSONOutput.text(self) }

  func table() -> String {
    let header = [
      "stage", "input", "runs", "median ms", "min ms", "x ref", "items", "unit", "items/s",
      "peak RSS MiB", "allocs/item",
    ]
    let rows = stages.map { s in
      [
        s.stage, s.input, String(s.runs), Self.fixed(s.medianMs), Self.fixed(s.minMs),
        Self.fixed(s.ratio, 1), String(s.items), s.unit, Self.grouped(Int(s.itemsPerSecond)),
        Self.fixed(s.peakRssMib, 0), s.allocationsPerItem.map { Self.fixed($0, 1) } ?? "-",
      ]
    }
    let r = reference
    var out = [
      "boardcal-bench: \(cores) cores, national case of \(inputs["national_partnerships"] ?? 0) "
        + "partnerships (seed \(seed))\(quick ? ", --quick smoke run" : "")",
      "reference: \(r.what): median \(Self.fixed(r.medianMs)) ms, min \(Self.fixed(r.minMs)) ms "
        + "over \(r.runs) runs; again after the national stages: median "
        + "\(Self.fixed(r.medianMsAfter)) ms",
      "",
      TextTable.render(header: header, rows: rows, rightAligned: [2, 3, 4, 5, 6, 8, 9, 10]),
      "",
    ]
    // Not measured with --only.
    if nationalEmitMs > 0 {
      out.append(
        "national emit (derive + plan + render + write, medians): \(Self.fixed(nationalEmitMs)) ms = "
          + "\(Self.fixed(nationalEmitRatio, 0)) x ref")
    }
    out.append(
      "inputs: "
        + inputs.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.grouped($0.value))" }.joined(
          separator: ", "))
    if stages.allSatisfy({ $0.allocationsPerItem == nil }) {
      out.append(
        "allocs/item: not measured (the counter is preloaded by `make bench`: Bench/alloc_count.c)")
    }
    if !references.isEmpty { out += ["", referencesTable()] }
    out.append(
      "units: rules = boards + meeting patterns + reports + duties; entries = meetings + "
        + "obligations; events = calendar events (VEVENTs)")
    return out.joined(separator: "\n")
  }

  /// Our render beside the references, one row per sample, then the notes.
  func referencesTable() -> String {
    let header = [
      "references", "input", "events", "ours ms", "allocs/event", "libical floor ms",
      "floor allocs/event", "ours / floor", "python ms", "python events", "python / ours",
    ]
    let rows = references.map(Self.row)
    var out = [
      TextTable.render(header: header, rows: rows, rightAligned: [2, 3, 4, 5, 6, 7, 8, 9, 10]),
      "ours = the render stage on those events (seeds.render, sample.render); libical floor = "
        + "Bench/libical_floor.c cloning and serialising each VEVENT of the feeds we rendered; "
        + "python = Bench/icalendar_reference.py, to_ical() of each whole feed (header, VTIMEZONE, "
        + "VEVENTs) and each partnership's list of feeds as JSON, parsing untimed. "
        + "Ratios are of median times per event; targets: ours / floor <= "
        + "\(Self.fixed(ReferenceComparison.floorTarget, 1))x, python / ours >= "
        + "\(Self.fixed(ReferenceComparison.pythonTarget, 0))x.",
    ]
    for r in references {
      if let note = r.floorNote { out.append("\(r.sample), libical floor: \(note)") }
      if let note = r.pythonNote { out.append("\(r.sample), python: \(note)") }
    }
    if let floor = references.lazy.compactMap(\.floor).first {
      out.append(
        "libical floor: libical \(floor.libical ?? "?"), \(floor.reps) runs after one untimed")
    }
    if let python = references.lazy.compactMap(\.python).first {
      out.append(
        "python: icalendar \(python.version ?? "?") on Python \(python.python ?? "?"), "
          + "up to 5 runs within \(Self.fixed(References.pythonBudget, 0)) s")
    }
    return out.joined(separator: "\n")
  }

  static func row(_ r: ReferenceComparison) -> [String] {
    let dash = "-"
    var row = [r.sample, r.input, grouped(r.events), fixed(r.oursMs)]
    row.append(r.oursAllocationsPerEvent.map { fixed($0, 1) } ?? dash)
    row.append(r.floor.map { fixed($0.medianMs) } ?? dash)
    row.append(r.floor?.allocationsPerEvent.map { fixed($0, 1) } ?? dash)
    row.append(r.oursOverFloor.map { fixed($0) + "x" } ?? dash)
    row.append(r.python.map { fixed($0.medianMs, 0) } ?? dash)
    row.append(r.python.map { grouped($0.events) } ?? dash)
    row.append(r.pythonOverOurs.map { fixed($0, 0) + "x" } ?? dash)
    return row
  }

  static func fixed(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
  }

  /// 1234567 as "1,234,567".
  static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }
}
