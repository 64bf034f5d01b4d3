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
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    appendRepairing(bytes, to: &out)
    return out
  }

  /// libical's text of `property` (its line, folded, CRLF-ended, stray folds repaired), appended
  /// to `out`; false, and nothing appended, when libical cannot serialise it.
  static func appendLine(of property: OpaquePointer, to out: inout [UInt8]) -> Bool {
    guard let text = icalproperty_as_ical_string_r(property) else { return false }
    defer { free(text) }
    appendRepairing(UnsafeBufferPointer(start: text, count: strlen(text)), to: &out)
    return true
  }

  /// A copy of `bytes` in storage of its own size: what a reused buffer holds, to keep. (`Array`
  /// of an array would share the buffer's storage, and its room, and the next use of the buffer
  /// would then have to make new storage.)
  static func copied(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBufferPointer { Array($0) }
  }

  /// `repairingLineEnds` of `bytes`, appended to `out`.
  static func appendRepairing(_ bytes: UnsafeBufferPointer<CChar>, to out: inout [UInt8]) {
    let cr: UInt8 = 13
    let lf: UInt8 = 10
    let space: UInt8 = 32
    let n = bytes.count
    guard let base = bytes.baseAddress, n > 0 else { return }
    base.withMemoryRebound(to: UInt8.self, capacity: n) { p in
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
    var whole = WholeEvent(event: icalcomponent_new(ICAL_VEVENT_COMPONENT)!)
    addProperties(of: e, to: &whole, head: head, zone: zone)
    return whole.event
  }

  /// The VEVENT text of `e` as `serialised(vevent(e, ...))` gives it, each property line that
  /// other events of the partnership share (`EventLines`) serialised by libical once.
  ///
  /// libical writes a component as its BEGIN line, each property's text in order, each inner
  /// component's text and its END line (`icalcomponent_as_ical_string_r`), and a property's text
  /// depends on that property alone: so a property line made once is the line libical writes
  /// for the same property in any event, and an event's own properties are serialised one by
  /// one, in their place, with no VEVENT built around them; the VALARM likewise, from its BEGIN
  /// and END lines and its properties' lines, after the event's properties. The stray folds
  /// `repairingLineEnds` drops lie within one property's text (a property's text starts with its
  /// name, and each ends with CRLF), so repairing piece by piece repairs the whole.
  static func eventText(
    _ e: CalendarEvent, head: CalendarHead, zone: OpaquePointer, shared: EventLines,
    feed: Feed, into out: inout [UInt8]
  ) throws(CalendarWriteError) {
    var lines = EventLines.Text(shared: shared, bytes: out)
    out = []
    lines.bytes.append(contentsOf: shared.begin)
    addProperties(of: e, to: &lines, head: head, zone: zone)
    guard !lines.unwritten else {
      throw CalendarWriteError(feed: feed.path, reason: "libical could not serialise an event")
    }
    assert(!lines.alarmOpen, "a VALARM begun and not ended")
    lines.bytes.append(contentsOf: shared.end)
    out = lines.bytes
  }

  /// The properties of `e`, in the order libical writes them, given to `lines`: each property
  /// as its value and kind, or as how to make it, with, for a line that events share, the key it
  /// is known by.
  static func addProperties<Lines: EventProperties>(
    of e: CalendarEvent, to lines: inout Lines, head: CalendarHead, zone: OpaquePointer
  ) {
    func share(_ key: EventLines.Key, _ make: () -> OpaquePointer?) { lines.share(key, make) }
    func share(_ key: EventLines.Key, _ value: String, as kind: TextProperty) {
      lines.share(key, value, as: kind)
    }
    lines.own(e.uid, as: .uid)
    let stamp = e.stamp ?? head.stamp
    share(.stamp(stamp)) { icalproperty_new_dtstamp(utc(stamp)) }
    lines.share(.start(e.start), as: ICAL_DTSTART_PROPERTY) {
      icalcomponent_set_dtstart($0, time(e.start, zone: zone))
    }
    lines.share(.end(e.end), as: ICAL_DTEND_PROPERTY) {
      icalcomponent_set_dtend($0, time(e.end, zone: zone))
    }
    share(.summary(Octets(e.summary)), e.summary, as: .summary)
    if !e.description.isEmpty { lines.own(e.description, as: .description) }
    if let location = e.location { share(.location(Octets(location)), location, as: .location) }
    share(.sequence(e.sequence)) { icalproperty_new_sequence(Int32(e.sequence)) }
    share(.cancelled(e.cancelled)) {
      icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED)
    }
    if case .allDay = e.start {
      share(.transparent) { icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT) }
    }
    if !e.categories.isEmpty {
      let categories = e.categories.joined(separator: ",")
      share(.categories(Octets(categories)), categories, as: .categories)
    }
    // A meeting's UID, in its paper deadline and in each duty at it.
    if let related = e.relatedTo {
      share(.relatedTo(Octets(related)), related, as: .relatedTo)
    }
    if let url = e.url { share(.url(Octets(url)), url, as: .url) }
    share(.confidential(e.confidential)) {
      icalproperty_new_class(e.confidential ? ICAL_CLASS_CONFIDENTIAL : ICAL_CLASS_PUBLIC)
    }
    if let email = head.organizerEmail {
      share(.organizer) {
        let organizer = icalproperty_new_organizer("mailto:\(email)")!
        icalproperty_add_parameter(organizer, icalparameter_new_cn(head.partnershipName))
        return organizer
      }
    }
    // The reminder: its ACTION and TRIGGER lines are shared too (every reminder says DISPLAY,
    // and many fire at the same instant).
    if let at = e.alarm, !e.cancelled {
      lines.beginAlarm()
      share(.display) { icalproperty_new_action(ICAL_ACTION_DISPLAY) }
      share(.trigger(at)) {
        var trigger = icaltriggertype()
        trigger.time = utc(at)
        trigger.duration = icaldurationtype_null_duration()
        return icalproperty_new_trigger(trigger)
      }
      // Its DESCRIPTION is the event's summary, which hardly repeats among reminders (each is
      // for one deadline): written for each, not looked up.
      lines.own(e.summary, as: .description)
      lines.endAlarm()
    }
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

