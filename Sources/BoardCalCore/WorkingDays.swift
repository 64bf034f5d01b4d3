/// A day on which the banks, and so the partner agencies' offices, are shut by
/// law or proclamation: a date and the name under which GOV.UK publishes it
/// ("Spring bank holiday", "Boxing Day (substitute day)").
///
/// Only days actually taken off are holidays: when Christmas falls on a
/// Saturday the holiday is the Monday substitute, not the Saturday itself.
/// Names use a plain ASCII apostrophe ("New Year's Day") where GOV.UK prints
/// a typographic one.
public struct BankHoliday: Hashable, Sendable, CustomStringConvertible {
  /// The day off.
  public let date: CivilDate
  /// The name GOV.UK gives the day, with " (substitute day)" for a weekday
  /// standing in for a holiday that fell at a weekend.
  public let name: String

  public init(date: CivilDate, name: String) {
    self.date = date
    self.name = name
  }

  public var description: String { "\(date.iso) \(name)" }
}

/// The bank holidays a partnership keeps, and the working-day arithmetic
/// built on them: "10 working days before the meeting", "five clear working
/// days", "the next working day". A working day is a Monday to Friday that is
/// not a bank holiday in the partnership's part of the United Kingdom.
///
/// Holidays are computed by rule for any year, plus the one-off changes made
/// by proclamation (jubilees, royal weddings, VE day, the State Funeral, the
/// coronation, the millennium) from 1995 onwards as data. Early May bank
/// holiday is applied from 1978, when it began; one-offs before 1995 are not
/// recorded. The three calendars:
///
/// - England and Wales: New Year's Day, Good Friday, Easter Monday, Early May
///   (first Monday of May), Spring (last Monday of May), Summer (last Monday
///   of August), Christmas Day, Boxing Day.
/// - Scotland: New Year's Day and 2nd January, Good Friday (no Easter
///   Monday), Early May, Spring (last Monday of May), Summer (first Monday of
///   August), St Andrew's Day (30 November, from 2007), Christmas Day, Boxing
///   Day. Local and council holidays are not included.
/// - Northern Ireland: England and Wales plus St Patrick's Day (17 March) and
///   Battle of the Boyne (12 July).
///
/// A holiday falling at a weekend is replaced by the next weekday not
/// already a holiday. Years 1900 to 2199 are precomputed once per process
/// and looked up in constant time; other years are computed on each call.
public struct HolidayCalendar: Sendable {
  /// Which of the three UK calendars this is.
  public let id: HolidayCalendarID
  private let table: HolidayTable

  /// The calendar of bank holidays kept in `id`'s part of the UK.
  public init(_ id: HolidayCalendarID = .englandAndWales) {
    self.id = id
    switch id {
    case .englandAndWales: table = HolidayTable.englandAndWales
    case .scotland: table = HolidayTable.scotland
    case .northernIreland: table = HolidayTable.northernIreland
    }
  }

  /// The bank holidays of England and Wales.
  public static let englandAndWales = HolidayCalendar(.englandAndWales)
  /// The bank holidays of Scotland.
  public static let scotland = HolidayCalendar(.scotland)
  /// The bank holidays of Northern Ireland.
  public static let northernIreland = HolidayCalendar(.northernIreland)

  // MARK: Holidays

  /// The bank holidays of one calendar year, in date order.
  public func holidays(in year: Int) -> [BankHoliday] {
    table.holidays(in: year)
  }

  /// The bank holidays from `start` to `end`, both included, in date order.
  /// Empty when `end` is before `start`.
  public func holidays(from start: CivilDate, to end: CivilDate) -> [BankHoliday] {
    guard start <= end else { return [] }
    return (start.year...end.year).flatMap { year in
      holidays(in: year).filter { $0.date >= start && $0.date <= end }
    }
  }

  /// The name of the bank holiday on `date`, or nil when it is not one.
  public func holidayName(_ date: CivilDate) -> String? {
    table.name(dayNumber: date.dayNumber)
  }

  /// Whether `date` is a bank holiday.
  public func isHoliday(_ date: CivilDate) -> Bool {
    holidayName(date) != nil
  }

  /// Whether offices are open on `date`: a Monday to Friday that is not a
  /// bank holiday. Constant time for years 1900 to 2199.
  public func isWorkingDay(_ date: CivilDate) -> Bool {
    table.isWorking(dayNumber: date.dayNumber)
  }

