import Testing

@testable import BoardCalCore

@Suite("UTF-8 text: the first byte that is not")
struct UTF8TextTests {
  @Test func findsTheLineAndColumnOfTheFirstBadByte() {
    let bytes: [UInt8] = Array("ok\nab".utf8) + [0xC3, 0x28] + Array("\n".utf8)
    #expect(UTF8Text.decode(bytes) == .failure(NotUTF8(line: 2, column: 3, byte: 0xC3)))
    #expect(UTF8Text.decode(Array("é\n€".utf8)) == .success("é\n€"))
    // An encoded surrogate and an over-long encoding are not UTF-8 either.
    #expect(
      UTF8Text.decode([0x41, 0xED, 0xA0, 0x80]) == .failure(NotUTF8(line: 1, column: 2, byte: 0xED))
    )
    #expect(UTF8Text.decode([0xC0, 0xAF]) == .failure(NotUTF8(line: 1, column: 1, byte: 0xC0)))
    // A sequence cut short by the end of the file.
    #expect(
      UTF8Text.decode([0x41, 0xE2, 0x82]) == .failure(NotUTF8(line: 1, column: 2, byte: 0xE2)))
  }
}
