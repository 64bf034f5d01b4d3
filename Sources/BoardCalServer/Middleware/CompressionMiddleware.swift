import CompressNIO
import Hummingbird

/// gzip for pages, API JSON, the forward plan's CSV and other text when the request accepts it (`Accept-Encoding`),
/// through CompressNIO; never for a calendar feed, which calendar apps fetch as it is (and whose
/// ETag names its bytes). Every answer that could be compressed says `Vary: Accept-Encoding`,
/// so that a shared cache keeps the two forms apart. A strong ETag on a compressed answer gets
/// `-gzip` inside its quotes: the compressed bytes are another representation.
struct CompressionMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext

  /// Below this many bytes gzip saves too little to be worth it.
  static let smallest = 256

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response = try await next(request, context)
    guard let type = response.headers[.contentType], Self.compressible(type) else {
      return response
    }
    response.headers.addVary("Accept-Encoding")
    guard request.method != .head, response.status != .notModified,
      response.headers[.contentEncoding] == nil,
      Self.acceptsGzip(request.headers[values: .acceptEncoding]),
      (response.body.contentLength ?? Self.smallest) >= Self.smallest
    else { return response }
    let collector = Collector()
    try await response.body.write(collector)
    var plain = collector.buffer
    let compressed = try plain.compress(with: .gzip())
    response.headers[.contentEncoding] = "gzip"
    if let tag = response.headers[.eTag], tag.hasPrefix("\""), tag.hasSuffix("\"") {
      response.headers[.eTag] = String(tag.dropLast()) + "-gzip\""
    }
    response.body = ResponseBody(byteBuffer: compressed)
    return response
  }

  /// Pages, JSON, YAML, CSV and plain text; never `text/calendar`.
  static func compressible(_ contentType: String) -> Bool {
    // Every answer passes here: the media type is compared byte by byte, case-insensitively,
    // without making strings.
    let bytes = contentType.utf8
    let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
    var type = bytes[bytes.startIndex..<end]
    while let last = type.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
      type = type.dropLast()
    }
    while let first = type.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
      type = type.dropFirst()
    }
    return compressibleTypes.contains { known in
      known.utf8.count == type.count
        && zip(known.utf8, type).allSatisfy { $0 == ($1 | 0x20) || $0 == $1 }
    }
  }

  /// The media types `compressible` lets through, in lower case.
  static let compressibleTypes = [
    "text/html", "application/json", "application/yaml", "text/plain", "text/csv",
  ]

  /// Whether `Accept-Encoding` lets gzip through: named (or `*`) with a weight above 0.
  static func acceptsGzip(_ values: [String]) -> Bool {
    var gzip: Double?
    var any: Double?
    for value in values {
      for item in value.split(separator: ",") {
        let parts = item.split(separator: ";").map {
          $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let coding = parts.first else { continue }
        var weight = 1.0
        for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
          weight = Double(parameter.dropFirst(2)) ?? 0
        }
        if coding == "gzip" || coding == "x-gzip" { gzip = weight }
        if coding == "*" { any = weight }
      }
    }
    return (gzip ?? any ?? 0) > 0
  }

  /// Gathers a body's bytes as they are written.
  final class Collector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ part: ByteBuffer) async throws {
      var part = part
      buffer.writeBuffer(&part)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
  }
}

extension HTTPFields {
  /// Adds `name` to `Vary` unless it is there already (or `Vary: *`): for every answer whose
  /// content depends on that request header (`Accept-Encoding`; `Cookie` and `Authorization`
  /// where the audience comes from them).
  mutating func addVary(_ name: String) {
    let present = self[values: .vary].flatMap { $0.split(separator: ",") }.map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }
    guard !present.contains(name.lowercased()), !present.contains("*") else { return }
    append(HTTPFields.Element(name: .vary, value: name))
  }
}
