import BoardCalCore
import Hummingbird

/// The headers every answer carries, set in one place: `nosniff` always; for pages a content
/// security policy without scripts and no referrer; and, unless a route chose its own, a cache
/// policy by audience (a shared cache may revalidate what the public sees; what an officer sees
/// is never stored). Errors pass through here too, so a 404 carries the same headers.
struct HeadersMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as any HTTPResponseError {
      response = try error.response(from: request, context: context)
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    if response.headers[.contentType]?.hasPrefix("text/html") == true {
      response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
      response.headers[.referrerPolicy] = "no-referrer"
    }
    if response.headers[.cacheControl] == nil {
      response.headers[.cacheControl] =
        context.audience == .public ? "no-cache" : "private, no-store"
    }
    return response
  }
}

/// Field names HTTPTypes does not predefine (its `HTTPField` is reached through `HTTPFields`,
/// which Hummingbird exports).
typealias FieldName = HTTPFields.Element.Name

extension FieldName {
  static let referrerPolicy = FieldName("Referrer-Policy")!
  static let xForwardedProto = FieldName("X-Forwarded-Proto")!
}
