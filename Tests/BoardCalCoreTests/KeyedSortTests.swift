import BoardCalSynth
import Testing

@testable import BoardCalCore

/// Sorting by a key worked out once (`sorted(onKey:by:)`, and `sort(onKey:by:)` in place): the
/// order of the key, ties in the order given. Meetings, obligations and alerts are listed in
/// this order everywhere, so a wrong permutation would reorder every page and feed.
@Suite("sorting on a key")
struct KeyedSortTests {
  /// What the order must be: by key, then by the place each element had.
  static func expected(_ values: [(key: Int, tag: String)]) -> [String] {
    values.enumerated()
      .sorted { a, b in (a.element.key, a.offset) < (b.element.key, b.offset) }
      .map(\.element.tag)
  }

  @Test("in place and as a copy, every permutation of random lists with many ties is put right")
  func randomListsWithTies() {
    var rng = SeededGenerator(seed: 11)
    for length in [0, 1, 2, 3, 5, 8, 40, 257] {
      for _ in 0..<50 {
        // Few distinct keys, so that most elements tie with others.
        let values = (0..<length).map { n in
          (key: Int.random(in: 0..<max(1, length / 3), using: &rng), tag: "item \(n)")
        }
        let want = Self.expected(values)
        #expect(values.sorted(onKey: \.key, by: <).map(\.tag) == want)
        var inPlace = values
        inPlace.sort(onKey: \.key, by: <)
        #expect(inPlace.map(\.tag) == want)
        // Descending keys: ties still keep the order given.
        var down = values
        down.sort(onKey: \.key, by: >)
        #expect(
          down.map(\.tag)
            == values.enumerated().sorted { a, b in
              a.element.key != b.element.key ? a.element.key > b.element.key : a.offset < b.offset
            }.map(\.element.tag))
      }
    }
  }

  @Test("sorting a list in place leaves a copy taken before it as it was")
  func copiesKeepTheirOrder() {
    let values = (0..<20).map { (key: 20 - $0, tag: "item \($0)") }
    var sorted = values
    sorted.sort(onKey: \.key, by: <)
    #expect(values.first?.tag == "item 0")
    #expect(sorted.first?.tag == "item 19")
  }
}
