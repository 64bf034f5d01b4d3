import BoardCalCore
import BoardCalSynth
import BoardCalTestSupport
import Foundation
import Testing
import Yams

@testable import BoardCalProtocols

/// The protocol reader's YAML table, read from libyaml's events, holds what Yams's tree holds
/// (the slow path it replaced), and every file Yams refuses is still refused in Yams's words.
@Suite("YAML table: the same values as Yams's tree, and Yams's word on what it refuses")
struct YAMLTreeTests {
  /// The table as Yams reads it, or nil when Yams refuses the text.
  static func fromYams(_ text: String) -> YAMLTree? {
    guard case .success(let node) = YAMLFile.root(of: text, file: "t.yaml") else { return nil }
    return YAMLTree(node: node)
  }

  /// A value written out with its place and kind, its items in order, aliases followed.
  static func shape(_ tree: YAMLTree, _ index: Int) -> String {
    let value = tree.values[index]
    let place = "\(value.line):\(value.column)"
    switch value.kind {
    case .scalar:
      return "\(place)\(value.isPlain ? "" : "'")\(tree.text(index)!.debugDescription)"
    case .mapping, .sequence:
      let items = tree.items(of: index).map { shape(tree, Int($0)) }.joined(separator: ", ")
      return value.kind == .mapping ? "\(place){\(items)}" : "\(place)[\(items)]"
    }
  }

  static func seedTexts() throws -> [(String, String)] {
    let protocols = packageRoot.appendingPathComponent("Protocols")
    let names = ["buckinghamshire.yaml", "medway.yaml", "milton-keynes.yaml"]
    let shared = try FileManager.default.contentsOfDirectory(
      atPath: protocols.appendingPathComponent("shared").path
    ).filter { $0.hasSuffix(".yaml") }.map { "shared/\($0)" }
    #expect(!shared.isEmpty)
    return try (names + shared).map { name in
      (name, try String(contentsOf: protocols.appendingPathComponent(name), encoding: .utf8))
    }
  }

  @Test("the seeds, the shared files and generated partnerships read to the same table")
  func sameAsYams() throws {
    let files =
      try Self.seedTexts()
      + NationalInput.protocolFiles(count: 8, seed: NationalInput.defaultSeed).map {
        ($0.name, $0.text)
      }
    for (name, text) in files {
      let fast = try #require(YAMLTree.compose(text), "\(name)")
      let slow = try #require(Self.fromYams(text), "\(name)")
      #expect(fast.values == slow.values, "\(name)")
      #expect(fast.items == slow.items, "\(name)")
      #expect(fast.texts == slow.texts, "\(name)")
      #expect(fast.root == slow.root, "\(name)")
    }
  }

  @Test(
    "quotes, blocks, nulls, flow collections, anchors and odd characters read as Yams reads them",
    arguments: [
      "a: 1\nb: '2'\nc: \"x\\ty\"\nd: ~\ne:\nf: null\ng: ''\n",
      "a: |\n  two\n  lines\nb: >\n  folded\n  text\n",
      "- [1, 2, {x: y}]\n- {}\n- []\n-\n- - nested\n  - list\n",
      "a: &here {b: 1, c: [x]}\nd: *here\ne: &s text\nf: *s\n",
      "a: &s one\nb: *s\nc: &s two\nd: *s\n",
      "é: ünïcödé ✓\n\"quoted key\": 1\n? explicit\n: value\n",
      "---\nonly: one document\n...\n",
      "just a scalar\n",
      "a: \"tab\\there \\u00e9 \\x41\"\n",
    ])
  func sameShape(text: String) throws {
    let fast = try #require(YAMLTree.compose(text))
    let slow = try #require(Self.fromYams(text))
    #expect(Self.shape(fast, fast.root) == Self.shape(slow, slow.root))
  }

  @Test(
    "what Yams refuses is left to Yams, and said as it says it",
    arguments: [
      "", "# only a comment\n", "a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "a: 1\n\"a\": 2\n",
      "[a]: 1\n", "{x: 1}: 2\n", "a: *nowhere\n", "a: 1\n---\nb: 2\n", "a: [1, 2\nb: 3\n",
      "a: \"open\nb: 2\n", "a: 1\n b: 2\n", "a:\tb\n  - c\n", "a: 1\u{0}\n",
      "a: &x [*x]\n",
    ])
  func leftToYams(text: String) throws {
    let yams = YAMLFile.root(of: text, file: "t.yaml")
    switch YAMLTree.read(text, file: "t.yaml") {
    case .success(let tree):
      // Yams reads it (a key that is not plain text, say): the same values as Yams's.
      guard case .success(let node) = yams else {
        Issue.record("Yams refuses what the table read: \(text.debugDescription)")
        return
      }
      let slow = YAMLTree(node: node)
      #expect(Self.shape(tree, tree.root) == Self.shape(slow, slow.root))
    case .failure(let problem):
      guard case .failure(let expected) = yams else {
        Issue.record("the table refuses what Yams reads: \(text.debugDescription)")
        return
      }
      #expect(problem.description == expected.description)
      #expect(problem.keyPath == expected.keyPath)
    }
  }

  @Test("a key repeated among many is refused as Yams refuses it")
  func repeatedAmongMany() throws {
    let keys = (1...40).map { "k\($0): \($0)" } + ["k17: again"]
    let text = keys.joined(separator: "\n") + "\n"
    #expect(YAMLTree.compose(text) == nil)
    let problem = try #require(
      { if case .failure(let p) = YAMLTree.read(text, file: "t.yaml") { p } else { nil } }())
    #expect(problem.position.line == 17 && problem.position.column == 1)
    #expect(problem.message.contains("the key 'k17' is given twice in the same mapping"))
  }
}
