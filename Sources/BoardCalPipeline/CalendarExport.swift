import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One file of the calendars folder: where, relative to the folder, and its bytes.
public struct CalendarFile: Sendable, Hashable {
  /// `milton-keynes/boards/hwb.ics`, `milton-keynes/feeds.json`.
  public let path: String
  /// The file's content, UTF-8, in the pieces it is written from, in order: a feed's events'
  /// texts are shared with the other feeds that hold them and written from where they lie, not
  /// copied into one buffer first.
  public let pieces: [ArraySlice<UInt8>]
  /// How many bytes the pieces hold in all.
  public let count: Int

  public init(path: String, bytes: [UInt8]) {
    self.init(path: path, pieces: [bytes[...]])
  }

  public init(path: String, pieces: [ArraySlice<UInt8>]) {
    self.path = path
    self.pieces = pieces
    count = pieces.reduce(0) { $0 + $1.count }
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// The file's content, UTF-8: its pieces joined.
  public var bytes: [UInt8] {
    if pieces.count == 1 { return Array(pieces[0]) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for piece in pieces { bytes.append(contentsOf: piece) }
    return bytes
  }

  /// The file's content as text.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Files are the same when their paths and contents are, however the contents are pieced.
  public static func == (a: CalendarFile, b: CalendarFile) -> Bool {
    a.path == b.path && a.count == b.count && a.bytes == b.bytes
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(path)
    hasher.combine(count)
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
///
/// A run is all or nothing: the new folder is built beside the old one (`.NAME.staging-PID`),
/// holding everything the old one held but the emitted partnerships' stale feeds, and then swapped
/// in with one atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`), so a reader or a web server
/// sees the whole old set or the whole new one, never a mixture. When nothing changed, nothing is
/// touched.
public enum CalendarExport {
  /// What writing one partnership's files did.
  public struct Outcome: Sendable {
    /// The partnership's id.
    public let partnership: String
    /// The partnership's folder.
    public let folder: String
    /// How many files were written (or already held the same bytes).
    public let files: Int
    /// How many `.ics` files that no longer belong were removed.
    public let removed: Int
  }

  /// One run of the export, built up partnership by partnership: each partnership's files go into
  /// the staging folder as soon as they are given (so a run need not hold them all), and
  /// `finish` adds what the old folder keeps and swaps the new set in. A run not finished, or one
  /// that failed, leaves the old folder as it was and removes its staging folder.
  public final class Run {
    let root: URL
    let staging: URL
    let exists: Bool
    var changed: Bool
    var finished = false
    /// What each partnership's files did, in the order given.
    var outcomes: [Outcome] = []
    /// The old set, when it was swapped out but could not be removed: where, and why.
    public private(set) var leftOver: ExportError?
    /// The old folder's permissions and owner, which the new one takes.
    var oldFolder: stat?
    /// The folders of the staging folder made so far.
    var folders: Set<String> = []

    /// Starts a run into `root` (made when missing): checks it is a folder that can be
    /// written beside, and makes the staging folder.
    public init(root given: URL) throws(ExportError) {
      let fm = FileManager.default
      root = given.standardizedFileURL
      var isFolder: ObjCBool = false
      exists = fm.fileExists(atPath: root.path, isDirectory: &isFolder)
      changed = !exists
      if exists, !isFolder.boolValue {
        throw ExportError(
          path: root.path, reason: "it is a file, not a folder; give --out a folder to write into")
      }
      let parent = root.deletingLastPathComponent()
      do {
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      } catch {
        throw ExportError(path: parent.path, reason: reason(error) + "; choose another --out")
      }
      let prefix = ".\(root.lastPathComponent).staging-"
      staging = parent.appendingPathComponent(
        prefix + "\(ProcessInfo.processInfo.processIdentifier)")
      Self.removeAbandoned(in: parent, prefix: prefix)
      try? fm.removeItem(at: staging)
      do {
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
      } catch {
        throw ExportError(
          path: staging.path,
          reason: reason(error) + "; the folder holding --out must be writable")
      }
      var old = stat()
      if exists, stat(root.path, &old) == 0 { oldFolder = old }
    }

    /// Removes what runs that were killed or interrupted left beside the folder: staging folders
    /// (`.NAME.staging-PID`, and `.old` ones) of processes that no longer run.
    static func removeAbandoned(in parent: URL, prefix: String) {
      let fm = FileManager.default
      guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
      for name in names where name.hasPrefix(prefix) {
        let rest = name.dropFirst(prefix.count)
        let digits = rest.hasSuffix(".old") ? rest.dropLast(4) : rest
        guard let pid = Int32(digits), pid > 0 else { continue }
        if kill(pid, 0) == -1 && errno == ESRCH {
          try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
      }
    }

    deinit {
      if !finished { try? FileManager.default.removeItem(at: staging) }
    }

    /// Writes one partnership's files into the new set.
    public func add(partnership id: String, files: [CalendarFile]) throws(ExportError) {
      // Paths joined as text: thousands of files, each a plain relative path.
      let (rootPath, stagingPath) = (root.path, staging.path)
      for file in files {
        let old = rootPath + "/" + file.path
        let new = stagingPath + "/" + file.path
        if try write(file, to: new, keepingTimeOf: old, folders: &folders) {
          changed = true
        }
      }
      let produced = Set(files.map(\.path))
      let stale = exists ? feeds(in: root.appendingPathComponent(id), relativeTo: root) : []
      let removed = stale.subtracting(produced).count
      if removed > 0 { changed = true }
      outcomes.append(
        Outcome(
          partnership: id, folder: root.appendingPathComponent(id).path, files: files.count,
          removed: removed))
    }

    /// Adds what the old folder keeps (everything but the given partnerships' feeds) and swaps
    /// the new set in, in one step. When nothing changed, nothing is touched.
    public func finish() throws(ExportError) -> [Outcome] {
      defer {
        if !finished { try? FileManager.default.removeItem(at: staging) }
        finished = true
      }
      if exists {
        try copyKept(from: root, to: staging, dropping: Set(outcomes.map(\.partnership)))
      }
      guard changed else { return outcomes }
      // The new folder takes the old one's permissions (and owner, where allowed) as it is swapped
      // in, once written: a folder of private feeds closed to others stays closed.
      if let old = oldFolder {
        _ = chmod(staging.path, old.st_mode & 0o7777)
        _ = chown(staging.path, old.st_uid, old.st_gid)
      }
      leftOver = try swapIn(staging, for: root, existing: exists)
      finished = true
      return outcomes
    }
  }

  /// Copies the old folder into the staging one, but for the `.ics` files of the partnerships
  /// written and the files the run has written anew.
  static func copyKept(from root: URL, to staging: URL, dropping emitted: Set<String>)
    throws(ExportError)
  {
    let fm = FileManager.default
    for (relative, isFolder) in tree(root.path) {
      let top = relative.split(separator: "/").first.map(String.init) ?? relative
      if !isFolder, emitted.contains(top), isFeed(relative) { continue }
      let url = root.appendingPathComponent(relative)
      let target = staging.appendingPathComponent(relative)
      do {
        if isFolder {
          try fm.createDirectory(at: target, withIntermediateDirectories: true)
        } else {
          var isFolder: ObjCBool = false
          if fm.fileExists(atPath: target.path, isDirectory: &isFolder) {
            // Written anew by this run; but a file where the run made a folder is in the way.
            if isFolder.boolValue {
              throw ExportError(
                path: url.path,
                reason: "a file is in the way of the folder \(relative); move or remove it")
            }
            continue
          }
          try fm.copyItem(at: url, to: target)
          try keepTime(of: url, on: target)
        }
      } catch let error as ExportError {
        throw error
      } catch {
        throw ExportError(path: url.path, reason: reason(error))
      }
    }
  }

  /// The `.ics` files under `folder`, as paths relative to `root`.
  static func feeds(in folder: URL, relativeTo root: URL) -> Set<String> {
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    let inside = String(folder.standardizedFileURL.path.dropFirst(base.count))
    var found: Set<String> = []
    for (relative, _) in tree(folder.path) where isFeed(relative) {
      found.insert(inside + "/" + relative)
    }
    return found
  }

  /// Whether the file at `relative` is named as a feed (its extension is `ics`).
  static func isFeed(_ relative: String) -> Bool {
    let name = relative.split(separator: "/").last ?? ""
    guard name.hasSuffix(".ics") else { return false }
    // A name such as `..ics` has no extension: Foundation's reading decides the unusual ones.
    if name.count > 4, name.first != "." { return true }
    return URL(fileURLWithPath: relative).pathExtension == "ics"
  }

  /// Everything under `folder`, each folder before what it holds, as paths relative to it, with
  /// whether each is a folder (a link is not followed: it is not a folder). Read with the
  /// system's directory calls, as a walk over thousands of feeds must be cheap; a folder that
  /// cannot be read is passed over.
  static func tree(_ folder: String) -> [(path: String, isFolder: Bool)] {
    var found: [(path: String, isFolder: Bool)] = []
    func walk(_ path: String, _ relative: String) {
      guard let dir = opendir(path) else { return }
      var entries: [(String, Bool)] = []
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
          String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        if name == "." || name == ".." { continue }
        var isFolder = Int(entry.pointee.d_type) == Int(DT_DIR)
        if Int(entry.pointee.d_type) == Int(DT_UNKNOWN) {
          var info = stat()
          isFolder = lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }
        entries.append((name, isFolder))
      }
      closedir(dir)
      for (name, isFolder) in entries {
        let inside = relative.isEmpty ? name : relative + "/" + name
        found.append((inside, isFolder))
        if isFolder { walk(path + "/" + name, inside) }
      }
    }
    walk(folder, "")
    return found
  }

  /// Writes `file`'s bytes to `path`, a new file in the staging folder, with its folder made when
  /// missing (`folders`: those known to exist); when `old` held the same bytes, the new file keeps
  /// its modification time. Returns whether the bytes differ from `old`'s. The file is not synced
  /// to disk one by one (the feeds can always be made again; what matters is that a reader sees
  /// a whole set, which the swap gives).
  static func write(
    _ file: CalendarFile, to path: String, keepingTimeOf old: String, folders: inout Set<String>
  ) throws(ExportError) -> Bool {
    let oldTime = heldTime(old, file)
    let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !folders.contains(folder) {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw ExportError(path: folder, reason: reason(error))
      }
      folders.insert(folder)
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ExportError(path: path, reason: String(cString: strerror(errno)))
    }
    var failure = writeAll(fd, file.pieces)
    // The same bytes as before: the file keeps the old one's modification (and access) time.
    if failure == nil, let time = oldTime, futimens(fd, [time, time]) != 0 { failure = errno }
    let closed = close(fd)
    if let failure { throw ExportError(path: path, reason: String(cString: strerror(failure))) }
    if closed != 0 { throw ExportError(path: path, reason: String(cString: strerror(errno))) }
    return oldTime == nil
  }

  /// The modification time of the file at `path` when it holds exactly `file`'s bytes (read only
  /// when the sizes agree, and compared as it is read); nil when it does not, or cannot be read.
  static func heldTime(_ path: String, _ file: CalendarFile) -> timespec? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size == file.count else { return nil }
    // Read in pieces of up to 64 KiB, each compared with the bytes it should be, which may lie
    // across several of the file's pieces.
    let size = min(max(file.count, 1), 1 << 16)
    let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    defer { chunk.deallocate() }
    var (piece, offset) = (0, 0)  // where in the file's pieces the next byte to compare is
    var left = file.count
    while left > 0 {
      let n = read(fd, chunk, min(size, left))
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return nil }
      left -= n
      var compared = 0
      while compared < n {
        // Empty and wholly compared pieces are passed over.
        while file.pieces[piece].count == offset { (piece, offset) = (piece + 1, 0) }
        let same = file.pieces[piece].withUnsafeBytes { wanted -> Bool in
          let length = min(wanted.count - offset, n - compared)
          guard memcmp(chunk + compared, wanted.baseAddress! + offset, length) == 0 else {
            return false
          }
          compared += length
          offset += length
          return true
        }
        guard same else { return nil }
      }
    }
    // Nothing more than the size said (the file did not grow meanwhile).
    return read(fd, chunk, 1) == 0 ? info.st_mtim : nil
  }

  static func keepTime(of source: URL, on target: URL) throws {
    let fm = FileManager.default
    if let date = try fm.attributesOfItem(atPath: source.path)[.modificationDate] as? Date {
      try fm.setAttributes([.modificationDate: date], ofItemAtPath: target.path)
    }
  }

  /// Puts the staging folder in the old one's place in one step (the old set ends up at the
  /// staging path and is removed). Where the system cannot exchange two folders atomically, the
  /// old folder is renamed aside first.
  /// Returns the old set's place when it could not be removed (the new set is in place).
  static func swapIn(_ staging: URL, for root: URL, existing: Bool) throws(ExportError)
    -> ExportError?
  {
    guard existing else {
      guard rename(staging.path, root.path) == 0 else {
        throw ExportError(path: root.path, reason: String(cString: strerror(errno)))
      }
      return nil
    }
    if let exchange = atomicExchange {
      let renameExchange: UInt32 = 2  // RENAME_EXCHANGE, from <linux/fs.h>
      guard exchange(AT_FDCWD, staging.path, AT_FDCWD, root.path, renameExchange) == 0
      else {
        throw ExportError(path: root.path, reason: String(cString: strerror(errno)))
      }
    } else {
      let aside = staging.appendingPathExtension("old")
      guard rename(root.path, aside.path) == 0 else {
        throw ExportError(path: root.path, reason: String(cString: strerror(errno)))
      }
      guard rename(staging.path, root.path) == 0 else {
        let why = String(cString: strerror(errno))
        _ = rename(aside.path, root.path)
        throw ExportError(path: root.path, reason: why)
      }
      return removed(aside)
    }
    // After the exchange, the staging path holds the old set.
    return removed(staging)
  }

  /// Removes the old set; what stopped it, if anything.
  static func removed(_ old: URL) -> ExportError? {
    // With the system's calls first, as the old set holds thousands of feeds; when they fail,
    // Foundation's removal tries again and says why.
    if removedTree(old.path) { return nil }
    do {
      try FileManager.default.removeItem(at: old)
      return nil
    } catch {
      return ExportError(path: old.path, reason: reason(error))
    }
  }

  /// Removes `folder` and everything in it; whether it is gone.
  static func removedTree(_ folder: String) -> Bool {
    // What a folder holds comes after it in the walk: removed in the opposite order, each
    // folder is empty when its turn comes.
    for (relative, isFolder) in tree(folder).reversed() {
      let path = folder + "/" + relative
      guard (isFolder ? rmdir(path) : unlink(path)) == 0 else { return false }
    }
    return rmdir(folder) == 0
  }

  /// Linux's `renameat2`, found at run time (the C library's headers hide it from Swift).
  private static let atomicExchange:
    (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? =
      {
        #if os(Linux)
          guard let symbol = dlsym(nil, "renameat2") else { return nil }
          return unsafeBitCast(
            symbol,
            to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32)
              -> Int32).self)
        #else
          return nil
        #endif
      }()

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
    case .fileWriteFileExists: return "a file is in the way"
    default: return ns.localizedDescription
    }
  }
}