/// Text told apart by its UTF-8 bytes, as a line shared by its text is: Swift's own equality takes
/// canonically equivalent texts ("é" as one scalar or as "e" and an accent) as equal, but libical
/// writes their bytes, which differ.
struct Octets: Hashable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (a: Octets, b: Octets) -> Bool {
    var (x, y) = (a.text, b.text)
    return x.withUTF8 { p in
      y.withUTF8 { q in
        p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
      }
    }
  }

  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}

/// A property whose value is a text, as libical makes one (`icalproperty_new_uid`) and gives one
/// that exists a new value (`icalproperty_set_uid`, which is what `icalproperty_new_uid` does to
/// the property it makes).
enum TextProperty: Int, CaseIterable {
  case uid, description, summary, location, categories, relatedTo, url

  /// A new property of this kind saying `value`.
  func made(_ value: String) -> OpaquePointer? {
    switch self {
    case .uid: ICalendarWriter.text(value, icalproperty_new_uid)
    case .description: ICalendarWriter.text(value, icalproperty_new_description)
    case .summary: ICalendarWriter.text(value, icalproperty_new_summary)
    case .location: ICalendarWriter.text(value, icalproperty_new_location)
    case .categories: ICalendarWriter.text(value, icalproperty_new_categories)
    case .relatedTo: ICalendarWriter.text(value, icalproperty_new_relatedto)
    case .url: ICalendarWriter.text(value, icalproperty_new_url)
    }
  }

