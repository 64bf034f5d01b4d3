/// Where a file's bytes stop being UTF-8: the first byte that does not begin a well-formed UTF-8
/// sequence (a Latin-1 "é" saved by a spreadsheet, a stray Windows-1252 quote), by line and
/// column. Columns count bytes from 1 (one more than the byte's offset in its line), so they
/// point at the byte itself whatever an editor makes of it.
public struct NotUTF8: Error, Hashable, Sendable {
  public let line: Int
  public let column: Int
  /// The offending byte.
  public let byte: UInt8

  public init(line: Int, column: Int, byte: UInt8) {
    self.line = line
    self.column = column
    self.byte = byte
  }

  /// What every reader of a file (protocols, records, .ics exports) says, after the file's
  /// `file:line:column:`.
  public var message: String {
    let hex = String(byte, radix: 16, uppercase: true)
    return
      "the file is not UTF-8 text: the byte 0x\(hex.count < 2 ? "0" + hex : hex) here is not UTF-8 (save the file as UTF-8)."
  }
}

/// Reading a file's bytes as UTF-8 text, refusing (rather than replacing) bytes that are not.
public enum UTF8Text {
  /// The text of `bytes`, or where the first byte that is not UTF-8 is.
  public static func decode(_ bytes: [UInt8]) -> Result<String, NotUTF8> {
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    let offset = firstInvalidOffset(in: bytes) ?? 0
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    return .failure(NotUTF8(line: line, column: offset - lineStart + 1, byte: bytes[offset]))
  }

  /// The offset of the first byte that does not begin a well-formed sequence (Unicode 15,
  /// table 3-7), or nil when every byte does.
  static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      let second: ClosedRange<UInt8>
      switch lead {
      case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
      case 0xE0: (length, second) = (3, 0xA0...0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
      case 0xED: (length, second) = (3, 0x80...0x9F)
      case 0xF0: (length, second) = (4, 0x90...0xBF)
      case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
      case 0xF4: (length, second) = (4, 0x80...0x8F)
      default: return index
      }
      guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return index }
      for follower in bytes[(index + 2)..<(index + length)] where !(0x80...0xBF).contains(follower)
      {
        return index
      }
      index += length
    }
    return nil
  }
}
