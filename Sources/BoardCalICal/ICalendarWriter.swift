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
  /// DTSTAMP of every event that does not carry its own: the data's "last revised" instant,
  /// never the wall clock.
  public var stamp: UTCInstant

  public init(partnershipName: String, timeZone: String, organizerEmail: String?, stamp: UTCInstant)
  {
    self.partnershipName = partnershipName
    self.timeZone = timeZone
    self.organizerEmail = organizerEmail
    self.stamp = stamp
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
    let feeds = RenderedFeeds(head: head)
    return String(decoding: try feeds.render(feed), as: UTF8.self)
  }

  /// The feed as one VCALENDAR built and serialised whole by libical: what `RenderedFeeds`
  /// gives byte for byte, each event serialised once. Kept for the tests that show they agree.
  static func renderWhole(_ feed: Feed, head: CalendarHead) throws(CalendarWriteError) -> String {
    let calendar = header(feed, head: head)
    defer { icalcomponent_free(calendar) }
    let zoneComponent = try timeZoneComponent(head, years: years(of: feed, head: head), feed: feed)
    let zone = icaltimezone_new()!
    defer { icaltimezone_free(zone, 1) }
    icaltimezone_set_component(zone, icalcomponent_new_clone(zoneComponent))
    icalcomponent_add_component(calendar, zoneComponent)
    for event in feed.events {
      icalcomponent_add_component(calendar, vevent(event, head: head, zone: zone))
    }
    return String(decoding: try serialised(calendar, feed: feed), as: UTF8.self)
  }

  /// The VCALENDAR of a feed with its calendar-wide properties and nothing inside it yet.
  static func header(_ feed: Feed, head: CalendarHead) -> OpaquePointer {
    let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)!
    add(calendar, icalproperty_new_version("2.0"))
    add(calendar, icalproperty_new_prodid("-//boardcal//boardcal protocol calendars//EN"))
    add(calendar, icalproperty_new_calscale("GREGORIAN"))
    if head.organizerEmail != nil { add(calendar, icalproperty_new_method(ICAL_METHOD_PUBLISH)) }
    let name = Feed.headerText(feed.name)
    add(calendar, icalproperty_new_name(name))
    add(calendar, xProperty("X-WR-CALNAME", name))
    if !feed.description.isEmpty {
      add(calendar, xProperty("X-WR-CALDESC", Feed.headerText(feed.description)))
    }
    let refresh = icalproperty_new_refreshinterval(icaldurationtype_from_string("PT1H"))!
    icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION))
    add(calendar, refresh)
    add(calendar, xProperty("X-PUBLISHED-TTL", "PT1H"))
    return calendar
  }

  /// A component as libical serialises it, with CRLF-only line ends.
  static func serialised(_ component: OpaquePointer, feed: Feed) throws(CalendarWriteError)
    -> [UInt8]
  {
    guard let text = icalcomponent_as_ical_string_r(component) else {
      throw CalendarWriteError(feed: feed.path, reason: "libical could not serialise the calendar")
    }
    defer { free(text) }
    return repairingLineEnds(UnsafeBufferPointer(start: text, count: strlen(text)))
  }

  /// libical 3.0.16 folds a content line whose last piece is 73 or 74 octets inside or just
  /// before its CRLF: `…\r` CRLF SPACE `\n`, or CRLF SPACE CRLF. Both unfold to the line with
  /// nothing added, so dropping the stray fold changes no value and gives CRLF-only line ends.
  static func repairingLineEnds(_ bytes: UnsafeBufferPointer<CChar>) -> [UInt8] {
    let cr: UInt8 = 13
    let lf: UInt8 = 10
    let space: UInt8 = 32
    let n = bytes.count
    guard let base = bytes.baseAddress, n > 0 else { return [] }
    return base.withMemoryRebound(to: UInt8.self, capacity: n) { p in
      var out: [UInt8] = []
      out.reserveCapacity(n)
      // Runs without a stray fold are copied whole; only a CR starts a check, and the next CR
      // is found by memchr.
      var copied = 0
      var i = 0
      while i < n {
        guard let found = memchr(p + i, Int32(cr), n - i) else { break }
        i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - p
        if i + 4 < n {
          // CR | CRLF SPACE | LF, or CRLF SPACE | CRLF.
          let stray =
            (p[i + 1] == cr && p[i + 2] == lf && p[i + 3] == space && p[i + 4] == lf)
            || (p[i + 1] == lf && p[i + 2] == space && p[i + 3] == cr && p[i + 4] == lf)
          if stray {
            out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: i - copied))
            out.append(cr)
            out.append(lf)
            i += 5
            copied = i
            continue
          }
        }
        i += 1
      }
      out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: n - copied))
      return out
    }
  }

  static func add(_ component: OpaquePointer, _ property: OpaquePointer?) {
    if let property { icalcomponent_add_property(component, property) }
  }

  /// An X- property with its value written as given.
  static func xProperty(_ name: String, _ value: String) -> OpaquePointer? {
    let property = icalproperty_new_x(value)
    icalproperty_set_x_name(property, name)
    return property
  }

  /// The years a feed's events fall in, and the year before (so that the zone's rules are in
  /// force before the first event).
  static func years(of feed: Feed, head: CalendarHead) -> ClosedRange<Int> {
    var first = Int.max
    var last = Int.min
    func note(_ time: EventTime) {
      switch time {
      case .local(let d, _), .allDay(let d):
        first = min(first, d.year)
        last = max(last, d.year)
      }
    }
    for i in feed.events.indices {
      note(feed.events[i].start)
      note(feed.events[i].end)
    }
    guard first <= last else { return head.stamp.date.year...head.stamp.date.year }
    return (first - 1)...last
  }

  /// The zone's VTIMEZONE for the feed's years, from the system's zone data: one STANDARD and
  /// one DAYLIGHT rule where the rules held over those years, dated changes where they did not,
  /// and the plain IANA id as its TZID.
  static func timeZoneComponent(_ head: CalendarHead, years span: ClosedRange<Int>, feed: Feed)
    throws(CalendarWriteError) -> OpaquePointer
  {
    guard
      let zone = ZoneObservances.of(head.timeZone, from: span.lowerBound, to: span.upperBound)
    else {
      throw CalendarWriteError(
        feed: feed.path, reason: "the system knows no time zone '\(head.timeZone)'")
    }
    let component = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT)!
    add(component, icalproperty_new_tzid(zone.identifier))
    for observance in zone.observances {
      let part = icalcomponent_new(
        observance.isDaylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT)!
      var start = icaltime_null_time()
      start.year = Int32(observance.start.year)
      start.month = Int32(observance.start.month)
      start.day = Int32(observance.start.day)
      start.hour = Int32(observance.time.hour)
      start.minute = Int32(observance.time.minute)
      add(part, icalproperty_new_dtstart(start))
      add(part, icalproperty_new_tzoffsetfrom(Int32(observance.offsetFrom)))
      add(part, icalproperty_new_tzoffsetto(Int32(observance.offsetTo)))
      if let rule = observance.yearly {
        let day = String(rule.weekday.name.prefix(2)).uppercased()
        add(
          part,
          icalproperty_new_rrule(
            icalrecurrencetype_from_string(
              "FREQ=YEARLY;BYMONTH=\(rule.month);BYDAY=\(rule.ordinal)\(day)")))
      }
      icalcomponent_add_component(component, part)
    }
    return component
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

  /// A property made from a text: the string's own bytes are passed, where passing the `String`
  /// itself copies them into a new array first (a dozen allocations per event).
  static func text(_ value: String, _ make: (UnsafePointer<CChar>) -> OpaquePointer?)
    -> OpaquePointer?
  {
    value.withCString(make)
  }

  static func vevent(_ e: CalendarEvent, head: CalendarHead, zone: OpaquePointer) -> OpaquePointer {
    let event = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
    add(event, text(e.uid, icalproperty_new_uid))
    add(event, icalproperty_new_dtstamp(utc(e.stamp ?? head.stamp)))
    icalcomponent_set_dtstart(event, time(e.start, zone: zone))
    icalcomponent_set_dtend(event, time(e.end, zone: zone))
    add(event, text(e.summary, icalproperty_new_summary))
    if !e.description.isEmpty { add(event, text(e.description, icalproperty_new_description)) }
    if let location = e.location { add(event, text(location, icalproperty_new_location)) }
    add(event, icalproperty_new_sequence(Int32(e.sequence)))
    add(event, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED))
    if case .allDay = e.start { add(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)) }
    if !e.categories.isEmpty {
      add(event, text(e.categories.joined(separator: ","), icalproperty_new_categories))
    }
    if let related = e.relatedTo { add(event, text(related, icalproperty_new_relatedto)) }
    if let url = e.url { add(event, text(url, icalproperty_new_url)) }
    add(event, icalproperty_new_class(e.confidential ? ICAL_CLASS_CONFIDENTIAL : ICAL_CLASS_PUBLIC))
    if let email = head.organizerEmail {
      let organizer = icalproperty_new_organizer("mailto:\(email)")!
      icalproperty_add_parameter(organizer, icalparameter_new_cn(head.partnershipName))
      add(event, organizer)
    }
    if let at = e.alarm, !e.cancelled {
      let alarm = icalcomponent_new(ICAL_VALARM_COMPONENT)!
      add(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY))
      var trigger = icaltriggertype()
      trigger.time = utc(at)
      trigger.duration = icaldurationtype_null_duration()
      add(alarm, icalproperty_new_trigger(trigger))
      add(alarm, text(e.summary, icalproperty_new_description))
      icalcomponent_add_component(event, alarm)
    }
    return event
  }

  /// An instant as a libical UTC time (`…Z`).
  static func utc(_ instant: UTCInstant) -> icaltimetype {
    var time = icaltime_null_time()
    time.year = Int32(instant.date.year)
    time.month = Int32(instant.date.month)
    time.day = Int32(instant.date.day)
    time.hour = Int32(instant.hour)
    time.minute = Int32(instant.minute)
    time.second = Int32(instant.second)
    return icaltime_set_timezone(&time, icaltimezone_get_utc_timezone())
  }
}
