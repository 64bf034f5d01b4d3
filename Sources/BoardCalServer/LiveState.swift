import BoardCalCore
import BoardCalDelivery
import BoardCalICal
import BoardCalOutput
import BoardCalPipeline
import BoardCalProtocols
import BoardCalStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Protocol files that could not be loaded: every diagnostic, with file, line and column.
public struct ProtocolProblems: Error, CustomStringConvertible {
  public let diagnostics: [String]
  public var description: String { diagnostics.joined(separator: "\n") }
}

/// What the server shows now: every partnership of the protocols folder, as of today in its own
/// time zone, with what the records database holds applied — the `PartnershipState` the command
/// line builds — and its feeds planned, ready to render.
///
/// The state is re-derived when a protocol file (or a shared file it imports) changes, when the
/// records database changes, and when a partnership's day turns. Changes are looked for at most
/// every `checkInterval`, by the request that finds the last look older than that (a few `stat`
/// calls) and by the server's own ticker between requests, so a recorded cancellation reaches the
/// pages, the API and the feeds within a second, with no restart. Requests in the meantime are
/// answered from the snapshot they found, never from half of a change.
///
/// A protocol file that stops loading keeps its last good version (the problem is logged once per
/// version of the file): a typo while editing never takes the pages down.
final class LiveState: @unchecked Sendable {
  /// How often the files are looked at.
  static let checkInterval: Duration = .milliseconds(200)

  let folder: String
  let database: RecordsDatabase?
  /// The contacts file (`serve --contacts`): names and addresses behind the protocols' roles.
  let contactsFile: String?
  let options: FeedOptions
  private let today: @Sendable (_ timeZone: String) -> CivilDate
  private let now: @Sendable () -> Date
  private let logger: Logger
  private let metrics: ServerMetrics?

  private let lock = NSLock()
  private var snapshot: LiveSnapshot
  private var lastLook: ContinuousClock.Instant
  private var looking = false

  // Touched only by the one look in progress (`looking`), or by `init`.
  private var files: [String: (stamp: FileStamp, partnership: Partnership)] = [:]
  private var failed: [String: FileStamp] = [:]
  private var sharedStamps: [String: FileStamp] = [:]
  private var databaseStamps: [FileStamp?] = []
  private var contactsStamp: FileStamp?
  /// Each partnership's contacts from the file, as last read without problems.
  private var fileContacts: [String: [Contact]] = [:]
  private var store: RecordStore?
  /// Why the records database, which exists, cannot be opened; nil when it can (or is absent).
  private var storeProblem: StoreError?
  /// The issued tokens as last read; none while the database is absent or unreadable.
  private var tokens: [IssuedToken] = []
  private let history = FeedHistory()

  /// Loads every protocol and derives each partnership; throws with every diagnostic when a
  /// protocol has problems (a server never starts on a protocol it cannot read).
  init(
    folder: String, database: RecordsDatabase?, contactsFile: String? = nil, options: FeedOptions,
    today: @escaping @Sendable (_ timeZone: String) -> CivilDate,
    now: @escaping @Sendable () -> Date, logger: Logger, metrics: ServerMetrics? = nil
  ) throws(ProtocolProblems) {
    self.folder = folder
    self.database = database
    self.contactsFile = contactsFile
    self.options = options
    self.today = today
    self.now = now
    self.logger = logger
    self.metrics = metrics
    snapshot = LiveSnapshot(version: 0, partnerships: [])
    lastLook = .now
    var problems: [String] = []
    for (path, stamp) in Self.protocolFiles(in: folder) {
      do {
        files[path] = (stamp, try ProtocolLoader.load(path: path))
      } catch {
        problems += error.diagnostics.map(\.description)
      }
    }
    if !problems.isEmpty { throw ProtocolProblems(diagnostics: problems) }
    contactsStamp = contactsFile.flatMap { FileStamp($0) }
    for p in files.values.map(\.partnership) {
      problems += readContacts(of: p)
    }
    if !problems.isEmpty { throw ProtocolProblems(diagnostics: problems) }
    sharedStamps = Self.sharedFiles(in: folder)
    databaseStamps = databaseFileStamps()
    openStore()
    readTokens()
    snapshot = derive(reloaded: Set(files.keys), everything: true, previous: snapshot)
  }

