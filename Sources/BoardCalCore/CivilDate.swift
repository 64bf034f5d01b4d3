/// A day on the wall calendar, with no time and no zone: the unit in which
/// protocols speak ("the 15th", "first Tuesday of June") and in which
/// meeting dates, windows and deadlines are computed.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Makes a date, or nil when the day does not exist (30 February).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(year: year, month: month)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's algorithm.
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  public init(dayNumber z0: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(uncheckedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
    return Weekday.allCases[index]
  }

  public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

  public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

  public var yearMonth: YearMonth { YearMonth(year: year, month: month) }

  public var iso: String {
    "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
  }

  public var description: String { iso }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CivilDate(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(iso)
  }
}

/// A month of a particular year: the unit of "the June 2021 meeting".
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init(year: Int, month: Int) {
    let index = year * 12 + (month - 1)
    self.year = index >= 0 ? index / 12 : (index - 11) / 12
    self.month = index - self.year * 12 + 1
  }

  /// Parses `YYYY-MM`.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m)
    else { return nil }
    self.init(year: y, month: m)
  }

  public func adding(months: Int) -> YearMonth { YearMonth(year: year, month: month + months) }

  public var firstDay: CivilDate { CivilDate(uncheckedYear: year, month: month, day: 1) }
  public var lastDay: CivilDate {
    CivilDate(uncheckedYear: year, month: month, day: CivilDate.daysIn(year: year, month: month))
  }
  public var monthName: Month { Month(rawValue: month)! }

  public var iso: String { "\(CivilDate.pad(year, 4))-\(CivilDate.pad(month, 2))" }
  public var description: String { iso }

  public static func < (a: YearMonth, b: YearMonth) -> Bool {
    (a.year, a.month) < (b.year, b.month)
  }
}

/// A month of the year as protocols name it ("the June meeting").
public enum Month: Int, CaseIterable, Sendable, Codable, Comparable {
  case january = 1
  case february, march, april, may, june, july, august, september, october,
    november, december

  public var name: String {
    [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ][rawValue - 1]
  }

  /// Reads a month name in any case, or its three-letter abbreviation.
  public init?(name: String) {
    let lower = name.lowercased()
    guard
      let match = Month.allCases.first(where: {
        $0.name.lowercased() == lower || (lower.count == 3 && $0.name.lowercased().hasPrefix(lower))
      })
    else { return nil }
    self = match
  }

  /// The month `n` months after this one, wrapping round the year.
  public func advanced(by n: Int) -> Month {
    Month(rawValue: ((rawValue - 1 + n) % 12 + 12) % 12 + 1)!
  }

  /// Months from `self` forward to `other` (0...11).
  public func distance(to other: Month) -> Int { ((other.rawValue - rawValue) % 12 + 12) % 12 }

  public static func < (a: Month, b: Month) -> Bool { a.rawValue < b.rawValue }
}

/// A day of the week, Monday first as in British calendars.
public enum Weekday: Int, CaseIterable, Sendable, Codable {
  case monday = 1
  case tuesday, wednesday, thursday, friday, saturday, sunday

  public var name: String {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
  }

  public init?(name: String) {
    guard let match = Weekday.allCases.first(where: { $0.name.lowercased() == name.lowercased() })
    else { return nil }
    self = match
  }

  public var isWeekend: Bool { self == .saturday || self == .sunday }
}

/// A wall-clock time of day in the partnership's time zone.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let hour: Int
  public let minute: Int

  public init?(hour: Int, minute: Int) {
    guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
    self.hour = hour
    self.minute = minute
  }

  /// Parses `HH:MM` (24-hour).
  public init?(text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
      let h = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(hour: h, minute: m)
  }

  public var minutesSinceMidnight: Int { hour * 60 + minute }
  public var description: String { "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2))" }
  public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool {
    a.minutesSinceMidnight < b.minutesSinceMidnight
  }
}

/// An inclusive span of days ("1 April 2021 to 31 March 2022").
public struct DateSpan: Hashable, Sendable, CustomStringConvertible {
  public let start: CivilDate
  public let end: CivilDate

  public init(start: CivilDate, end: CivilDate) {
    self.start = start
    self.end = end
  }

  public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }
  public func overlaps(_ other: DateSpan) -> Bool { start <= other.end && other.start <= end }
  public var description: String { "\(start.iso) to \(end.iso)" }
}

/// The days boardcal reasons about. Bank holidays are known for these years, and a date outside
/// them is a typing slip far more often than a plan: refusing it keeps every command's cost
/// bounded, whatever a file or an option says.
public enum DateBounds {
  /// The years a date may fall in.
  public static let years = 1900...2199
  /// The longest span, in years, that one command derives.
  public static let longestSpanYears = 100
  /// The most days a look-ahead may reach.
  public static let longestLookAheadDays = 366 * longestSpanYears

  /// Why `date` cannot be used, or nil when it can.
  public static func problem(with date: CivilDate) -> String? {
    years.contains(date.year)
      ? nil
      : "\(date.iso) is outside the years boardcal works with (\(years.lowerBound) to \(years.upperBound))."
  }

  /// Why `span` is too far out or too long to derive, or nil when it is fine. A span may end in
  /// the year after the last (the look-ahead from a day in it).
  public static func problem(with span: DateSpan) -> String? {
    if let limit = CivilDate(
      year: span.start.year + longestSpanYears, month: span.start.month,
      day: min(span.start.day, 28)), span.end >= limit
    {
      return
        "\(span) is longer than \(longestSpanYears) years, the most one command derives; give a shorter span (--from, --to or --as-of)."
    }
    if span.end.year > years.upperBound + 1 { return problem(with: span.end) }
    return problem(with: span.start)
  }
}
