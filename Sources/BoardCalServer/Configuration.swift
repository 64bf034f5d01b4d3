import BoardCalCore
import BoardCalPipeline
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
  /// The alerts the server sends once a day (`--notify-at`); nil: none (cron runs `notify`).
  public var dailyAlerts: DailyAlerts?

  public init(
    protocols: String, database: RecordsDatabase? = nil,
    baseURL: String? = nil, access: FeedAccess = FeedAccess(token: nil),
    today: @escaping @Sendable (_ timeZone: String) -> CivilDate,
    now: @escaping @Sendable () -> Date = { Date() }, dailyAlerts: DailyAlerts? = nil
  ) {
    self.protocols = protocols
    self.database = database
    self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.access = access
    self.today = today
    self.now = now
    self.dailyAlerts = dailyAlerts
  }
}

/// The shared secret that opens private feeds (`?token=T`): one token for every private feed of
/// the server, compared in constant time. Without a token configured, private feeds are never
/// served. (Per-feed tokens, HMAC-SHA256(secret, path), need swift-crypto as a direct dependency.)
public struct FeedAccess: Sendable {
  let secret: [UInt8]?

  /// An empty token counts as none.
  public init(token: String?) {
    secret = token.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
  }

  /// Whether private feeds can be served at all.
  public var isEnabled: Bool { secret != nil }

  /// Whether `token` is the configured secret. The time taken depends only on the lengths.
  public func permits(_ token: String?) -> Bool {
    guard let secret, let token else { return false }
    let given = Array(token.utf8)
    var difference = UInt8(truncatingIfNeeded: given.count ^ secret.count)
    if given.count != secret.count { difference |= 1 }
    for i in 0..<secret.count {
      difference |= secret[i] ^ (i < given.count ? given[i] : 0)
    }
    return difference == 0
  }
}