  /// The snapshot to answer a request from; looks for changes first when the last look is older
  /// than `checkInterval` and no other look is under way.
  func current() -> LiveSnapshot {
    let clock = ContinuousClock.now
    lock.lock()
    let due = !looking && lastLook.duration(to: clock) >= Self.checkInterval
    if due {
      looking = true
      lastLook = clock
    }
    let found = snapshot
    lock.unlock()
    guard due else { return found }
    let next = look(from: found)
    lock.lock()
    if let next { snapshot = next }
    looking = false
    let latest = snapshot
    lock.unlock()
    return latest
  }

  /// The snapshot as it stands, or nil when a look for changes is due: what the connection
  /// pipeline answers from (`PublicFeedAnswers`), which leaves every look to the chain.
  func currentWithoutLooking() -> LiveSnapshot? {
    let clock = ContinuousClock.now
    lock.lock()
    defer { lock.unlock() }
    guard looking || lastLook.duration(to: clock) < Self.checkInterval else { return nil }
    return snapshot
  }

  /// Looks for changes now, whatever the time of the last look (tests; the ticker).
  @discardableResult
  func refresh() -> LiveSnapshot {
    lock.lock()
    lastLook = .now - Self.checkInterval
    lock.unlock()
    return current()
  }

  // MARK: Looking for changes

  /// The next snapshot when something changed, nil when nothing did.
  private func look(from previous: LiveSnapshot) -> LiveSnapshot? {
    let current = Self.protocolFiles(in: folder)
    let shared = Self.sharedFiles(in: folder)
    let sharedChanged = shared != sharedStamps
    sharedStamps = shared
    let stamps = databaseFileStamps()
    let contacts = contactsFile.flatMap { FileStamp($0) }
    let contactsChanged = contacts != contactsStamp
    if contactsChanged {
      contactsStamp = contacts
      for p in files.values.map(\.partnership) {
        for problem in readContacts(of: p) {
          logger.warning("\(problem); the last good contacts are used")
        }
      }
    }
    let recordsChanged = stamps != databaseStamps || contactsChanged
    if recordsChanged {
      // A database that appeared or was replaced is opened afresh.
      if stamps.first??.inode != databaseStamps.first??.inode { openStore() }
      databaseStamps = stamps
      readTokens()
    }
    var reloaded: Set<String> = []
    var removed = false
    for path in files.keys where current[path] == nil {
      files[path] = nil
      failed[path] = nil
      removed = true
    }
    for (path, stamp) in current.sorted(by: { $0.key < $1.key }) {
      let unchanged = files[path]?.stamp == stamp || failed[path] == stamp
      if unchanged && !sharedChanged { continue }
      do {
        files[path] = (stamp, try ProtocolLoader.load(path: path))
        failed[path] = nil
        reloaded.insert(path)
      } catch {
        if failed[path] != stamp || sharedChanged {
          let problems = error.diagnostics.map(\.description).joined(separator: "; ")
          logger.warning("\(path) no longer loads; serving its last good version: \(problems)")
        }
        failed[path] = stamp
      }
    }
    let dayTurned = previous.partnerships.contains {
      $0.state.asOf != today($0.state.partnership.timeZone)
    }
    guard removed || recordsChanged || dayTurned || !reloaded.isEmpty else { return nil }
    return derive(reloaded: reloaded, everything: recordsChanged, previous: previous)
  }

