import BoardCalCore
import CLibical
import Foundation

/// A meeting as a council's committee calendar export gives it.
public struct ImportedEvent: Hashable, Sendable {
  public var uid: String?
  public var summary: String
  /// The local date and time in the partnership's zone (all-day events have no time).
  public var date: CivilDate
  public var time: TimeOfDay?
  public var cancelled: Bool
  /// The line of the export where the event begins.
  public var line: Int
}

/// An .ics file that cannot be read, with where and why.
public struct CalendarReadError: Error, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let message: String
  public var description: String { "\(file):\(line): \(message)" }
}

/// Reads iCalendar exports through libical.
public enum ICalendarReader {
  /// The VEVENTs of an export, their start read in `timeZone`. Throws every problem libical
  /// reports (as X-LIC-ERROR), located at the event's BEGIN line.
  public static func events(in text: String, file: String, timeZone: String)
    throws(CalendarReadError)
    -> [ImportedEvent]
  {
    // "\r\n" is one Character in Swift: split on newline Characters, not on "\n".
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    let beginLines = lines.enumerated().compactMap { index, line in
      line.trimmingCharacters(in: .whitespacesAndNewlines) == "BEGIN:VEVENT" ? index + 1 : nil
    }
    guard text.contains("BEGIN:VCALENDAR"), let root = icalparser_parse_string(text) else {
      throw CalendarReadError(
        file: file, line: 1, message: "not an iCalendar file: no VCALENDAR could be read.")
    }
    defer { icalcomponent_free(root) }
    let calendar: OpaquePointer
    if icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT {
      calendar = root
    } else if let inner = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT) {
      calendar = inner
    } else {
      throw CalendarReadError(
        file: file, line: 1, message: "not an iCalendar file: no VCALENDAR could be read.")
    }
    if let problem = firstError(in: calendar, excluding: ICAL_VEVENT_COMPONENT) {
      throw CalendarReadError(file: file, line: 1, message: "the calendar is malformed: \(problem)")
    }
    let utc = icaltimezone_get_utc_timezone()
    let zone = icaltimezone_get_builtin_timezone(timeZone) ?? utc
    var result: [ImportedEvent] = []
    var index = 0
    var event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT)
    while let current = event {
      let line = index < beginLines.count ? beginLines[index] : 1
      let uid = icalcomponent_get_uid(current).map { String(cString: $0) }
      if let problem = firstError(in: current, excluding: nil) {
        throw CalendarReadError(
          file: file, line: line,
          message: "event \(uid.map { "'\($0)' " } ?? "")is malformed: \(problem)")
      }
      let start = icalcomponent_get_dtstart(current)
      guard icaltime_is_null_time(start) == 0, icaltime_is_valid_time(start) != 0 else {
        throw CalendarReadError(
          file: file, line: line,
          message: "event \(uid.map { "'\($0)' " } ?? "")has no valid DTSTART.")
      }
      let summary = icalcomponent_get_summary(current).map { String(cString: $0) } ?? ""
      let cancelled = icalcomponent_get_status(current) == ICAL_STATUS_CANCELLED
      if start.is_date != 0 {
        result.append(
          ImportedEvent(
            uid: uid, summary: summary,
            date: CivilDate(year: Int(start.year), month: Int(start.month), day: Int(start.day))!,
            time: nil, cancelled: cancelled, line: line))
      } else {
        // Floating times are read as local; zoned and UTC times are converted to the zone.
        let local = start.zone == nil ? start : icaltime_convert_to_zone(start, zone)
        result.append(
          ImportedEvent(
            uid: uid, summary: summary,
            date: CivilDate(year: Int(local.year), month: Int(local.month), day: Int(local.day))!,
            time: TimeOfDay(hour: Int(local.hour), minute: Int(local.minute)), cancelled: cancelled,
            line: line))
      }
      index += 1
      event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)
    }
    return result
  }

  /// The text of the first X-LIC-ERROR in a component (and its children, except `excluding`).
  static func firstError(in component: OpaquePointer, excluding: icalcomponent_kind?) -> String? {
    var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
    while let p = property {
      if let text = icalproperty_get_xlicerror(p) { return String(cString: text) }
      property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
    }
    var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
    while let c = child {
      if excluding == nil || icalcomponent_isa(c) != excluding!,
        let found = firstError(in: c, excluding: nil)
      {
        return found
      }
      child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
    }
    return nil
  }
}
