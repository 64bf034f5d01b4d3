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

  func json() throws -> String { try JSONOutput.text(self) }

  func table() -> String {
    let header = [
      "stage", "input", "runs", "median ms", "min ms", "x ref", "items", "unit", "items/s",
      "peak RSS MiB",
    ]
    let rows = stages.map { s in
      [
        s.stage, s.input, String(s.runs), Self.fixed(s.medianMs), Self.fixed(s.minMs),
        Self.fixed(s.ratio, 1), String(s.items), s.unit, Self.grouped(Int(s.itemsPerSecond)),
        Self.fixed(s.peakRssMib, 0),
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
      TextTable.render(header: header, rows: rows, rightAligned: [2, 3, 4, 5, 6, 8, 9]),
      "",
    ]
    out.append(
      "national emit (derive + plan + render + write, medians): \(Self.fixed(nationalEmitMs)) ms = "
        + "\(Self.fixed(nationalEmitRatio, 0)) x ref")
    out.append(
      "inputs: "
        + inputs.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.grouped($0.value))" }.joined(
          separator: ", "))
    out.append(
      "units: rules = boards + meeting patterns + reports + duties; entries = meetings + "
        + "obligations; events = calendar events (VEVENTs)")
    return out.joined(separator: "\n")
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
