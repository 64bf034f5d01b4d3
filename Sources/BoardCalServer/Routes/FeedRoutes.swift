import BoardCalCore
import BoardCalPipeline
import Foundation
import Hummingbird

/// The feeds of the live state, as `feeds.json` would list them: `/P/public.ics`,
/// `/P/boards/B.ics`, `/P/duties/B.ics`, `/P/people/X.ics`, rendered through libical on first
/// request and then answered from memory. A strong ETag and a Last-Modified
/// that never goes back, 304 for a matching If-None-Match or If-Modified-Since, never gzipped.
/// A feed the audience may not subscribe to is answered as one that does not exist.
struct FeedRoutes {
  let site: Site

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/:partnership/public.ics") { request, context in
      try feed(request, context, folder: nil, name: "public")
    }
    for folder in ["boards", "duties", "people"] {
      routes.get("/:partnership/\(folder)/{name}.ics") { request, context in
        try feed(request, context, folder: folder, name: context.parameters.get("name"))
      }
    }
    // A shared board's feeds, once for every partnership that imports it.
    for folder in ["boards", "duties"] {
      routes.get("/\(SharedCalendars.folder)/:origin/\(folder)/{name}.ics") { request, context in
        try sharedFeed(request, context, folder: folder, name: context.parameters.get("name"))
      }
    }
    return routes
  }

  /// `/shared/ID/boards/B.ics`: as `feed`, from the shared boards' feeds of the live state; open
  /// to whom `LiveShared.allows`.
  func sharedFeed(
    _ request: Request, _ context: BoardCalRequestContext, folder: String, name: String?
  ) throws -> Response {
    guard let origin = context.parameters.get("origin"), let name,
      Site.isPlainName(origin), Site.isPlainName(name)
    else { throw NotFound() }
    let path = [SharedCalendars.folder, origin, folder, "\(name).ics"].joined(separator: "/")
    guard let shared = site.live.current().shared, let entry = shared.entry(path),
      shared.allows(context.grant, entry)
    else { throw NotFound() }
    return try answer(request, context) { () throws(PipelineError) in try shared.served(path) }
  }

  func feed(
    _ request: Request, _ context: BoardCalRequestContext, folder: String?, name: String?
  ) throws -> Response {
    guard let id = context.parameters.get("partnership"), let name,
      Site.isPlainName(id), Site.isPlainName(name)
    else { throw NotFound() }
    let path = ([id] + (folder.map { [$0] } ?? []) + ["\(name).ics"]).joined(separator: "/")
    guard let live = site.live.current().partnership(id), let entry = live.entry(path),
      live.disclosure(context.audience).feed(
        entry.kind, subject: entry.subject, isPrivate: entry.private)
    else { throw NotFound() }
    return try answer(request, context) { () throws(PipelineError) in try live.served(path) }
  }

  /// A feed from memory (`lookUp`, rendered on first request): 304 when the client's
  /// validators match, else the feed; a feed that could not be made is a 500 with the reason
  /// logged.
  private func answer(
    _ request: Request, _ context: BoardCalRequestContext,
    _ lookUp: () throws(PipelineError) -> (feed: ServedFeed, rendered: Bool)?
  ) throws -> Response {
    let served: ServedFeed
    do {
      guard let found = try lookUp() else { throw NotFound() }
      site.metrics.feedCache(hit: !found.rendered)
      served = found.feed
    } catch let error as PipelineError {
      context.logger.error("\(error)")
      throw PlainError(status: .internalServerError, message: "The feed could not be made.")
    }
    if Validators.notModified(
      ifNoneMatch: request.headers[values: .ifNoneMatch],
      ifModifiedSince: request.headers[.ifModifiedSince], entityTag: served.entityTag,
      lastModified: served.lastModified)
    {
      return Response(status: .notModified, headers: served.validators)
    }
    return Response(
      status: .ok, headers: served.headers, body: ResponseBody(byteBuffer: served.body))
  }
}
