internal import CYaml
import Yams

/// One YAML document as the protocol reader sees it: every value (a single value, a mapping of
/// keys, a list) with where it begins, kept in one table. It is read straight from libyaml's
/// parse events, so that a national run does not build Yams's tree of nodes (a tag object per
/// value, every key hashed to find repeated ones) only to walk it once.
///
/// A document Yams would refuse or read otherwise (a syntax error, a repeated key, a key that is
/// not a single value, an alias to nothing, a second document, an empty file) is read by Yams
/// instead, so that what is said about it stays Yams's word for word.
final class YAMLTree: Sendable {
  /// What a value is.
  enum Kind: UInt8, Sendable {
    case scalar, mapping, sequence
  }

  /// One value: its kind, where it begins, and its text (a single value) or its items (a list;
  /// a mapping's keys and values in turn).
  struct Value: Equatable, Sendable {
    var kind: Kind
    /// A single value written plainly (not quoted, not a block): only such a value can be null.
    var isPlain: Bool
    var line: Int32
    var column: Int32
    /// A single value's text in `texts`; where a collection's items begin in `items`.
    var first: Int32
    /// A collection's number of items (twice its number of keys for a mapping).
    var count: Int32
  }

  let values: [Value]
  /// The items of every collection, each collection's together.
  let items: [Int32]
  let texts: [String]
  /// The document's value (its top mapping, for a protocol file).
  let root: Int

  private init(values: [Value], items: [Int32], texts: [String], root: Int) {
    self.values = values
    self.items = items
    self.texts = texts
    self.root = root
  }

  /// The document of `text`, or where and why it cannot be read (said as `YAMLFile.root`
  /// says it).
  static func read(_ text: String, file: String) -> Result<YAMLTree, ProtocolDiagnostic> {
    if let tree = compose(text) { return .success(tree) }
    return YAMLFile.root(of: text, file: file).map(YAMLTree.init(node:))
  }

  // MARK: the values

  func kind(_ index: Int) -> Kind { values[index].kind }

  /// A single value's text (nil for a collection).
  func text(_ index: Int) -> String? {
    let value = values[index]
    return value.kind == .scalar ? texts[Int(value.first)] : nil
  }

  /// Whether a value is a single value whose text is `text` (without copying its text).
  func hasText(_ text: String, at index: Int) -> Bool {
    let value = values[index]
    return value.kind == .scalar && texts[Int(value.first)] == text
  }

