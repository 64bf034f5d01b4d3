import Foundation

/// Where the records database is: the path given (`--db`, a server's configuration), else
/// `$BOARDCAL_DB`, else `$XDG_DATA_HOME/boardcal/records.sqlite`, else
/// `~/.local/share/boardcal/records.sqlite`.
public struct RecordsDatabase: Sendable, Hashable {
  public let path: String
  /// Whether the path was given explicitly rather than found from the environment.
  public let isExplicit: Bool

  public init(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
    if let path, !path.isEmpty {
      self.path = path
      isExplicit = true
    } else {
      self.path = RecordStore.defaultPath(environment: environment)
      isExplicit = false
    }
  }

  public var exists: Bool { FileManager.default.fileExists(atPath: path) }

  /// The store, for reading only, when the file exists; nil otherwise: reading never creates a
  /// database, nor writes to one.
  public func openIfExists() throws(StoreError) -> RecordStore? {
    exists ? try RecordStore(readingOnly: path) : nil
  }

  /// The store, created (with its folder) when it does not exist yet.
  public func open() throws(StoreError) -> RecordStore { try RecordStore(path: path) }
}
