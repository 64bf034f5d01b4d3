import BoardCalCore
import BoardCalICal
import BoardCalOutput
import BoardCalPipeline
import Foundation

/// The feeds of the shared boards as the server serves them, at `/shared/ID/boards/B.ics` and
/// `/shared/ID/duties/B.ics`: each partnership's part joined (`SharedCalendars`), as `emit`
/// joins them, and rendered on first request with the same head, so they are the bytes `emit`
/// writes from the same protocols on the same day.
final class LiveShared: @unchecked Sendable {
  /// The partnerships that import a shared board, each with the shared boards it imports.
  let importers: [Partnership]
  private let feeds: [String: Feed]
  private let history: FeedHistory
  private let now: @Sendable () -> Date
  private let lock = NSLock()
  private let rendering = RenderedFeeds(head: SharedCalendars.head())
  private var served: [String: ServedFeed] = [:]

  /// Joins the parts of `partnerships`, in the order given; throws when two give one event two
  /// contents.
  init(
    _ partnerships: [LivePartnership], history: FeedHistory, now: @escaping @Sendable () -> Date
  ) throws(PipelineError) {
    let parts = partnerships.filter { !$0.sharedParts.isEmpty }
    importers = parts.map(\.state.partnership)
    let joined = try SharedCalendars.merged(
      parts.map { ($0.state.partnership.id, $0.sharedParts) })
    feeds = Dictionary(joined.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    self.history = history
    self.now = now
  }

  /// The listing of the feed at `path` (`shared/kent-and-medway/boards/kmsab.ics`).
  func entry(_ path: String) -> FeedIndexEntry? { feeds[path].map(FeedIndexEntry.init) }

  /// Whether `grant` opens the shared board's feed: an officer's does; a token a partnership
  /// issued does when that partnership imports the board and `Disclosure` would let its holder
  /// subscribe to the board's own feed of that kind there (its members, its chair).
  func allows(_ grant: Grant?, _ entry: FeedIndexEntry) -> Bool {
    guard let grant else { return !entry.private }
    for p in importers where p.board(entry.subject ?? "")?.shared != nil {
      let disclosure = Disclosure(grant.audience(in: p.id), of: p)
      if disclosure.feed(entry.kind, subject: entry.subject, isPrivate: entry.private) {
        return true
      }
    }
    return false
  }

  /// The feed at `path` as the server sends it, rendered on first request.
  func served(_ path: String) throws(PipelineError) -> (feed: ServedFeed, rendered: Bool)? {
    guard let feed = feeds[path] else { return nil }
    lock.lock()
    defer { lock.unlock() }
    if let done = served[path] { return (done, false) }
    let bytes: [UInt8]
    do {
      bytes = try rendering.render(feed)
    } catch {
      throw .render(file: path, error)
    }
    let entityTag = Validators.entityTag(bytes)
    // As `LivePartnership.served`: Last-Modified never later than Date.
    let seconds = UTCInstant(now()).secondsSince1970 - 1
    let lastModified = history.lastModified(path: path, entityTag: entityTag, now: seconds)
    let made = ServedFeed(
      bytes: bytes, entityTag: entityTag, lastModified: lastModified, isPrivate: feed.isPrivate)
    served[path] = made
    return (made, true)
  }
}
