import BoardCalCore
import CLibical
import Foundation

/// The calendar-wide facts every feed of a partnership carries.
public struct CalendarHead: Sendable {
  public var partnershipName: String
  /// IANA zone of the meetings; written as a real VTIMEZONE with exactly this TZID.
  public var timeZone: String
  /// With an organiser the feed says METHOD:PUBLISH (RFC 5546 needs ORGANIZER then).
  public var organizerEmail: String?
  /// DTSTAMP of every event: the data's "last revised" instant, never the wall clock.
  public var stamp: UTCInstant
  /// The first year the VTIMEZONE must cover.
  public var fromYear: Int

  public init(
    partnershipName: String, timeZone: String, organizerEmail: String?, stamp: UTCInstant,
    fromYear: Int
  ) {
    self.partnershipName = partnershipName
    self.timeZone = timeZone
    self.organizerEmail = organizerEmail
    self.stamp = stamp
    self.fromYear = fromYear
  }
}

/// A feed could not be written.
public struct CalendarWriteError: Error, CustomStringConvertible {
  public let feed: String
  public let reason: String
  public var description: String { "\(feed): \(reason)" }
}

/// Writes feeds as iCalendar text through libical: every byte of the output comes from it.
public enum ICalendarWriter {
  /// The whole VCALENDAR of one feed, CRLF line ends, folded at 75 octets.
  public static func render(_ feed: Feed, head: CalendarHead) throws(CalendarWriteError) -> String {
    let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)!
    defer { icalcomponent_free(calendar) }
    let zoneComponent = try timeZoneComponent(head, feed: feed.path)
    let zone = icaltimezone_new()!
    defer { icaltimezone_free(zone, 1) }
    icaltimezone_set_component(zone, icalcomponent_new_clone(zoneComponent))

