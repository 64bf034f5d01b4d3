/// When a calendar entry happens: at a wall-clock time in the partnership's zone, or all day.
public enum EventTime: Hashable, Sendable {
  case local(CivilDate, TimeOfDay)
  case allDay(CivilDate)
}

/// One entry in a subscribed calendar: a meeting, a duty at a meeting, or a paper deadline.
public struct CalendarEvent: Hashable, Sendable {
  /// Stable across regeneration and across a move of the meeting within its month.
  public var uid: String
  public var summary: String
  public var description: String
  public var location: String?
  public var start: EventTime
  public var end: EventTime
  public var cancelled: Bool
  /// Raised each time the meeting behind the entry moves.
  public var sequence: Int
  /// PRESENT, CONSULT or INFORM for duties; MEETING or DEADLINE otherwise.
  public var categories: [String]
  /// The UID of the meeting a duty or deadline belongs to.
  public var relatedTo: String?
  public var url: String?
  /// A courtesy reminder at this instant (subscriptions mostly ignore it; alerts are the real
  /// reminder).
  public var alarm: UTCInstant?
  public var confidential: Bool
  /// When the event last changed (its DTSTAMP); nil: when the protocol was last revised.
  public var stamp: UTCInstant?

  public init(
    uid: String, summary: String, description: String, location: String?, start: EventTime,
    end: EventTime, cancelled: Bool, sequence: Int, categories: [String], relatedTo: String?,
    url: String?, alarm: UTCInstant?, confidential: Bool, stamp: UTCInstant? = nil
  ) {
    self.uid = uid
    self.summary = summary
    self.description = description
    self.location = location
    self.start = start
    self.end = end
    self.cancelled = cancelled
    self.sequence = sequence
    self.categories = categories
    self.relatedTo = relatedTo
    self.url = url
    self.alarm = alarm
    self.confidential = confidential
    self.stamp = stamp
  }
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
    plain.sequence = 0
    plain.stamp = nil
    return plain
  }

  /// The event at `version` (SEQUENCE 0 and the stamp it was planned with when nil).
  public func at(_ version: EventVersion?) -> CalendarEvent {
    var event = self
    event.sequence = version?.sequence ?? 0
    event.stamp = version?.stamp ?? stamp
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
}

extension Partnership {
  /// The day the protocol's text was last revised: the stamp on its feeds.
  public var lastRevised: CivilDate {
    let revisions = versions.map { $0.adopted ?? $0.from }
    return revisions.max() ?? horizon.start
  }
}
