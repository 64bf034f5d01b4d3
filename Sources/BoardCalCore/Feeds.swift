/// When a calendar entry happens: at a wall-clock time in the partnership's zone, or all day.
public enum EventTime: Hashable, Sendable {
  case local(CivilDate, TimeOfDay)
  case allDay(CivilDate)
}

/// One entry in a subscribed calendar: a meeting, a duty at a meeting, or a paper deadline.
///
/// A value like any other, held in one shared box: a meeting sits in its board's feed, in the
/// feed of everyone on the board and in the public feed, so a copy is one reference, not its
/// dozen texts one by one; a change to a copy gives that copy a box of its own.
public struct CalendarEvent: Hashable, Sendable {
  /// What the event says: the fields, compared and hashed as a whole.
  struct Fields: Hashable, Sendable {
    var uid: String
    var summary: String
    var description: String
    var location: String?
    var start: EventTime
    var end: EventTime
    var cancelled: Bool
    var sequence: Int
    var categories: [String]
    var relatedTo: String?
    var url: String?
    var alarm: UTCInstant?
    var confidential: Bool
    var stamp: UTCInstant?
  }

  /// The box every copy of this value shares until one of them is changed.
  final class Box: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  /// The fields, read from the box; written by giving this value a box of its own.
  private var fields: Fields {
    get { box.fields }
    set { box = Box(newValue) }
  }

  /// Stable across regeneration and across a move of the meeting within its month.
  public var uid: String {
    get { box.fields.uid }
    set { fields.uid = newValue }
  }
  public var summary: String {
    get { box.fields.summary }
    set { fields.summary = newValue }
  }
  public var description: String {
    get { box.fields.description }
    set { fields.description = newValue }
  }
  public var location: String? {
    get { box.fields.location }
    set { fields.location = newValue }
  }
  public var start: EventTime {
    get { box.fields.start }
    set { fields.start = newValue }
  }
  public var end: EventTime {
    get { box.fields.end }
    set { fields.end = newValue }
  }
  public var cancelled: Bool {
    get { box.fields.cancelled }
    set { fields.cancelled = newValue }
  }
  /// Raised each time the meeting behind the entry moves.
  public var sequence: Int {
    get { box.fields.sequence }
    set { fields.sequence = newValue }
  }
  /// PRESENT, CONSULT or INFORM for duties; MEETING or DEADLINE otherwise.
  public var categories: [String] {
    get { box.fields.categories }
    set { fields.categories = newValue }
  }
  /// The UID of the meeting a duty or deadline belongs to.
  public var relatedTo: String? {
    get { box.fields.relatedTo }
    set { fields.relatedTo = newValue }
  }
  public var url: String? {
    get { box.fields.url }
    set { fields.url = newValue }
  }
  /// A courtesy reminder at this instant (subscriptions mostly ignore it; alerts are the real
  /// reminder).
  public var alarm: UTCInstant? {
    get { box.fields.alarm }
    set { fields.alarm = newValue }
  }
  public var confidential: Bool {
    get { box.fields.confidential }
    set { fields.confidential = newValue }
  }
  /// When the event last changed (its DTSTAMP); nil: when the protocol was last revised.
  public var stamp: UTCInstant? {
    get { box.fields.stamp }
    set { fields.stamp = newValue }
  }

  public init(
    uid: String, summary: String, description: String, location: String?, start: EventTime,
    end: EventTime, cancelled: Bool, sequence: Int, categories: [String], relatedTo: String?,
    url: String?, alarm: UTCInstant?, confidential: Bool, stamp: UTCInstant? = nil
  ) {
    box = Box(
      Fields(
        uid: uid, summary: summary, description: description, location: location, start: start,
        end: end, cancelled: cancelled, sequence: sequence, categories: categories,
        relatedTo: relatedTo, url: url, alarm: alarm, confidential: confidential, stamp: stamp))
  }

  /// Whether two values are copies of one: true means equal, false says nothing (equal events
  /// built apart are two boxes).
  public func isCopy(of other: CalendarEvent) -> Bool { box === other.box }

  /// Which box this value reads: the same for every copy of one value while it is held.
  public var copyIdentity: ObjectIdentifier { ObjectIdentifier(box) }

  public static func == (a: CalendarEvent, b: CalendarEvent) -> Bool {
    a.box === b.box || a.box.fields == b.box.fields
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
}

/// Which version of an event a calendar holds: its SEQUENCE, and when it last changed (DTSTAMP;
/// nil: when the protocol was last revised).
public struct EventVersion: Hashable, Sendable {
  public let sequence: Int
  public let stamp: UTCInstant?

  public init(sequence: Int, stamp: UTCInstant?) {
    self.sequence = sequence
    self.stamp = stamp
  }
}

extension CalendarEvent {
  /// What the event says, without which version of it this is (SEQUENCE 0, no DTSTAMP of its
  /// own): two events with one UID and one content are two versions of the same event.
  public var content: CalendarEvent {
    var plain = self
    var fields = box.fields
    fields.sequence = 0
    fields.stamp = nil
    plain.fields = fields
    return plain
  }

