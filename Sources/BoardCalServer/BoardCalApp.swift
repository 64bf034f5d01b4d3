import BoardCalCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The server as an application, ready to run (`runService()`) or to drive with
/// HummingbirdTesting (`test(.router)`, no network port).
public func makeServer(
  _ configuration: ServerConfiguration, host: String = "127.0.0.1", port: Int = 8080,
  onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
) throws(ProtocolProblems) -> Application<RouterResponder<BoardCalRequestContext>> {
  try BoardCalApp(configuration).application(host: host, port: port, onRunning: onRunning)
}

/// The HTTP server (README "HTTP server"), in Hummingbird's layers, outermost first:
/// `RequestLogMiddleware` logs and counts every answer, `CompressionMiddleware` gzips what may be
/// gzipped, `AccessMiddleware` decides who is asking, `HeadersMiddleware` sets the security and
/// cache headers of every answer, `MethodsMiddleware` answers 405 for a method a route does not
/// take; then the route collections answer:
/// - `PageRoutes`: `GET /`, `GET /P/`, `GET /P/boards/BOARD`, `GET /P/overdue`,
///   `GET /P/conflicts`;
/// - `ForwardPlanRoutes`: `GET /P/forward-plan`, `/P/forward-plan.csv`, `/P/forward-plan.ics`;
/// - `FeedRoutes`: `GET /P/public.ics` and every feed of the live state;
/// - `APIRoutes`: `GET /api/P/schedule`, `/upcoming`, `/alerts`, `/conflicts`, `/forward-plan`
///   and `GET /api/openapi.yaml`;
/// - `ServiceRoutes`: `GET /healthz` and `GET /metrics`.
/// `HEAD` answers every `GET` route. Pages and the API apply the records database, as the
/// command line does, and show what `Disclosure` lets the audience see. Each connection is
/// guarded by the timeouts and the Host rule of `GuardedHTTP1Channel`, and the public's feed
/// requests are answered in the connection's pipeline, ahead of all this (`PublicFeedAnswers`).
public struct BoardCalApp: Sendable {
  public var configuration: ServerConfiguration { site.configuration }
  let site: Site
  /// What the server counts, shown at `/metrics`; whoever caches feeds, derives states or works
  /// out alerts feeds it too.
  public let metrics = ServerMetrics()

  /// Loads the protocols; throws with every diagnostic when one of them has problems.
  public init(_ configuration: ServerConfiguration) throws(ProtocolProblems) {
    site = try Site(configuration, metrics: metrics)
    // The page templates are parsed once, here, before the first request.
    _ = PageTemplates.library
  }

  /// The routes with their middleware, ready for an `Application` or for `HummingbirdTesting`.
  public func router() -> Router<BoardCalRequestContext> {
    let router = Router(context: BoardCalRequestContext.self, options: .autoGenerateHeadEndpoints)
    let collections = routeCollections()
    let allowed = AllowedMethods(collections)
    // Outermost first: every answer is logged as sent; who is asking is known before the
    // headers are chosen; a 405 gets the same headers as any other answer.
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: CompressionMiddleware())
    router.add(
      middleware: AccessMiddleware(
        access: site.configuration.access,
        live: site.live,
        baseURL: site.configuration.baseURL))
    router.add(middleware: HeadersMiddleware())
    router.add(middleware: MethodsMiddleware(allowed: allowed))
    for (collection, path) in collections { router.addRoutes(collection, atPath: path) }
    return router
  }

  /// Every route collection, with the path it is mounted at.
  func routeCollections() -> [(RouteCollection<BoardCalRequestContext>, RouterPath)] {
    [
      (PageRoutes(site: site).collection, ""),
      (ForwardPlanRoutes(site: site).collection, ""),
      (FeedRoutes(site: site).collection, ""),
      (APIRoutes(site: site).collection, "/api"),
      (ServiceRoutes(metrics: metrics).collection, ""),
    ]
  }

  /// The application, listening on `host:port` (port 0: any free port), dropping clients as
  /// `timeouts` say and logging one line per request to `logger`; `onRunning` gets the address
  /// it listens on once it does. It is a `Service`: `boardcal serve` runs it in a
  /// `ServiceGroup` that shuts it down gracefully on SIGTERM.
  public func application(
    host: String = "127.0.0.1", port: Int = 8080, timeouts: ConnectionTimeouts = .init(),
    logger: Logger = Logger(label: "boardcal"),
    onRunning: @escaping @Sendable (_ url: String) async -> Void = { _ in }
  ) -> Application<RouterResponder<BoardCalRequestContext>> {
    var services: [any Service] = [LiveStateTicker(live: site.live)]
    if let daily = configuration.dailyAlerts {
      services.append(
        DailyAlertRounds(
          live: site.live, alerts: daily, now: configuration.now,
          logger: Logger(label: "boardcal.alerts")))
    }
    return Application(
      router: router(),
      server: .boardcal(timeouts, site: site),
      configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
      services: services,
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        let shown = host.contains(":") ? "[\(host)]" : host
        await onRunning("http://\(shown):\(bound)/")
      },
      logger: logger)
  }

  /// One public feed to show at start-up: `webcal://` and `https://` links from the base URL or
  /// the listening address (`url`).
  public func sampleSubscription(listeningOn url: String) -> (
    name: String, webcal: String, web: String
  )? {
    for live in site.live.current().partnerships {
      guard let entry = live.index.first(where: { !$0.private && $0.events > 0 }) else { continue }
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
