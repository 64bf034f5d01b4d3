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

/// Names to suggest in place of a word that names nothing, prepared once to be offered against
/// many words (every row of a records file that names an unknown meeting, say).
///
/// A suggestion is the nearest name by edit distance, case-insensitively, when it is at most a
/// third of the word's length away (at least 2), the first by name among the nearest. Each word
/// costs at most its length times that limit for each name, however long the word and however
/// far it is from every name: a name whose length differs by more than the limit is not compared,
/// and a comparison stops once it cannot come within the limit or the nearest so far. The names
/// that share most of the word's beginning are compared first, so that the nearest so far is
/// soon near.
public struct Suggestions: Sendable {
  /// The names, in the order of their lowercased text.
  private let names: [(name: String, scalars: [UInt32])]

  public init(_ names: [String]) {
    self.names = names.map { ($0, $0.lowercased().unicodeScalars.map(\.value)) }.sorted {
      $0.scalars.lexicographicallyPrecedes($1.scalars)
    }
  }

  /// The nearest name to `word`, when it is near enough to be a likely typo.
  public func closest(to word: String) -> String? {
    let target = word.lowercased().unicodeScalars.map(\.value)
    var limit = max(2, word.count / 3)
    var best: (name: String, distance: Int)?
    // Outwards from where the word would stand among the names, one after, one before.
    var low = 0
    var high = names.count
    while low < high {
      let middle = (low + high) / 2
      if names[middle].scalars.lexicographicallyPrecedes(target) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    let insertion = low
    var after = low
    var before = low - 1
    var takeAfter = true
    while before >= 0 || after < names.count {
      let index: Int
      if after < names.count && (takeAfter || before < 0) {
        index = after
        after += 1
      } else {
        index = before
        before -= 1
      }
      takeAfter.toggle()
      let (name, scalars) = names[index]
      guard let distance = editDistance(target, scalars, atMost: limit) else { continue }
      if let nearest = best, distance == nearest.distance, nearest.name < name { continue }
      best = (name, distance)
      limit = distance
    }
    // Nothing near: a name the word begins, when it was cut short ("chief-exec" for
    // "chief-executive"); the first such in order.
    if best == nil, target.count >= 3, insertion < names.count,
      names[insertion].scalars.starts(with: target)
    {
      return names[insertion].name
    }
    return best?.name
  }

  /// " Did you mean 'x'?" for the nearest name to `word` when it is near enough to be a likely
  /// typo, or an empty string.
  public func didYouMean(_ word: String) -> String {
    closest(to: word).map { " Did you mean '\($0)'?" } ?? ""
  }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
  Suggestions(candidates).closest(to: word)
}

/// The edit distance (Levenshtein, by Unicode scalars, given by their values) between `a` and
/// `b` when it is at most `limit`, else nil. What the two begin and end with alike costs nothing
/// and is passed over (ids share long prefixes); of the rest, only the cells within `limit` of
/// the diagonal are computed, and none once a whole row is beyond the limit.
func editDistance(_ a: [UInt32], _ b: [UInt32], atMost limit: Int) -> Int? {
  guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
  // Through pointers and plain comparisons: this is the inner loop of every suggestion, and
  // must be quick in a debug build too.
  return a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
        bandedDistance(a, b, atMost: limit, rows: rows.baseAddress!)
      }
    }
  }
}

/// `editDistance(_:_:atMost:)` with room for two rows of `b.count + 1` cells at `rows`.
private func bandedDistance(
  _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, atMost limit: Int,
  rows: UnsafeMutablePointer<Int>
) -> Int? {
  var start = 0
  let shorter = a.count < b.count ? a.count : b.count
  while start < shorter, a[start] == b[start] { start += 1 }
  var endA = a.count
  var endB = b.count
  while endA > start, endB > start, a[endA - 1] == b[endB - 1] {
    endA -= 1
    endB -= 1
  }
  let m = endA - start
  let n = endB - start
  if m == 0 || n == 0 { return m > n ? m : n }
  let beyond = limit + 1
  var previous = rows
  var current = rows + (n + 1)
  for j in 0...n { previous[j] = j <= limit ? j : beyond }
  for i in 1...m {
    let low = i - limit > 1 ? i - limit : 1
    let high = i + limit < n ? i + limit : n
    current[low - 1] = low == 1 && i <= limit ? i : beyond
    var rowLeast = current[low - 1]
    let scalar = a[start + i - 1]
    for j in low...high {
      var value = previous[j - 1] + (scalar == b[start + j - 1] ? 0 : 1)
      if previous[j] + 1 < value { value = previous[j] + 1 }
      if current[j - 1] + 1 < value { value = current[j - 1] + 1 }
      if value > beyond { value = beyond }
      current[j] = value
      if value < rowLeast { rowLeast = value }
    }
    if high < n { current[high + 1] = beyond }
    if rowLeast > limit { return nil }
    swap(&previous, &current)
  }
  return previous[n] <= limit ? previous[n] : nil
}

/// " Did you mean 'x'?" for the candidate nearest to `word` when it is near enough to be a
/// likely typo, or an empty string.
public func didYouMean(_ word: String, _ candidates: [String]) -> String {
  Suggestions(candidates).didYouMean(word)
}