/// Writes all of `pieces`, in order, to a file descriptor (gathered, up to 1,024 pieces a call);
/// the C library's error number when it cannot.
private func writeAll(_ fd: Int32, _ pieces: [ArraySlice<UInt8>]) -> Int32? {
  var next = 0  // the first piece not wholly written
  var written = 0  // bytes of it already written
  var vectors: [iovec] = []
  vectors.reserveCapacity(min(pieces.count, 1024))
  while next < pieces.count {
    vectors.removeAll(keepingCapacity: true)
    var i = next
    while i < pieces.count, vectors.count < 1024 {
      let skip = i == next ? written : 0
      if pieces[i].count > skip {
        // The pieces are held by `pieces` for the whole call: their storage does not move.
        pieces[i].withUnsafeBytes { bytes in
          vectors.append(
            iovec(
              iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + skip),
              iov_len: bytes.count - skip))
        }
      }
      i += 1
    }
    if vectors.isEmpty { break }
    var n = writev(fd, vectors, Int32(vectors.count))
    if n < 0 {
      if errno == EINTR { continue }
      return errno
    }
    // Moves past what was written: whole pieces, then part of one.
    while n > 0, next < pieces.count {
      let rest = pieces[next].count - written
      if n >= rest {
        n -= rest
        (next, written) = (next + 1, 0)
      } else {
        written += n
        n = 0
      }
    }
    // Empty pieces are passed over.
    while next < pieces.count, pieces[next].count == written { (next, written) = (next + 1, 0) }
  }
  return nil
}
