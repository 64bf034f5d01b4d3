// The BoardCalRecords module: what officers record, from the command line, a records file (YAML
// or CSV) or a council's calendar export, checked against the protocol's schedule before anything
// is written, then written all together or not at all.
import BoardCalCore

/// One value as written, with where it was written (for messages).
public struct RecordDraftValue: Hashable, Sendable {
  public let text: String
  /// `file:line:column` (or `file:line`), or nil on the command line.
  public let location: String?
  /// Where it is in the file (0 on the command line), to report problems in file order.
  public var line = 0
  public var column = 0

  public init(text: String, location: String?, line: Int = 0, column: Int = 0) {
    self.text = text
    self.location = location
    self.line = line
    self.column = column
  }
}

/// One record as written (a row of a records file, a command's options, a line of a council's
/// export), before it is checked.
public struct RecordDraft: Hashable, Sendable {
  /// The data row, counting from 1; nil on the command line and for an export's events.
  public let row: Int?
  /// Where the row starts: `file:line:column` (YAML) or `file:line` (CSV, .ics).
  public let location: String?
  public var fields: [String: RecordDraftValue]
  public var line = 0
  public var column = 0

  public init(
    row: Int?, location: String?, fields: [String: RecordDraftValue], line: Int = 0,
    column: Int = 0
  ) {
    self.row = row
    self.location = location
    self.fields = fields
    self.line = line
    self.column = column
  }

  /// A command's options as a draft: `kind` and each field given (blank ones left out).
  public init(kind: RecordKind, options: [String: String?]) {
    var values = ["kind": RecordDraftValue(text: kind.rawValue, location: nil)]
    for case (let name, let value?) in options {
      let trimmed = value.trimmingCharacters(in: .whitespaces)
      if !trimmed.isEmpty { values[name] = RecordDraftValue(text: trimmed, location: nil) }
    }
    self.init(row: nil, location: nil, fields: values)
  }

  /// A record someone else's data proposes (an import), located at `file:line`.
  public init(_ entry: RecordEntry, file: String, line: Int?) {
    let location = line.map { "\(file):\($0)" } ?? file
    var values: [String: RecordDraftValue] = [:]
    let texts = RecordFields(entry.fact).texts
    for (name, text) in zip(RecordFields.names, texts) {
      if let text {
        values[name] = RecordDraftValue(text: text, location: location, line: line ?? 0)
      }
    }
    for (name, text) in [("source", entry.source), ("note", entry.note)] {
      if let text {
        values[name] = RecordDraftValue(text: text, location: location, line: line ?? 0)
      }
    }
    self.init(row: nil, location: location, fields: values, line: line ?? 0)
  }

  /// The text of a field, when it is given.
  public func text(_ field: String) -> String? { fields[field]?.text }

  /// Orders problems: by row, then by where the field is written.
  func order(_ field: String?) -> (Int, Int, Int) {
    let value = field.flatMap { fields[$0] }
    return (row ?? 0, value?.line ?? line, value?.column ?? column)
  }

  /// A problem with this draft: in a file "file:12:9: row 3 (fulfilled), obligation: message";
  /// on the command line "--obligation: message"; from an export "file:12: meeting: message".
  func problem(_ field: String?, _ message: String) -> RecordProblem {
    if let row {
      let at = field.flatMap { fields[$0]?.location } ?? location ?? ""
      let kind = fields["kind"].map { " (\($0.text))" } ?? ""
      return RecordProblem(
        place: "\(at): row \(row)\(kind)\(field.map { ", \($0)" } ?? "")", message: message)
    }
    if let location {
      return RecordProblem(place: location + (field.map { ": \($0)" } ?? ""), message: message)
    }
    // `record event` takes the event's title as `--name`.
    let option =
      field == "title" && fields["kind"]?.text == RecordKind.event.rawValue ? "name" : field
    return RecordProblem(place: option.map { "--\($0)" }, message: message)
  }
}

/// Something wrong with a record: where (a file, line, row and field; or a command's option)
/// and why, with what to write instead.
public struct RecordProblem: Hashable, Sendable, CustomStringConvertible {
  /// `file:12:9: row 3 (fulfilled), obligation`, `--date`, `file.csv:4`; nil for the record as a
  /// whole on the command line.
  public let place: String?
  public let message: String

  public init(place: String?, message: String) {
    self.place = place
    self.message = message
  }

  public var description: String { place.map { "\($0): \(message)" } ?? message }
}
