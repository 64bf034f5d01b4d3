import BoardCalServer
import Foundation
import Hummingbird
import Logging
import Testing

/// The server on a real port of the loopback interface, with short timeouts (a request must
/// arrive within 1 s of its first byte; a connection idle for 2 s is closed), spoken to by raw
/// sockets doing what careless or hostile clients do. Every wait is bounded; the upper bounds are
/// loose, as the rest of the suite may keep the machine busy, the lower ones exact.
@Suite("Connections on a real socket", .serialized, .timeLimit(.minutes(2)))
struct ConnectionTests {
  static let timeouts = ConnectionTimeouts(read: .seconds(1), idle: .seconds(2))

  /// Runs `test` with the test server listening on 127.0.0.1 on a free port.
  func withLiveServer<Value: Sendable>(
    _ test: @Sendable (_ port: Int) async throws -> Value
  ) async throws -> Value {
    let server = try makeTestServer()
    let (ports, found) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "boardcal-test")
    logger.logLevel = .critical
    let app = server.application(
      host: "127.0.0.1", port: 0, timeouts: Self.timeouts, logger: logger
    ) { url in
      found.yield(Int(url.split(separator: ":").last?.dropLast() ?? "") ?? 0)
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await app.run() }
      defer { group.cancelAll() }
      var iterator = ports.makeAsyncIterator()
      guard let port = await iterator.next(), port > 0 else {
        throw FixtureError(description: "the server did not say its port")
      }
      return try await test(port)
    }
  }

  @Test("twenty clients sending their headers a byte at a time get 408 and are dropped")
  func slowHeaders() async throws {
    try await withLiveServer { port in
      let start = Date()
      let slow = try (0..<20).map { _ in try RawConnection(port: port) }
      for connection in slow { connection.send("GET /milton-keynes/ HTTP/1.1\r\nHo") }
      // Meanwhile a prompt client is answered at once.
      let prompt = try RawConnection(port: port)
      prompt.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let answer = await prompt.answer(within: 30)
      #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
      #expect(answer.hasSuffix("\r\n\r\nok\n"))
      // A byte every 150 ms: the request is never whole.
      for byte in "st: localhost\r\nAccept: text/html\r\n".map(String.init) {
        for connection in slow { connection.send(byte) }
        try await Task.sleep(for: .milliseconds(150))
        if Date().timeIntervalSince(start) > 3 { break }
      }
      for connection in slow {
        let (bytes, closed) = await connection.read(for: 10)
        #expect(closed, "a slow client is still connected")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 408 Request Timeout"))
      }
      let elapsed = Date().timeIntervalSince(start)
      #expect(elapsed < 30, "dropped after \(elapsed) s")
      // The server still answers.
      let after = try RawConnection(port: port)
      after.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(await after.answer().hasPrefix("HTTP/1.1 200 OK"))
    }
  }

  @Test("a client that sends a request body a byte at a time is dropped too")
  func slowBody() async throws {
    try await withLiveServer { port in
      let connection = try RawConnection(port: port)
      let start = Date()
      connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40\r\n\r\n")
      var sending = true
      for _ in 0..<40 where sending && Date().timeIntervalSince(start) < 4 {
        sending = connection.send("x")
        try await Task.sleep(for: .milliseconds(150))
      }
      let (bytes, closed) = await connection.read(for: 10)
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(closed)
      #expect(text.hasPrefix("HTTP/1.1 200 OK"), "the answer came before the body was in")
      let elapsed = Date().timeIntervalSince(start)
      #expect(elapsed > 1 && elapsed < 30, "dropped after \(elapsed) s")
    }
  }

  @Test("a silent connection, and one idle after its answer, are closed after the idle timeout")
  func idleConnections() async throws {
    try await withLiveServer { port in
      let silent = try RawConnection(port: port)
      let start = Date()
      let (nothing, closed) = await silent.read(for: 30)
      let waited = Date().timeIntervalSince(start)
      #expect(closed && nothing.isEmpty)
      #expect(waited > 1.5 && waited < 20, "closed after \(waited) s")

      // A client that keeps asking, one request after another for three seconds (longer than
      // both timeouts), keeps its connection.
      let busy = try RawConnection(port: port)
      let busyStart = Date()
      var answers = 0
      while Date().timeIntervalSince(busyStart) < 3 {
        #expect(busy.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        let answer = await busy.answer(within: 30)
        #expect(answer.hasPrefix("HTTP/1.1 200 OK"), "answer \(answers)")
        guard answer.hasPrefix("HTTP/1.1 200 OK") else { break }
        answers += 1
      }
      #expect(answers > 1)
      // Then, idle after its last answer, it is closed.
      let idleStart = Date()
      let (_, idleClosed) = await busy.read(for: 30)
      let idle = Date().timeIntervalSince(idleStart)
      #expect(idleClosed)
      #expect(idle > 1.5 && idle < 20, "closed after \(idle) s")
    }
  }

  @Test("HTTP/1.1 without Host, or with two: 400 and closed; HTTP/1.0 without Host is answered")
  func hostHeader() async throws {
    try await withLiveServer { port in
      for request in [
        "GET /healthz HTTP/1.1\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      ] {
        let connection = try RawConnection(port: port)
        connection.send(request)
        let (bytes, closed) = await connection.read(for: 5)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"), "\(text)")
        #expect(text.header("Connection") == "close")
        #expect(text.contains("Host header"))
        #expect(closed)
      }
      let old = try RawConnection(port: port)
      old.send("GET /healthz HTTP/1.0\r\n\r\n")
      let answer = await old.answer()
      #expect(answer.contains(" 200 OK\r\n"))
    }
  }

  @Test("over the wire: 405 with Allow, gzip when asked (curl reads it), never for a feed")
  func methodsAndCompression() async throws {
    try await withLiveServer { port in
      let post = try RawConnection(port: port)
      post.send(
        "POST /milton-keynes/public.ics HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}")
      let refused = await post.answer()
      #expect(refused.hasPrefix("HTTP/1.1 405 Method Not Allowed"))
      #expect(refused.header("Allow") == "GET, HEAD")

      let base = "http://127.0.0.1:\(port)"
      for path in ["/milton-keynes/", "/api/milton-keynes/alerts?as_of=2022-06-01"] {
        let plain = try curl([base + path])
        let headers = try curl(["-D", "-", "-o", "/dev/null", "--compressed", base + path])
        #expect(headers.lowercased().contains("content-encoding: gzip"), "\(path)")
        #expect(headers.lowercased().contains("vary: accept-encoding"), "\(path)")
        #expect(try curl(["--compressed", base + path]) == plain, "\(path): gzip reads back")
      }
      let feed = try curl([
        "-D", "-", "-o", "/dev/null", "-H", "Accept-Encoding: gzip", base + "/medway/public.ics",
      ])
      #expect(feed.hasPrefix("HTTP/1.1 200"))
      #expect(!feed.lowercased().contains("content-encoding"))
    }
  }
}
