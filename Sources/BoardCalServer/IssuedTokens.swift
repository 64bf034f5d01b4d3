import BoardCalStore
import Foundation
import Logging

/// The tokens the records database has issued, as the server checks them: read once into memory,
/// and read again when the file has changed since (`PRAGMA data_version` on a connection of its
/// own, looked at no more than every `recheck` seconds), so that a token issued or revoked by
/// `boardcal token` counts within a second, without a restart. While the database does not exist
/// or cannot be read, no issued token is accepted (the reason is logged once).
final class IssuedTokens: @unchecked Sendable {
  let database: RecordsDatabase?
  /// How long a reading of the table is trusted before the file is asked whether it changed.
  let recheck: TimeInterval
  private let logger = Logger(label: "boardcal.tokens")
  private let lock = NSLock()
  private var store: RecordStore?
  private var version: Int64?
  private var checkedAt = Date.distantPast
  private var checking = false
  private var live: [IssuedToken] = []
  private var problem: String?

  init(database: RecordsDatabase?, recheck: TimeInterval = 0.25) {
    self.database = database
    self.recheck = recheck
  }

  /// The tokens not revoked, as of at most `recheck` seconds ago.
  func current(now: Date = Date()) -> [IssuedToken] {
    guard database != nil else { return [] }
    let (due, held) = lock.withLock { () -> (Bool, [IssuedToken]) in
      let due = !checking && now.timeIntervalSince(checkedAt) >= recheck
      if due { checking = true }
      return (due, live)
    }
    guard due else { return held }
    // One request at a time looks at the file; the others use what is held meanwhile.
    let fresh = refresh()
    return lock.withLock {
      checking = false
      checkedAt = now
      if let fresh { live = fresh }
      return live
    }
  }

  /// The table read again when the file changed; nil when it did not (or cannot be read: then
  /// nothing is accepted).
  private func refresh() -> [IssuedToken]? {
    guard let database else { return [] }
    do {
      if store == nil {
        guard database.exists else { return [] }
        store = try RecordStore(readingOnly: database.path)
        version = nil
      }
      guard let store else { return [] }
      let now = try store.dataVersion()
      if now == version { return nil }
      let tokens = try store.liveTokens()
      version = now
      problem = nil
      return tokens
    } catch {
      if problem != error.message {
        logger.error("issued tokens cannot be read, none is accepted: \(error.message)")
        problem = error.message
      }
      store = nil
      return []
    }
  }
}
