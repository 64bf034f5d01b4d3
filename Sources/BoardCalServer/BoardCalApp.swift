import BoardCalCore
import Foundation
import Hummingbird

/// The server as an application, ready to run (`runService()`) or to drive with
/// HummingbirdTesting (`test(.router)`, no network port).
public func makeServer(
  _ configuration: ServerConfiguration, host: String = "127.0.0.1", port: Int = 8080,
  onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
) throws(ProtocolProblems) -> Application<RouterResponder<BoardCalRequestContext>> {
  try BoardCalApp(configuration).application(host: host, port: port, onRunning: onRunning)
}

/// The HTTP server (README "HTTP server"), in Hummingbird's layers: `AccessMiddleware` decides
/// who is asking, `HeadersMiddleware` sets the security and cache headers of every answer, and
/// three route collections answer:
/// - `PageRoutes`: `GET /`, `GET /P/`, `GET /P/boards/BOARD`;
/// - `FeedRoutes`: `GET /P/public.ics` and every feed `P/feeds.json` lists;
/// - `APIRoutes`: `GET /api/P/schedule` and `GET /api/P/upcoming`.
/// `HEAD` answers every `GET` route. Pages and the API apply the records database, as the
/// command line does, and show what `Disclosure` lets the audience see.
public struct BoardCalApp: Sendable {
  public var configuration: ServerConfiguration { site.configuration }
  let site: Site

  /// Loads the protocols; throws with every diagnostic when one of them has problems.
  public init(_ configuration: ServerConfiguration) throws(ProtocolProblems) {
    site = try Site(configuration)
  }

  /// The routes with their middleware, ready for an `Application` or for `HummingbirdTesting`.
  public func router() -> Router<BoardCalRequestContext> {
    let router = Router(context: BoardCalRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost first: who is asking is known before the headers are chosen.
    router.add(
      middleware: AccessMiddleware(
        access: site.configuration.access,
        issued: IssuedTokens(database: site.configuration.database),
        baseURL: site.configuration.baseURL))
    router.add(middleware: HeadersMiddleware())
    router.addRoutes(PageRoutes(site: site).collection)
    router.addRoutes(FeedRoutes(site: site).collection)
    router.addRoutes(APIRoutes(site: site).collection, atPath: "/api")
    return router
  }

  /// The application, listening on `host:port` (port 0: any free port); `onRunning` gets the
  /// address it listens on once it does.
  public func application(
    host: String = "127.0.0.1", port: Int = 8080,
    onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
  ) -> Application<RouterResponder<BoardCalRequestContext>> {
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
    for id in site.folder.partnerships() {
      guard let entry = site.folder.feeds(of: id)?.first(where: { !$0.private }) else { continue }
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
}
