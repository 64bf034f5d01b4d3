import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BoardCalServer

/// The HTTP rules every route keeps, through the router: 405 with Allow, gzip with Vary (never
/// for a feed), /healthz, /metrics and the OpenAPI document.
@Suite("HTTP rules")
struct HTTPRulesTests {
  @Test("a method a route does not take: 405 with Allow; a path no route takes: 404")
  func methodNotAllowed() async throws {
    try await withServer { client, _ in
      let api = try await client.execute(uri: "/api/milton-keynes/alerts", method: .post)
      #expect(api.status == .methodNotAllowed)
      #expect(api.headers[.allow] == "GET, HEAD")
      #expect(api.headers[.contentType] == "application/json; charset=utf-8")
      #expect(try jsonObject(api)["error"] as? String == "POST is not allowed here; use GET, HEAD.")
      for (uri, method) in [
        ("/milton-keynes/", HTTPRequest.Method.put), ("/milton-keynes/public.ics", .delete),
        ("/milton-keynes/boards/hwb.ics", .post), ("/healthz", .post), ("/", .options),
        ("/api/openapi.yaml", .patch),
      ] {
        let response = try await client.execute(uri: uri, method: method)
        #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
        #expect(response.headers[.allow] == "GET, HEAD", "\(method) \(uri)")
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
      }
      let page = try await client.execute(uri: "/milton-keynes/", method: .put)
      #expect(page.text == "Method not allowed: use GET, HEAD.\n")
      let nowhere = try await client.execute(uri: "/no/such/deep/path/here", method: .post)
      #expect(nowhere.status == .notFound)
      let head = try await client.execute(uri: "/api/milton-keynes/alerts", method: .head)
      #expect(head.status == .ok)
      #expect(head.body.readableBytes == 0)
    }
  }

  @Test("gzip for pages and JSON when asked, with Vary; never for a feed")
  func compression() async throws {
    try await withServer { client, folder in
      for uri in ["/milton-keynes/", "/api/milton-keynes/schedule", "/api/openapi.yaml"] {
        let plain = try await client.execute(uri: uri, method: .get)
        #expect(plain.headers[.contentEncoding] == nil, "\(uri)")
        #expect(plain.headers[values: .vary].contains("Accept-Encoding"), "\(uri)")
        for accept in ["gzip", "br, gzip;q=0.5", "*", "deflate, GZIP"] {
          let zipped = try await client.execute(
            uri: uri, method: .get, headers: [.acceptEncoding: accept])
          #expect(zipped.status == .ok)
          #expect(zipped.headers[.contentEncoding] == "gzip", "\(uri) \(accept)")
          #expect(zipped.headers[values: .vary].contains("Accept-Encoding"))
          #expect(Array(zipped.bytes.prefix(2)) == [0x1f, 0x8b], "gzip's magic number")
          #expect(zipped.bytes.count < plain.bytes.count)
          #expect(zipped.headers[.contentLength] == String(zipped.bytes.count))
        }
        for accept in ["identity", "gzip;q=0", "br", "*;q=0"] {
          let refused = try await client.execute(
            uri: uri, method: .get, headers: [.acceptEncoding: accept])
          #expect(refused.headers[.contentEncoding] == nil, "\(uri) \(accept)")
          #expect(refused.bytes == plain.bytes)
        }
      }
      // A feed is sent as it is written, whatever the client accepts.
      let file = try Data(contentsOf: folder.appendingPathComponent("milton-keynes/public.ics"))
      let feed = try await client.execute(
        uri: "/milton-keynes/public.ics", method: .get, headers: [.acceptEncoding: "gzip"])
      #expect(feed.status == .ok)
      #expect(feed.headers[.contentEncoding] == nil)
      #expect(!feed.headers[values: .vary].contains("Accept-Encoding"))
      #expect(Data(feed.bytes) == file)
    }
  }

  @Test("/healthz answers ok")
  func health() async throws {
    try await withServer { client, _ in
      let response = try await client.execute(uri: "/healthz", method: .get)
      #expect(response.status == .ok)
      #expect(response.text == "ok\n")
      #expect(response.headers[.cacheControl] == "no-store")
    }
  }

