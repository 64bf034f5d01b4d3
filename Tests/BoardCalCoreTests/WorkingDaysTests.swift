import Testing

@testable import BoardCalCore

private func d(_ iso: String) -> CivilDate {
  guard let date = CivilDate(iso: iso) else { fatalError("bad date in test: \(iso)") }
  return date
}

private let ew = HolidayCalendar(.englandAndWales)

/// England and Wales bank holidays 2012-2030, written out by hand from the
/// GOV.UK lists (2012-2026) and from the rules (2027-2030).
private let englandAndWales: [Int: [String]] = [
  2012: [
    "2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05",
    "2012-08-27", "2012-12-25", "2012-12-26",
  ],
  2013: [
    "2013-01-01", "2013-03-29", "2013-04-01", "2013-05-06", "2013-05-27", "2013-08-26",
    "2013-12-25", "2013-12-26",
  ],
  2014: [
    "2014-01-01", "2014-04-18", "2014-04-21", "2014-05-05", "2014-05-26", "2014-08-25",
    "2014-12-25", "2014-12-26",
  ],
  2015: [
    "2015-01-01", "2015-04-03", "2015-04-06", "2015-05-04", "2015-05-25", "2015-08-31",
    "2015-12-25", "2015-12-28",
  ],
  2016: [
    "2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02", "2016-05-30", "2016-08-29",
    "2016-12-26", "2016-12-27",
  ],
  2017: [
    "2017-01-02", "2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29", "2017-08-28",
    "2017-12-25", "2017-12-26",
  ],
  2018: [
    "2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27",
    "2018-12-25", "2018-12-26",
  ],
  2019: [
    "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26",
    "2019-12-25", "2019-12-26",
  ],
  2020: [
    "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
    "2020-12-25", "2020-12-28",
  ],
  2021: [
    "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
    "2021-12-27", "2021-12-28",
  ],
  2022: [
    "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
    "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
  ],
  2023: [
    "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
    "2023-08-28", "2023-12-25", "2023-12-26",
  ],
  2024: [
    "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
    "2024-12-25", "2024-12-26",
  ],
  2025: [
    "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
    "2025-12-25", "2025-12-26",
  ],
  2026: [
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28",
  ],
  2027: [
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
    "2027-12-27", "2027-12-28",
  ],
  2028: [
    "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
    "2028-12-25", "2028-12-26",
  ],
  2029: [
    "2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27",
    "2029-12-25", "2029-12-26",
  ],
  2030: [
    "2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26",
    "2030-12-25", "2030-12-26",
  ],
]

@Suite("WorkingDays")
struct WorkingDaysTests {

  // MARK: Holiday lists

  @Test("England and Wales bank holidays, every year 2012-2030", arguments: 2012...2030)
  func englandAndWalesYear(year: Int) throws {
    let expected = try #require(englandAndWales[year])
    #expect(ew.holidays(in: year).map(\.date.iso) == expected)
    for iso in expected {
      #expect(!ew.isWorkingDay(d(iso)), "\(iso)")
      #expect(ew.holidayName(d(iso)) != nil, "\(iso)")
    }
  }

  @Test func holidaysFromToIsInclusiveAndSorted() {
    let got = ew.holidays(from: d("2022-12-26"), to: d("2023-01-02")).map(\.date.iso)
    #expect(got == ["2022-12-26", "2022-12-27", "2023-01-02"])
    let span = ew.holidays(from: d("2012-01-01"), to: d("2030-12-31")).map(\.date.iso)
    #expect(span == (2012...2030).flatMap { englandAndWales[$0]! })
    #expect(ew.holidays(from: d("2023-01-03"), to: d("2022-01-01")).isEmpty)
  }

  // MARK: Names: one-offs and substitutes

  @Test func oneOffsByName() {
    let expected: [(String, String)] = [
      ("1995-05-08", "Early May bank holiday (VE day)"),
      ("1999-12-31", "Millennium Day bank holiday"),
      ("2002-06-03", "Golden Jubilee bank holiday"),
      ("2002-06-04", "Spring bank holiday"),
      ("2011-04-29", "Royal Wedding bank holiday"),
      ("2012-06-04", "Spring bank holiday"),
      ("2012-06-05", "Queen's Diamond Jubilee"),
      ("2020-05-08", "Early May bank holiday (VE day)"),
      ("2022-06-02", "Spring bank holiday"),
      ("2022-06-03", "Platinum Jubilee bank holiday"),
      ("2022-09-19", "Bank holiday for the State Funeral of Queen Elizabeth II"),
      ("2023-05-08", "Bank holiday for the coronation of King Charles III"),
    ]
    for (iso, name) in expected {
      #expect(ew.holidayName(d(iso)) == name, "\(iso)")
    }
    // The days the moved holidays would otherwise have fallen on are working days.
    for iso in ["1995-05-01", "2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30"] {
      #expect(ew.holidayName(d(iso)) == nil, "\(iso)")
      #expect(ew.isWorkingDay(d(iso)), "\(iso)")
    }
    // 2023 keeps its ordinary Early May bank holiday as well as the coronation.
    #expect(ew.holidayName(d("2023-05-01")) == "Early May bank holiday")
  }

