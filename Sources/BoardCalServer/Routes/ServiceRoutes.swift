import Hummingbird

/// The routes about the server itself: `GET /healthz` (`ok` while it answers: for a load
/// balancer or a supervisor) and `GET /metrics` (`ServerMetrics` in Prometheus's text format,
/// for officers only: it counts what private boards' alerts stand, so without the token it is
/// answered as a page that does not exist).
struct ServiceRoutes {
  let metrics: ServerMetrics

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/healthz") { _, _ in
      Response(
        status: .ok,
        headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    routes.get("/metrics") { _, context in
      guard context.audience == .officer else { throw NotFound() }
      return Response(
        status: .ok,
        headers: [
          .contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store",
        ],
        body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
    return routes
  }
}
