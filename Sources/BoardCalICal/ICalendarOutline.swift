/// One content line of an .ics text (RFC 5545 3.1), unfolded, with where its pieces are in the
/// file: libical reads the values, but it does not say on which line or column it found them.
struct ContentLine {
  /// A parameter (`TZID=Europe/London`), its name upper-cased, its value without quotes.
  struct Parameter {
    let name: String
    let value: String
    /// The byte offset of the value in the unfolded line.
    let offset: Int
  }

  /// The property or BEGIN/END, upper-cased.
  let name: String
  let parameters: [Parameter]
  let value: String
  /// The byte offset of the value in the unfolded line.
  let valueOffset: Int
  /// Where each physical line of the content line begins in the unfolded line: its offset there,
  /// its line in the file, and the column its first byte after the folding space has.
  let pieces: [(offset: Int, line: Int, column: Int)]

  /// The file line of the content line's first piece.
  var line: Int { pieces[0].line }

  func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }

  /// The file's line and (byte) column of a byte offset in the unfolded line.
  func position(ofOffset offset: Int) -> (line: Int, column: Int) {
    let piece = pieces.last { $0.offset <= offset } ?? pieces[0]
    return (piece.line, piece.column + offset - piece.offset)
  }

  /// Reads one unfolded line: NAME, `;`-separated parameters (values possibly quoted), `:`, value.
  init?(_ bytes: [UInt8], pieces: [(offset: Int, line: Int, column: Int)]) {
    let colon = UInt8(ascii: ":")
    let semicolon = UInt8(ascii: ";")
    let quote = UInt8(ascii: "\"")
    guard let nameEnd = bytes.firstIndex(where: { $0 == colon || $0 == semicolon }) else {
      return nil
    }
    name = String(decoding: bytes[..<nameEnd], as: UTF8.self).uppercased()
    var parameters: [Parameter] = []
    var index = nameEnd
    while index < bytes.count, bytes[index] == semicolon {
      let start = index + 1
      var quoted = false
      var end = start
      while end < bytes.count {
        let byte = bytes[end]
        if byte == quote { quoted.toggle() }
        if !quoted && (byte == colon || byte == semicolon) { break }
        end += 1
      }
      let text = bytes[start..<end]
      if let equals = text.firstIndex(of: UInt8(ascii: "=")) {
        var valueStart = equals + 1
        var valueEnd = end
        if valueStart < valueEnd, bytes[valueStart] == quote {
          valueStart += 1
          if valueEnd > valueStart, bytes[valueEnd - 1] == quote { valueEnd -= 1 }
        }
        parameters.append(
          Parameter(
            name: String(decoding: bytes[start..<equals], as: UTF8.self).uppercased(),
            value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self),
            offset: valueStart))
      }
      index = end
    }
    guard index < bytes.count, bytes[index] == colon else { return nil }
    self.parameters = parameters
    valueOffset = index + 1
    value = String(decoding: bytes[(index + 1)...], as: UTF8.self)
    self.pieces = pieces
  }
}

/// A component as the text nests it: where it begins and its own content lines (not its
/// children's).
struct OutlinedComponent {
  let name: String
  let line: Int
  var properties: [ContentLine] = []

  func first(_ name: String) -> ContentLine? { properties.first { $0.name == name } }
  func all(_ name: String) -> [ContentLine] { properties.filter { $0.name == name } }
}

/// What boardcal reads of an .ics text before handing it to libical: that its components nest
/// properly and not too deep (libical frees and prints a tree recursively, so thousands of
/// levels would overflow the stack), where each VEVENT of the calendar begins and what its
/// lines say, and which TZIDs its VTIMEZONEs define.
struct ICalendarOutline {
  /// The deepest nesting read: VCALENDAR > VEVENT > VALARM is 3.
  static let deepestNesting = 10

