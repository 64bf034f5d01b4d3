import Foundation
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The server's log: one line per entry on standard error, as swift-log's `StreamLogHandler`
/// writes it (`2026-11-30T12:00:00+0000 info boardcal: key=value [Module] message`), but with the
/// metadata formatted when a line is written rather than every time it is set. Hummingbird sets a
/// request id on every request's logger, and formatting it then, for lines that `--log-level`
/// mostly drops, was about 5% of a feed request's time.
struct LogLines: LogHandler {
  let label: String
  var logLevel: Logger.Level
  var metadata: Logger.Metadata = [:]

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    var all = metadata
    if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
    let pretty =
      all.isEmpty
      ? ""
      : " "
        + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
          separator: " ")
    let line =
      "\(Self.timestamp()) \(event.level) \(label):\(pretty) [\(event.source)] \(event.message)\n"
    // One write per line, so that lines from several threads never interleave.
    line.utf8CString.withUnsafeBufferPointer { bytes in
      _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count - 1)
    }
  }

  /// The local time as `StreamLogHandler` gives it: `%Y-%m-%dT%H:%M:%S%z`.
  static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    var buffer = [Int8](repeating: 0, count: 64)
    let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
