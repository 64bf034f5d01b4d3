/// SplitMix64: a small seeded generator whose sequence is the same on every machine and every
/// toolchain (the standard library's `random(in:using:)` may change its algorithm, so ranges and
/// picks are done here by hand).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range`, both ends included.
  public mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  /// True with probability `p`.
  public mutating func chance(_ p: Double) -> Bool {
    Double(next() >> 11) / Double(UInt64(1) << 53) < p
  }

  public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  /// A Fisher-Yates shuffle.
  public mutating func shuffled<T>(_ items: [T]) -> [T] {
    var result = items
    guard result.count > 1 else { return result }
    for i in stride(from: result.count - 1, to: 0, by: -1) {
      result.swapAt(i, int(0...i))
    }
    return result
  }

  /// `count` distinct items, in a random order.
  public mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
    Array(shuffled(items).prefix(count))
  }
}
