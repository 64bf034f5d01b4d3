import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `boardcal serve` as a service manager runs it: one log line per request on standard error,
/// and SIGTERM stops it gracefully.
@Suite("boardcal serve stops gracefully")
struct ShutdownTests {
  @Test(
    "SIGTERM: requests under way are answered in full, then the process exits 0; the log has one line per request and never the token",
    .timeLimit(.minutes(2)))
  func sigterm() async throws {
    let db = try scratchFolder("shutdown")
    defer { try? FileManager.default.removeItem(at: db) }
    let server = try await ServeProcess([
      "--protocols", protocolsFolder.path, "--db", db.appendingPathComponent("none.sqlite").path,
      "--as-of", "2022-06-01",
    ])
    let listening = server.port

    // Six requests that take a while to answer (twenty years of a large partnership's schedule,
    // about 1.7 MB each), under way when the signal comes.
    let target =
      "/api/buckinghamshire/schedule?from=2010-04-01&to=2030-03-31&token=\(feedToken)"
    let connections = try (0..<6).map { _ in try RawConnection(port: listening) }
    for connection in connections {
      connection.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\n\r\n")
    }
    try await Task.sleep(for: .milliseconds(150))
    var received: [[UInt8]] = []
    for connection in connections { received.append(await connection.read(for: 0).bytes) }
    #expect(
      received.contains { !RawConnection.wholeAnswer($0) }, "every answer was sent before SIGTERM")
    kill(server.process.processIdentifier, SIGTERM)

    for (index, connection) in connections.enumerated() {
      let (rest, closed) = await connection.read(for: 30)
      let bytes = received[index] + rest
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(text.hasPrefix("HTTP/1.1 200 OK"), "answer \(index)")
      #expect(RawConnection.wholeAnswer(bytes), "answer \(index) was cut short")
      #expect(text.hasSuffix("}\n"))
      #expect(closed, "the connection stays open after shutdown")
    }
    #expect(try await server.exited(within: 20))
    #expect(server.process.terminationReason == .exit)
    #expect(server.process.terminationStatus == 0)
    #expect(throws: (any Error).self) { try RawConnection(port: listening) }

    let log = server.log
    let lines = log.split(separator: "\n").filter {
      $0.contains("path=/api/buckinghamshire/schedule")
    }
    #expect(lines.count == 6, "\(log)")
    for line in lines {
      #expect(line.contains("method=GET"))
      #expect(line.contains("status=200"))
      #expect(line.contains("route=/api/{partnership}/schedule"))
      #expect(line.contains("duration_ms="))
    }
    #expect(!log.contains(feedToken))
    #expect(!log.contains("from=2010"), "the query is not logged")
  }
}
