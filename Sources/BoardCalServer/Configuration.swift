import BoardCalCore
import BoardCalPipeline
import BoardCalStore
import Foundation

/// What the server serves and to whom. The clock and "today" come from the caller (the command
/// line is the edge), so tests can fix them.
public struct ServerConfiguration: Sendable {
  /// The folder of protocol files (`*.yaml`, with the shared files they import one folder down):
  /// what the feeds, pages and API are derived from.
  public var protocols: String
  /// Where the server is reached from outside, e.g. `https://boards.example.gov.uk`; without it,
  /// subscribe links are built from each request's Host header.
  public var baseURL: String?
  /// The records database whose records the feeds, pages and API apply (moves, cancellations,
  /// fulfilments); nil: the protocols alone.
  public var database: RecordsDatabase?
  /// Who may read private feeds, pages and API results.
  public var access: FeedAccess
  /// The day pages and the API look from when no `as_of` is given, in a partnership's time zone.
  public var today: @Sendable (_ timeZone: String) -> CivilDate
  /// The current instant, for a feed's Last-Modified when its bytes change and for the daily
  /// alert rounds.
  public var now: @Sendable () -> Date
  /// The contacts file: names and addresses behind the protocols' roles, for the alerts the
  /// server shows and sends; nil: the records database's contacts alone.
  public var contactsFile: String?
  /// The alerts the server sends once a day (`--notify-at`); nil: none (cron runs `notify`).
  public var dailyAlerts: DailyAlerts?

  public init(
    protocols: String, database: RecordsDatabase? = nil,
    baseURL: String? = nil, access: FeedAccess = FeedAccess(token: nil),
    today: @escaping @Sendable (_ timeZone: String) -> CivilDate,
    now: @escaping @Sendable () -> Date = { Date() }, contactsFile: String? = nil,
    dailyAlerts: DailyAlerts? = nil
  ) {
    self.protocols = protocols
    self.database = database
    self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.access = access
    self.today = today
    self.now = now
    self.contactsFile = contactsFile
    self.dailyAlerts = dailyAlerts
  }
}

/// Who a token makes the request's holder: the shared token (`--token`, `BOARDCAL_FEED_TOKEN`)
/// makes an officer of every partnership; a token the records database issued (`boardcal token
/// issue`) makes its person, or its board's members, in its own partnership only.
public enum Grant: Sendable, Hashable {
  case officer
  case issued(IssuedToken)

  /// The audience of a request about partnership `id` (nil: about none, such as the index).
  public func audience(in id: String?) -> Audience {
    switch self {
    case .officer: return .officer
    case .issued(let token):
      guard token.partnership == id else { return .public }
      switch token.holder {
      case .person(let person): return .person(person)
      case .board(let board): return .board(board)
      }
    }
  }
}

/// The shared secret that opens every private feed, page and API answer (`?token=T`, `Authorization:
/// Bearer T` or the cookie set from it): the officer's, for a single-officer setup. Without it,
/// only tokens the records database issued open anything private. Tokens are compared as SHA-256
/// digests in constant time.
public struct FeedAccess: Sendable {
  /// SHA-256 of the shared secret.
  let secret: [UInt8]?

  /// An empty token counts as none.
  public init(token: String?) {
    secret = token.flatMap { $0.isEmpty ? nil : AccessToken.digest($0) }
  }

  /// Whether the shared secret is configured.
  public var isEnabled: Bool { secret != nil }

  /// Whether `token` is the shared secret.
  public func permits(_ token: String?) -> Bool { grant(token, issued: []) == .officer }

  /// What `token` grants: the shared secret, or one of the `issued` tokens not revoked, compared
  /// digest by digest with every one of them (the time taken does not depend on which matches,
  /// nor on how much of a digest does).
  public func grant(_ token: String?, issued: [IssuedToken]) -> Grant? {
    guard let token, !token.isEmpty else { return nil }
    let digest = AccessToken.digest(token)
    var found: Grant?
    if let secret, AccessToken.sameDigest(digest, secret) { found = .officer }
    for candidate in issued where !candidate.isRevoked {
      if AccessToken.sameDigest(digest, candidate.digest), found == nil {
        found = .issued(candidate)
      }
    }
    return found
  }
}
