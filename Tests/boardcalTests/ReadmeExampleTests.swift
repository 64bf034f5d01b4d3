import Foundation
import Testing

/// The README is the front door: every command it shows, run as shown, prints what it shows.
@Suite("README examples")
struct ReadmeExampleTests {
  /// One `$ boardcal …` line of the README and the output printed under it. A line `...` stands
  /// for lines left out: what comes before it must begin the output, what comes after must end it.
  struct Example: CustomTestStringConvertible, Sendable {
    let line: Int
    let arguments: [String]
    let head: [String]
    let tail: [String]
    let status: Int32?
    var testDescription: String {
      "README line \(line): boardcal \(arguments.joined(separator: " "))"
    }
  }

  /// The examples of one code block, run in order; a block that records runs against a scratch
  /// database of its own.
  struct Block: CustomTestStringConvertible, Sendable {
    let examples: [Example]
    var records: Bool { examples.contains { $0.arguments.first == "record" } }
    var testDescription: String { examples.map(\.testDescription).joined(separator: "; ") }
  }

  static let blocks: [Block] = {
    guard
      let text = try? String(
        contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    else { return [] }
    let lines = text.components(separatedBy: "\n")
    var blocks: [Block] = []
    var found: [Example] = []
    var index = 0
    var inBlock = false
    while index < lines.count {
      let line = lines[index]
      if line.hasPrefix("```") {
        inBlock.toggle()
        if !inBlock, !found.isEmpty {
          blocks.append(Block(examples: found))
          found = []
        }
        index += 1
        continue
      }
      guard inBlock, line.hasPrefix("$ boardcal ") else {
        index += 1
        continue
      }
      var output: [String] = []
      var next = index + 1
      while next < lines.count, !lines[next].hasPrefix("$ "), !lines[next].hasPrefix("```") {
        output.append(lines[next])
        next += 1
      }
      var status: Int32?
      if next + 1 < lines.count, lines[next] == "$ echo $?" {
        status = Int32(lines[next + 1])
      }
      let cut = output.firstIndex(of: "...")
      found.append(
        Example(
          line: index + 1, arguments: words(String(line.dropFirst("$ boardcal ".count))),
          head: Array(output[..<(cut ?? output.count)]),
          tail: cut.map { Array(output[($0 + 1)...]) } ?? [], status: status))
      index = next
    }
    return blocks
  }()

  /// Splits a shell line into words, honouring double quotes.
  static func words(_ line: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    for c in line {
      if c == "\"" {
        quoted.toggle()
      } else if c == " ", !quoted {
        if !current.isEmpty { result.append(current) }
        current = ""
      } else {
        current.append(c)
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  @Test("the README shows commands to check") func someExamples() {
    #expect(Self.blocks.flatMap(\.examples).count >= 6)
  }

  @Test("each example prints what the README shows", arguments: blocks)
  func block(_ block: Block) async throws {
    let scratch = try scratchFolder("readme")
    defer { try? FileManager.default.removeItem(at: scratch) }
    for example in block.examples {
      var arguments = example.arguments.map {
        $0.hasPrefix("Protocols/") ? packageRoot.appendingPathComponent($0).path : $0
      }
      if block.records {
        arguments += ["--db", scratch.appendingPathComponent("records.sqlite").path]
      }
      let run = await boardcal(arguments)
      let lines = Array(
        run.stdout.components(separatedBy: "\n").dropLast(run.stdout.hasSuffix("\n") ? 1 : 0))
      #expect(
        Array(lines.prefix(example.head.count)) == example.head,
        "README line \(example.line) shows:\n\(example.head.joined(separator: "\n"))\nthe command prints:\n\(lines.prefix(example.head.count + 3).joined(separator: "\n"))\n\(run.stderr)"
      )
      if !example.tail.isEmpty {
        #expect(
          Array(lines.suffix(example.tail.count)) == example.tail, "README line \(example.line)")
      }
      #expect(run.status == (example.status ?? 0), "README line \(example.line): \(run.stderr)")
    }
  }
}
