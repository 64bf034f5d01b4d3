import BoardCalCore
import CLibical
import Foundation

/// A meeting as a council's committee calendar export gives it: one event, or one occurrence of
/// a recurring event.
public struct ImportedEvent: Hashable, Sendable {
  public var uid: String?
  public var summary: String
  /// The local date and time in the partnership's zone (all-day events have no time).
  public var date: CivilDate
  public var time: TimeOfDay?
  public var cancelled: Bool
  /// The line of the export where the event's VEVENT begins: for an occurrence of a recurring
  /// event, the VEVENT that overrides it (RECURRENCE-ID), else the recurring VEVENT.
  public var line: Int
}

/// A recurring event that goes on after the last day an import reads: its later occurrences
/// were not read.
public struct ContinuingSeries: Hashable, Sendable {
  public var uid: String?
  public var summary: String
  /// The line where the recurring VEVENT begins.
  public var line: Int
  /// The last day read.
  public var readThrough: CivilDate
}

/// What a council's export says: its events with every recurrence expanded, and the recurring
/// events that go on past the days read.
public struct ImportedCalendar: Hashable, Sendable {
  public var events: [ImportedEvent]
  public var continuing: [ContinuingSeries]
}

/// An .ics file that cannot be read, with where and why. The column, when there is one, counts
/// bytes from 1 in the line (a value, a parameter, a byte that is not UTF-8).
public struct CalendarReadError: Error, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int?
  public let message: String

  public init(file: String, line: Int, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(file):\(line):\(column.map { "\($0):" } ?? "") \(message)" }
}

/// Reads iCalendar exports through libical, refusing what it cannot read faithfully: bytes that
/// are not UTF-8, components nested too deep, dates and times that do not exist or fall outside
/// `DateBounds`, zones it cannot place, recurrences with too many occurrences.
public enum ICalendarReader {
  /// The most occurrences one recurring event may have up to the last day read.
  public static let mostOccurrences = 5_000

  /// libical's builtin zones load lazily and not thread-safely: one reading at a time.
  private static let libical = NSLock()

  /// The events of an export's bytes, which must be UTF-8 (see `read(text:…)`).
  public static func read(
    _ bytes: [UInt8], file: String, timeZone: String, through lastDay: CivilDate
  ) throws(CalendarReadError) -> ImportedCalendar {
    switch UTF8Text.decode(bytes) {
    case .success(let text):
      return try read(text: text, file: file, timeZone: timeZone, through: lastDay)
    case .failure(let bad):
      throw CalendarReadError(file: file, line: bad.line, column: bad.column, message: bad.message)
    }
  }