  /// `property`, of this kind, given `value` as its new value.
  func set(_ property: OpaquePointer, to value: String) {
    value.withCString { text in
      switch self {
      case .uid: icalproperty_set_uid(property, text)
      case .description: icalproperty_set_description(property, text)
      case .summary: icalproperty_set_summary(property, text)
      case .location: icalproperty_set_location(property, text)
      case .categories: icalproperty_set_categories(property, text)
      case .relatedTo: icalproperty_set_relatedto(property, text)
      case .url: icalproperty_set_url(property, text)
      }
    }
  }
}

/// Where an event's properties go as they are given (`ICalendarWriter.addProperties`).
protocol EventProperties {
  /// A text property of this event alone.
  mutating func own(_ value: String, as kind: TextProperty)
  /// A property line that other events may share, known by `key`, made by `make`.
  mutating func share(_ key: EventLines.Key, _ make: () -> OpaquePointer?)
  /// A text property that other events may share, known by `key`.
  mutating func share(_ key: EventLines.Key, _ value: String, as kind: TextProperty)
  /// The property of `kind` that `set` gives a VEVENT (DTSTART and DTEND as
  /// `icalcomponent_set_dtstart` and `_dtend` make them, with the zone's TZID), which other
  /// events may share, known by `key`.
  mutating func share(
    _ key: EventLines.Key, as kind: icalproperty_kind, _ set: (OpaquePointer) -> Void)
  /// Begins the event's VALARM: the properties given until `endAlarm` are the alarm's.
  mutating func beginAlarm()
  /// Ends the event's VALARM (libical writes it after the event's own properties).
  mutating func endAlarm()
}

/// Properties added to a libical VEVENT (and its VALARM), to be serialised whole.
struct WholeEvent: EventProperties {
  let event: OpaquePointer
  /// The VALARM being given its properties, if one is.
  private var alarm: OpaquePointer?

  init(event: OpaquePointer) { self.event = event }

  func own(_ property: OpaquePointer?) {
    if let property { icalcomponent_add_property(alarm ?? event, property) }
  }

  func own(_ value: String, as kind: TextProperty) { own(kind.made(value)) }

  func share(_ key: EventLines.Key, _ make: () -> OpaquePointer?) { own(make()) }

  func share(_ key: EventLines.Key, _ value: String, as kind: TextProperty) {
    own(kind.made(value))
  }

  func share(_ key: EventLines.Key, as kind: icalproperty_kind, _ set: (OpaquePointer) -> Void) {
    set(event)
  }

  mutating func beginAlarm() { alarm = icalcomponent_new(ICAL_VALARM_COMPONENT) }

  mutating func endAlarm() {
    if let alarm { icalcomponent_add_component(event, alarm) }
    alarm = nil
  }
}

/// Property lines that many VEVENTs of one partnership share (DTSTAMP, SEQUENCE, STATUS, CLASS,
/// ORGANIZER, a board's URL, a meeting place, a meeting's times and summary, a reminder's
/// trigger...), each made and serialised by libical once; and the first and last lines of a
/// VEVENT and of a VALARM as libical writes them. Used by one task at a time.
final class EventLines {
  /// What a shared line says.
  enum Key: Hashable {
    case stamp(UTCInstant)
    case sequence(Int)
    case cancelled(Bool)
    case transparent
    /// The categories joined with commas, as they are given to libical.
    case categories(Octets)
    case relatedTo(Octets)
    case url(Octets)
    case location(Octets)
    case confidential(Bool)
    case organizer
    case start(EventTime)
    case end(EventTime)
    case summary(Octets)
    /// The VALARM's ACTION:DISPLAY.
    case display
    /// When the VALARM fires.
    case trigger(UTCInstant)

    /// How many properties there are (`property` is from 0 to one less).
    static let properties = 15

