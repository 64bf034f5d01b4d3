import BoardCalCore
import BoardCalOutput
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a feed file and when the file was last modified (whole seconds since 1970).
struct FeedFile: Sendable {
  let body: [UInt8]
  let modified: Int
}

/// The folder `boardcal emit` writes, read afresh on every request (emit replaces files
/// atomically, so a reader sees the old file or the new one, never half of one).
struct CalendarsFolder: Sendable {
  let root: URL

  init(_ path: String) { root = URL(fileURLWithPath: path, isDirectory: true) }

  /// A partnership id as a single path component: letters, digits, `-`, `_` and `.` but no `..`.
  static func isPlainName(_ name: some StringProtocol) -> Bool {
    !name.isEmpty && name != "." && name != ".."
      && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
  }

  /// The partnerships that have a `feeds.json`, by id.
  func partnerships() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter { Self.isPlainName($0) && feeds(of: $0) != nil }.sorted()
  }

  /// The feeds of a partnership, in the order emit lists them; nil when it has no `feeds.json`.
  func feeds(of partnership: String) -> [FeedIndexEntry]? {
    guard Self.isPlainName(partnership),
      let data = FileManager.default.contents(
        atPath: root.appendingPathComponent(partnership).appendingPathComponent("feeds.json").path),
      let entries = try? JSONOutput.decoder().decode([FeedIndexEntry].self, from: data)
    else { return nil }
    // Only files inside the partnership's folder, whatever the index says.
    return entries.filter { entry in
      let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
      return parts.count >= 2 && parts[0] == partnership && parts.allSatisfy(Self.isPlainName)
        && entry.path.hasSuffix(".ics")
    }
  }

  /// Reads a feed's file; the modification time comes from the same open file as the bytes.
  func load(_ entry: FeedIndexEntry) -> FeedFile? {
    let fd = open(root.appendingPathComponent(entry.path).path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    var body: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      body.append(contentsOf: chunk[0..<n])
    }
    #if canImport(Darwin)
      let modified = Int(info.st_mtimespec.tv_sec)
    #else
      let modified = Int(info.st_mtim.tv_sec)
    #endif
    return FeedFile(body: body, modified: modified)
  }
}

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
