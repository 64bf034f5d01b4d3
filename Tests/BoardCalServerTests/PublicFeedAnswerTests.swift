import Foundation
import Testing

@testable import BoardCalServer

/// The public's feed requests answered in the connection's pipeline (`PublicFeedAnswers`), on a
/// real socket: what a calendar app polling the public feed gets must be what the whole chain
/// would give it, in the order it asked.
extension ConnectionTests {
  /// An answer's head as lines, in order, without Date (stamped on the way out), and its body.
  func parts(_ answer: String) -> (head: [String], body: Substring) {
    guard let end = answer.range(of: "\r\n\r\n") else { return ([], "") }
    let lines = answer[..<end.lowerBound].split(separator: "\r\n").map(String.init)
    return (lines.filter { !$0.lowercased().hasPrefix("date:") }, answer[end.upperBound...])
  }

  /// How many feed requests the server says it answered in the pipeline (`/metrics`).
  func pipelineAnswers(_ port: Int) async throws -> Int {
    let connection = try RawConnection(port: port)
    connection.send(
      "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(feedToken)\r\n\r\n")
    let text = await connection.answer()
    let line = text.split(separator: "\n").first {
      $0.hasPrefix("boardcal_feed_pipeline_answers_total ")
    }
    return Int(line?.split(separator: " ").last ?? "0") ?? 0
  }

  @Test(
    "a public feed answered in the pipeline is the chain's answer, header for header and byte for byte"
  )
  func pipelineAnswerIsTheChains() async throws {
    try await withLiveServer { port in
      let connection = try RawConnection(port: port)
      for path in ["/medway/public.ics", "/milton-keynes/public.ics"] {
        // The first request renders the feed (the chain does that); a bad token is the chain's
        // answer to the public; no token, once rendered, is the pipeline's.
        connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let first = parts(await connection.answer())
        let before = try await pipelineAnswers(port)
        connection.send(
          "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer not-a-token\r\n\r\n")
        let chain = parts(await connection.answer())
        // The pipeline leaves a request to the chain while a look for changes is due (every
        // 200 ms, done by the server's ticker, which a busy machine can make late): ask until the
        // pipeline answers, at most 20 times. Every answer is compared with the chain's.
        var fast = parts("")
        var answeredHere = false
        for _ in 0..<20 where !answeredHere {
          let counted = try await pipelineAnswers(port)
          connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
          fast = parts(await connection.answer())
          #expect(fast.head == chain.head, "\(path)")
          answeredHere = try await pipelineAnswers(port) == counted + 1
        }
        #expect(answeredHere, "\(path) always went to the chain")
        #expect(try await pipelineAnswers(port) > before)
        #expect(fast.head.first == "HTTP/1.1 200 OK")
        #expect(fast.head == chain.head, "\(path)")
        #expect(fast.head == first.head)
        #expect(fast.body == chain.body)
        #expect(fast.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(fast.body.hasSuffix("END:VCALENDAR\r\n"))

        let tag = try #require(fast.head.first { $0.hasPrefix("ETag: ") }?.dropFirst(6))
        connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \(tag)\r\n\r\n")
        let fast304 = parts(await connection.answer())
        connection.send(
          "GET \(path) HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \(tag)\r\n"
            + "Authorization: Bearer not-a-token\r\n\r\n")
        let chain304 = parts(await connection.answer())
        #expect(fast304.head.first == "HTTP/1.1 304 Not Modified")
        #expect(fast304.head == chain304.head, "\(path)")
        #expect(fast304.body.isEmpty)
      }
    }
  }