  // MARK: Working-day arithmetic

  /// `date` itself when it is a working day, else the first working day after
  /// it: where a deadline falling on a weekend or holiday is moved forward to.
  public func nextWorkingDay(onOrAfter date: CivilDate) -> CivilDate {
    var dn = date.dayNumber
    while !table.isWorking(dayNumber: dn) { dn += 1 }
    return CivilDate(dayNumber: dn)
  }

  /// `date` itself when it is a working day, else the last working day before
  /// it: where a deadline falling on a weekend or holiday is moved back to.
  public func previousWorkingDay(onOrBefore date: CivilDate) -> CivilDate {
    var dn = date.dayNumber
    while !table.isWorking(dayNumber: dn) { dn -= 1 }
    return CivilDate(dayNumber: dn)
  }

  /// "`n` working days before `date`": stepping back a day at a time from
  /// `date` (which is not counted), the day on which the `n`-th working day
  /// is reached. One working day before a Tuesday is the Monday; one before a
  /// Monday is the Friday, or the Thursday if that Friday is Good Friday.
  ///
  /// `n == 0` gives `date` when it is a working day, else the working day
  /// before it. A negative `n` counts forward, as `workingDays(-n, after:)`.
  public func workingDays(_ n: Int, before date: CivilDate) -> CivilDate {
    if n < 0 { return workingDays(-n, after: date) }
    if n == 0 { return previousWorkingDay(onOrBefore: date) }
    var dn = date.dayNumber
    var counted = 0
    while counted < n {
      dn -= 1
      if table.isWorking(dayNumber: dn) { counted += 1 }
    }
    return CivilDate(dayNumber: dn)
  }

  /// "`n` working days after `date`": stepping forward a day at a time from
  /// `date` (which is not counted), the day on which the `n`-th working day
  /// is reached. `n == 0` gives `date` when it is a working day, else the
  /// next working day. A negative `n` counts back, as `workingDays(-n, before:)`.
  public func workingDays(_ n: Int, after date: CivilDate) -> CivilDate {
    if n < 0 { return workingDays(-n, before: date) }
    if n == 0 { return nextWorkingDay(onOrAfter: date) }
    var dn = date.dayNumber
    var counted = 0
    while counted < n {
      dn += 1
      if table.isWorking(dayNumber: dn) { counted += 1 }
    }
    return CivilDate(dayNumber: dn)
  }

  /// The latest publication day that leaves `n` clear working days before a
  /// meeting on `date`: the working days strictly between publication and
  /// meeting, excluding both the day of publication and the meeting day, number
  /// at least `n`. That is the working day before the `n`-th working day
  /// before the meeting; five clear working days before a Thursday meeting
  /// (with no holidays near) is the Wednesday of the week before.
  ///
  /// `n == 0` gives the working day before the meeting. A negative `n` is
  /// treated as 0.
  public func clearWorkingDays(_ n: Int, before date: CivilDate) -> CivilDate {
    workingDays(max(n, 0) + 1, before: date)
  }

  /// How many working days lie after `start` up to and including `end`, that
  /// is in (start, end]: from a Friday to the following Monday is 1, from a
  /// day to itself 0. When `end` is before `start` the count is negative:
  /// minus the working days in (end, start].
  public func workingDays(from start: CivilDate, to end: CivilDate) -> Int {
    let a = start.dayNumber
    let b = end.dayNumber
    if b < a { return -workingDays(from: end, to: start) }
    var count = 0
    var dn = a + 1
    while dn <= b {
      if table.isWorking(dayNumber: dn) { count += 1 }
      dn += 1
    }
    return count
  }

  // MARK: Easter

  /// Easter Sunday of `year` in the Gregorian calendar, by the anonymous
  /// Gregorian computus (Meeus/Jones/Butcher). Meaningful from 1583.
  public static func easterSunday(year: Int) -> CivilDate {
    let a = year % 19
    let b = year / 100
    let c = year % 100
    let d = b / 4
    let e = b % 4
    let f = (b + 8) / 25
    let g = (b - f + 1) / 3
    let h = (19 * a + b - d - g + 15) % 30
    let i = c / 4
    let k = c % 4
    let l = (32 + 2 * e + 2 * i - h - k) % 7
    let m = (a + 11 * h + 22 * l) / 451
    let month = (h + l - 7 * m + 114) / 31
    let day = (h + l - 7 * m + 114) % 31 + 1
    return CivilDate(uncheckedYear: year, month: month, day: day)
  }
}

