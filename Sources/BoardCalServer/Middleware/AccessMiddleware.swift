import BoardCalCore
import Hummingbird

/// Decides who is asking: a request whose `?token=` is the configured secret is an officer's;
/// any other is the public's. Every route then shows what `Disclosure` lets that audience see.
struct AccessMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext
  let access: FeedAccess

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var context = context
    let token = request.uri.queryParameters.get("token")
    if access.permits(token) {
      context.audience = .officer
      context.grantedToken = token
    }
    return try await next(request, context)
  }
}
