import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The timings of one stage: every repetition on the monotonic clock, and the peak resident set
/// reached while the stage ran.
struct Timing {
  var samples: [Duration]
  /// VmHWM in KiB after the stage; the high-water mark is reset before it when the kernel allows.
  var peakKiB: Int
  /// The malloc, calloc and realloc calls of all the timed runs together, by the whole process;
  /// nil where the counter (Bench/alloc_count.c, preloaded by `make bench`) is not loaded.
  var allocations: UInt64? = nil

  /// Allocations per run.
  var allocationsPerRun: Double? {
    allocations.map { samples.isEmpty ? 0 : Double($0) / Double(samples.count) }
  }

  var median: Duration {
    let sorted = samples.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  var min: Duration { samples.min() ?? .zero }
}

extension Duration {
  var milliseconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
  }
}

enum Measure {
  /// Runs `body` once untimed (first-touch costs: lazily built tables, page faults, libical's
  /// zone cache), then `repetitions` times on `ContinuousClock`. The previous result is released
  /// before each run, so the peak is that of one run's output, not two. Returns the timing and
  /// the last result. `prepare` runs untimed before every run (clearing a folder, say).
  static func run<T>(
    _ repetitions: Int, prepare: () -> Void = {}, _ body: () async throws -> T
  ) async rethrows -> (Timing, T) {
    let peakWasReset = resetPeak()
    let clock = ContinuousClock()
    prepare()
    var result: T? = try await body()
    var samples: [Duration] = []
    var allocations: UInt64? = AllocationCounter.count == nil ? nil : 0
    for _ in 0..<repetitions {
      result = nil
      prepare()
      let allocated = AllocationCounter.count
      let start = clock.now
      let value = try await body()
      let end = clock.now
      if let allocated, let now = AllocationCounter.count { allocations? += now - allocated }
      samples.append(end - start)
      result = value
    }
    let peak = peakWasReset ? peakRSSKiB() : max(peakRSSKiB(), currentRSSKiB())
    return (Timing(samples: samples, peakKiB: peak, allocations: allocations), result!)
  }

  /// Resets the kernel's high-water mark of resident memory (Linux 4.0+: `echo 5 > clear_refs`).
  static func resetPeak() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: Data("5".utf8))
      return true
    } catch {
      return false
    }
  }

  static func peakRSSKiB() -> Int { status("VmHWM") }
  static func currentRSSKiB() -> Int { status("VmRSS") }

  /// A `kB` field of /proc/self/status (0 where there is none).
  static func status(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return 0
    }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
      let fields = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }
      )
      return Int(fields.first ?? "") ?? 0
    }
    return 0
  }
}

/// The allocation counter of Bench/alloc_count.c, when `make bench` has preloaded it
/// (LD_PRELOAD): the malloc, calloc and realloc calls the process has made so far.
enum AllocationCounter {
  private static let counter: (@convention(c) () -> UInt64)? = {
    guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "alloccount_get") else {
      return nil
    }
    return unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
  }()

  /// Nil where the counter is not loaded ("not measured").
  static var count: UInt64? { counter?() }
}