// MARK: - Rules

/// The bank holidays of one calendar, precomputed for a span of years: a flag
/// per day saying whether offices are shut, and the holidays' names.
struct HolidayTable: Sendable {
  let id: HolidayCalendarID
  let years: ClosedRange<Int>
  /// Day number of 1 January of the first precomputed year.
  let baseDay: Int
  /// `closed[dn - baseDay]` is true on weekends and holidays.
  let closed: [Bool]
  let names: [Int: String]
  let byYear: [[BankHoliday]]

  static let precomputedYears = 1900...2199
  static let englandAndWales = HolidayTable(.englandAndWales)
  static let scotland = HolidayTable(.scotland)
  static let northernIreland = HolidayTable(.northernIreland)

  init(_ id: HolidayCalendarID, years: ClosedRange<Int> = HolidayTable.precomputedYears) {
    self.id = id
    self.years = years
    let base = CivilDate(uncheckedYear: years.lowerBound, month: 1, day: 1).dayNumber
    let end = CivilDate(uncheckedYear: years.upperBound, month: 12, day: 31).dayNumber
    baseDay = base
    var closed = [Bool](repeating: false, count: end - base + 1)
    let firstSaturday = (5 - HolidayTable.weekdayIndex(dayNumber: base) + 7) % 7
    for i in stride(from: firstSaturday, to: closed.count, by: 7) {
      closed[i] = true
      if i + 1 < closed.count { closed[i + 1] = true }
    }
    var names: [Int: String] = [:]
    var byYear: [[BankHoliday]] = []
    byYear.reserveCapacity(years.count)
    for year in years {
      let list = HolidayTable.compute(id, year: year)
      byYear.append(list)
      for holiday in list {
        let dn = holiday.date.dayNumber
        closed[dn - base] = true
        names[dn] = holiday.name
      }
    }
    self.closed = closed
    self.names = names
    self.byYear = byYear
  }

  func holidays(in year: Int) -> [BankHoliday] {
    years.contains(year)
      ? byYear[year - years.lowerBound] : HolidayTable.compute(id, year: year)
  }

  func isWorking(dayNumber dn: Int) -> Bool {
    let i = dn - baseDay
    if i >= 0 && i < closed.count { return !closed[i] }
    if HolidayTable.isWeekend(dayNumber: dn) { return false }
    return name(dayNumber: dn) == nil
  }

  func name(dayNumber dn: Int) -> String? {
    let i = dn - baseDay
    if i >= 0 && i < closed.count { return names[dn] }
    let year = CivilDate(dayNumber: dn).year
    return HolidayTable.compute(id, year: year).first { $0.date.dayNumber == dn }?.name
  }

  /// 0 = Monday ... 6 = Sunday.
  static func weekdayIndex(dayNumber dn: Int) -> Int { ((dn % 7) + 7 + 3) % 7 }

  static func isWeekend(dayNumber dn: Int) -> Bool { weekdayIndex(dayNumber: dn) >= 5 }

  // MARK: One-off changes, all of which applied throughout the UK.

  struct DayOff: Sendable {
    let month: Int
    let day: Int
    let name: String
  }

  static let earlyMayMoves: [Int: DayOff] = [
    1995: DayOff(month: 5, day: 8, name: "Early May bank holiday (VE day)"),
    2020: DayOff(month: 5, day: 8, name: "Early May bank holiday (VE day)"),
  ]

  static let springMoves: [Int: DayOff] = [
    2002: DayOff(month: 6, day: 4, name: "Spring bank holiday"),
    2012: DayOff(month: 6, day: 4, name: "Spring bank holiday"),
    2022: DayOff(month: 6, day: 2, name: "Spring bank holiday"),
  ]