  /// The VEVENTs of the VCALENDAR, in the order of the text (libical's order).
  var events: [OutlinedComponent] = []
  /// The TZIDs the calendar's VTIMEZONEs define.
  var definedZones: Set<String> = []
  /// Whether the text has a VCALENDAR at all.
  var hasCalendar = false

  /// Why the text's structure cannot be read: where, and the problem.
  struct Problem: Error {
    let line: Int
    var column: Int? = nil
    let message: String
  }

  /// The outline of `text`, or where its nesting is wrong.
  init(_ text: String) throws(Problem) {
    var open: [(name: String, line: Int)] = []
    var sawCalendar = false
    var event: OutlinedComponent?
    var zone = false

    func take(_ bytes: [UInt8], _ pieces: [(offset: Int, line: Int, column: Int)]) throws(Problem) {
      guard let content = ContentLine(bytes, pieces: pieces) else { return }
      let line = content.line
      switch content.name {
      case "BEGIN":
        let name = content.value.trimmingSpaces.uppercased()
        if open.isEmpty {
          // libical would read a component outside the calendar as one more at the top, which
          // nothing here reads (and which might nest without bound).
          guard name == "VCALENDAR" else {
            throw Problem(
              line: line,
              message:
                "BEGIN:\(name) is outside the VCALENDAR; an export holds one VCALENDAR and nothing else."
            )
          }
          guard !sawCalendar else {
            throw Problem(
              line: line,
              message:
                "a second VCALENDAR begins here; an export holds one calendar (split the file).")
          }
          sawCalendar = true
        }
        open.append((name, line))
        if open.count > Self.deepestNesting {
          throw Problem(
            line: line,
            message:
              "BEGIN:\(name) is nested \(open.count) components deep; boardcal reads components nested at most \(Self.deepestNesting) deep."
          )
        }
        if open.count == 2 && name == "VEVENT" { event = OutlinedComponent(name: name, line: line) }
        if open.count == 2 && name == "VTIMEZONE" { zone = true }
      case "END":
        guard let innermost = open.last else { return }
        let name = content.value.trimmingSpaces.uppercased()
        guard name == innermost.name else {
          throw Problem(
            line: line,
            message:
              "END:\(name) does not close BEGIN:\(innermost.name) of line \(innermost.line); the components are not nested properly."
          )
        }
        open.removeLast()
        if open.count == 1, let finished = event {
          events.append(finished)
          event = nil
        }
        if open.count == 1 { zone = false }
      default:
        if open.count == 2 { event?.properties.append(content) }
        if open.count == 2 && zone && content.name == "TZID" {
          definedZones.insert(content.value.trimmingSpaces)
        }
      }
    }

    // Physical lines end at LF (a CR before it is dropped), as libical reads them; a line
    // beginning with a space or a tab continues the one before.
    var bytes: [UInt8] = []
    var pieces: [(offset: Int, line: Int, column: Int)] = []
    var lineNumber = 0
    for physical in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    {
      lineNumber += 1
      var line = physical[...]
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      // libical reads the text as a C string: a NUL would end it there, unseen.
      if let nul = line.firstIndex(of: 0) {
        throw Problem(
          line: lineNumber, column: line.distance(from: line.startIndex, to: nul) + 1,
          message: "the file holds a NUL byte here; it is not iCalendar text.")
      }
      if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"),
        !pieces.isEmpty
      {
        pieces.append((bytes.count, lineNumber, 2))
        bytes.append(contentsOf: line.dropFirst())
        continue
      }
      if !pieces.isEmpty { try take(bytes, pieces) }
      bytes = Array(line)
      pieces = [(0, lineNumber, 1)]
    }
    if !pieces.isEmpty { try take(bytes, pieces) }
    hasCalendar = sawCalendar
    if let unclosed = open.last {
      throw Problem(
        line: unclosed.line,
        message: "BEGIN:\(unclosed.name) is never closed (no END:\(unclosed.name)).")
    }
  }
}

extension String {
  /// The text without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
