import BoardCalCore
import BoardCalProtocols
import Foundation
import Yams

/// Reads a records file (YAML or CSV) into drafts, with every problem of form found.
public enum RecordsFile {
  /// What a records file holds: its rows as drafts, the partnership it declares, and every
  /// problem of form found (then nothing may be recorded).
  public struct Contents: Sendable {
    public var drafts: [RecordDraft] = []
    /// The partnership the file declares, and where.
    public var partnership: (id: String, at: String)? = nil
    public var problems: [RecordProblem] = []
  }

  /// Reads the records file at `path`: `.yaml`/`.yml` or `.csv` by its ending.
  public static func read(path: String) -> Contents {
    let text: String
    switch YAMLFile.text(at: path) {
    case .success(let read): text = read
    case .failure(let problem): return Contents(problems: [problem.diagnostic.asRecordProblem])
    }
    switch (path as NSString).pathExtension.lowercased() {
    case "yaml", "yml": return yaml(text, file: path)
    case "csv": return csv(text, file: path)
    default:
      return Contents(problems: [
        RecordProblem(
          place: path,
          message:
            "a records file must end in .yaml, .yml or .csv (see 'boardcal record bulk --help').")
      ])
    }
  }

  // MARK: YAML

  /// Reads the text of a YAML records file, as if it were the file `file`.
  public static func yaml(_ text: String, file: String) -> Contents {
    var result = Contents()
    func at(_ node: Node) -> String { YAMLFile.position(of: node, in: file).description }
    func problem(_ place: String, _ message: String) {
      result.problems.append(RecordProblem(place: place, message: message))
    }
    let root: Node
    switch YAMLFile.root(of: text, file: file) {
    case .success(let node): root = node
    case .failure(let diagnostic):
      result.problems.append(diagnostic.asRecordProblem)
      return result
    }
    let items: Node.Sequence
    switch root {
    case .sequence(let sequence):
      items = sequence
    case .mapping(let mapping):
      var list: Node.Sequence?
      for (key, value) in mapping {
        let name = key.scalar?.string ?? ""
        switch name {
        case "records":
          if case .sequence(let sequence) = value {
            list = sequence
          } else {
            problem("\(at(value)): records", "expected a list of records.")
          }
        case "partnership":
          if let id = value.scalar?.string { result.partnership = (id, at(value)) }
        case "description": break
        default:
          problem(
            at(key),
            "unknown key '\(name)'." + didYouMean(name, ["partnership", "description", "records"])
              + " The top level of a records file takes partnership, description and records.")
        }
      }
      guard let list else {
        if result.problems.isEmpty {
          problem(at(root), "a records file needs 'records:', a list of records.")
        }
        return result
      }
      items = list
    default:
      problem(at(root), "expected a list of records, or a mapping with 'records:'.")
      return result
    }
    for (index, item) in items.enumerated() {
      guard case .mapping(let mapping) = item else {
        problem(
          "\(at(item)): row \(index + 1)",
          "expected a record (a mapping of fields such as kind, meeting, date).")
        continue
      }
      var fields: [String: RecordDraftValue] = [:]
      for (key, value) in mapping {
        guard let name = key.scalar?.string else {
          problem("\(at(key)): row \(index + 1)", "a field name must be plain text.")
          continue
        }
        guard case .scalar(let scalar) = value else {
          problem(
            "\(at(value)): row \(index + 1), \(name)",
            "expected a single value, found a list or mapping.")
          continue
        }
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if !YAMLFile.isNull(value) && !trimmed.isEmpty {
          fields[name] = RecordDraftValue(
            text: trimmed, location: at(value), line: value.mark?.line ?? 0,
            column: value.mark?.column ?? 0)
        }
      }
      result.drafts.append(
        RecordDraft(
          row: index + 1, location: at(item), fields: fields, line: item.mark?.line ?? 0,
          column: item.mark?.column ?? 0))
    }
    return result
  }

  // MARK: CSV