  @Test func substituteDaysByName() {
    let expected: [(String, String)] = [
      // New Year's Day on a Sunday or Saturday.
      ("2012-01-02", "New Year's Day (substitute day)"),
      ("2017-01-02", "New Year's Day (substitute day)"),
      ("2022-01-03", "New Year's Day (substitute day)"),
      ("2023-01-02", "New Year's Day (substitute day)"),
      ("2028-01-03", "New Year's Day (substitute day)"),
      // Christmas on Friday: Boxing Day (Saturday) moves to Monday 28th.
      ("2015-12-25", "Christmas Day"),
      ("2015-12-28", "Boxing Day (substitute day)"),
      ("2020-12-25", "Christmas Day"),
      ("2020-12-28", "Boxing Day (substitute day)"),
      ("2026-12-28", "Boxing Day (substitute day)"),
      // Christmas on Saturday: Monday 27th and Tuesday 28th.
      ("2010-12-27", "Christmas Day (substitute day)"),
      ("2010-12-28", "Boxing Day (substitute day)"),
      ("2021-12-27", "Christmas Day (substitute day)"),
      ("2021-12-28", "Boxing Day (substitute day)"),
      ("2027-12-27", "Christmas Day (substitute day)"),
      ("2027-12-28", "Boxing Day (substitute day)"),
      // Christmas on Sunday: Boxing Day Monday 26th, Christmas Tuesday 27th.
      ("2011-12-26", "Boxing Day"),
      ("2011-12-27", "Christmas Day (substitute day)"),
      ("2016-12-26", "Boxing Day"),
      ("2016-12-27", "Christmas Day (substitute day)"),
      ("2022-12-26", "Boxing Day"),
      ("2022-12-27", "Christmas Day (substitute day)"),
    ]
    for (iso, name) in expected {
      #expect(ew.holidayName(d(iso)) == name, "\(iso)")
    }
    // The weekend days themselves are not listed as holidays.
    for iso in ["2021-12-25", "2021-12-26", "2022-01-01", "2022-12-25", "2020-12-26"] {
      #expect(ew.holidayName(d(iso)) == nil, "\(iso)")
      #expect(!ew.isWorkingDay(d(iso)), "\(iso)")
    }
    #expect(ew.holidays(in: 2010).map(\.date.iso).suffix(2) == ["2010-12-27", "2010-12-28"])
    #expect(
      ew.holidays(in: 2011).map(\.date.iso).suffix(3) == ["2011-08-29", "2011-12-26", "2011-12-27"])
  }

  @Test func ordinaryNames2024() {
    #expect(
      ew.holidays(in: 2024).map(\.name) == [
        "New Year's Day", "Good Friday", "Easter Monday", "Early May bank holiday",
        "Spring bank holiday", "Summer bank holiday", "Christmas Day", "Boxing Day",
      ])
  }

  // MARK: Easter

  @Test func easterSundays() {
    let expected = [
      "1818-03-22", "1943-04-25", "1990-04-15", "2000-04-23", "2008-03-23", "2011-04-24",
      "2012-04-08", "2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16",
      "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09",
      "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
      "2030-04-21", "2038-04-25", "2049-04-18", "2095-04-24", "2285-03-22",
    ]
    for iso in expected {
      let date = d(iso)
      #expect(HolidayCalendar.easterSunday(year: date.year) == date)
      #expect(date.weekday == .sunday)
    }
    // Far years are computed too, including outside the precomputed span.
    #expect(ew.holidayName(d("2095-04-22")) == "Good Friday")
    #expect(ew.holidayName(d("2095-04-25")) == "Easter Monday")
    #expect(ew.holidayName(d("2285-03-20")) == "Good Friday")
    #expect(!ew.isWorkingDay(d("2285-03-23")))
  }

  // MARK: Working-day arithmetic

  @Test func workingDaysBeforeSkipsJubilee() {
    // Tue 7 June 2022 back: Mon 6 (1), [Fri 3, Thu 2 holidays], Wed 1 (2),
    // Tue 31 May (3), Mon 30 (4), Fri 27 (5) ... Mon 23 (9), Fri 20 (10).
    #expect(ew.workingDays(10, before: d("2022-06-07")) == d("2022-05-20"))
    #expect(ew.workingDays(1, before: d("2022-06-06")) == d("2022-06-01"))
  }

  @Test func workingDaysBeforeCrossesChristmasAndNewYear() {
    // Mon 4 Jan 2021 back: [Fri 1 Jan], Thu 31 (1), Wed 30 (2), Tue 29 (3),
    // [Mon 28 Boxing substitute, Fri 25], Thu 24 (4) ... Wed 16 Dec (10).
    #expect(ew.workingDays(10, before: d("2021-01-04")) == d("2020-12-16"))
    // Tue 4 Jan 2022 back: [Mon 3 New Year substitute], Fri 31 (1), Thu 30 (2),
    // Wed 29 (3), [Tue 28, Mon 27 substitutes], Fri 24 (4) ... Thu 16 Dec (10).
    #expect(ew.workingDays(10, before: d("2022-01-04")) == d("2021-12-16"))
  }

  @Test func workingDaysEdgeCases() {
    // n = 0: the day itself when working, else the working day before.
    #expect(ew.workingDays(0, before: d("2022-06-01")) == d("2022-06-01"))
    #expect(ew.workingDays(0, before: d("2022-12-27")) == d("2022-12-23"))
    #expect(ew.workingDays(0, before: d("2022-06-05")) == d("2022-06-01"))
    // One working day before a Tuesday is Monday; before Easter Tuesday, Thursday.
    #expect(ew.workingDays(1, before: d("2024-06-11")) == d("2024-06-10"))
    #expect(ew.workingDays(1, before: d("2025-04-22")) == d("2025-04-17"))
    // Negative n counts forward.
    #expect(ew.workingDays(-1, before: d("2022-12-23")) == d("2022-12-28"))
    #expect(ew.workingDays(2, after: d("2022-06-01")) == d("2022-06-07"))
    #expect(ew.workingDays(0, after: d("2022-06-04")) == d("2022-06-06"))
  }

  @Test func clearWorkingDays() {
    // Thursday meeting, no holidays near: Wed 12 (1), Tue 11, Mon 10, Fri 7,
    // Thu 6 (5); publication the working day before, Wed 5 June. Between
    // them: Thu 6, Fri 7, Mon 10, Tue 11, Wed 12 = five clear days.
    #expect(ew.clearWorkingDays(5, before: d("2024-06-13")) == d("2024-06-05"))
    #expect(ew.workingDays(from: d("2024-06-05"), to: d("2024-06-12")) == 5)
    // Over the 2022 jubilee: Wed 8, Tue 7, Mon 6, [Fri 3, Thu 2], Wed 1,
    // Tue 31 May (5); publication Mon 30 May.
    #expect(ew.clearWorkingDays(5, before: d("2022-06-09")) == d("2022-05-30"))
    // Over Easter 2025: Wed 23, Tue 22, [Mon 21, Fri 18], Thu 17, Wed 16,
    // Tue 15 (5); publication Mon 14 April.
    #expect(ew.clearWorkingDays(5, before: d("2025-04-24")) == d("2025-04-14"))
    // No clear days: the working day before.
    #expect(ew.clearWorkingDays(0, before: d("2024-06-10")) == d("2024-06-07"))
  }

  @Test func nextWorkingDayOverHolidayWeekends() {
    #expect(ew.nextWorkingDay(onOrAfter: d("2022-12-24")) == d("2022-12-28"))
    #expect(ew.nextWorkingDay(onOrAfter: d("2022-06-02")) == d("2022-06-06"))
    #expect(ew.nextWorkingDay(onOrAfter: d("2021-12-25")) == d("2021-12-29"))
    #expect(ew.nextWorkingDay(onOrAfter: d("2025-04-18")) == d("2025-04-22"))
    #expect(ew.nextWorkingDay(onOrAfter: d("2024-06-11")) == d("2024-06-11"))
    #expect(ew.previousWorkingDay(onOrBefore: d("2022-12-27")) == d("2022-12-23"))
  }

  @Test func countingWorkingDays() {
    // (Fri 23 Dec, Wed 28 Dec] 2022: only Wednesday 28th.
    #expect(ew.workingDays(from: d("2022-12-23"), to: d("2022-12-28")) == 1)
    // (Tue 31 May, Tue 7 June] 2022: Wed 1, Mon 6, Tue 7.
    #expect(ew.workingDays(from: d("2022-05-31"), to: d("2022-06-07")) == 3)
    #expect(ew.workingDays(from: d("2022-06-07"), to: d("2022-05-31")) == -3)
    #expect(ew.workingDays(from: d("2022-06-07"), to: d("2022-06-07")) == 0)
    // 2022: 260 weekdays less 10 weekday holidays.
    #expect(ew.workingDays(from: d("2021-12-31"), to: d("2022-12-31")) == 250)
    // 2024: 262 weekdays less 8 holidays.
    #expect(ew.workingDays(from: d("2023-12-31"), to: d("2024-12-31")) == 254)
  }

  @Test func countingInvertsStepping() {
    let dates = ["2021-01-04", "2022-06-07", "2023-05-09", "2025-04-22", "2027-12-29"]
    for iso in dates {
      let date = d(iso)
      #expect(ew.isWorkingDay(date))
      for n in 0...25 {
        let earlier = ew.workingDays(n, before: date)
        #expect(ew.isWorkingDay(earlier))
        #expect(ew.workingDays(from: earlier, to: date) == n, "\(iso) n=\(n)")
        #expect(ew.workingDays(n, after: earlier) == date, "\(iso) n=\(n)")
      }
    }
  }

  @Test func isWorkingDayWeekendsAndOutsideTable() {
    #expect(ew.isWorkingDay(d("2024-06-10")))  // Monday
    #expect(!ew.isWorkingDay(d("2024-06-08")))  // Saturday
    #expect(!ew.isWorkingDay(d("2024-06-09")))  // Sunday
    // Beyond the precomputed years the same rules apply.
    #expect(ew.isWorkingDay(d("2300-01-02")))  // Tuesday
    #expect(!ew.isWorkingDay(d("2300-01-01")))  // Monday, New Year's Day
    #expect(ew.holidayName(d("1850-12-25")) == "Christmas Day")
  }

  // MARK: Scotland and Northern Ireland

  @Test func scotland() {
    let sc = HolidayCalendar(.scotland)
    #expect(
      sc.holidays(in: 2022).map(\.date.iso) == [
        "2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02", "2022-06-02", "2022-06-03",
        "2022-08-01", "2022-09-19", "2022-11-30", "2022-12-26", "2022-12-27",
      ])
    #expect(
      sc.holidays(in: 2023).map(\.date.iso) == [
        "2023-01-02", "2023-01-03", "2023-04-07", "2023-05-01", "2023-05-08", "2023-05-29",
        "2023-08-07", "2023-11-30", "2023-12-25", "2023-12-26",
      ])
    #expect(sc.holidayName(d("2023-01-02")) == "2nd January")
    #expect(sc.holidayName(d("2023-01-03")) == "New Year's Day (substitute day)")
    #expect(sc.holidayName(d("2021-01-04")) == "2nd January (substitute day)")
    #expect(sc.holidayName(d("2024-12-02")) == "St Andrew's Day (substitute day)")
    #expect(sc.holidayName(d("2025-12-01")) == "St Andrew's Day (substitute day)")
    #expect(sc.isWorkingDay(d("2024-04-01")))  // Easter Monday is not a Scottish holiday
    #expect(sc.isWorkingDay(d("2024-08-26")))  // nor the last Monday of August
    #expect(!sc.isWorkingDay(d("2024-08-05")))
  }

  @Test func northernIreland() {
    let ni = HolidayCalendar(.northernIreland)
    #expect(
      ni.holidays(in: 2024).map(\.date.iso) == [
        "2024-01-01", "2024-03-18", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
        "2024-07-12", "2024-08-26", "2024-12-25", "2024-12-26",
      ])
    #expect(ni.holidayName(d("2024-03-18")) == "St Patrick's Day (substitute day)")
    #expect(ni.holidayName(d("2023-03-17")) == "St Patrick's Day")
    #expect(
      ni.holidayName(d("2020-07-13")) == "Battle of the Boyne (Orangemen's Day) (substitute day)")
    #expect(
      ni.holidayName(d("2022-09-19")) == "Bank holiday for the State Funeral of Queen Elizabeth II")
  }

  // MARK: Cost

  @Test func tableBuildIsCheap() {
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      _ = HolidayTable(.englandAndWales)
    }
    // Built once per process per calendar; generous bound for busy machines.
    #expect(elapsed < .milliseconds(500))
    print("HolidayTable(.englandAndWales) for \(HolidayTable.precomputedYears): \(elapsed)")
  }
}
