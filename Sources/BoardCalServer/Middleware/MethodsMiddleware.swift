import Hummingbird

/// The methods each route pattern answers, gathered from the route collections as they are added
/// to the router (`HEAD` wherever `GET` is, as the router generates it).
struct AllowedMethods: Sendable {
  private(set) var routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []

  /// The routes of each collection, mounted at its path.
  init(_ collections: [(RouteCollection<BoardCalRequestContext>, RouterPath)]) {
    let recorder = Recorder()
    for (collection, prefix) in collections { recorder.addRoutes(collection, atPath: prefix) }
    for (path, method) in recorder.routes {
      var methods: Set<HTTPRequest.Method> = [method]
      if method == .get { methods.insert(.head) }
      if let index = routes.firstIndex(where: { $0.path == path }) {
        routes[index].methods.formUnion(methods)
      } else {
        routes.append((path, methods))
      }
    }
  }

  /// The methods the routes whose pattern matches `path` answer, and the most literal of those
  /// patterns (`/healthz` before `/{partnership}`); nil when none matches.
  func methods(for path: String) -> (route: String, methods: Set<HTTPRequest.Method>)? {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    let matching = routes.filter { route in
      route.path.components.count == parts.count
        && zip(route.path.components, parts).allSatisfy { $0 ~= $1 }
    }
    // A literal component equals its own text; a capture or a wildcard does not.
    func literal(_ path: RouterPath) -> Int {
      path.components.filter { $0 == $0.description }.count
    }
    guard let best = matching.max(by: { literal($0.path) < literal($1.path) }) else { return nil }
    return (best.path.description, matching.reduce(into: []) { $0.formUnion($1.methods) })
  }

  /// A router that only writes down what is added to it.
  private final class Recorder: RouterMethods {
    typealias Context = BoardCalRequestContext
    var routes: [(RouterPath, HTTPRequest.Method)] = []

    @discardableResult func on<Responder: HTTPResponder>(
      _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
      routes.append((path, method))
      return self
    }

    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self { self }
  }
}

/// `405 Method Not Allowed` with `Allow` for a method a route does not answer (`POST` on a page,
/// a feed or the API), where the router alone would answer 404. Under `/api` the body is the
/// API's JSON error; elsewhere plain text.
struct MethodsMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext
  let allowed: AllowedMethods

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    do {
      return try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound {
      // Only when no route took the request: a route's own 404 stands.
      guard context.endpointPath == "NotFound",
        let (route, methods) = allowed.methods(for: request.uri.path),
        !methods.contains(request.method)
      else { throw error }
      context.coreContext.endpointPath.value = route
      let allow =
        Self.order.filter(methods.contains).map(\.rawValue)
        + methods.filter { !Self.order.contains($0) }.map(\.rawValue).sorted()
      throw MethodNotAllowed(
        allow: allow.joined(separator: ", "), json: request.uri.path.hasPrefix("/api/"),
        method: request.method.rawValue)
    }
  }

  static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
}

/// The answer to a method a route does not take.
struct MethodNotAllowed: HTTPResponseError {
  let allow: String
  let json: Bool
  let method: String
  var status: HTTPResponse.Status { .methodNotAllowed }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var response =
      json
      ? try APIError(
        status: status, error: "\(method) is not allowed here; use \(allow).", parameter: nil
      ).response(from: request, context: context)
      : Response(
        status: status, headers: [.contentType: "text/plain; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: "Method not allowed: use \(allow).\n")))
    response.headers[.allow] = allow
    return response
  }
}
