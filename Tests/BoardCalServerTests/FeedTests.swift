import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BoardCalServer

@Suite("Feeds over HTTP")
struct FeedTests {
  @Test("a public feed: 200, the exact Content-Type, a strong ETag, the file byte for byte")
  func publicFeed() async throws {
    try await withServer { client, folder in
      let file = try Data(contentsOf: folder.appendingPathComponent("milton-keynes/public.ics"))
      try await client.execute(uri: "/milton-keynes/public.ics", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/calendar; charset=utf-8; method=PUBLISH")
        let tag = try #require(response.headers[.eTag])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))
        #expect(response.headers[.lastModified]?.hasSuffix(" GMT") == true)
        #expect(response.headers[.contentLength] == String(file.count))
        #expect(response.bytes == Array(file))
      }
    }
  }

  @Test("a feed without METHOD gets no method parameter")
  func feedWithoutMethod() async throws {
    try await withServer { client, folder in
      let file = try String(
        contentsOf: folder.appendingPathComponent("medway/public.ics"), encoding: .utf8)
      #expect(!file.contains("\r\nMETHOD:"))
      try await client.execute(uri: "/medway/public.ics", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
      }
    }
  }

  @Test("If-None-Match with the ETag: 304 with ETag and Last-Modified and no body")
  func ifNoneMatch() async throws {
    try await withServer { client, _ in
      let first = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      let tag = try #require(first.headers[.eTag])
      for value in [tag, "\"other\", \(tag)", "W/\(tag)", "*"] {
        try await client.execute(
          uri: "/milton-keynes/public.ics", method: .get, headers: [.ifNoneMatch: value]
        ) { response in
          #expect(response.status == .notModified, "If-None-Match: \(value)")
          #expect(response.headers[.eTag] == tag)
          #expect(response.headers[.lastModified] == first.headers[.lastModified])
          #expect(response.body.readableBytes == 0)
        }
      }
    }
  }

