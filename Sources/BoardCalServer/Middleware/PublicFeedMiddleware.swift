import BoardCalCore
import Hummingbird

/// The public's feed requests, answered ahead of the rest of the chain. Calendar apps poll feeds
/// all day long, most of them the public feed and with no token: such a request (a GET of a
/// feed's path, with no `?token=`, `Authorization` or token cookie) gets here exactly the answer
/// the chain would give it (status, headers and bytes: `FeedTests` compares the two), counted and
/// logged like any other, without routing it through five middlewares and the router. Anything
/// else, and a feed the public may not see, goes on down the chain.
struct PublicFeedMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext
  let site: Site

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard request.method == .get, let target = FeedTarget(path: request.uri.path),
      !AccessMiddleware.carriesToken(request)
    else { return try await next(request, context) }
    let start = ContinuousClock.now
    guard let live = site.live.current().partnership(target.partnership),
      let entry = live.entry(target.path),
      live.disclosure(.public).feed(entry.kind, subject: entry.subject, isPrivate: entry.private),
      let found = try? live.served(target.path)
    else { return try await next(request, context) }
    site.metrics.feedCache(hit: !found.rendered)
    let served = found.feed
    let response =
      Validators.notModified(
        ifNoneMatch: request.headers[values: .ifNoneMatch],
        ifModifiedSince: request.headers[.ifModifiedSince], entityTag: served.entityTag,
        lastModified: served.lastModified)
      ? Response(status: .notModified, headers: served.publicValidators)
      : Response(
        status: .ok, headers: served.publicHeaders, body: ResponseBody(byteBuffer: served.body))
    RequestLogMiddleware.record(
      request, route: target.route, status: response.status.code,
      in: ContinuousClock.now - start, logger: context.logger, metrics: site.metrics)
    return response
  }
}

/// A feed's path as `FeedRoutes` takes it: `/P/public.ics`, `/P/boards/B.ics`, `/P/duties/B.ics`,
/// `/P/people/X.ics`, each part a plain name.
struct FeedTarget: Hashable {
  let partnership: String
  /// Relative to the partnership's feeds: `milton-keynes/boards/hwb.ics`.
  let path: String
  /// The route pattern, as the router names it in logs and metrics.
  let route: String

  init?(path: String) {
    let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    guard parts.count == 3 || parts.count == 4, parts[0].isEmpty, path.hasSuffix(".ics") else {
      return nil
    }
    let names = parts.dropFirst().map { String(Substring($0)) }
    guard names.allSatisfy(Site.isPlainName) else { return nil }
    if names.count == 2 {
      guard names[1] == "public.ics" else { return nil }
      route = "/{partnership}/public.ics"
    } else {
      guard ["boards", "duties", "people"].contains(names[1]), names[2].count > 4 else {
        return nil
      }
      route = "/{partnership}/\(names[1])/{name}.ics"
    }
    partnership = names[0]
    self.path = names.joined(separator: "/")
  }
}
