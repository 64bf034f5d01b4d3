extension Sequence {
  /// The elements in the order of a key worked out once per element, ties kept in their order:
  /// what `sorted(by:)` on that key gives, without copying large values (a meeting, an alert)
  /// about while sorting or working the key out at every comparison.
  public func sorted<Key>(onKey key: (Element) -> Key, by less: (Key, Key) -> Bool) -> [Element] {
    var elements = Array(self)
    elements.sort(onKey: key, by: less)
    return elements
  }
}

extension Array {
  /// Sorts in place by a key worked out once per element, ties kept in their order (what
  /// `sorted(onKey:by:)` gives). The elements are swapped into place, never copied: for an
  /// array held only here, no meeting or obligation is retained or released.
  public mutating func sort<Key>(onKey key: (Element) -> Key, by less: (Key, Key) -> Bool) {
    // Each key worked out from the element where it lies (no copy of the element).
    let keys = withUnsafeBufferPointer { elements in elements.map(key) }
    // Already in order (a board's meetings, mostly): nothing to move.
    if keys.withUnsafeBufferPointer({ keys in
      keys.indices.dropFirst().allSatisfy { !less(keys[$0], keys[$0 - 1]) }
    }) {
      return
    }
    // The places are sorted, the comparison reading the keys where they lie: looking a key up
    // by place in the array would copy it, and retain its texts, at each comparison.
    let order = keys.withUnsafeBufferPointer { keys in
      keys.indices.sorted { a, b in
        less(keys[a], keys[b]) || (!less(keys[b], keys[a]) && a < b)
      }
    }
    // Position i takes the element now at order[i]: each cycle of the permutation is followed
    // once, with one swap per element.
    // Swapped through the buffer, which moves the elements (an array's own `swapAt` copies).
    var placed = [Bool](repeating: false, count: count)
    withUnsafeMutableBufferPointer { elements in
      for start in elements.indices where !placed[start] {
        var i = start
        while order[i] != start {
          elements.swapAt(i, order[i])
          placed[i] = true
          i = order[i]
        }
        placed[i] = true
      }
    }
  }
}