  /// A new snapshot: partnerships whose file was reloaded, whose day turned, or all of them when
  /// `everything`, are derived again; the others are carried over as they were.
  private func derive(reloaded: Set<String>, everything: Bool, previous: LiveSnapshot)
    -> LiveSnapshot
  {
    let version = previous.version + 1
    let carried = Dictionary(
      previous.partnerships.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
    var seen: Set<String> = []
    var partnerships: [LivePartnership] = []
    for path in files.keys.sorted() {
      guard let p = files[path]?.partnership else { continue }
      // Two files with one partnership id: the first in file order is served.
      guard seen.insert(p.id).inserted else {
        logger.warning("\(path) defines '\(p.id)' again; serving the first file's.")
        continue
      }
      let day = today(p.timeZone)
      if let old = carried[path], !everything, !reloaded.contains(path), old.state.asOf == day {
        partnerships.append(old)
        continue
      }
      let started = ContinuousClock.now
      do {
        // A database that exists but cannot be opened is never read as "no records".
        if let storeProblem { throw PipelineError.store(storeProblem) }
        var state = try PartnershipState(p, asOf: day, store: store)
        state = state.with(contacts: state.contacts.with(file: fileContacts[p.id] ?? []))
        partnerships.append(
          LivePartnership(
            file: path, state: state, options: options, version: version, history: history,
            now: now))
        let took = started.duration(to: .now)
        logger.info("derived \(p.id) as of \(day.iso) in \(took.milliseconds) ms")
        metrics?.derived(partnership: p.id, in: took)
        metrics?.alertsPending(state.alerts(asOf: day).alerts.count, partnership: p.id)
      } catch {
        logger.error("\(p.id): the records database cannot be read: \(error)")
        if let old = carried[path], old.state.partnership.id == p.id {
          partnerships.append(old)
        } else {
          partnerships.append(LivePartnership(unavailable: p, file: path, asOf: day))
        }
      }
    }
    var snapshot = LiveSnapshot(version: version, partnerships: partnerships, tokens: tokens)
    do {
      snapshot.shared = try LiveShared(partnerships, history: history, now: now)
    } catch {
      logger.error("the shared boards' feeds cannot be made: \(error)")
    }
    return snapshot
  }

  /// Reads the tokens not revoked; on a problem none is accepted, and the reason is logged.
  private func readTokens() {
    do {
      tokens = try store?.liveTokens() ?? []
    } catch {
      tokens = []
      logger.error("issued tokens cannot be read, none is accepted: \(error.message)")
    }
  }

  /// Reads `p`'s contacts from the contacts file into `fileContacts`; the problems, if any (the
  /// last good contacts are kept then). No file: none.
  private func readContacts(of p: Partnership) -> [String] {
    guard let contactsFile else { return [] }
    guard FileManager.default.fileExists(atPath: contactsFile) else {
      fileContacts[p.id] = nil
      return []
    }
    switch ContactsFile.read(path: contactsFile, for: p) {
    case .success(let contacts):
      fileContacts[p.id] = contacts
      return []
    case .failure(let error): return error.diagnostics.map(\.description)
    }
  }

  private func openStore() {
    store = nil
    storeProblem = nil
    guard let database else { return }
    do {
      store = try database.openIfExists()
    } catch {
      storeProblem = error
      logger.error("the records database cannot be opened: \(error)")
    }
  }

  private func databaseFileStamps() -> [FileStamp?] {
    guard let database else { return [] }
    return [FileStamp(database.path), FileStamp(database.path + "-wal")]
  }

  /// `*.yaml` and `*.yml` directly in the folder: the partnerships' files.
  static func protocolFiles(in folder: String) -> [String: FileStamp] {
    var found: [String: FileStamp] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
      if let stamp = FileStamp(path), stamp.isFile { found[path] = stamp }
    }
    return found
  }

  /// Protocol text one folder down (`shared/`): what the partnerships' files may import.
  static func sharedFiles(in folder: String) -> [String: FileStamp] {
    var found: [String: FileStamp] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      let sub = URL(fileURLWithPath: folder).appendingPathComponent(name).path
      guard let stamp = FileStamp(sub), !stamp.isFile else { continue }
      found.merge(protocolFiles(in: sub)) { first, _ in first }
    }
    return found
  }
}

/// Every partnership as it stood at one look: what one request answers from.
struct LiveSnapshot: Sendable {
  /// Goes up by one with every change the server saw.
  let version: Int
  /// In protocol file order.
  let partnerships: [LivePartnership]
  /// The tokens the records database has issued and not revoked (`boardcal token issue`): read
  /// with the records, so a token issued or revoked counts as soon as a record would.
  var tokens: [IssuedToken] = []
  /// The shared boards' feeds, from every partnership (`LiveShared`); nil when two
  /// partnerships give one of their events two contents (logged).
  var shared: LiveShared? = nil
  /// Every feed the public may see, by the path it is asked for (`/medway/public.ics`): what
  /// `PublicFeedAnswers` looks up, once per request.
  let publicFeeds: [String: PublicFeedPlace]

