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
  /// Each event rendered so far with its text.
  private var texts: [(event: CalendarEvent, text: [UInt8])] = []
  /// The texts by UID (the last position in `texts` of each): the events of one UID are told
  /// apart by their whole value (an audience that sees less has another rendering).
  private var byUID: [String: Int] = [:]
  /// For each text, the position of the one before it with the same UID (-1: none).
  private var sameUID: [Int] = []
  /// The texts by copy (`CalendarEvent.copyIdentity`): planning copies one value into every feed
  /// that shows it, so most events are found without hashing or comparing their texts. Each
  /// copy is held (in `texts` or `equalCopies`), so that its identity is not taken by another
  /// value while it is here.
  private var byCopy: [ObjectIdentifier: Int] = [:]
  /// The copies found equal to an event rendered before, held so that no other value takes
  /// their identity while they are in `byCopy` (a rendered event is held by `texts`).
  private var equalCopies: [CalendarEvent] = []
  /// The property lines events share, each serialised once.
  private let lines: EventLines
  /// Where an event's text is written before it is kept: room for the longest so far.
  private var scratch: [UInt8] = []
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
    // About one event in four is distinct (README "Speed").
    byCopy.reserveCapacity(events / 3)
    byUID.reserveCapacity(events / 3)
    texts.reserveCapacity(events / 3)
    sameUID.reserveCapacity(events / 3)
    // About two new lines (a time, a summary) for each distinct event.
    lines = EventLines(lines: events / 2)
    scratch.reserveCapacity(4096)
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
    let pieces = try pieces(feed)
    var out: [UInt8] = []
    out.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
    for piece in pieces { out.append(contentsOf: piece) }
    return out
  }

  /// The whole VCALENDAR of `feed` as the pieces it is made of, in order: libical's header and
  /// the VTIMEZONE, each event's text, and libical's closing line. An event's text is the one
  /// every feed that holds it shares, not a copy: a feed can be written from its pieces where
  /// they lie.
  public func pieces(_ feed: Feed) throws(CalendarWriteError) -> [ArraySlice<UInt8>] {
    let years = ICalendarWriter.years(of: feed, head: head)
    let timeZone = try zoneText(years, feed: feed)
    let calendar = ICalendarWriter.header(feed, head: head)
    defer { icalcomponent_free(calendar) }
    // BEGIN:VCALENDAR and its properties, then END:VCALENDAR, from libical; the contents go
    // between them.
    let frame = try ICalendarWriter.serialised(calendar, feed: feed)
    let closing = Self.closingLine(of: frame)
    let zone = try zone(feed: feed)
    var pieces: [ArraySlice<UInt8>] = []
    pieces.reserveCapacity(feed.events.count + 3)
    pieces.append(frame[..<(frame.count - closing)])
    pieces.append(timeZone[...])
    for event in feed.events {
      let j = try position(of: event, zone: zone, feed: feed)
      pieces.append(texts[j].text[...])
    }
    pieces.append(frame[(frame.count - closing)...])
    return pieces
  }

  /// Where in `texts` the text of `event` is: an equal event's, when one was rendered before,
  /// else its own, rendered now.
  private func position(of event: CalendarEvent, zone: OpaquePointer, feed: Feed)
    throws(CalendarWriteError) -> Int
  {
    if let known = byCopy[event.copyIdentity] {
      reused += 1
      return known
    }
    let last = byUID[event.uid] ?? -1
    var j = last
    while j >= 0 {
      if texts[j].event == event {
        byCopy[event.copyIdentity] = j
        equalCopies.append(event)
        reused += 1
        return j
      }
      j = sameUID[j]
    }
    // Written where there is room, then kept in a text of its own size.
    scratch.removeAll(keepingCapacity: true)
    try ICalendarWriter.eventText(
      event, head: head, zone: zone, shared: lines, feed: feed, into: &scratch)
    let new = texts.count
    byUID[event.uid] = new
    sameUID.append(last)
    byCopy[event.copyIdentity] = new
    texts.append((event, ICalendarWriter.copied(scratch)))
    rendered += 1
    return new
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