  /// The event at `version` (SEQUENCE 0 and the stamp it was planned with when nil).
  public func at(_ version: EventVersion?) -> CalendarEvent {
    var event = self
    var fields = box.fields
    fields.sequence = version?.sequence ?? 0
    fields.stamp = version?.stamp ?? stamp
    event.fields = fields
    return event
  }
}

/// What a feed is about, and so who subscribes to it.
public enum FeedKind: String, Sendable, Codable {
  /// A board's meetings, paper deadlines and the items coming to it (its members).
  case board
  /// What a board owes other boards (its chair).
  case duties
  /// Every public meeting of the partnership (anyone).
  case `public`
  /// Every meeting of the boards one person or role sits on.
  case person
}

/// One subscribable calendar.
public struct Feed: Hashable, Sendable {
  /// Where it is written, relative to the calendars folder: `milton-keynes/boards/hwb.ics`.
  public var path: String
  /// The calendar's name in a subscriber's list of calendars.
  public var name: String
  /// What the calendar holds, in a sentence (X-WR-CALDESC).
  public var description: String = ""
  public var kind: FeedKind
  /// The board or person the feed is about.
  public var subject: String?
  /// Private feeds may carry confidential items; public ones never do.
  public var isPrivate: Bool
  public var events: [CalendarEvent]

  public init(
    path: String, name: String, description: String = "", kind: FeedKind, subject: String?,
    isPrivate: Bool, events: [CalendarEvent]
  ) {
    self.path = path
    self.name = name
    self.description = description
    self.kind = kind
    self.subject = subject
    self.isPrivate = isPrivate
    self.events = events
  }
}

extension Feed {
  /// A calendar's name or description as every reader takes it whole. libical 3.0 writes an X-
  /// property's value unescaped (a TEXT value too), so a comma cuts X-WR-CALNAME short in vobject
  /// and Radicale and a semicolon splits it in Ruby; and several readers leave NAME's escapes in
  /// place. So the text goes out without them: a comma or semicolon as a dash, a backslash as a
  /// slash, line breaks and other control characters as spaces, runs of spaces as one.
  public static func headerText(_ text: String) -> String {
    isHeaderText(text) ? text : rewrittenAsHeader(text)
  }

  /// Whether `text` is already as `headerText` gives it: no comma, semicolon or backslash, no
  /// line break or control character, no space at either end or next to another. Checked scalar
  /// by scalar, without breaking the text into characters: feed names are mostly such text
  /// ("Public meetings — Medway"), and breaking each one into characters, in planning and again
  /// in the render, was more than half of the cost of a feed's header.
  static func isHeaderText(_ text: String) -> Bool {
    var afterSpace = true  // a leading space is not kept
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x20:
        if afterSpace { return false }
        afterSpace = true
      // Controls (C0, DEL and C1: NEL is one), the line and paragraph separators (the
      // characters `Character.isNewline` adds), and the three that are replaced.
      case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x2C, 0x3B, 0x5C: return false
      default: afterSpace = false
      }
    }
    return !afterSpace || text.isEmpty
  }

  /// `headerText` character by character: what it gives for text that `isHeaderText` refuses.
  static func rewrittenAsHeader(_ text: String) -> String {
    // Most text is ASCII (a board's description with a comma in it): rewritten byte by byte.
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return rewrittenAsHeader(ascii: text) }
    var out = ""
    for c in text {
      switch c {
      case ",", ";": out += " –"
      case "\\": out += "/"
      default:
        if c.isNewline
          || c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
          out += " "
        } else {
          out.append(c)
        }
      }
    }
    return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
  }

  /// `rewrittenAsHeader` of ASCII text. Each of its characters is one byte, but for CR LF, and
  /// the bytes below a space and DEL are its controls (line breaks among them): each a space, as
  /// that character is, and a run of spaces is one space either way.
  static func rewrittenAsHeader(ascii text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    // A space is due before the next text kept (none at the start or the end).
    var gap = false
    func keep(_ byte: UInt8) {
      if gap && !out.isEmpty { out.append(0x20) }
      gap = false
      out.append(byte)
    }
    for byte in text.utf8 {
      switch byte {
      case 0x2C, 0x3B:  // a comma or semicolon: " –" (U+2013)
        gap = true
        keep(0xE2)
        out.append(0x80)
        out.append(0x93)
      case 0x5C: keep(0x2F)  // a backslash: "/"
      case 0x00...0x20, 0x7F: gap = true
      default: keep(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

extension Partnership {
  /// The day the protocol's text was last revised: the stamp on its feeds.
  public var lastRevised: CivilDate {
    let revisions = versions.map { $0.adopted ?? $0.from }
    return revisions.max() ?? horizon.start
  }
}
