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
    let scratch = try scratchFolder("shutdown")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout.txt")
    let errURL = scratch.appendingPathComponent("stderr.txt")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? out.close()
      try? err.close()
    }
    let server = Process()
    server.executableURL = boardcalBinary
    server.arguments = [
      "serve", "--protocols", protocolsFolder.path,
      "--db", scratch.appendingPathComponent("none.sqlite").path,
      "--host", "127.0.0.1", "--port", "0", "--as-of", "2022-06-01",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["BOARDCAL_FEED_TOKEN"] = feedToken
    server.environment = environment
    server.standardOutput = out
    server.standardError = err
    try server.run()
    defer {
      if server.isRunning {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
      }
    }
    var port: Int?
    let deadline = Date().addingTimeInterval(30)
    while port == nil, Date() < deadline, server.isRunning {
      let printed = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
      if let range = printed.range(of: #"on http://127\.0\.0\.1:\d+/"#, options: .regularExpression)
      {
        port = Int(printed[range].split(separator: ":").last?.dropLast() ?? "")
      } else {
        try await Task.sleep(for: .milliseconds(100))
      }
    }
    let listening = try #require(port, "no address printed")

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
    kill(server.processIdentifier, SIGTERM)

    for (index, connection) in connections.enumerated() {
      let (rest, closed) = await connection.read(for: 30)
      let bytes = received[index] + rest
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(text.hasPrefix("HTTP/1.1 200 OK"), "answer \(index)")
      #expect(RawConnection.wholeAnswer(bytes), "answer \(index) was cut short")
      #expect(text.hasSuffix("}\n"))
      #expect(closed, "the connection stays open after shutdown")
    }
    let stopBy = Date().addingTimeInterval(20)
    while server.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
    #expect(!server.isRunning)
    #expect(server.terminationReason == .exit)
    #expect(server.terminationStatus == 0)
    #expect(throws: (any Error).self) { try RawConnection(port: listening) }

    let log = try String(contentsOf: errURL, encoding: .utf8)
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
