import BoardCalCore
import Foundation
import Hummingbird

/// The feeds `boardcal emit` wrote, as `feeds.json` lists them: `/P/public.ics`,
/// `/P/boards/B.ics`, `/P/duties/B.ics`, `/P/people/X.ics`. A strong ETag and a Last-Modified
/// that never goes back, 304 for a matching If-None-Match or If-Modified-Since, never gzipped.
/// A feed the audience may not subscribe to is answered as one that does not exist.
struct FeedRoutes {
  let site: Site

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/:partnership/public.ics") { request, context in
      try await feed(request, context, folder: nil, name: "public")
    }
    for folder in ["boards", "duties", "people"] {
      routes.get("/:partnership/\(folder)/{name}.ics") { request, context in
        try await feed(request, context, folder: folder, name: context.parameters.get("name"))
      }
    }
    return routes
  }

  func feed(
    _ request: Request, _ context: BoardCalRequestContext, folder: String?, name: String?
  ) async throws -> Response {
    guard let id = context.parameters.get("partnership"), let name,
      CalendarsFolder.isPlainName(id), CalendarsFolder.isPlainName(name)
    else { throw NotFound() }
    let path = ([id] + (folder.map { [$0] } ?? []) + ["\(name).ics"]).joined(separator: "/")
    let disclosure =
      await site.partnership(id, context.logger).map { Disclosure(context.audience, of: $0) }
      ?? Disclosure(feedsOnly: context.audience)
    guard let entry = site.folder.feeds(of: id)?.first(where: { $0.path == path }),
      disclosure.feed(entry.kind, subject: entry.subject, isPrivate: entry.private),
      let file = site.folder.load(entry)
    else { throw NotFound() }
    let entityTag = Validators.entityTag(file.body)
    let lastModified = await site.lastModified.lastModified(
      path: entry.path, entityTag: entityTag, modified: file.modified,
      now: UTCInstant(site.configuration.now()).secondsSince1970)
    var headers: HTTPFields = [
      .eTag: entityTag,
      .lastModified: HTTPDate.format(lastModified),
      .cacheControl: entry.private ? "private, no-cache" : "no-cache",
    ]
    if Validators.notModified(
      ifNoneMatch: request.headers[values: .ifNoneMatch],
      ifModifiedSince: request.headers[.ifModifiedSince], entityTag: entityTag,
      lastModified: lastModified)
    {
      return Response(status: .notModified, headers: headers)
    }
    headers[.contentType] = calendarContentType(file.body)
    return Response(
      status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.body)))
  }
}
