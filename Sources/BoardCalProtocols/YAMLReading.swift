import BoardCalCore

/// A YAML value together with where it sits in the file, so that every
/// complaint about it names the file, line, column and key path.
struct Located {
  /// The document the value is in, and which of its values it is.
  let tree: YAMLTree
  let index: Int
  let path: String
  let file: String
  let log: DiagnosticLog

  var position: FilePosition {
    let value = tree.values[index]
    return FilePosition(file: file, line: Int(value.line), column: Int(value.column))
  }

  func complain(_ message: String) { log.report(position, path, message) }

  /// The node's text, when it is a scalar.
  var scalarText: String? { tree.text(index) }

  var isNull: Bool { tree.isNull(index) }

  /// Whether the value is a list.
  var isList: Bool { tree.kind(index) == .sequence }

  var kindName: String {
    switch tree.kind(index) {
    case .scalar: return isNull ? "nothing" : "a single value"
    case .mapping: return "a mapping of keys"
    case .sequence: return "a list"
    }
  }

  // MARK: typed views

  func string(_ what: String = "text") -> String? {
    guard let text = scalarText, !isNull else {
      complain("expected \(what), found \(kindName).")
      return nil
    }
    return text
  }

  func int(in range: ClosedRange<Int>, _ what: String = "a whole number") -> Int? {
    guard let text = string(what) else { return nil }
    guard let value = Int(text) else {
      complain("'\(text)' is not \(what).")
      return nil
    }
    guard range.contains(value) else {
      complain("\(value) is out of range: \(what) from \(range.lowerBound) to \(range.upperBound).")
      return nil
    }
    return value
  }

  func bool() -> Bool? {
    guard let text = string("true or false") else { return nil }
    switch text {
    case "true", "True", "TRUE", "yes", "Yes": return true
    case "false", "False", "FALSE", "no", "No": return false
    default:
      complain("'\(text)' is not true or false.")
      return nil
    }
  }

  func date() -> CivilDate? {
    guard let text = string("a date (YYYY-MM-DD)") else { return nil }
    guard let date = CivilDate(iso: text) else {
      complain("'\(text)' is not a date that exists; write it as YYYY-MM-DD, e.g. 2021-04-01.")
      return nil
    }
    if let problem = DateBounds.problem(with: date) {
      complain(problem)
      return nil
    }
    return date
  }

  func month() -> Month? {
    guard let text = string("a month name") else { return nil }
    guard let month = Month(name: text) else {
      complain(
        "'\(text)' is not a month; write a month name such as June."
          + didYouMean(text, Month.allCases.map(\.name)))
      return nil
    }
    return month
  }

  func time() -> TimeOfDay? {
    guard let text = string("a time (HH:MM)") else { return nil }
    guard let time = TimeOfDay(text: text) else {
      complain("'\(text)' is not a time; write a 24-hour time as HH:MM, e.g. 14:00.")
      return nil
    }
    return time
  }

  func dayRule() -> DayRule? {
    guard let text = string("a day rule") else { return nil }
    if let day = Int(text) {
      guard (1...31).contains(day) else {
        complain("day \(day) is out of range: a day of the month is 1 to 31.")
        return nil
      }
      return .dayOfMonth(day)
    }
    let words = text.lowercased().split(separator: " ").map(String.init)
    let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1]
    if words.count == 2, let n = ordinals[words[0]], let weekday = Weekday(name: words[1]) {
      return .nth(n, weekday)
    }
    complain(
      "'\(text)' is not a day rule; write 'first Tuesday', 'last Thursday' (first, second, third, fourth or last and a weekday) or a day of the month such as 15."
    )
    return nil
  }

  /// A value from a closed list, named in the complaint when it is not one of them.
  func choice<T>(_ what: String, _ options: [(String, T)]) -> T? {
    guard let text = string(what) else { return nil }
    if let hit = options.first(where: { $0.0 == text }) { return hit.1 }
    let names = options.map(\.0)
    complain(
      "'\(text)' is not a known \(what); allowed: \(names.joined(separator: ", "))."
        + didYouMean(text, names))
    return nil
  }

  func mapping() -> YAMLMapping? {
    guard tree.kind(index) == .mapping else {
      complain("expected a mapping of keys, found \(kindName).")
      return nil
    }
    return YAMLMapping(located: self)
  }

  /// The items of a list; a single value is read as a list of one.
  func items(allowSingle: Bool = false) -> [Located] {
    switch tree.kind(index) {
    case .sequence:
      return tree.items(of: index).enumerated().map { position, item in
        Located(tree: tree, index: Int(item), path: "\(path)[\(position)]", file: file, log: log)
      }
    case .scalar where allowSingle && !isNull:
      return [self]
    default:
      if isNull { return [] }
      complain("expected a list, found \(kindName).")
      return []
    }
  }

  /// A list of ids (or a single id).
  func ids() -> [(String, Located)] {
    items(allowSingle: true).compactMap { item in item.string("an id").map { ($0, item) } }
  }

  func renamed(_ newPath: String) -> Located {
    Located(tree: tree, index: index, path: newPath, file: file, log: log)
  }
}