  static let extras: [Int: [DayOff]] = [
    1999: [DayOff(month: 12, day: 31, name: "Millennium Day bank holiday")],
    2002: [DayOff(month: 6, day: 3, name: "Golden Jubilee bank holiday")],
    2011: [DayOff(month: 4, day: 29, name: "Royal Wedding bank holiday")],
    2012: [DayOff(month: 6, day: 5, name: "Queen's Diamond Jubilee")],
    2022: [
      DayOff(month: 6, day: 3, name: "Platinum Jubilee bank holiday"),
      DayOff(month: 9, day: 19, name: "Bank holiday for the State Funeral of Queen Elizabeth II"),
    ],
    2023: [DayOff(month: 5, day: 8, name: "Bank holiday for the coronation of King Charles III")],
  ]

  // MARK: Computing a year

  static func compute(_ id: HolidayCalendarID, year: Int) -> [BankHoliday] {
    var list: [BankHoliday] = []
    func add(_ month: Int, _ day: Int, _ name: String) {
      list.append(
        BankHoliday(date: CivilDate(uncheckedYear: year, month: month, day: day), name: name))
    }
    func addDay(_ dn: Int, _ name: String) {
      list.append(BankHoliday(date: CivilDate(dayNumber: dn), name: name))
    }
    func dayNumber(_ month: Int, _ day: Int) -> Int {
      CivilDate(uncheckedYear: year, month: month, day: day).dayNumber
    }
    func firstMonday(_ month: Int) -> Int {
      let first = dayNumber(month, 1)
      return first + (7 - weekdayIndex(dayNumber: first)) % 7
    }
    func lastMonday(_ month: Int) -> Int {
      let last = dayNumber(month, CivilDate.daysIn(year: year, month: month))
      return last - weekdayIndex(dayNumber: last)
    }
    /// A pair of consecutive holidays (Christmas and Boxing Day, 1 and 2
    /// January), each moved to the next weekday not already taken when it
    /// falls at a weekend.
    func addPair(_ month: Int, _ day: Int, _ first: String, _ second: String) {
      let a = dayNumber(month, day)
      var taken: Set<Int> = []
      for (dn, name) in [(a, first), (a + 1, second)] {
        if isWeekend(dayNumber: dn) {
          var sub = dn + 1
          while isWeekend(dayNumber: sub) || taken.contains(sub) || sub == a + 1 { sub += 1 }
          taken.insert(sub)
          addDay(sub, name + " (substitute day)")
        } else {
          taken.insert(dn)
          addDay(dn, name)
        }
      }
    }
    /// A single holiday moved to the following Monday when at a weekend.
    func addSingle(_ month: Int, _ day: Int, _ name: String) {
      let dn = dayNumber(month, day)
      if isWeekend(dayNumber: dn) {
        addDay(dn + (7 - weekdayIndex(dayNumber: dn)), name + " (substitute day)")
      } else {
        addDay(dn, name)
      }
    }

    // New Year.
    if id == .scotland {
      addPair(1, 1, "New Year's Day", "2nd January")
    } else {
      addSingle(1, 1, "New Year's Day")
    }
    if id == .northernIreland { addSingle(3, 17, "St Patrick's Day") }

    // Easter.
    let easter = HolidayCalendar.easterSunday(year: year).dayNumber
    addDay(easter - 2, "Good Friday")
    if id != .scotland { addDay(easter + 1, "Easter Monday") }

    // May.
    if let moved = earlyMayMoves[year] {
      add(moved.month, moved.day, moved.name)
    } else if year >= 1978 {
      addDay(firstMonday(5), "Early May bank holiday")
    }
    if let moved = springMoves[year] {
      add(moved.month, moved.day, moved.name)
    } else {
      addDay(lastMonday(5), "Spring bank holiday")
    }

    // Summer.
    if id == .northernIreland { addSingle(7, 12, "Battle of the Boyne (Orangemen's Day)") }
    if id == .scotland {
      addDay(firstMonday(8), "Summer bank holiday")
    } else {
      addDay(lastMonday(8), "Summer bank holiday")
    }

    // Winter.
    if id == .scotland && year >= 2007 { addSingle(11, 30, "St Andrew's Day") }
    // Saturday Christmas: Monday 27th and Tuesday 28th are the substitutes;
    // Sunday Christmas: Boxing Day is Monday 26th and Christmas moves to the
    // 27th; Saturday Boxing Day: Monday 28th.
    addPair(12, 25, "Christmas Day", "Boxing Day")

    for extra in extras[year] ?? [] { add(extra.month, extra.day, extra.name) }

    list.sort { $0.date < $1.date }
    return list
  }
}
