import Foundation

/// An instant in UTC, to the second: a DTSTAMP, an email's Date, an HTTP date.
public struct UTCInstant: Hashable, Comparable, Sendable {
  public var date: CivilDate
  public var hour: Int
  public var minute: Int
  public var second: Int

  public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    self.date = date
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// The instant `seconds` after 1970-01-01T00:00:00Z (negative: before it).
  public init(secondsSince1970 seconds: Int) {
    let day = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    let rest = seconds - day * 86_400
    self.init(
      date: CivilDate(dayNumber: day), hour: rest / 3600, minute: rest / 60 % 60,
      second: rest % 60)
  }

  /// The instant of a `Date`, to the whole second (rounded down).
  public init(_ date: Date) {
    self.init(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
  }

  /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`.
  public init?(text: String) {
    let parts = text.split(separator: "T")
    guard let first = parts.first, let date = CivilDate(iso: String(first)) else { return nil }
    if parts.count == 1 {
      self.init(date: date)
      return
    }
    let clock = parts[1].hasSuffix("Z") ? parts[1].dropLast() : parts[1][...]
    let numbers = clock.split(separator: ":").compactMap { Int($0) }
    guard parts.count == 2, numbers.count == 3, (0...23).contains(numbers[0]),
      (0...59).contains(numbers[1]), (0...60).contains(numbers[2])
    else { return nil }
    self.init(date: date, hour: numbers[0], minute: numbers[1], second: numbers[2])
  }

  /// Seconds since 1970-01-01T00:00:00Z.
  public var secondsSince1970: Int { date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second }

  /// `HH:MM:SS`.
  public var clock: String {
    "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2)):\(CivilDate.pad(second, 2))"
  }

  /// `Sun, 06 Nov 1994 08:49:37 GMT`: the Internet date form, in English, with `zone` written
  /// last (`GMT` for HTTP's IMF-fixdate, `+0000` for an email's Date).
  public func internetDate(zone: String) -> String {
    let month = Month(rawValue: date.month)!.name.prefix(3)
    return
      "\(date.weekday.name.prefix(3)), \(CivilDate.pad(date.day, 2)) \(month) \(date.year) \(clock) \(zone)"
  }

  public static func < (a: UTCInstant, b: UTCInstant) -> Bool {
    a.secondsSince1970 < b.secondsSince1970
  }
}

/// 64-bit FNV-1a: a hash of bytes that is the same on every run and platform (an ETag, a
/// Message-ID), not a cryptographic one.
public enum StableHash {
  /// FNV-1a over the bytes, 64 bits.
  public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// The hash as 16 lower-case hex digits.
  public static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
  }
}
