import BoardCalCore
import Foundation
import Hummingbird

/// The server as an application, ready to run (`runService()`) or to drive with
/// HummingbirdTesting (`test(.router)`, no network port).
public func makeServer(
  _ configuration: ServerConfiguration, host: String = "127.0.0.1", port: Int = 8080,
  onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
) throws(ProtocolProblems) -> Application<RouterResponder<BasicRequestContext>> {
  try BoardCalApp(configuration).application(host: host, port: port, onRunning: onRunning)
}

/// The HTTP server: the calendars folder's feeds (with validators and 304s, never gzipped),
/// pages for people and a JSON API (README "HTTP server").
///
/// Routes:
/// - `GET /`: the partnerships and their public feeds, with subscribe links.
/// - `GET /P/`: a partnership's boards with their next meetings, and its feeds.
/// - `GET /P/boards/BOARD`: one board, its calendars and meetings (the feeds' "Board page").
/// - `GET /P/public.ics` and every feed `P/feeds.json` lists; private ones only with `?token=`.
/// - `GET /api/P/schedule?from=&to=&board=` and `GET /api/P/upcoming?board=&as_of=&days=`.
/// `HEAD` answers every `GET` route. A valid `?token=` also shows private boards, paper deadlines
/// and confidential items on the pages and in the API; without one they show what the public
/// feed shows.
public struct BoardCalApp: Sendable {
  public let configuration: ServerConfiguration
  let folder: CalendarsFolder
  let catalog: ProtocolCatalog
  let lastModified = LastModifiedLog()

  /// Loads the protocols; throws with every diagnostic when one of them has problems.
  public init(_ configuration: ServerConfiguration) throws(ProtocolProblems) {
    self.configuration = configuration
    folder = CalendarsFolder(configuration.calendars)
    catalog = try ProtocolCatalog(folder: configuration.protocols)
  }

