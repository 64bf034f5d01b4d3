import Foundation
import Testing

@testable import BoardCalPipeline

/// A feed is written from the pieces it is made of (its events' shared texts): the file on disk
/// is those pieces joined, however many there are and however they are cut, and a file that
/// already holds the same bytes is recognised as unchanged, wherever the pieces break.
@Suite("feeds written from their pieces")
struct PiecedFileTests {
  /// 2,600 pieces (more than one gathered write takes), some empty, of varied lengths.
  static func pieces() -> [ArraySlice<UInt8>] {
    var pieces: [ArraySlice<UInt8>] = []
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for n in 0..<2600 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = n % 97 == 0 ? 0 : Int(state >> 52)  // 0 to 4,095 bytes
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: Int(state >> 8) &+ $0 &* 31) }
      // Some pieces are slices in the middle of a larger text, as a feed's frame is.
      pieces.append(n % 5 == 0 ? ([7, 7] + bytes + [9])[2..<(2 + length)] : bytes[...])
    }
    return pieces
  }

  @Test("a file of thousands of pieces is their bytes joined, and is known again unchanged")
  func writtenAndKnownAgain() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("pieced-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let pieces = Self.pieces()
    let joined = pieces.flatMap { $0 }
    let file = CalendarFile(path: "area/boards/a.ics", pieces: pieces)
    #expect(file.count == joined.count)
    #expect(file.bytes == joined)
    #expect(file == CalendarFile(path: "area/boards/a.ics", bytes: joined))

    var folders: Set<String> = []
    let first = folder + "/old/a.ics"
    #expect(
      try CalendarExport.write(file, to: first, keepingTimeOf: folder + "/none", folders: &folders))
    #expect(Array(try Data(contentsOf: URL(fileURLWithPath: first))) == joined)

    // The same bytes again: unchanged, and the new file keeps the old one's time.
    let past = timespec(tv_sec: 1_600_000_000, tv_nsec: 0)
    #expect(utimensat(AT_FDCWD, first, [past, past], 0) == 0)
    let second = folder + "/new/a.ics"
    #expect(!(try CalendarExport.write(file, to: second, keepingTimeOf: first, folders: &folders)))
    #expect(Array(try Data(contentsOf: URL(fileURLWithPath: second))) == joined)
    var info = stat()
    #expect(stat(second, &info) == 0)
    #expect(info.st_mtim.tv_sec == 1_600_000_000)

    // One byte different, just after a piece ends, or the last byte: changed.
    let boundary = pieces[0..<1301].reduce(0) { $0 + $1.count }
    for at in [boundary, joined.count - 1] {
      var other = joined
      other[at] ^= 0xFF
      let changed = CalendarFile(path: "area/boards/a.ics", bytes: other)
      let third = folder + "/changed-\(at)/a.ics"
      #expect(try CalendarExport.write(changed, to: third, keepingTimeOf: first, folders: &folders))
      #expect(CalendarExport.heldTime(first, changed) == nil)
    }
    #expect(CalendarExport.heldTime(first, file) != nil)
  }
}
