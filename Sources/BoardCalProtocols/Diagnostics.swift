import BoardCalCore

/// One thing wrong with a protocol file, said so that an officer can find
/// the line and put it right without reading code.
public struct ProtocolDiagnostic: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
  public let position: FilePosition
  /// The key path inside the file, e.g. `boards[hwb].meetings[0].day`.
  public let keyPath: String
  /// What is wrong and what is allowed, in a plain sentence.
  public let message: String

  public init(position: FilePosition, keyPath: String, message: String) {
    self.position = position
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    keyPath.isEmpty ? "\(position): \(message)" : "\(position): \(keyPath): \(message)"
  }

  public static func < (a: ProtocolDiagnostic, b: ProtocolDiagnostic) -> Bool {
    (a.position, a.keyPath, a.message) < (b.position, b.keyPath, b.message)
  }
}

/// A protocol that could not be loaded, with every problem found in it.
public struct ProtocolLoadError: Error, Sendable, CustomStringConvertible {
  public let diagnostics: [ProtocolDiagnostic]

  public init(diagnostics: [ProtocolDiagnostic]) {
    self.diagnostics = diagnostics.sorted()
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a file is read, so that all of them are reported at once.
final class DiagnosticLog {
  private(set) var items: [ProtocolDiagnostic] = []

  func report(_ position: FilePosition, _ keyPath: String, _ message: String) {
    items.append(ProtocolDiagnostic(position: position, keyPath: keyPath, message: message))
  }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
  guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else {
    return nil
  }
  let limit = max(2, word.count / 3)
  return best.1 <= limit ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    previous = current
  }
  return previous[b.count]
}

/// " Did you mean 'x'?" for the candidate nearest to `word` when it is near enough to be a
/// likely typo, or an empty string.
public func didYouMean(_ word: String, _ candidates: [String]) -> String {
  closestMatch(to: word, in: candidates).map { " Did you mean '\($0)'?" } ?? ""
}
