import Foundation

/// The media type of a feed: `text/calendar; charset=utf-8`, with `method=PUBLISH` when the
/// calendar says METHOD:PUBLISH (RFC 5546 wants the two to agree).
func calendarContentType(_ body: [UInt8]) -> String {
  var contentType = "text/calendar; charset=utf-8"
  if calendarMethod(body)?.uppercased() == "PUBLISH" { contentType += "; method=PUBLISH" }
  return contentType
}

/// The value of the VCALENDAR's own METHOD property, read from the lines before its first
/// component.
func calendarMethod(_ body: [UInt8]) -> String? {
  var lineStart = 0
  var index = 0
  var depth = 0
  while index <= body.count {
    if index == body.count || body[index] == UInt8(ascii: "\n") {
      var line = String(decoding: body[lineStart..<index], as: UTF8.self)
      if line.hasSuffix("\r") { line.removeLast() }
      let upper = line.uppercased()
      if upper.hasPrefix("BEGIN:") {
        depth += 1
        if depth > 1 { return nil }
      } else if depth == 1, upper.hasPrefix("METHOD:") {
        return String(line.dropFirst("METHOD:".count))
      }
      lineStart = index + 1
    }
    index += 1
  }
  return nil
}