  /// Reads the text of a CSV records file, as if it were the file `file`.
  public static func csv(_ text: String, file: String) -> Contents {
    var result = Contents()
    func problem(_ place: String, _ message: String) {
      result.problems.append(RecordProblem(place: place, message: message))
    }
    let rows: [(line: Int, cells: [CSVCell])]
    switch parseCSV(text) {
    case .success(let parsed): rows = parsed
    case .failure(let error):
      problem("\(file):\(error.line):\(error.column)", error.message)
      return result
    }
    guard let header = rows.first else {
      problem("\(file):1", "the file is empty; it needs a header row (kind, meeting, ...).")
      return result
    }
    var columns: [String] = []
    for (index, cell) in header.cells.enumerated() {
      let name = cell.text.lowercased()
      if !RecordChecker.allFields.contains(name) {
        problem(
          "\(file):\(cell.line):\(cell.column): header, column \(index + 1)",
          "unknown column '\(name)'." + didYouMean(name, RecordChecker.allFields)
            + " Columns: \(RecordChecker.allFields.joined(separator: ", ")).")
      } else if columns.contains(name) {
        problem(
          "\(file):\(cell.line):\(cell.column): header, column \(index + 1)",
          "the column '\(name)' is given twice.")
      }
      columns.append(name)
    }
    if !columns.contains("kind") {
      problem("\(file):\(header.line): header", "a 'kind' column is required.")
    }
    guard result.problems.isEmpty else { return result }
    for (index, row) in rows.dropFirst().enumerated() {
      if row.cells.count > columns.count {
        let extra = row.cells[columns.count]
        problem(
          "\(file):\(extra.line):\(extra.column): row \(index + 1)",
          "\(row.cells.count) cells, but the header has \(columns.count) columns; quote a cell that holds a comma."
        )
        continue
      }
      var fields: [String: RecordDraftValue] = [:]
      for (name, cell) in zip(columns, row.cells) where !cell.text.isEmpty {
        fields[name] = RecordDraftValue(
          text: cell.text, location: "\(file):\(cell.line):\(cell.column)", line: cell.line,
          column: cell.column)
      }
      result.drafts.append(
        RecordDraft(
          row: index + 1, location: "\(file):\(row.line)", fields: fields, line: row.line))
    }
    return result
  }

  // MARK: CSV text

  /// Where and why a CSV file cannot be read.
  struct CSVError: Error {
    let line: Int
    let column: Int
    let message: String
  }

  /// A cell of a CSV file: its text and where it starts (line and column, from 1).
  struct CSVCell {
    let text: String
    let line: Int
    let column: Int
  }

  /// RFC 4180: cells separated by commas, records by line breaks; a quoted cell may hold commas,
  /// line breaks and doubled quotes. Unquoted cells are trimmed; blank lines are skipped. Each
  /// record comes with the line it starts on, each cell with its line and column.
  static func parseCSV(_ text: String) -> Swift.Result<[(line: Int, cells: [CSVCell])], CSVError> {
    var rows: [(line: Int, cells: [CSVCell])] = []
    var cells: [CSVCell] = []
    var cell = ""
    var quoted = false
    var inQuotes = false
    var afterQuote = false
    var line = 1
    var column = 0
    var rowLine = 1
    var cellStart = (line: 1, column: 1)
    var started = false
    func endCell() {
      let start: (line: Int, column: Int) = started ? cellStart : (line, column + 1)
      cells.append(
        CSVCell(
          text: quoted ? cell : cell.trimmingCharacters(in: .whitespaces), line: start.line,
          column: start.column))
      cell = ""
      quoted = false
      afterQuote = false
      started = false
    }
    func endRow() {
      endCell()
      if !(cells.count == 1 && cells[0].text.isEmpty) { rows.append((rowLine, cells)) }
      cells = []
    }
    var characters = Substring(text)
    if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
    var iterator = characters.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      let isNewline = c == "\n" || c == "\r\n" || c == "\r"
      column += 1
      if !started, !inQuotes, c != ",", !isNewline, c != " ", c != "\t" {
        cellStart = (line, column)
        started = true
      }
      if inQuotes {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              cell.append("\"")
              column += 1
            } else {
              inQuotes = false
              afterQuote = true
              pending = next
            }
          } else {
            inQuotes = false
            afterQuote = true
          }
        } else {
          if isNewline {
            line += 1
            column = 0
          }
          cell.append(c)
        }
        continue
      }
      if c == "," {
        endCell()
      } else if isNewline {
        column -= 1
        endRow()
        line += 1
        column = 0
        rowLine = line
      } else if afterQuote {
        if c == " " || c == "\t" { continue }
        return .failure(
          CSVError(
            line: line, column: column,
            message:
              "text after a closing quote; a quote inside a quoted cell is written twice (\"\")."))
      } else if c == "\"" && cell.trimmingCharacters(in: .whitespaces).isEmpty {
        cell = ""
        quoted = true
        inQuotes = true
      } else {
        cell.append(c)
      }
    }
    if inQuotes {
      return .failure(
        CSVError(
          line: cellStart.line, column: cellStart.column,
          message: "a quoted cell opened here is never closed."))
    }
    endRow()
    return .success(rows)
  }
}

extension ProtocolDiagnostic {
  /// The same problem as a records problem: where, and why.
  var asRecordProblem: RecordProblem {
    RecordProblem(
      place: position.description + (keyPath.isEmpty ? "" : ": \(keyPath)"), message: message)
  }
}