  /// The routes, ready for an `Application` or for `HummingbirdTesting`.
  public func router() -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.get("/") { request, context in try await self.indexPage(request, context) }
    router.get("/api/:partnership/schedule") { request, context in
      try await self.scheduleAPI(request, context)
    }
    router.get("/api/:partnership/upcoming") { request, context in
      try await self.upcomingAPI(request, context)
    }
    router.get("/:partnership") { request, context in
      try await self.partnershipPage(request, context)
    }
    router.get("/:partnership/**") { request, context in try await self.feed(request, context) }
    return router
  }

  /// The application, listening on `host:port` (port 0: any free port); `onRunning` gets the
  /// address it listens on once it does.
  public func application(
    host: String = "127.0.0.1", port: Int = 8080,
    onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
  ) -> Application<RouterResponder<BasicRequestContext>> {
    Application(
      router: router(),
      configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        let shown = host.contains(":") ? "[\(host)]" : host
        await onRunning("http://\(shown):\(bound)/")
      })
  }

  /// One public feed to show at start-up: `webcal://` and `https://` links from the base URL or
  /// the listening address (`url`).
  public func sampleSubscription(listeningOn url: String) -> (
    name: String, webcal: String, web: String
  )? {
    for id in folder.partnerships() {
      guard let entry = folder.feeds(of: id)?.first(where: { !$0.private }) else { continue }
      let base = configuration.baseURL ?? url
      guard let parts = URLComponents(string: base), let host = parts.host else { return nil }
      let address = SiteAddress(
        scheme: parts.scheme ?? "http",
        authority: (host.contains(":") ? "[\(host)]" : host) + (parts.port.map { ":\($0)" } ?? ""),
        prefix: parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path)
      return (entry.name, address.webcal(entry.path), address.web(entry.path))
    }
    return nil
  }

  // MARK: Feeds

  func feed(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    guard let partnership = context.parameters.get("partnership") else { return notFound() }
    let rest = context.parameters.getCatchAll().map(String.init)
    if rest.count == 2, rest[0] == "boards", !rest[1].hasSuffix(".ics") {
      return await boardPage(request, context, partnership: partnership, board: rest[1])
    }
    let path = ([partnership] + rest).joined(separator: "/")
    guard let entry = folder.feeds(of: partnership)?.first(where: { $0.path == path }),
      !entry.private || configuration.access.permits(token(request)),
      let file = folder.load(entry)
    else { return notFound() }
    let entityTag = Validators.entityTag(file.body)
    let lastModified = await lastModified.lastModified(
      path: entry.path, entityTag: entityTag, modified: file.modified,
      now: Int(configuration.now().timeIntervalSince1970.rounded(.down)))
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
      var response = Response(status: .notModified, headers: headers)
      response.headers[.contentLength] = nil
      return response
    }
    headers[.contentType] = calendarContentType(file.body)
    headers[.xContentTypeOptions] = "nosniff"
    return Response(
      status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.body)))
  }

  /// The same answer for a feed that does not exist and for a private one without the token.
  func notFound() -> Response {
    Response(
      status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: "Not found.\n")))
  }

  func token(_ request: Request) -> String? { request.uri.queryParameters.get("token") }

  /// The token to carry in links, when the request's token is valid.
  func grantedToken(_ request: Request) -> String? {
    let given = token(request)
    return configuration.access.permits(given) ? given : nil
  }

  func partnerships(_ context: BasicRequestContext) async -> [Partnership] {
    let (found, warnings) = await catalog.partnerships()
    for warning in warnings { context.logger.warning("\(warning)") }
    return found
  }

  func partnership(_ id: String, _ context: BasicRequestContext) async -> Partnership? {
    let (found, warnings) = await catalog.partnership(id)
    for warning in warnings { context.logger.warning("\(warning)") }
    return found
  }

  // MARK: Pages

  func indexPage(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let token = grantedToken(request)
    let names = Dictionary(
      await partnerships(context).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let listed = folder.partnerships().map { id in
      (id: id, name: names[id] ?? id, feeds: folder.feeds(of: id) ?? [])
    }
    let page = Pages(
      address: SiteAddress(baseURL: configuration.baseURL, request: request), token: token)
    return html(page.index(listed), privateView: token != nil)
  }

  func partnershipPage(_ request: Request, _ context: BasicRequestContext) async throws
    -> Response
  {
    guard let id = context.parameters.get("partnership"), CalendarsFolder.isPlainName(id)
    else { return notFound() }
    let p = await partnership(id, context)
    let feeds = folder.feeds(of: id)
    guard p != nil || feeds != nil else { return notFound() }
    let token = grantedToken(request)
    let page = Pages(
      address: SiteAddress(baseURL: configuration.baseURL, request: request), token: token)
    let asOf = p.map { configuration.today($0.timeZone) }
    return html(
      page.partnership(id: id, p, feeds: feeds ?? [], asOf: asOf), privateView: token != nil)
  }

  /// `GET /P/boards/BOARD`: the page the feeds link to as "Board page".
  func boardPage(
    _ request: Request, _ context: BasicRequestContext, partnership id: String, board: String
  ) async -> Response {
    guard let p = await partnership(id, context), let board = p.board(board) else {
      return notFound()
    }
    let token = grantedToken(request)
    let page = Pages(
      address: SiteAddress(baseURL: configuration.baseURL, request: request), token: token)
    return html(
      page.board(
        board, of: p, feeds: folder.feeds(of: id) ?? [], asOf: configuration.today(p.timeZone)),
      privateView: token != nil)
  }

  func html(_ text: String, privateView: Bool) -> Response {
    Response(
      status: .ok,
      headers: [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: privateView ? "private, no-store" : "no-cache",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
        .referrerPolicy: "no-referrer",
        .xContentTypeOptions: "nosniff",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}

/// Field names HTTPTypes does not predefine (its `HTTPField` is reached through `HTTPFields`,
/// which Hummingbird exports).
typealias FieldName = HTTPFields.Element.Name

extension FieldName {
  static let referrerPolicy = FieldName("Referrer-Policy")!
  static let xForwardedProto = FieldName("X-Forwarded-Proto")!
}
