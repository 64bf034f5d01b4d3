import BoardCalCore
import CLibical
import Foundation

/// The feeds of one partnership as iCalendar text, each distinct event serialised by libical once.
///
/// A meeting sits in its board's feed, in the feed of every person on the board and, when public,
/// in the public feed: the same event, the same bytes. So each event's VEVENT is built and
/// serialised once and its text reused in every feed that holds it, and each VTIMEZONE once per
/// span of years. A feed is then libical's VCALENDAR header, its VTIMEZONE, its events' texts and
/// libical's closing line: the bytes libical gives for the whole calendar built at once
/// (`ICalendarWriter.renderWhole`), and every byte still comes from libical.
///
/// Events are told apart by their whole value, not by UID: an event that an audience sees with
/// less (a person's view of a meeting without its confidential items, say) is another value, so
/// it is rendered on its own and no feed is given a rendering made for another audience.
///
/// One partnership's calendar head; used by one task at a time (it holds libical objects).
public final class RenderedFeeds {
  public let head: CalendarHead
  /// Each event rendered so far with its text, by UID: the events of one UID are told apart by
  /// their whole value (an audience that sees less has another rendering).
  private var events: [String: [(event: CalendarEvent, text: [UInt8])]] = [:]
  /// Each VTIMEZONE rendered so far, by the years it covers.
  private var zones: [ClosedRange<Int>: [UInt8]] = [:]
  /// The zone events' times are given in: only its TZID is written with them.
  private var zone: OpaquePointer?
  /// How many events were rendered, and how many reused: what rendering once saved.
  public private(set) var rendered = 0
  public private(set) var reused = 0

  /// `events`: about how many events the feeds hold in all (room is made for that many texts).
  public init(head: CalendarHead, events: Int = 0) {
    self.head = head
    self.events.reserveCapacity(events)
    // libical's UTC zone is made on first use: made here, before any concurrent use.
    _ = Self.utcMade
  }

  deinit {
    if let zone { icaltimezone_free(zone, 1) }
  }

  /// libical's UTC zone, made once for the process (a `static let` is made once, safely).
  static let utcMade: Bool = icaltimezone_get_utc_timezone() != nil

  /// The whole VCALENDAR of `feed`: CRLF line ends, folded at 75 octets.
  public func render(_ feed: Feed) throws(CalendarWriteError) -> [UInt8] {
    let years = ICalendarWriter.years(of: feed, head: head)
    let timeZone = try zoneText(years, feed: feed)
    let calendar = ICalendarWriter.header(feed, head: head)
    defer { icalcomponent_free(calendar) }
    // BEGIN:VCALENDAR and its properties, then END:VCALENDAR, from libical; the contents go
    // between them.
    let frame = try ICalendarWriter.serialised(calendar, feed: feed)
    let closing = Self.closingLine(of: frame)
    var out: [UInt8] = []
    out.reserveCapacity(frame.count + timeZone.count + feed.events.count * 900)
    out.append(contentsOf: frame[..<(frame.count - closing)])
    out.append(contentsOf: timeZone)
    let zone = try zone(feed: feed)
    // By position: an event is looked up where it is, not copied out of the feed first.
    for i in feed.events.indices {
      if let text = text(of: feed.events[i]) {
        reused += 1
        out.append(contentsOf: text)
      } else {
        let event = feed.events[i]
        let component = ICalendarWriter.vevent(event, head: head, zone: zone)
        defer { icalcomponent_free(component) }
        let text = try ICalendarWriter.serialised(component, feed: feed)
        events[event.uid, default: []].append((event, text))
        rendered += 1
        out.append(contentsOf: text)
      }
    }
    out.append(contentsOf: frame[(frame.count - closing)...])
    return out
  }

  /// The text `event` was rendered as, when an equal event was rendered before.
  private func text(of event: CalendarEvent) -> [UInt8]? {
    guard let same = events[event.uid] else { return nil }
    for j in same.indices where same[j].event == event { return same[j].text }
    return nil
  }

  /// The length of the last line (`END:VCALENDAR` and its CRLF) of a serialised component.
  static func closingLine(of text: [UInt8]) -> Int {
    var start = text.count - 2  // the final CRLF
    while start > 0, !(text[start - 1] == 10) { start -= 1 }
    return text.count - start
  }

  /// The VTIMEZONE of the partnership's zone over `years`, serialised.
  func zoneText(_ years: ClosedRange<Int>, feed: Feed) throws(CalendarWriteError) -> [UInt8] {
    if let known = zones[years] { return known }
    let component = try ICalendarWriter.timeZoneComponent(head, years: years, feed: feed)
    defer { icalcomponent_free(component) }
    let text = try ICalendarWriter.serialised(component, feed: feed)
    zones[years] = text
    return text
  }

  /// A libical zone with the partnership's TZID, for the times of events.
  func zone(feed: Feed) throws(CalendarWriteError) -> OpaquePointer {
    if let zone { return zone }
    let year = head.stamp.date.year
    let component = try ICalendarWriter.timeZoneComponent(head, years: year...year, feed: feed)
    let made = icaltimezone_new()!
    icaltimezone_set_component(made, component)
    zone = made
    return made
  }
}
