import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("boardcal serve on a real socket")
struct LiveServerTests {
  @Test(
    "boardcal serve listens on a free port, serves a feed to curl, and stops",
    .timeLimit(.minutes(1)))
  func serveWithCurl() async throws {
    let calendars = try emittedCalendars.get()
    let server = try await ServeProcess([
      "--protocols", protocolsFolder.path, "--as-of", "2021-05-01",
    ])
    let scratch = server.scratch
    // The URL it prints once it listens (port 0: the system chose a free one).
    let url = server.url
    #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/"))
    #expect(server.printed.contains("webcal://127.0.0.1:"))

    let feed = try Data(contentsOf: calendars.appendingPathComponent("milton-keynes/public.ics"))
    let body = scratch.appendingPathComponent("body.ics")
    let headers = try curl([
      "--compressed", "-D", "-", "-o", body.path, url + "milton-keynes/public.ics",
    ])
    #expect(headers.hasPrefix("HTTP/1.1 200"))
    #expect(
      headers.lowercased().contains("content-type: text/calendar; charset=utf-8; method=publish"))
    #expect(!headers.lowercased().contains("content-encoding"))
    #expect(try Data(contentsOf: body) == feed)
    let tag = try #require(
      headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }?.dropFirst(5)
        .trimmingCharacters(in: .whitespaces))
    let again = try curl([
      "-D", "-", "-o", "/dev/null", "-H", "If-None-Match: \(tag)",
      url + "milton-keynes/public.ics",
    ])
    #expect(again.hasPrefix("HTTP/1.1 304"))
    #expect(again.lowercased().contains("last-modified:"))
    let hidden = try curl(["-D", "-", "-o", "/dev/null", url + "milton-keynes/boards/hwb.ics"])
    #expect(hidden.hasPrefix("HTTP/1.1 404"))
    let opened = try curl([
      "-D", "-", "-o", "/dev/null", url + "milton-keynes/boards/hwb.ics?token=\(feedToken)",
    ])
    #expect(opened.hasPrefix("HTTP/1.1 200"))

    // Stopped as a service manager stops it: SIGTERM, then a graceful exit.
    server.process.terminate()
    #expect(try await server.exited(within: 15))
  }
}

/// Runs curl (bounded in time) and returns what it printed.
func curl(_ arguments: [String]) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
  process.arguments = ["-sS", "--max-time", "10"] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self)
}