  @Test(
    "/metrics: requests by route and status, latency, feed cache, derive time and alerts pending; officers only"
  )
  func metrics() async throws {
    let server = try makeTestServer()
    try await server.application().test(.router) { client in
      // A feed rendered once, then answered from memory twice.
      for _ in 0..<3 { _ = try await client.execute(uri: "/medway/public.ics", method: .get) }
      let alerts = try jsonObject(
        try await client.execute(uri: "/api/medway/alerts?token=\(feedToken)", method: .get))
      let pending = try #require(alerts["alerts"] as? [Any]).count
      let hidden = try await client.execute(uri: "/metrics", method: .get)
      #expect(hidden.status == .notFound)
      for _ in 0..<3 { _ = try await client.execute(uri: "/api/medway/alerts", method: .get) }
      _ = try await client.execute(uri: "/api/atlantis/alerts", method: .get)
      _ = try await client.execute(uri: "/medway/public.ics", method: .post)
      _ = try await client.execute(uri: "/healthz", method: .delete)
      _ = try await client.execute(uri: "/nowhere/at/all/x", method: .get)
      let response = try await client.execute(uri: "/metrics?token=\(feedToken)", method: .get)
      #expect(response.status == .ok)
      #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
      let lines = Set(response.text.split(separator: "\n").map(String.init))
      for line in [
        #"http_requests_total{route="/api/{partnership}/alerts",method="GET",status="200"} 4"#,
        #"http_requests_total{route="/api/{partnership}/alerts",method="GET",status="404"} 1"#,
        #"http_requests_total{route="/{partnership}/public.ics",method="POST",status="405"} 1"#,
        #"http_requests_total{route="/healthz",method="DELETE",status="405"} 1"#,
        #"http_requests_total{route="NotFound",method="GET",status="404"} 1"#,
        #"http_requests_total{route="/metrics",method="GET",status="404"} 1"#,
        #"http_request_duration_seconds_count{route="/api/{partnership}/alerts",method="GET"} 5"#,
        #"boardcal_feed_cache_total{result="hit"} 2"#,
        #"boardcal_feed_cache_total{result="miss"} 1"#,
        // Each partnership derived once, when the server started.
        #"boardcal_derive_duration_seconds_count{partnership="medway"} 1"#,
        #"boardcal_derive_duration_seconds_count{partnership="milton-keynes"} 1"#,
        "boardcal_alerts_pending{partnership=\"medway\"} \(pending).0",
        "# TYPE http_request_duration_seconds histogram",
      ] {
        #expect(lines.contains(line), "\(line)")
      }
      #expect(
        lines.contains {
          $0.hasPrefix(
            #"http_request_duration_seconds_bucket{route="/api/{partnership}/alerts",method="GET",le="10.0"}"#
          )
        })
      #expect(!response.text.contains(feedToken))
    }
  }

  @Test("/api/openapi.yaml is served, and names every route under /api")
  func openAPIDocument() async throws {
    let server = try makeTestServer()
    let routes = AllowedMethods(server.routeCollections()).routes.map(\.path.description)
      .filter { $0.hasPrefix("/api/") }
    #expect(routes.count >= 5)
    try await server.application().test(.router) { client in
      let response = try await client.execute(uri: "/api/openapi.yaml", method: .get)
      #expect(response.status == .ok)
      #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
      #expect(response.text.hasPrefix("openapi: 3.1.0\n"))
      for route in routes {
        #expect(response.text.contains("\n  \(route):\n"), "\(route) is not in the document")
      }
    }
  }

  @Test(
    "every API route's answers and errors validate against the OpenAPI document",
    .enabled(if: openAPICheckerRuns, "python3 with pyyaml, jsonschema and openapi-spec-validator"),
    .timeLimit(.minutes(2)))
  func openAPICheck() throws {
    let result = try runProgram(
      python3,
      [
        packageRoot.appendingPathComponent("Tests/openapi_check.py").path, "--boardcal",
        boardcalBinary.path,
      ])
    #expect(result.status == 0, "\(result.output)")
    let summary = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
    #expect(
      summary.range(of: #"^\d+ passed, 0 failed$"#, options: .regularExpression) != nil,
      "\(result.output)")
  }
}

/// Whether Tests/openapi_check.py can run here: python3 with its modules.
let openAPICheckerRuns: Bool = {
  guard
    let result = try? runProgram(
      python3, ["-c", "import yaml, jsonschema, referencing, openapi_spec_validator"])
  else { return false }
  return result.status == 0
}()