/// A YAML mapping whose keys are checked against the keys the format allows.
struct YAMLMapping {
  let located: Located

  /// Its keys and values in turn, in the order written. A key's value is found by a look along
  /// them (mappings are small; the first, where a key is repeated).
  var pairs: ArraySlice<Int32> { located.tree.items(of: located.index) }

  /// Each key's text in the order written (nil for a key that is not a single value).
  var keyTexts: [String?] {
    stride(from: pairs.startIndex, to: pairs.endIndex, by: 2).map {
      located.tree.text(Int(pairs[$0]))
    }
  }

  /// The same mapping at another key path.
  func renamed(_ newPath: String) -> YAMLMapping {
    YAMLMapping(located: located.renamed(newPath))
  }

  var path: String { located.path }
  var position: FilePosition { located.position }
  func complain(_ message: String) { located.complain(message) }

  /// Reports every key not in `allowed` (with a suggestion) and every repeated key.
  func allow(_ allowed: [String]) {
    // Most often every key is plain text, given once and allowed.
    let tree = located.tree
    let keys = stride(from: pairs.startIndex, to: pairs.endIndex, by: 2).map { Int(pairs[$0]) }
    let fine = keys.indices.allSatisfy { i in
      guard let name = tree.text(keys[i]) else { return false }
      return allowed.contains(name) && !keys[..<i].contains { tree.hasText(name, at: $0) }
    }
    if fine { return }
    var seen: Set<String> = []
    for key in keys {
      let keyAt = Located(
        tree: tree, index: key, path: path, file: located.file, log: located.log)
      guard let name = keyAt.scalarText else {
        keyAt.complain("a key must be plain text.")
        continue
      }
      let keyPath = path.isEmpty ? name : "\(path).\(name)"
      let here = keyAt.renamed(keyPath)
      if !seen.insert(name).inserted {
        here.complain("the key '\(name)' is given twice; keep one.")
      }
      if !allowed.contains(name) {
        here.complain(
          "unknown key '\(name)'." + didYouMean(name, allowed) + " Allowed here: "
            + allowed.joined(separator: ", ") + ".")
      }
    }
  }

  func has(_ key: String) -> Bool { self[key] != nil }

  subscript(key: String) -> Located? {
    let tree = located.tree
    let pairs = pairs
    var i = pairs.startIndex
    while i < pairs.endIndex, !tree.hasText(key, at: Int(pairs[i])) { i += 2 }
    guard i < pairs.endIndex else { return nil }
    return Located(
      tree: tree, index: Int(pairs[i + 1]), path: path.isEmpty ? key : "\(path).\(key)",
      file: located.file, log: located.log)
  }

  /// The value of a key that must be there; reports its absence.
  func required(_ key: String) -> Located? {
    guard let value = self[key], !value.isNull else {
      complain("the key '\(key)' is required here.")
      return nil
    }
    return value
  }

  func string(_ key: String, required: Bool = false) -> String? {
    let value = required ? self.required(key) : self[key]
    guard let value, !(value.isNull && !required) else { return nil }
    return value.string()
  }

  func bool(_ key: String, default fallback: Bool) -> Bool {
    guard let value = self[key] else { return fallback }
    return value.bool() ?? fallback
  }

  func date(_ key: String, required: Bool = false) -> CivilDate? {
    (required ? self.required(key) : self[key])?.date()
  }

  func ids(_ key: String) -> [(String, Located)] { self[key]?.ids() ?? [] }
}
