import BoardCalCore
import BoardCalStore
import Foundation
import Hummingbird

/// Decides who is asking. A token is read from `?token=`, from `Authorization: Bearer T`, or
/// from the cookie set from a token link, in that order; the shared token (`--token`) makes an
/// officer, a token the records database issued makes its person or board's members, in its own
/// partnership (`Grant`). Any other request is the public's, and every route then shows what
/// `Disclosure` lets that audience see: an unknown, revoked or missing token gets exactly what no
/// token gets, a 404 for anything private.
///
/// A page (an HTML answer) opened with a good `?token=` is answered with a redirect to the same
/// address without the token, setting the token as an `HttpOnly; SameSite=Strict` cookie
/// (`Secure` behind https), so that pages never carry the token in their links or in a
/// browser's history. Every answer says `Vary: Cookie, Authorization`, and one given on the
/// strength of a token is `Cache-Control: private`.
struct AccessMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext
  let access: FeedAccess
  /// Where the issued tokens are read from: the live state, which reads them with the records.
  let live: LiveState
  /// The configured base URL, for the cookie's `Secure` and the redirect's path prefix.
  let baseURL: String?

  /// What every answer's `Vary` names: the headers a token can come in.
  static let vary = "Cookie, Authorization"

  /// The cookie that holds the token for pages.
  static let cookieName = "boardcal_token"
  /// How long a browser keeps the cookie: 30 days (a revoked token stops working at once all the
  /// same).
  static let cookieMaxAge = 30 * 24 * 3600

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var context = context
    let query = request.uri.queryParameters.get("token").flatMap { $0.isEmpty ? nil : $0 }
    let presented = query ?? Self.bearer(request) ?? Self.cookie(request)
    let grant = presented.flatMap { access.grant($0, issued: live.current().tokens) }
    context.grant = grant
    if let grant {
      context.audience = grant.audience(in: Self.partnership(of: request.uri.path))
      if context.audience != .public { context.grantedToken = presented }
    }
    var response = try await next(request, context)
    if let token = query, grant != nil, response.status == .ok,
      response.headers[.contentType]?.hasPrefix("text/html") == true
    {
      response = redirect(request, settingCookie: token)
    }
    response.headers.append(HTTPFields.Element(name: .vary, value: Self.vary))
    if context.audience != .public {
      let policy = response.headers[.cacheControl]
      if policy?.contains("private") != true {
        response.headers[.cacheControl] = policy.map { "private, \($0)" } ?? "private"
      }
    }
    return response
  }

  /// `303 See Other` to the request's own address without `token=`, setting the cookie (with the
  /// security headers `HeadersMiddleware` gave the page it replaces, and no referrer, since the
  /// address it answers held the token).
  func redirect(_ request: Request, settingCookie token: String) -> Response {
    let address = SiteAddress(baseURL: baseURL, request: request)
    let rest = (request.uri.query ?? "").split(separator: "&").filter { item in
      let name = item.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return (name.removingPercentEncoding ?? name) != "token"
    }
    let location =
      address.prefix + request.uri.path + (rest.isEmpty ? "" : "?" + rest.joined(separator: "&"))
    var cookie =
      "\(Self.cookieName)=\(SiteAddress.queryEscaped(token)); Max-Age=\(Self.cookieMaxAge); Path=/; HttpOnly; SameSite=Strict"
    if address.scheme == "https" { cookie += "; Secure" }
    return Response(
      status: .seeOther,
      headers: [
        .location: location, .setCookie: cookie, .cacheControl: "no-store",
        .contentType: "text/plain; charset=utf-8", .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(string: "See \(location)\n")))
  }

  /// Whether a request's headers or query (what follows `?`) carry a token in any of the places
  /// `handle` looks (a token that turns out to be no good included).
  static func carriesToken(_ headers: HTTPFields, query: Substring?) -> Bool {
    headers[.authorization] != nil || query?.contains("token") == true
      || headers[values: .cookie].contains { $0.contains(cookieName) }
  }

  /// The token of `Authorization: Bearer T`.
  static func bearer(_ request: Request) -> String? {
    guard let value = request.headers[.authorization] else { return nil }
    let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    return parts[1].trimmingCharacters(in: .whitespaces)
  }

  /// The token of the cookie a token link set.
  static func cookie(_ request: Request) -> String? {
    guard let value = request.cookies[cookieName]?.value, !value.isEmpty else { return nil }
    return value.removingPercentEncoding ?? value
  }

  /// The partnership a request is about: the first part of its path (`/P/…`), or the second
  /// under `/api/`; nil for the index.
  static func partnership(of path: String) -> String? {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    let at = parts.first == "api" ? 1 : 0
    return parts.count > at ? String(parts[at]) : nil
  }
}