    /// Which property the line is, from 0: the place of its last key and line in
    /// `EventLines.latestKeys` and `latestLines`.
    var property: Int {
      switch self {
      case .stamp: 0
      case .sequence: 1
      case .cancelled: 2
      case .transparent: 3
      case .categories: 4
      case .relatedTo: 5
      case .url: 6
      case .location: 7
      case .confidential: 8
      case .organizer: 9
      case .start: 10
      case .end: 11
      case .summary: 12
      case .display: 13
      case .trigger: 14
      }
    }
  }

  /// `BEGIN:VEVENT` and `END:VEVENT` with their CRLFs.
  let begin: [UInt8]
  let end: [UInt8]
  /// `BEGIN:VALARM` and `END:VALARM` with their CRLFs.
  let beginAlarm: [UInt8]
  let endAlarm: [UInt8]
  private var lines: [Key: [UInt8]] = [:]
  /// The key and line last given for each property: most events of a partnership have the same
  /// DTSTAMP, SEQUENCE, STATUS, CLASS and ORGANIZER as the one before, found here without
  /// hashing (and compared where they lie, not copied out).
  private var latestKeys: [Key?] = Array(repeating: nil, count: Key.properties)
  private var latestLines: [[UInt8]] = Array(repeating: [], count: Key.properties)

  /// A property of each `TextProperty` kind (by its raw value), made once and given each new
  /// value.
  private var reused: [OpaquePointer?] = Array(
    repeating: nil, count: TextProperty.allCases.count)
  /// A VEVENT that DTSTART and DTEND are set on, one after another, to serialise them.
  private let holder = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
  /// Where a new line is written before it is kept.
  private var scratch: [UInt8] = []

  /// `lines`: about how many distinct lines there will be (room is made for them).
  init(lines count: Int = 0) {
    lines.reserveCapacity(count)
    scratch.reserveCapacity(1024)
    (begin, end) = Self.frame(ICAL_VEVENT_COMPONENT, "VEVENT")
    (beginAlarm, endAlarm) = Self.frame(ICAL_VALARM_COMPONENT, "VALARM")
  }

  deinit {
    for property in reused { if let property { icalproperty_free(property) } }
    icalcomponent_free(holder)
  }

  /// The first and last lines libical writes for a component of `kind` (named `name`).
  private static func frame(_ kind: icalcomponent_kind, _ name: String) -> (
    begin: [UInt8], end: [UInt8]
  ) {
    let empty = icalcomponent_new(kind)!
    defer { icalcomponent_free(empty) }
    let text =
      icalcomponent_as_ical_string_r(empty).map { text in
        defer { free(text) }
        return ICalendarWriter.repairingLineEnds(
          UnsafeBufferPointer(start: text, count: strlen(text)))
      } ?? Array("BEGIN:\(name)\r\nEND:\(name)\r\n".utf8)
    let split = (text.firstIndex(of: 10) ?? text.count - 1) + 1
    return (Array(text[..<split]), Array(text[split...]))
  }

  /// The line for `key`, made by `make` and serialised the first time (empty when libical makes
  /// no property, as `ICalendarWriter.add` then adds none), appended to `out`; false, and nothing
  /// kept, when libical made the property but could not serialise it.
  func append(_ key: Key, to out: inout [UInt8], _ make: () -> OpaquePointer?) -> Bool {
    append(key, to: &out) { line in
      guard let property = make() else { return true }
      defer { icalproperty_free(property) }
      return ICalendarWriter.appendLine(of: property, to: &line)
    }
  }

  /// The line for `key`, a `kind` property saying `value` (serialised the first time), appended
  /// to `out`.
  func append(_ key: Key, _ value: String, as kind: TextProperty, to out: inout [UInt8]) -> Bool {
    append(key, to: &out) { appendLine(value, as: kind, to: &$0) }
  }

