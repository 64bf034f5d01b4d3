import Foundation

/// Partnerships worked on side by side: each is derived, planned and rendered on its own, so the
/// work of many spreads over every core, and what is done is handed on at once, so that memory
/// holds only what is in flight, never the whole nation.
public enum SideBySide {
  /// How many pieces of work run at once by default: one per active core.
  public static var width: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Runs `make` on every input, at most `width` at once, and hands each result to `take` as it
  /// is done (in the order they finish), with the index of its input. The first error thrown by
  /// `make` or `take` ends the work: what is running is cancelled and the error is thrown.
  public static func each<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], width: Int = SideBySide.width,
    make: @escaping @Sendable (Input) throws -> Output,
    take: (Int, Output) throws -> Void
  ) async throws {
    // One input is made here: a task of its own would only wait for a free thread.
    if inputs.count == 1 { return try take(0, make(inputs[0])) }
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
      var next = 0
      while next < min(max(1, width), inputs.count) {
        let index = next
        group.addTask { (index, try make(inputs[index])) }
        next += 1
      }
      while let (index, output) = try await group.next() {
        try take(index, output)
        if next < inputs.count {
          let index = next
          group.addTask { (index, try make(inputs[index])) }
          next += 1
        }
      }
    }
  }

  /// `each`, but each result is handed to `take` in the order of the inputs, as soon as it and
  /// those before it are done (the ones done early wait for them).
  public static func inOrder<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], width: Int = SideBySide.width,
    make: @escaping @Sendable (Input) throws -> Output,
    take: (Output) throws -> Void
  ) async throws {
    var waiting: [Int: Output] = [:]
    var next = 0
    try await each(inputs, width: width, make: make) { index, output in
      waiting[index] = output
      while let ready = waiting.removeValue(forKey: next) {
        try take(ready)
        next += 1
      }
    }
  }
}