  init(version: Int, partnerships: [LivePartnership], tokens: [IssuedToken] = []) {
    self.version = version
    self.partnerships = partnerships
    self.tokens = tokens
    var publicFeeds: [String: PublicFeedPlace] = [:]
    for live in partnerships where live.unavailable == nil {
      let disclosure = live.disclosure(.public)
      for entry in live.index
      where disclosure.feed(entry.kind, subject: entry.subject, isPrivate: entry.private) {
        guard let target = FeedTarget(path: "/" + entry.path) else { continue }
        publicFeeds["/" + entry.path] = PublicFeedPlace(partnership: live, target: target)
      }
    }
    self.publicFeeds = publicFeeds
  }

  func partnership(_ id: String) -> LivePartnership? {
    partnerships.first { $0.state.partnership.id == id }
  }
}

/// Where a feed the public may see is: its partnership and its path.
struct PublicFeedPlace: Sendable {
  let partnership: LivePartnership
  let target: FeedTarget
}

/// One partnership as it stands: its state, and its feeds planned from it and rendered through
/// libical on first request, each distinct event once (`RenderedFeeds`), then answered from memory
/// with an entity tag worked out once.
final class LivePartnership: @unchecked Sendable {
  /// The protocol file it comes from.
  let file: String
  let state: PartnershipState
  /// Why the records could not be applied; nil when the state is whole. Pages and the API answer
  /// 503 rather than show a schedule without its records.
  let unavailable: String?
  /// The feeds, in the order `feeds.json` lists them.
  let index: [FeedIndexEntry]
  /// The state version this was derived in.
  let version: Int
  /// Its part of the feeds of the shared boards it imports (`PartnershipState.sharedFeeds`).
  let sharedParts: [Feed]

  private let feeds: [Feed]
  /// What the public may see, worked out once: most requests are the public's.
  private let publicDisclosure: Disclosure
  private let byPath: [String: Int]
  private let history: FeedHistory?
  private let now: @Sendable () -> Date
  private let lock = NSLock()
  private var rendering: RenderedFeeds?
  private var served: [String: ServedFeed] = [:]