  /// The VEVENTs of an export, their start read in `timeZone`, recurring events expanded (EXDATE
  /// removing occurrences, RDATE adding them, a VEVENT with the same UID and a RECURRENCE-ID
  /// replacing one) up to `lastDay` (at most the last day of `DateBounds.years`). Throws the first
  /// problem, located: libical's own (as X-LIC-ERROR) at the event's BEGIN line; a value that
  /// cannot be a day or time, an unknown TZID, a recurrence too long at the property's line and
  /// column.
  public static func read(text: String, file: String, timeZone: String, through lastDay: CivilDate)
    throws(CalendarReadError) -> ImportedCalendar
  {
    func refuse(_ line: Int, _ column: Int? = nil, _ message: String) -> CalendarReadError {
      CalendarReadError(file: file, line: line, column: column, message: message)
    }
    // A byte-order mark is no part of the text (and libical would not read the line it begins).
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    let outline: ICalendarOutline
    do {
      outline = try ICalendarOutline(text)
    } catch {
      throw refuse(error.line, error.column, error.message)
    }
    guard outline.hasCalendar else {
      throw refuse(1, nil, "not an iCalendar file: no VCALENDAR could be read.")
    }
    libical.lock()
    defer { libical.unlock() }
    for event in outline.events {
      if let problem = valueProblem(in: event, definedZones: outline.definedZones) {
        throw refuse(problem.line, problem.column, problem.message)
      }
    }
    guard let root = icalparser_parse_string(text) else {
      throw refuse(1, nil, "not an iCalendar file: no VCALENDAR could be read.")
    }
    defer { icalcomponent_free(root) }
    let calendar: OpaquePointer
    if icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT {
      calendar = root
    } else if let inner = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT) {
      calendar = inner
    } else {
      throw refuse(1, nil, "not an iCalendar file: no VCALENDAR could be read.")
    }
    if let problem = firstError(in: calendar, excluding: ICAL_VEVENT_COMPONENT) {
      throw refuse(1, nil, "the calendar is malformed: \(problem)")
    }
    guard let zone = icaltimezone_get_builtin_timezone(timeZone) else {
      throw refuse(1, nil, "libical does not know the partnership's time zone '\(timeZone)'.")
    }
    var components: [OpaquePointer] = []
    var next = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT)
    while let current = next {
      components.append(current)
      next = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)
    }
    guard components.count == outline.events.count else {
      throw refuse(
        1, nil,
        "the calendar is malformed: libical read \(components.count) events where the text has \(outline.events.count) BEGIN:VEVENT lines in its VCALENDAR."
      )
    }
    let reading = Reading(
      file: file, calendar: calendar, zone: zone,
      lastDay: min(lastDay, YearMonth(year: DateBounds.years.upperBound, month: 12).lastDay))
    return try reading.events(Array(zip(components, outline.events)))
  }

  /// The text of the first X-LIC-ERROR in a component and the components in it (except those of
  /// kind `excluding` directly in it), in the order of the text. The walk keeps its own stack
  /// and goes no deeper than `ICalendarOutline.deepestNesting`, whatever the tree.
  static func firstError(in component: OpaquePointer, excluding: icalcomponent_kind?) -> String? {
    var pending: [(component: OpaquePointer, depth: Int)] = [(component, 1)]
    while let (current, depth) = pending.popLast() {
      var property = icalcomponent_get_first_property(current, ICAL_XLICERROR_PROPERTY)
      while let p = property {
        if let text = icalproperty_get_xlicerror(p) { return String(cString: text) }
        property = icalcomponent_get_next_property(current, ICAL_XLICERROR_PROPERTY)
      }
      guard depth < ICalendarOutline.deepestNesting else { continue }
      var children: [OpaquePointer] = []
      var child = icalcomponent_get_first_component(current, ICAL_ANY_COMPONENT)
      while let c = child {
        if depth > 1 || excluding.map({ icalcomponent_isa(c) != $0 }) ?? true { children.append(c) }
        child = icalcomponent_get_next_component(current, ICAL_ANY_COMPONENT)
      }
      pending.append(contentsOf: children.reversed().map { ($0, depth + 1) })
    }
    return nil
  }

  // MARK: Values as written

  /// A problem with a value as the text gives it, where it is.
  struct ValueProblem {
    let line: Int
    let column: Int
    let message: String
  }

  /// The properties whose values say when an event happens.
  static let timeProperties = ["DTSTART", "RECURRENCE-ID", "EXDATE", "RDATE"]

  /// The first value of a VEVENT's DTSTART, RECURRENCE-ID, EXDATE or RDATE that cannot be read
  /// faithfully, checked as written, before libical normalises it (libical takes 30 February
  /// as 2 March once it converts a time between zones): a date or time that does not exist, a
  /// day outside `DateBounds`, a TZID neither the file's VTIMEZONEs nor libical define, a
  /// RECURRENCE-ID with a RANGE.
  static func valueProblem(in event: OutlinedComponent, definedZones: Set<String>)
    -> ValueProblem?
  {
    let uid = event.first("UID").map { "event '\($0.value)': " } ?? "event: "
    for property in event.properties where timeProperties.contains(property.name) {
      if let tzid = property.parameter("TZID"),
        !definedZones.contains(tzid.value),
        icaltimezone_get_builtin_timezone_from_tzid(tzid.value) == nil,
        icaltimezone_get_builtin_timezone(tzid.value) == nil
      {
        let at = property.position(ofOffset: tzid.offset)
        return ValueProblem(
          line: at.line, column: at.column,
          message:
            "\(uid)\(property.name) has TZID '\(tzid.value)', which no VTIMEZONE in the file defines and libical does not know: its time cannot be placed."
        )
      }
      if property.name == "RECURRENCE-ID", let range = property.parameter("RANGE") {
        let at = property.position(ofOffset: range.offset)
        return ValueProblem(
          line: at.line, column: at.column,
          message:
            "\(uid)RECURRENCE-ID has RANGE=\(range.value); boardcal reads overrides of one occurrence only."
        )
      }
      // EXDATE and RDATE may list several values; an RDATE may be a period (start/end).
      var offset = 0
      for item in property.value.split(separator: ",", omittingEmptySubsequences: false) {
        let start = item.split(separator: "/", maxSplits: 1).first ?? item
        if let problem = DateTimeText.problem(with: start) {
          let at = property.position(ofOffset: property.valueOffset + offset)
          return ValueProblem(
            line: at.line, column: at.column,
            message: "\(uid)\(property.name) '\(start)' \(problem)")
        }
        offset += item.utf8.count + 1
      }
    }
    return nil
  }
}

/// A DATE (`YYYYMMDD`) or DATE-TIME (`YYYYMMDDTHHMMSS`, `Z` for UTC) value as written.
enum DateTimeText {
  /// Why a value in one of those forms is not a day or time boardcal reads, or nil when it is
  /// (or is in another form, which libical judges).
  static func problem(with text: Substring) -> String? {
    let bytes = Array(text.utf8)
    let timed = bytes.count == 15 || (bytes.count == 16 && bytes[15] == UInt8(ascii: "Z"))
    guard bytes.count == 8 || (timed && bytes[8] == UInt8(ascii: "T")) else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) else {
      return nil
    }
    let kind = timed ? "a date and time" : "a date"
    guard (1...12).contains(month) else {
      return "is not \(kind) that exists: there is no month \(month)."
    }
    guard let date = CivilDate(year: year, month: month, day: day) else {
      let days = CivilDate.daysIn(year: year, month: month)
      let name = Month(rawValue: month)?.name ?? "month \(month)"
      return "is not \(kind) that exists: \(name) \(year) has \(days) days."
    }
    if timed {
      guard let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
      else { return nil }
      guard hour <= 23 else { return "is not a time that exists: there is no hour \(hour)." }
      guard minute <= 59 else { return "is not a time that exists: there is no minute \(minute)." }
      guard second <= 60 else { return "is not a time that exists: there is no second \(second)." }
    }
    return DateBounds.problem(with: date).map { "is refused: \($0)" }
  }
}
