import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One file of the calendars folder: where, relative to the folder, and its text.
public struct CalendarFile: Sendable, Hashable {
  /// `milton-keynes/boards/hwb.ics`, `milton-keynes/feeds.json`.
  public let path: String
  public let text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// A file of the calendars folder could not be written or removed: which, and why.
public struct ExportError: Error, Sendable, CustomStringConvertible {
  public let path: String
  public let reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "cannot write \(path): \(reason)" }
}

/// The static export of the feeds (`boardcal emit`): the folder any web server or CDN can serve.
public enum CalendarExport {
  /// What writing one partnership's files did.
  public struct Outcome: Sendable {
    /// The partnership's folder.
    public let folder: String
    /// How many files were written (or already held the same bytes).
    public let files: Int
    /// How many `.ics` files that no longer belong were removed.
    public let removed: Int
  }

  /// Writes one partnership's files under `root`: each to a temporary name beside the target,
  /// then renamed over it (a reader sees the old file or the new one, never half of one); a file
  /// that already holds the same bytes is left alone. `.ics` files in the partnership's folder
  /// that are no longer produced are removed.
  public static func write(_ files: [CalendarFile], partnership id: String, to root: URL)
    throws(ExportError) -> Outcome
  {
    for file in files {
      try writeAtomically(file.text, to: root.appendingPathComponent(file.path))
    }
    let folder = root.appendingPathComponent(id)
    let keeping = Set(files.map { root.appendingPathComponent($0.path).path })
    return Outcome(
      folder: folder.path, files: files.count,
      removed: try removeStale(in: folder, keeping: keeping))
  }

  /// Writes to a temporary file beside the target, then renames it over the target.
  static func writeAtomically(_ text: String, to url: URL) throws(ExportError) {
    let fm = FileManager.default
    let data = Data(text.utf8)
    if let existing = fm.contents(atPath: url.path), existing == data { return }
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: temporary)
    } catch {
      try? fm.removeItem(at: temporary)
      throw ExportError(path: url.path, reason: reason(error))
    }
    guard rename(temporary.path, url.path) == 0 else {
      let why = String(cString: strerror(errno))
      try? fm.removeItem(at: temporary)
      throw ExportError(path: url.path, reason: why)
    }
  }

  /// Removes `.ics` files under `folder` that are not in `keeping`; returns how many.
  static func removeStale(in folder: URL, keeping: Set<String>) throws(ExportError) -> Int {
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    else { return 0 }
    var removed = 0
    for case let url as URL in walker
    where url.pathExtension == "ics" && !keeping.contains(url.path) {
      do {
        try FileManager.default.removeItem(at: url)
      } catch {
        throw ExportError(path: url.path, reason: reason(error))
      }
      removed += 1
    }
    return removed
  }

  /// The operating system's words for why a file operation failed, not a framework's dump.
  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(underlying.code)))
    }
    switch CocoaError.Code(rawValue: ns.code) {
    case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
    case .fileWriteOutOfSpace: return "no space left on the device"
    case .fileWriteVolumeReadOnly: return "the file system is read-only"
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
    default: return ns.localizedDescription
    }
  }
}
