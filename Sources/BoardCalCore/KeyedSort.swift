extension Sequence {
  /// The elements in the order of a key worked out once per element, ties kept in their order:
  /// what `sorted(by:)` on that key gives, without copying large values (a meeting, an alert)
  /// about while sorting or working the key out at every comparison.
  public func sorted<Key>(onKey key: (Element) -> Key, by less: (Key, Key) -> Bool) -> [Element] {
    let elements = Array(self)
    let keys = elements.map(key)
    let order = elements.indices.sorted { a, b in
      less(keys[a], keys[b]) || (!less(keys[b], keys[a]) && a < b)
    }
    return order.map { elements[$0] }
  }
}
