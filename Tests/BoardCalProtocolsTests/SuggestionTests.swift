import Testing

@testable import BoardCalProtocols

/// The edit distance as the textbook computes it: every cell.
private func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
  if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}

@Suite("Did you mean")
struct SuggestionTests {
  @Test("the bounded edit distance is the full one when within the bound, nil beyond it")
  func boundedDistance() {
    var generator = SystemRandomNumberGenerator()
    let letters = Array("abcé-".unicodeScalars)
    for _ in 0..<2000 {
      let a = (0..<Int.random(in: 0...9, using: &generator)).map { _ in
        letters.randomElement(using: &generator)!
      }
      let b = (0..<Int.random(in: 0...9, using: &generator)).map { _ in
        letters.randomElement(using: &generator)!
      }
      let full = levenshtein(a, b)
      for limit in 0...10 {
        #expect(
          editDistance(a.map(\.value), b.map(\.value), atMost: limit)
            == (full <= limit ? full : nil),
          "\(String(String.UnicodeScalarView(a))) / \(String(String.UnicodeScalarView(b))) within \(limit)"
        )
      }
    }
  }

  @Test("the suggestion is the nearest name within the limit, as comparing every name gives")
  func sameAsEveryName() {
    var generator = SystemRandomNumberGenerator()
    let letters = Array("abAB-1é".unicodeScalars)
    func text(_ most: Int) -> String {
      String(
        String.UnicodeScalarView(
          (0..<Int.random(in: 0...most, using: &generator)).map { _ in
            letters.randomElement(using: &generator)!
          }))
    }
    for _ in 0..<300 {
      let names = (0..<Int.random(in: 0...30, using: &generator)).map { _ in text(8) }
      let word = text(9)
      let target = Array(word.lowercased().unicodeScalars)
      var expected: (name: String, distance: Int)?
      for name in names {
        let distance = levenshtein(target, Array(name.lowercased().unicodeScalars))
        guard distance <= max(2, word.count / 3) else { continue }
        if let nearest = expected,
          nearest.distance < distance || (nearest.distance == distance && nearest.name <= name)
        {
          continue
        }
        expected = (name, distance)
      }
      let found = Suggestions(names).closest(to: word)
      guard expected == nil, target.count >= 3 else {
        #expect(found == expected?.name, "\(word) among \(names)")
        continue
      }
      // None near: the first name, in order, that the word begins (a cut-short id), if any.
      func key(_ name: String) -> [UInt32] { name.lowercased().unicodeScalars.map(\.value) }
      let begun = names.map(key).filter { $0.starts(with: target.map(\.value)) }
        .min { $0.lexicographicallyPrecedes($1) }
      #expect(found.map(key) == begun, "\(word) among \(names)")
    }
  }

  @Test("the nearest name, the first by name among the nearest, case-insensitively")
  func nearest() {
    let names = ["medway-hwb-2021-10", "medway-hwb-2021-11", "medway-csp-2021-10", "HWB"]
    #expect(didYouMean("medway-hwb-2021-1", names) == " Did you mean 'medway-hwb-2021-10'?")
    #expect(didYouMean("medway-hwb-2021-11", names) == " Did you mean 'medway-hwb-2021-11'?")
    #expect(didYouMean("hbw", names) == " Did you mean 'HWB'?")
    #expect(didYouMean("kent", names) == "")
    #expect(didYouMean("m", []) == "")
  }

  @Test("a word far longer than any name is not compared cell by cell")
  func longWord() {
    let names = Suggestions((0..<5000).map { "milton-keynes-hwb-\($0)" })
    let word = String(repeating: "milton-keynes-", count: 20_000)
    let clock = ContinuousClock()
    let took = clock.measure { #expect(names.closest(to: word) == nil) }
    #expect(took < .seconds(2), "\(took)")
  }
}
