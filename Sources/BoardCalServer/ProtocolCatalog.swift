import BoardCalCore
import BoardCalProtocols
import Foundation

/// Protocol files that could not be loaded: every diagnostic, with file, line and column.
public struct ProtocolProblems: Error, CustomStringConvertible {
  public let diagnostics: [String]
  public var description: String { diagnostics.joined(separator: "\n") }
}

/// The partnerships of the protocols folder, reloaded when a file's modification time changes.
/// A file that stops loading keeps its last good version (and a warning is logged): a typo
/// while editing never takes the pages down.
actor ProtocolCatalog {
  private let folder: String?
  private var files: [String: (modified: Date?, partnership: Partnership)] = [:]
  /// The modification times of versions that failed to load, so each is reported once.
  private var failed: [String: Date?] = [:]

  /// Loads every `*.yaml` directly in `folder`; throws when any of them has problems.
  init(folder: String?) throws(ProtocolProblems) {
    self.folder = folder
    var problems: [String] = []
    for path in Self.protocolFiles(in: folder) {
      do {
        files[path] = (Self.modified(path), try ProtocolLoader.load(path: path))
      } catch {
        problems += error.diagnostics.map(\.description)
      }
    }
    if !problems.isEmpty { throw ProtocolProblems(diagnostics: problems) }
  }

  /// Every partnership, in file order; the messages say which changed files failed to reload.
  func partnerships() -> (partnerships: [Partnership], warnings: [String]) {
    let warnings = refresh()
    return (files.keys.sorted().compactMap { files[$0]?.partnership }, warnings)
  }

  /// The partnership with this id, if a protocol defines it.
  func partnership(_ id: String) -> (partnership: Partnership?, warnings: [String]) {
    let warnings = refresh()
    let file = files.keys.sorted().first { files[$0]?.partnership.id == id }
    return (file.flatMap { files[$0]?.partnership }, warnings)
  }

  private func refresh() -> [String] {
    var warnings: [String] = []
    let current = Self.protocolFiles(in: folder)
    for path in files.keys where !current.contains(path) { files[path] = nil }
    for path in current {
      let modified = Self.modified(path)
      if let known = files[path], known.modified == modified { continue }
      if let bad = failed[path], bad == modified { continue }
      do {
        files[path] = (modified, try ProtocolLoader.load(path: path))
        failed[path] = nil
      } catch {
        failed[path] = modified
        warnings.append(
          "\(path) no longer loads; serving its last good version: "
            + error.diagnostics.map(\.description).joined(separator: "; "))
      }
    }
    return warnings
  }

  private static func protocolFiles(in folder: String?) -> [String] {
    guard let folder,
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
    else { return [] }
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
      URL(fileURLWithPath: folder).appendingPathComponent($0).path
    }
  }

  private static func modified(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}
