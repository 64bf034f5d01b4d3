import BoardCalCore
import Foundation
import Yams

/// Reading a YAML file for boardcal, with every problem said at its file, line and column: the
/// protocol files, and the records files officers write.
public enum YAMLFile {
  /// Why a file's text could not be had.
  public enum ReadProblem: Error, Sendable {
    /// It does not exist or is not readable.
    case unreadable(path: String)
    /// Its bytes are not UTF-8, from where it says.
    case notUTF8(path: String, NotUTF8)

    /// The problem where it is (the first line when the file cannot be read at all).
    public var diagnostic: ProtocolDiagnostic {
      switch self {
      case .unreadable(let path):
        return ProtocolDiagnostic(
          position: FilePosition(file: path, line: 1, column: 1), keyPath: "",
          message: "cannot read the file: it does not exist or is not readable.")
      case .notUTF8(let path, let bad):
        return ProtocolDiagnostic(
          position: FilePosition(file: path, line: bad.line, column: bad.column),
          keyPath: "", message: bad.message)
      }
    }
  }

  /// The file's text, or why not (missing, unreadable, not UTF-8).
  public static func text(at path: String) -> Result<String, ReadProblem> {
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(.unreadable(path: path))
    }
    return UTF8Text.decode([UInt8](data)).mapError { .notUTF8(path: path, $0) }
  }

  /// The document's root node, or where and why the YAML cannot be read (an empty file, a
  /// repeated key, a syntax error pointed at where it began).
  public static func root(of text: String, file: String) -> Result<Node, ProtocolDiagnostic> {
    func problem(_ line: Int, _ column: Int, _ message: String) -> Result<Node, ProtocolDiagnostic>
    {
      .failure(
        ProtocolDiagnostic(
          position: FilePosition(file: file, line: line, column: column), keyPath: "",
          message: message))
    }
    do {
      // Every scalar is read as text and typed by the reader that asks for it, so Yams need not
      // guess each one's type (its guesses, by regular expression, were a quarter of a national
      // emit's time).
      guard let node = try Yams.compose(yaml: text, Resolver.basic) else {
        return problem(1, 1, "the file is empty.")
      }
      return .success(node)
    } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
      // Yams refuses a repeated key before the mapping is read; name it plainly at its first
      // occurrence rather than echoing the whole file.
      return problem(
        context.mark.line, context.mark.column,
        "the key \(keys.map { "'\($0)'" }.joined(separator: ", ")) is given twice in the same mapping (first here); keep one."
      )
    } catch YamlError.reader(let problemText, let offset, let value, _) {
      // A character YAML does not allow (a NUL, another control character): at its place.
      let (line, column) = place(ofCharacter: offset ?? 0, in: text)
      let what = value >= 0 ? String(format: " (U+%04X)", Int(value)) : ""
      return problem(line, column, "YAML cannot read this: \(problemText)\(what); remove it.")
    } catch let error as YamlError {
      var problemText = "\(error)"
      var mark: Mark?
      var context: YamlError.Context?
      switch error {
      case .scanner(let c, let p, let m, _), .parser(let c, let p, let m, _),
        .composer(let c, let p, let m, _):
        (problemText, mark, context) = (p, m, c)
      default: break
      }
      var at = mark
      var message = "YAML syntax error: \(problemText)\(context.map { " \($0.text)" } ?? "")"
      // An unclosed quote or bracket is found only where the file ends or the next line begins;
      // point at where it was opened.
      if let context, context.text.contains("quoted scalar") || context.text.contains("flow") {
        at = context.mark
        message +=
          " opened here and never closed (noticed at line \(mark?.line ?? 1), column \(mark?.column ?? 1))"
      }
      return problem(at?.line ?? 1, at?.column ?? 1, message + ".")
    } catch {
      return problem(1, 1, "YAML error: \(error).")
    }
  }

  /// The line and column (from 1) of the character at `offset` (counted in Unicode scalars, as
  /// the YAML reader counts them).
  static func place(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for scalar in text.unicodeScalars.prefix(offset) {
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  /// Whether a node is YAML's null: a plain empty scalar, `~` or `null`.
  public static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    switch scalar.string {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// `file:line:column` of a node.
  public static func position(of node: Node, in file: String) -> FilePosition {
    FilePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }
}
