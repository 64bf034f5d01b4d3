import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalStore
import Foundation
import Hummingbird
import Logging

/// What every route reads: the live state of every partnership (protocols with the records
/// applied, as of today) and the configuration.
struct Site: Sendable {
  let configuration: ServerConfiguration
  let live: LiveState
  let metrics: ServerMetrics

  init(_ configuration: ServerConfiguration, metrics: ServerMetrics) throws(ProtocolProblems) {
    self.configuration = configuration
    self.metrics = metrics
    live = try LiveState(
      folder: configuration.protocols, database: configuration.database,
      contactsFile: configuration.contactsFile,
      options: FeedOptions(baseURL: configuration.baseURL), today: configuration.today,
      now: configuration.now, logger: Logger(label: "boardcal.live"), metrics: metrics)
  }

  /// Every partnership, in protocol file order.
  func partnerships(_ logger: Logger) async -> [Partnership] {
    live.current().partnerships.map(\.state.partnership)
  }

  /// The partnership with this id, if a protocol defines it.
  func partnership(_ id: String, _ logger: Logger) async -> Partnership? {
    live.current().partnership(id)?.state.partnership
  }

  /// The partnership as it stands, with what the records database holds for it: the same
  /// `PartnershipState` the command line builds, kept in memory and re-derived when the protocol,
  /// the records or the day change. When the records could not be read, the answer says only
  /// that (no path or SQLite message reaches a client; the reason is in the log).
  func state(of p: Partnership, _ logger: Logger) async throws -> PartnershipState {
    guard let found = live.current().partnership(p.id) else { throw NotFound() }
    guard found.unavailable == nil else {
      throw HTTPError(
        .serviceUnavailable, message: "The records are not available just now; try again later.")
    }
    return found.state
  }

  /// The feeds of a partnership, in the order `feeds.json` lists them; nil when there is no such
  /// partnership.
  func feeds(of id: String) -> [FeedIndexEntry]? {
    live.current().partnership(id)?.index
  }

  /// Subscribe links from the base URL, or from the request's Host.
  func address(_ request: Request) -> SiteAddress {
    SiteAddress(baseURL: configuration.baseURL, request: request)
  }

  /// A partnership id or feed name as a single path component: letters, digits, `-`, `_` and
  /// `.` but no `..`.
  static func isPlainName(_ name: some StringProtocol) -> Bool {
    !name.isEmpty && name != "." && name != ".."
      && name.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
          UInt8(ascii: "."):
          return true
        default: return false
        }
      }
  }
}