  /// Whether a value is YAML's null: a plain empty value, `~` or `null`.
  func isNull(_ index: Int) -> Bool {
    let value = values[index]
    guard value.kind == .scalar, value.isPlain else { return false }
    switch texts[Int(value.first)] {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// A collection's items (a mapping's keys and values in turn).
  func items(of index: Int) -> ArraySlice<Int32> {
    let value = values[index]
    guard value.kind != .scalar else { return [] }
    return items[Int(value.first)..<Int(value.first + value.count)]
  }

  // MARK: from libyaml's events

  /// The tree, when the text is one document that Yams would read without complaint and to the
  /// same values; nil otherwise (Yams then reads it, to say what is wrong in its words).
  static func compose(_ text: String) -> YAMLTree? {
    var text = text
    return text.withUTF8 { bytes in
      var composer = Composer()
      return composer.compose(bytes)
    }
  }

  /// Builds the table from the events of one document.
  private struct Composer {
    var values: [Value] = []
    var items: [Int32] = []
    var texts: [String] = []
    /// The items of the collections still open, the innermost last.
    var pending: [Int32] = []
    /// Each open collection: its value and where its items begin in `pending`.
    var open: [(value: Int32, from: Int)] = []
    /// Each open collection's anchor, registered once it is complete (as Yams does).
    var openAnchors: [String?] = []
    var anchors: [String: Int32] = [:]
    var root: Int32 = -1

    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLTree? {
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
      values.reserveCapacity(bytes.count / 12)
      items.reserveCapacity(bytes.count / 12)
      texts.reserveCapacity(bytes.count / 16)
      // STREAM-START DOCUMENT-START value DOCUMENT-END STREAM-END, and nothing else.
      var stage = 0
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_STREAM_START_EVENT:
          guard stage == 0 else { return nil }
          stage = 1
        case YAML_DOCUMENT_START_EVENT:
          guard stage == 1 else { return nil }
          stage = 2
        case YAML_DOCUMENT_END_EVENT:
          guard stage == 2, root >= 0 else { return nil }
          stage = 3
        case YAML_STREAM_END_EVENT:
          guard stage == 3 else { return nil }
          return YAMLTree(values: values, items: items, texts: texts, root: Int(root))
        case YAML_SCALAR_EVENT:
          let scalar = event.data.scalar
          texts.append(
            String(
              decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
              as: UTF8.self))
          let index = add(
            Value(
              kind: .scalar, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE,
              line: Int32(event.start_mark.line + 1), column: Int32(event.start_mark.column + 1),
              first: Int32(texts.count - 1), count: 0))
          if let anchor = Self.name(scalar.anchor) { anchors[anchor] = index }
          guard place(index) else { return nil }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
          let isMapping = event.type == YAML_MAPPING_START_EVENT
          let index = add(
            Value(
              kind: isMapping ? .mapping : .sequence, isPlain: false,
              line: Int32(event.start_mark.line + 1), column: Int32(event.start_mark.column + 1),
              first: 0, count: 0))
          open.append((index, pending.count))
          openAnchors.append(
            Self.name(
              isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          guard let (index, from) = open.popLast(), let anchor = openAnchors.popLast() else {
            return nil
          }
          let own = pending[from...]
          if values[Int(index)].kind == .mapping, !keysAreDistinctText(own) { return nil }
          values[Int(index)].first = Int32(items.count)
          values[Int(index)].count = Int32(own.count)
          items.append(contentsOf: own)
          pending.removeSubrange(from...)
          if let anchor { anchors[anchor] = index }
          guard place(index) else { return nil }
        case YAML_ALIAS_EVENT:
          // Yams gives the anchored value itself; an alias to nothing is its error to say.
          guard let anchor = Self.name(event.data.alias.anchor), let index = anchors[anchor],
            place(index)
          else { return nil }
        default:
          return nil
        }
      }
    }

    mutating func add(_ value: Value) -> Int32 {
      values.append(value)
      return Int32(values.count - 1)
    }

    /// Puts a complete value in the collection it belongs to, or makes it the document's value.
    mutating func place(_ index: Int32) -> Bool {
      if open.isEmpty {
        guard root < 0 else { return false }
        root = index
      } else {
        pending.append(index)
      }
      return true
    }

    /// Whether every key of a mapping (`pairs`: keys and values in turn) is a single value and
    /// no two have the same text; anything else is left to Yams, which says which keys repeat.
    func keysAreDistinctText(_ pairs: ArraySlice<Int32>) -> Bool {
      var keys: [Int32] = []
      keys.reserveCapacity(pairs.count / 2)
      var i = pairs.startIndex
      while i < pairs.endIndex {
        let key = values[Int(pairs[i])]
        guard key.kind == .scalar else { return false }
        keys.append(key.first)
        i += 2
      }
      // Mappings are small: each key is compared with those before it; a long one is hashed.
      if keys.count > 16 {
        var seen = Set<String>(minimumCapacity: keys.count)
        return keys.allSatisfy { seen.insert(texts[Int($0)]).inserted }
      }
      for j in keys.indices.dropFirst() {
        let name = texts[Int(keys[j])]
        for k in 0..<j where texts[Int(keys[k])] == name { return false }
      }
      return true
    }

    static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      pointer.map { String(cString: $0) }
    }
  }

  // MARK: from Yams's tree

  /// The same document from Yams's tree: for what only Yams reads, and to check the table
  /// against it.
  convenience init(node: Node) {
    var values: [Value] = []
    var items: [Int32] = []
    var texts: [String] = []
    // Each value is added before its items, and a collection's items are put together once
    // they are all read, in the order the events come.
    func add(_ node: Node) -> Int32 {
      let index = values.count
      values.append(
        Value(
          kind: .scalar, isPlain: false, line: Int32(node.mark?.line ?? 1),
          column: Int32(node.mark?.column ?? 1), first: 0, count: 0))
      var children: [Int32] = []
      switch node {
      case .scalar(let scalar):
        values[index].isPlain = scalar.style == .plain
        texts.append(scalar.string)
        values[index].first = Int32(texts.count - 1)
        return Int32(index)
      case .mapping(let mapping):
        values[index].kind = .mapping
        for (key, item) in mapping {
          children.append(add(key))
          children.append(add(item))
        }
      case .sequence(let sequence):
        values[index].kind = .sequence
        children = sequence.map(add)
      case .alias:
        // Yams gives the anchored value itself when it composes; an alias is never read here.
        values[index].kind = .sequence
      }
      values[index].first = Int32(items.count)
      values[index].count = Int32(children.count)
      items += children
      return Int32(index)
    }
    let root = add(node)
    self.init(values: values, items: items, texts: texts, root: Int(root))
  }
}