  init(
    file: String, state: PartnershipState, options: FeedOptions, version: Int,
    history: FeedHistory, now: @escaping @Sendable () -> Date
  ) {
    self.file = file
    self.state = state
    unavailable = nil
    self.version = version
    self.history = history
    self.now = now
    publicDisclosure = Disclosure(.public, of: state.partnership)
    let schedule = state.schedule()
    feeds = state.feeds(schedule, options: options)
    sharedParts = state.sharedFeeds(schedule, options: options)
    index = feeds.map(FeedIndexEntry.init)
    byPath = Dictionary(
      feeds.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// A partnership whose records could not be read when it was first derived.
  init(unavailable p: Partnership, file: String, asOf: CivilDate) {
    self.file = file
    state = PartnershipState(p, asOf: asOf)
    unavailable = "the records database cannot be read"
    version = 0
    history = nil
    now = { Date() }
    publicDisclosure = Disclosure(.public, of: p)
    feeds = []
    sharedParts = []
    index = []
    byPath = [:]
  }

  /// What `audience` may see of the partnership (`Disclosure`, the one rule).
  func disclosure(_ audience: Audience) -> Disclosure {
    audience == .public ? publicDisclosure : Disclosure(audience, of: state.partnership)
  }

  /// The listing of the feed at `path` (`P/boards/hwb.ics`), if the partnership has one.
  func entry(_ path: String) -> FeedIndexEntry? {
    byPath[path].map { index[$0] }
  }

  /// The feed at `path` if it has been rendered already; never renders it.
  func renderedFeed(_ path: String) -> ServedFeed? {
    lock.lock()
    defer { lock.unlock() }
    return served[path]
  }

  /// The feed at `path` as the server sends it, rendered on first request (`rendered`: it was
  /// rendered for this request, not found made).
  func served(_ path: String) throws(PipelineError) -> (feed: ServedFeed, rendered: Bool)? {
    guard let position = byPath[path] else { return nil }
    lock.lock()
    defer { lock.unlock() }
    if let done = served[path] { return (done, false) }
    let renderer = rendering ?? RenderedFeeds(head: state.calendarHead())
    rendering = renderer
    let bytes: [UInt8]
    do {
      bytes = try renderer.render(feeds[position])
    } catch {
      throw .render(file: path, error)
    }
    let entityTag = Validators.entityTag(bytes)
    // A second back: Hummingbird's Date header is worked out once a second, and Last-Modified
    // must never be later than Date (RFC 9110 8.8.2.1).
    let seconds = UTCInstant(now()).secondsSince1970 - 1
    let lastModified =
      history?.lastModified(path: path, entityTag: entityTag, now: seconds) ?? seconds
    let feed = ServedFeed(
      bytes: bytes, entityTag: entityTag, lastModified: lastModified,
      isPrivate: index[position].private)
    served[path] = feed
    return (feed, true)
  }
}

/// A feed as the server answers it: libical's bytes in a buffer, and the headers of a 200 and of
/// a 304, worked out once per feed and state.
struct ServedFeed: Sendable {
  let body: ByteBuffer
  let entityTag: String
  let lastModified: Int
  /// ETag, Last-Modified and Cache-Control: what a 304 carries.
  let validators: HTTPFields
  /// The validators and Content-Type: what a 200 carries.
  let headers: HTTPFields
  /// Every header but Date of a 304 and a 200 as the whole chain answers the public (what
  /// `PublicFeedAnswers` sends): with `X-Content-Type-Options` (`HeadersMiddleware`), `Vary`
  /// (`AccessMiddleware`) and Content-Length, as Hummingbird adds it.
  let publicNotModified: HTTPFields
  let publicOK: HTTPFields

  init(bytes: [UInt8], entityTag: String, lastModified: Int, isPrivate: Bool) {
    body = ByteBuffer(bytes: bytes)
    self.entityTag = entityTag
    self.lastModified = lastModified
    let validators: HTTPFields = [
      .eTag: entityTag,
      .lastModified: HTTPDate.format(lastModified),
      .cacheControl: isPrivate ? "private, no-cache" : "no-cache",
    ]
    self.validators = validators
    var headers = validators
    headers[.contentType] = calendarContentType(bytes)
    self.headers = headers
    // In the order the chain gives them: the route's, then Content-Length (Hummingbird), then
    // X-Content-Type-Options (`HeadersMiddleware`) and Vary (`AccessMiddleware`).
    var publicNotModified = validators
    publicNotModified[.contentLength] = "0"
    publicNotModified[.xContentTypeOptions] = "nosniff"
    publicNotModified.append(HTTPFields.Element(name: .vary, value: AccessMiddleware.vary))
    self.publicNotModified = publicNotModified
    var publicOK = headers
    publicOK[.contentLength] = String(bytes.count)
    publicOK[.xContentTypeOptions] = "nosniff"
    publicOK.append(HTTPFields.Element(name: .vary, value: AccessMiddleware.vary))
    self.publicOK = publicOK
  }
}

/// When each feed last changed, as this server saw it: a feed whose bytes are unchanged by a new
/// state keeps its Last-Modified, and one that changed never goes back in time.
final class FeedHistory: @unchecked Sendable {
  private let lock = NSLock()
  private var seen: [String: (entityTag: String, lastModified: Int)] = [:]

  /// The Last-Modified of `path` with this body, first seen `now` if it is new.
  func lastModified(path: String, entityTag: String, now: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    if let previous = seen[path] {
      if previous.entityTag == entityTag { return previous.lastModified }
      let value = max(previous.lastModified + 1, now)
      seen[path] = (entityTag, value)
      return value
    }
    seen[path] = (entityTag, now)
    return now
  }
}

/// What tells a file's version apart: inode, size and modification time to the nanosecond.
struct FileStamp: Hashable, Sendable {
  let inode: UInt64
  let size: Int64
  let modified: Int64
  let isFile: Bool

  /// The stamp of `path`, nil when there is nothing there.
  init?(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    #if canImport(Darwin)
      modified =
        Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
    #else
      modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    #endif
    isFile = (info.st_mode & S_IFMT) == S_IFREG
  }
}

extension Duration {
  /// Whole milliseconds, for logs.
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}

/// Looks for changes every `LiveState.checkInterval` while the server runs, so that the first
/// request after a change is answered as fast as any other.
struct LiveStateTicker: Service {
  let live: LiveState

  func run() async {
    // Shutting down is not a failure: the ticker stops when its sleep is cancelled.
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do { try await Task.sleep(for: LiveState.checkInterval) } catch { return }
        _ = live.current()
      }
    }
  }
}