  @Test("pipelined requests are answered in order, even when a later one is the public's feed")
  func pipelinedAnswersKeepTheirOrder() async throws {
    try await withLiveServer { port in
      let warm = try RawConnection(port: port)
      warm.send("GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(await warm.answer().hasPrefix("HTTP/1.1 200 OK"))
      // A page (the chain's, slower) then the public feed (the pipeline's), in one write.
      let connection = try RawConnection(port: port)
      connection.send(
        "GET /milton-keynes/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
          + "GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n"
          + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let (bytes, _) = await connection.read(for: 4)
      let text = String(decoding: bytes, as: UTF8.self)
      let page = try #require(text.range(of: "Content-Type: text/html"))
      let feed = try #require(text.range(of: "BEGIN:VCALENDAR"))
      let health = try #require(text.range(of: "\r\n\r\nok\n"))
      #expect(page.lowerBound < feed.lowerBound)
      #expect(feed.lowerBound < health.lowerBound)
      #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
    }
  }

  @Test(
    "HTTP/1.0, Connection: close (then closed at once), a token, HEAD and a private feed are left to the chain"
  )
  func otherRequestsGoToTheChain() async throws {
    try await withLiveServer { port in
      let warm = try RawConnection(port: port)
      warm.send("GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let feed = parts(await warm.answer())
      let before = try await pipelineAnswers(port)

      // An HTTP/1.0 client without keep-alive reads to the end of the connection: it is closed
      // after the answer, not after the idle timeout (2 s here).
      let old = try RawConnection(port: port)
      let asked = Date()
      old.send("GET /medway/public.ics HTTP/1.0\r\n\r\n")
      let (oldBytes, oldClosed) = await old.read(for: 10)
      #expect(oldClosed && Date().timeIntervalSince(asked) < 1.5)
      let oldAnswer = String(decoding: oldBytes, as: UTF8.self)
      #expect(parts(oldAnswer).body == feed.body)
      #expect(oldAnswer.header("Connection") == "close")

      let closing = try RawConnection(port: port)
      closing.send(
        "GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
      let (closingBytes, closed) = await closing.read(for: 10)
      #expect(closed, "the connection was kept open after Connection: close")
      let closingAnswer = String(decoding: closingBytes, as: UTF8.self)
      #expect(parts(closingAnswer).body == feed.body)
      #expect(closingAnswer.header("Connection") == "close")
      // Connection: Close, as some clients spell it, is the same.
      let spelled = try RawConnection(port: port)
      spelled.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: Close\r\n\r\n")
      let (spelledBytes, spelledClosed) = await spelled.read(for: 1.5)
      #expect(spelledClosed)
      #expect(String(decoding: spelledBytes, as: UTF8.self).hasSuffix("\r\n\r\nok\n"))

      let officer = try RawConnection(port: port)
      officer.send(
        "GET /milton-keynes/boards/hwb.ics?token=\(feedToken) HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(await officer.answer().hasPrefix("HTTP/1.1 200 OK"))
      let hidden = try RawConnection(port: port)
      hidden.send("GET /milton-keynes/boards/hwb.ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(await hidden.answer().hasPrefix("HTTP/1.1 404"))
      let head = try RawConnection(port: port)
      head.send("HEAD /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let headAnswer = await head.answer()
      #expect(headAnswer.hasPrefix("HTTP/1.1 200 OK"))
      #expect(
        headAnswer.header("Content-Length")
          == feed.head.first { $0.hasPrefix("Content-Length: ") }.map { String($0.dropFirst(16)) })

      #expect(try await pipelineAnswers(port) == before)
    }
  }

  @Test("a client that sends feed requests and never reads its answers is not answered without end")
  func noAnswersPileUp() async throws {
    try await withLiveServer { port in
      let warm = try RawConnection(port: port)
      warm.send("GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
      #expect(await warm.answer().hasPrefix("HTTP/1.1 200 OK"))
      let before = try await pipelineAnswers(port)
      // Pipelined requests for a 17 kB feed, for two seconds, never reading: once the answers
      // fill the socket's buffers the server must stop answering (and reading), not keep every
      // answer in memory.
      let request = "GET /medway/public.ics HTTP/1.1\r\nHost: localhost\r\n\r\n"
      let flooding = try RawConnection(port: port)
      let sent = flooding.flood(request, for: 2) / request.utf8.count
      let answered = try await pipelineAnswers(port) - before
      #expect(sent > 0)
      // The kernel's buffers between the two hold a few hundred answers of 17 kB at most.
      #expect(answered < 2000, "\(answered) answers to \(sent) requests nobody read")
    }
  }
}