  @Test("If-Modified-Since at or after Last-Modified: 304; before it: 200")
  func ifModifiedSince() async throws {
    try await withServer { client, _ in
      let first = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      let modified = try #require(first.headers[.lastModified])
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get, headers: [.ifModifiedSince: modified]
      ) { response in
        #expect(response.status == .notModified)
        #expect(response.headers[.eTag] == first.headers[.eTag])
        #expect(response.headers[.lastModified] == modified)
        #expect(response.body.readableBytes == 0)
      }
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get,
        headers: [.ifModifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT"]
      ) { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test("a stale ETag: 200, even with a matching If-Modified-Since (If-None-Match comes first)")
  func staleEntityTag() async throws {
    try await withServer { client, _ in
      let first = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      let modified = try #require(first.headers[.lastModified])
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get,
        headers: [.ifNoneMatch: "\"0000000000000000-0\"", .ifModifiedSince: modified]
      ) { response in
        #expect(response.status == .ok)
        #expect(response.bytes == first.bytes)
      }
    }
  }

  @Test("a private feed: 404 without the token or with a wrong one, 200 with it")
  func privateFeed() async throws {
    try await withServer { client, folder in
      let file = try Data(contentsOf: folder.appendingPathComponent("milton-keynes/boards/hwb.ics"))
      let missing = try await client.execute(uri: "/milton-keynes/boards/nothing.ics", method: .get)
      #expect(missing.status == .notFound)
      for uri in [
        "/milton-keynes/boards/hwb.ics", "/milton-keynes/boards/hwb.ics?token=wrong",
        "/milton-keynes/boards/hwb.ics?token=", "/milton-keynes/boards/hwb.ics?token=\(feedToken)x",
      ] {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .notFound, "\(uri)")
          // The same answer as for a feed that does not exist: nothing reveals it.
          #expect(response.bytes == missing.bytes)
        }
      }
      try await client.execute(
        uri: "/milton-keynes/boards/hwb.ics?token=\(feedToken)", method: .get
      ) { response in
        #expect(response.status == .ok)
        #expect(response.bytes == Array(file))
        #expect(response.headers[.cacheControl]?.contains("private") == true)
      }
    }
  }

  @Test("without a configured token no private feed is served")
  func noTokenConfigured() async throws {
    try await withServer(token: nil) { client, _ in
      for uri in ["/milton-keynes/boards/hwb.ics", "/milton-keynes/boards/hwb.ics?token="] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .notFound)
      }
      let open = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      #expect(open.status == .ok)
    }
  }

  @Test("Accept-Encoding: gzip still gets the plain file")
  func noGzip() async throws {
    try await withServer { client, folder in
      let file = try Data(contentsOf: folder.appendingPathComponent("milton-keynes/public.ics"))
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get,
        headers: [.acceptEncoding: "gzip, deflate, br"]
      ) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentEncoding] == nil)
        #expect(response.bytes == Array(file))
        #expect(Array(response.bytes.prefix(2)) != [0x1f, 0x8b])
      }
    }
  }

  @Test("HEAD: the GET's status and headers, no body")
  func head() async throws {
    try await withServer { client, _ in
      let get = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      try await client.execute(uri: "/milton-keynes/public.ics", method: .head) { response in
        #expect(response.status == .ok)
        #expect(response.body.readableBytes == 0)
        #expect(response.headers[.eTag] == get.headers[.eTag])
        #expect(response.headers[.contentType] == get.headers[.contentType])
        #expect(response.headers[.contentLength] == String(get.body.readableBytes))
      }
      let hidden = try await client.execute(uri: "/milton-keynes/boards/hwb.ics", method: .head)
      #expect(hidden.status == .notFound)
    }
  }

  @Test("only the feeds feeds.json lists are served, never other files")
  func onlyListedFeeds() async throws {
    try await withServer { client, _ in
      for uri in [
        "/milton-keynes/feeds.json", "/milton-keynes/../milton-keynes/public.ics",
        "/milton-keynes/%2E%2E/medway/public.ics", "/nowhere/public.ics",
      ] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .notFound, "\(uri)")
      }
    }
  }

  @Test("an edited protocol changes the feed within a second: a new ETag, a later Last-Modified")
  func editedProtocolReachesTheFeed() async throws {
    let protocols = try scratchFolder("protocols").appendingPathComponent("Protocols")
    defer { try? FileManager.default.removeItem(at: protocols.deletingLastPathComponent()) }
    try FileManager.default.copyItem(at: protocolsFolder, to: protocols)
    let file = protocols.appendingPathComponent("milton-keynes.yaml")
    let original = try String(contentsOf: file, encoding: .utf8)
    try await withServer(protocols: protocols) { client, emitted in
      let first = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      #expect(
        first.bytes
          == Array(try Data(contentsOf: emitted.appendingPathComponent("milton-keynes/public.ics")))
      )
      let firstModified = try #require(first.headers[.lastModified])
      let medwayBefore = try await client.execute(uri: "/medway/public.ics", method: .get)
      // A second later, so that a new Last-Modified can be told from the old in whole seconds.
      try await Task.sleep(for: .milliseconds(1100))
      let renamed = original.replacingOccurrences(
        of: "name: MK Together\n", with: "name: MK Together Renamed\n")
      #expect(renamed != original)
      try Data(renamed.utf8).write(to: file)
      #expect(
        try await within {
          try await client.execute(uri: "/milton-keynes/public.ics", method: .get).text.contains(
            "MK Together Renamed")
        })
      let second = try await client.execute(uri: "/milton-keynes/public.ics", method: .get)
      #expect(second.headers[.eTag] != first.headers[.eTag])
      let secondModified = try #require(second.headers[.lastModified])
      #expect(try #require(httpDate(secondModified)) > (try #require(httpDate(firstModified))))
      // A client that only knows the old ETag sees the change; one with the new gets 304.
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get,
        headers: [.ifNoneMatch: try #require(first.headers[.eTag])]
      ) { response in #expect(response.status == .ok) }
      try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get,
        headers: [.ifNoneMatch: try #require(second.headers[.eTag])]
      ) { response in #expect(response.status == .notModified) }
      // Another partnership's feed, untouched by the edit, keeps its ETag and Last-Modified.
      let medway = try await client.execute(uri: "/medway/public.ics", method: .get)
      #expect(medway.headers[.eTag] == medwayBefore.headers[.eTag])
      #expect(medway.headers[.lastModified] == medwayBefore.headers[.lastModified])
    }
  }
}

/// Reads an IMF-fixdate with Foundation, independently of the server's own reader.
func httpDate(_ text: String) -> Date? {
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "GMT")
  formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
  return formatter.date(from: text)
}

@Suite("feed paths the pipeline may answer (PublicFeedAnswers)")
struct PublicFeedPathTests {
  @Test("feed paths: the public feed and the three folders, plain names only")
  func targets() {
    #expect(FeedTarget(path: "/medway/public.ics")?.path == "medway/public.ics")
    #expect(FeedTarget(path: "/medway/public.ics")?.route == "/{partnership}/public.ics")
    #expect(FeedTarget(path: "/mk/boards/hwb.ics")?.path == "mk/boards/hwb.ics")
    #expect(FeedTarget(path: "/mk/people/x.ics")?.route == "/{partnership}/people/{name}.ics")
    for path in [
      "/medway/other.ics", "/mk/rooms/hwb.ics", "/mk/boards/.ics", "/%2E%2E/public.ics",
      "/mk/boards/hwb.ics/x", "/public.ics", "//public.ics", "/mk/boards/hwb", "/mk/../public.ics",
    ] {
      #expect(FeedTarget(path: path) == nil, "\(path)")
    }
  }
}
