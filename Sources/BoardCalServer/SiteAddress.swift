import Foundation
import Hummingbird

/// Where the server is seen from outside, for subscribe links: the configured base URL, or the
/// request's Host (and `X-Forwarded-Proto` from a proxy that terminates TLS).
struct SiteAddress: Sendable {
  /// `http` or `https`.
  let scheme: String
  /// `host` or `host:port`.
  let authority: String
  /// A path the server sits under behind a proxy (`/calendars`), or empty.
  let prefix: String

  init(scheme: String, authority: String, prefix: String) {
    self.scheme = scheme
    self.authority = authority
    self.prefix = prefix
  }

  init(baseURL: String?, request: Request) {
    if let baseURL, let parts = URLComponents(string: baseURL), let host = parts.host,
      let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https"
    {
      let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
      self.init(
        scheme: scheme, authority: bracketed + (parts.port.map { ":\($0)" } ?? ""),
        prefix: parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path)
      return
    }
    let forwarded = request.headers[.xForwardedProto]?.lowercased()
    let scheme = forwarded == "https" || forwarded == "http" ? forwarded! : "http"
    let host = request.head.authority ?? ""
    self.init(
      scheme: scheme, authority: Self.isPlausibleHost(host) ? host : "localhost", prefix: "")
  }

  /// A Host value worth echoing into a page: a name or address and an optional port.
  static func isPlausibleHost(_ host: String) -> Bool {
    !host.isEmpty && host.count <= 255
      && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
  }

  /// The path of a page or feed on this server, e.g. `/milton-keynes/`.
  func path(_ relative: String, token: String? = nil) -> String {
    prefix + "/" + relative + (token.map { "?token=\(Self.queryEscaped($0))" } ?? "")
  }

  /// The address for Google Calendar's "From URL" and for downloading.
  func web(_ relative: String, token: String? = nil) -> String {
    "\(scheme)://\(authority)\(path(relative, token: token))"
  }

  /// The address for Apple Calendar and Outlook.
  func webcal(_ relative: String, token: String? = nil) -> String {
    "webcal://\(authority)\(path(relative, token: token))"
  }

  static func queryEscaped(_ value: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
  }
}
