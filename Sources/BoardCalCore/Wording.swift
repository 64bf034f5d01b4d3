/// How lists read in the partnership's sentences.
public enum Wording {
  /// "a", "a and b", "a, b and c"; `conjunction` "or" gives "a, b or c".
  public static func list(_ items: [String], conjunction: String = "and") -> String {
    guard let last = items.last else { return "" }
    return items.count == 1
      ? last : items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
  }
}
