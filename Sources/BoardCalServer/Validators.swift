import BoardCalCore
import Foundation

/// The cache validators of a feed (ICALENDAR-NOTES "HTTP"): a strong ETag from the whole body,
/// and a Last-Modified that never goes back.
enum Validators {
  /// A strong entity tag for a body: FNV-1a 64 of every byte and the length, quoted. It is not a
  /// cryptographic hash (swift-crypto is not a direct dependency); an ETag only needs to change
  /// when the body does.
  static func entityTag(_ body: [UInt8]) -> String {
    "\"\(StableHash.hex(StableHash.fnv1a(body)))-\(String(body.count, radix: 16))\""
  }

  /// Whether a request with these preconditions gets 304 Not Modified (RFC 9110 13.2.2):
  /// If-None-Match first, compared weakly; If-Modified-Since only when there is no If-None-Match.
  static func notModified(
    ifNoneMatch: [String], ifModifiedSince: String?, entityTag: String, lastModified: Int
  ) -> Bool {
    if !ifNoneMatch.isEmpty {
      // What a calendar app sends back: the tag it was given, alone. No parsing needed.
      if ifNoneMatch.count == 1, ifNoneMatch[0] == entityTag { return true }
      let tags = ifNoneMatch.flatMap(EntityTagList.parse)
      return tags.contains { $0 == "*" || opaque($0) == opaque(entityTag) }
    }
    if let ifModifiedSince, let since = HTTPDate.parse(ifModifiedSince) {
      return lastModified <= since
    }
    return false
  }

  /// The tag without a weak indicator: the weak comparison If-None-Match calls for.
  static func opaque(_ tag: String) -> Substring {
    tag.hasPrefix("W/") ? tag.dropFirst(2) : tag[...]
  }
}

/// The entity tags of an If-None-Match field value: `*`, or a comma-separated list of
/// `"opaque"` and `W/"opaque"` (commas may appear inside the quotes).
enum EntityTagList {
  static func parse(_ value: String) -> [String] {
    var tags: [String] = []
    var rest = Substring(value)
    while true {
      rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
      if rest.isEmpty { return tags }
      if rest.first == "*" {
        tags.append("*")
        rest = rest.dropFirst()
        continue
      }
      let weak = rest.hasPrefix("W/")
      if weak { rest = rest.dropFirst(2) }
      guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else {
        // Not a tag: skip to the next comma.
        rest = rest.drop { $0 != "," }
        continue
      }
      tags.append((weak ? "W/" : "") + String(rest[rest.startIndex...close]))
      rest = rest[rest.index(after: close)...]
    }
  }
}

/// HTTP dates (RFC 9110 5.6.7), as whole seconds since 1970: written as IMF-fixdate, read in all
/// three forms.
enum HTTPDate {
  static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// `Sun, 06 Nov 1994 08:49:37 GMT`.
  static func format(_ seconds: Int) -> String {
    UTCInstant(secondsSince1970: seconds).internetDate(zone: "GMT")
  }

  /// IMF-fixdate, the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime
  /// (`Sun Nov  6 08:49:37 1994`); nil for anything else.
  static func parse(_ text: String) -> Int? {
    let tokens = text.split { $0 == " " || $0 == "," || $0 == "-" }.map(String.init)
    let day: String
    let month: String
    let year: String
    let time: String
    switch tokens.count {
    case 6 where tokens[5] == "GMT":
      (day, month, year, time) = (tokens[1], tokens[2], tokens[3], tokens[4])
    case 5:
      (month, day, time, year) = (tokens[1], tokens[2], tokens[3], tokens[4])
    default:
      return nil
    }
    guard let m = months.firstIndex(of: month), let d = Int(day), var y = Int(year),
      day.count <= 2, year.count == 2 || year.count == 4
    else { return nil }
    if year.count == 2 { y += y < 70 ? 2000 : 1900 }
    let clock = time.split(separator: ":").compactMap { Int($0) }
    guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]),
      (0...60).contains(clock[2]), let date = CivilDate(year: y, month: m + 1, day: d)
    else { return nil }
    return UTCInstant(date: date, hour: clock[0], minute: clock[1], second: clock[2])
      .secondsSince1970
  }
}