    add(calendar, icalproperty_new_version("2.0"))
    add(calendar, icalproperty_new_prodid("-//boardcal//boardcal protocol calendars//EN"))
    add(calendar, icalproperty_new_calscale("GREGORIAN"))
    if head.organizerEmail != nil { add(calendar, icalproperty_new_method(ICAL_METHOD_PUBLISH)) }
    add(calendar, icalproperty_new_name(feed.name))
    add(calendar, xProperty("X-WR-CALNAME", feed.name))
    add(calendar, xProperty("X-WR-CALDESC", description(of: feed, head: head)))
    let refresh = icalproperty_new_refreshinterval(icaldurationtype_from_string("PT1H"))!
    icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION))
    add(calendar, refresh)
    add(calendar, xProperty("X-PUBLISHED-TTL", "PT1H"))
    icalcomponent_add_component(calendar, zoneComponent)
    for event in feed.events {
      icalcomponent_add_component(calendar, vevent(event, head: head, zone: zone))
    }
    guard let text = icalcomponent_as_ical_string_r(calendar) else {
      throw CalendarWriteError(feed: feed.path, reason: "libical could not serialise the calendar")
    }
    defer { free(text) }
    return String(
      decoding: repairingLineEnds(UnsafeBufferPointer(start: text, count: strlen(text))),
      as: UTF8.self)
  }

  /// libical 3.0.16 folds a content line whose last piece is 73 or 74 octets inside or just
  /// before its CRLF: `…\r` CRLF SPACE `\n`, or CRLF SPACE CRLF. Both unfold to the line with
  /// nothing added, so dropping the stray fold changes no value and gives CRLF-only line ends.
  static func repairingLineEnds(_ bytes: UnsafeBufferPointer<CChar>) -> [UInt8] {
    let cr: UInt8 = 13
    let lf: UInt8 = 10
    let space: UInt8 = 32
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    let n = bytes.count
    func at(_ k: Int) -> UInt8 { k < n ? UInt8(bitPattern: bytes[k]) : 0 }
    while i < n {
      if at(i) == cr, at(i + 1) == cr, at(i + 2) == lf, at(i + 3) == space, at(i + 4) == lf {
        out += [cr, lf]  // CR | CRLF SPACE | LF
        i += 5
      } else if at(i) == cr, at(i + 1) == lf, at(i + 2) == space, at(i + 3) == cr, at(i + 4) == lf {
        out += [cr, lf]  // CRLF SPACE | CRLF
        i += 5
      } else {
        out.append(at(i))
        i += 1
      }
    }
    return out
  }

  static func description(of feed: Feed, head: CalendarHead) -> String {
    switch feed.kind {
    case .board:
      return "Meetings, paper deadlines and items due, from the \(head.partnershipName) protocol."
    case .duties: return "What this board must present, consult on or inform, to whom and when."
    case .public: return "Public meetings of the \(head.partnershipName) boards."
    case .person: return "Meetings of every board this person or role sits on."
    }
  }

  static func add(_ component: OpaquePointer, _ property: OpaquePointer?) {
    if let property { icalcomponent_add_property(component, property) }
  }

  /// An X- property. libical 3.0.16 writes X values without TEXT escaping of commas (and escapes a
  /// backslash given to it), so a comma in X-WR-CALNAME goes out bare; every parser checked reads
  /// it as written.
  static func xProperty(_ name: String, _ value: String) -> OpaquePointer? {
    let property = icalproperty_new_x(value)
    icalproperty_set_x_name(property, name)
    return property
  }

  /// The zone's VTIMEZONE from the system database, trimmed to the feed's years and carrying
  /// the plain IANA id (libical's builtin ids carry a library prefix).
  static func timeZoneComponent(_ head: CalendarHead, feed: String) throws(CalendarWriteError)
    -> OpaquePointer
  {
    guard let builtin = icaltimezone_get_builtin_timezone(head.timeZone),
      let component = icaltimezone_get_component(builtin),
      let clone = icalcomponent_new_clone(component)
    else {
      throw CalendarWriteError(feed: feed, reason: "libical knows no time zone '\(head.timeZone)'")
    }
    var start = icaltime_null_time()
    start.year = Int32(head.fromYear)
    start.month = 1
    start.day = 1
    icaltimezone_truncate_vtimezone(clone, start, icaltime_null_time(), 1)
    if let tzid = icalcomponent_get_first_property(clone, ICAL_TZID_PROPERTY) {
      icalproperty_set_tzid(tzid, head.timeZone)
    }
    return clone
  }

  static func time(_ t: EventTime, zone: OpaquePointer) -> icaltimetype {
    var value = icaltime_null_time()
    switch t {
    case .local(let date, let clock):
      value.year = Int32(date.year)
      value.month = Int32(date.month)
      value.day = Int32(date.day)
      value.hour = Int32(clock.hour)
      value.minute = Int32(clock.minute)
      return icaltime_set_timezone(&value, zone)
    case .allDay(let date):
      value.year = Int32(date.year)
      value.month = Int32(date.month)
      value.day = Int32(date.day)
      value.is_date = 1
      return value
    }
  }

  static func vevent(_ e: CalendarEvent, head: CalendarHead, zone: OpaquePointer) -> OpaquePointer {
    let event = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
    add(event, icalproperty_new_uid(e.uid))
    var stamp = icaltime_null_time()
    stamp.year = Int32(head.stamp.date.year)
    stamp.month = Int32(head.stamp.date.month)
    stamp.day = Int32(head.stamp.date.day)
    stamp.hour = Int32(head.stamp.hour)
    stamp.minute = Int32(head.stamp.minute)
    stamp.second = Int32(head.stamp.second)
    add(
      event,
      icalproperty_new_dtstamp(icaltime_set_timezone(&stamp, icaltimezone_get_utc_timezone())))
    icalcomponent_set_dtstart(event, time(e.start, zone: zone))
    icalcomponent_set_dtend(event, time(e.end, zone: zone))
    add(event, icalproperty_new_summary(e.summary))
    if !e.description.isEmpty { add(event, icalproperty_new_description(e.description)) }
    if let location = e.location { add(event, icalproperty_new_location(location)) }
    add(event, icalproperty_new_sequence(Int32(e.sequence)))
    add(event, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED))
    if case .allDay = e.start { add(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)) }
    if !e.categories.isEmpty {
      add(event, icalproperty_new_categories(e.categories.joined(separator: ",")))
    }
    if let related = e.relatedTo { add(event, icalproperty_new_relatedto(related)) }
    if let url = e.url { add(event, icalproperty_new_url(url)) }
    add(event, icalproperty_new_class(e.confidential ? ICAL_CLASS_CONFIDENTIAL : ICAL_CLASS_PUBLIC))
    if let email = head.organizerEmail {
      let organizer = icalproperty_new_organizer("mailto:\(email)")!
      icalproperty_add_parameter(organizer, icalparameter_new_cn(head.partnershipName))
      add(event, organizer)
    }
    if let days = e.alarmDaysBefore {
      let alarm = icalcomponent_new(ICAL_VALARM_COMPONENT)!
      add(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY))
      add(alarm, icalproperty_new_trigger(icaltriggertype_from_string("-P\(days)D")))
      add(alarm, icalproperty_new_description(e.summary))
      icalcomponent_add_component(event, alarm)
    }
    return event
  }
}