  /// The line for `key`, the property of `kind` that `set` gives a VEVENT (serialised the first
  /// time), appended to `out`.
  func append(
    _ key: Key, as kind: icalproperty_kind, to out: inout [UInt8], _ set: (OpaquePointer) -> Void
  ) -> Bool {
    append(key, to: &out) { line in
      // `icalcomponent_set_dtstart` and `_dtend` give the property that is there its new value
      // and TZID, as they would give a new one.
      set(holder)
      guard let property = icalcomponent_get_first_property(holder, kind) else { return true }
      return ICalendarWriter.appendLine(of: property, to: &line)
    }
  }

  /// The line for `key`, as it was given before or as `serialise` writes it now (false: libical
  /// could not, and nothing is appended or kept), appended to `out`.
  private func append(
    _ key: Key, to out: inout [UInt8], _ serialise: (inout [UInt8]) -> Bool
  ) -> Bool {
    let property = key.property
    if latestKeys[property] == key {
      out.append(contentsOf: latestLines[property])
      return true
    }
    let line: [UInt8]
    if let known = lines[key] {
      line = known
    } else {
      // Written where there is room, then kept in a line of its own size.
      scratch.removeAll(keepingCapacity: true)
      guard serialise(&scratch) else { return false }
      line = ICalendarWriter.copied(scratch)
      lines[key] = line
    }
    latestKeys[property] = key
    latestLines[property] = line
    out.append(contentsOf: line)
    return true
  }

  /// The line of a `kind` property saying `value`, appended to `out`: libical's text of the
  /// property of that kind this set keeps, given `value` (as a new property would be), rather
  /// than of a property made and freed for it; false when libical could not serialise it.
  func appendLine(_ value: String, as kind: TextProperty, to out: inout [UInt8]) -> Bool {
    let property: OpaquePointer
    if let kept = reused[kind.rawValue] {
      property = kept
      kind.set(property, to: value)
    } else if let made = kind.made(value) {
      reused[kind.rawValue] = made
      property = made
    } else {
      return true
    }
    return ICalendarWriter.appendLine(of: property, to: &out)
  }

  /// One event's text as its properties are given: its own serialised by libical at once, the
  /// shared ones taken from `shared`; its VALARM (given last, as libical writes inner components
  /// after the properties) likewise.
  struct Text: EventProperties {
    let shared: EventLines
    var bytes: [UInt8]
    /// The VALARM is begun and not yet ended.
    private(set) var alarmOpen = false
    /// The VALARM has been written: nothing more may be given.
    private var alarmWritten = false
    /// A line libical could not serialise: the event cannot be written whole.
    private(set) var unwritten = false

    init(shared: EventLines, bytes: [UInt8]) {
      self.shared = shared
      self.bytes = bytes
    }

    mutating func own(_ value: String, as kind: TextProperty) {
      assert(!alarmWritten, "a property given after the VALARM")
      if !shared.appendLine(value, as: kind, to: &bytes) { unwritten = true }
    }

    mutating func share(_ key: Key, _ make: () -> OpaquePointer?) {
      assert(!alarmWritten, "a property given after the VALARM")
      if !shared.append(key, to: &bytes, make) { unwritten = true }
    }

    mutating func share(_ key: Key, _ value: String, as kind: TextProperty) {
      assert(!alarmWritten, "a property given after the VALARM")
      if !shared.append(key, value, as: kind, to: &bytes) { unwritten = true }
    }

    mutating func share(_ key: Key, as kind: icalproperty_kind, _ set: (OpaquePointer) -> Void) {
      assert(!alarmWritten, "a property given after the VALARM")
      if !shared.append(key, as: kind, to: &bytes, set) { unwritten = true }
    }

    mutating func beginAlarm() {
      assert(!alarmOpen && !alarmWritten, "a second VALARM")
      alarmOpen = true
      bytes.append(contentsOf: shared.beginAlarm)
    }

    mutating func endAlarm() {
      assert(alarmOpen, "a VALARM ended that was not begun")
      bytes.append(contentsOf: shared.endAlarm)
      alarmOpen = false
      alarmWritten = true
    }
  }
}
