import Foundation
import Testing

@testable import BoardCalCore

// Meetings keep their wall-clock time in the partnership's zone ("14:00"), and their instant
// follows British Summer Time: 13:00Z in July, 14:00Z in January. The expected instants are
// worked out here from the EU rule, with Foundation's Gregorian calendar in UTC for the date
// arithmetic, not from the system's zone database that the core reads.

private let utc: Calendar = {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "UTC")!
  return calendar
}()

private func tzDate(_ iso: String) -> CivilDate {
  guard let date = CivilDate(iso: iso) else { fatalError("bad date in test: \(iso)") }
  return date
}

private func time(_ text: String) -> TimeOfDay {
  guard let time = TimeOfDay(text: text) else { fatalError("bad time in test: \(text)") }
  return time
}

/// Foundation's weekday: 1 = Sunday ... 7 = Saturday.
private func foundationWeekday(_ year: Int, _ month: Int, _ day: Int) -> Int {
  utc.component(.weekday, from: utc.date(from: DateComponents(year: year, month: month, day: day))!)
}

/// The day of the month of the last Sunday of March or October (both have 31 days).
private func lastSunday(_ year: Int, _ month: Int) -> Int {
  (25...31).last { foundationWeekday(year, month, $0) == 1 }!
}

/// The day of the month of the `n`-th Sunday.
private func nthSunday(_ n: Int, _ year: Int, _ month: Int) -> Int {
  (1...31).filter { foundationWeekday(year, month, $0) == 1 }[n - 1]
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a local date and time read with a UTC offset of `offsetMinutes`.
private func instant(_ date: CivilDate, _ time: TimeOfDay, offsetMinutes: Int) -> String {
  let midnight = utc.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
  let moment = midnight.addingTimeInterval(
    TimeInterval((time.hour * 60 + time.minute - offsetMinutes) * 60))
  let formatter = ISO8601DateFormatter()
  formatter.timeZone = TimeZone(identifier: "UTC")!
  return formatter.string(from: moment)
}

/// The brief's rule by date: British Summer Time from the last Sunday of March to the day
/// before the last Sunday of October. Right for every time of day except 00:00-01:59 on the two
/// change-over Sundays, when the clocks go forward or back at 01:00 UTC.
private func inBritishSummerTime(_ date: CivilDate) -> Bool {
  let (march, october) = (lastSunday(date.year, 3), lastSunday(date.year, 10))
  let day = (date.month, date.day)
  return (3, march) <= day && day < (10, october)
}

/// London's UTC offset for a local date and time, from the EU rule (summer time from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October), reading the local
/// times the change makes impossible or doubtful as RFC 5545 (3.3.5) does, since the feeds give
/// these times with `TZID=Europe/London`: a time in the spring gap (01:00-01:59) is read with the
/// offset before the gap, and a time that happens twice in the autumn (01:00-01:59) is its first
/// occurrence, in summer time.
private func londonOffsetMinutes(_ date: CivilDate, _ time: TimeOfDay) -> Int {
  let (march, october) = (lastSunday(date.year, 3), lastSunday(date.year, 10))
  let beforeTwo = time.hour < 2
  if (date.month, date.day) == (3, march) { return beforeTwo ? 0 : 60 }
  if (date.month, date.day) == (10, october) { return beforeTwo ? 60 : 0 }
  return inBritishSummerTime(date) ? 60 : 0
}

private let tenYears = DateSpan(start: tzDate("2020-04-01"), end: tzDate("2030-03-31"))

/// A board meeting monthly (every_months 1) on a day rule at a time.
private func monthlyBoard(_ id: String, _ day: DayRule, _ at: String) -> Board {
  Board(
    id: id, name: id, kind: .statutory,
    patterns: [MeetingPattern(months: .every(1, starting: nil), day: day, time: time(at))])
}

/// Explicit meetings on every change-over Sunday in the ten years, at each of `times`: explicit
/// dates are never moved, so these do fall on the Sundays the clocks change.
private func changeOverBoard(_ times: [String]) -> Board {
  var dates: [ExplicitMeeting] = []
  for year in 2020...2030 {
    for month in [3, 10] {
      let sunday = CivilDate(year: year, month: month, day: lastSunday(year, month))!
      guard tenYears.contains(sunday) else { continue }
      dates += times.map { ExplicitMeeting(date: sunday, time: time($0)) }
    }
  }
  return Board(id: "change-over", name: "Change-over Sundays", kind: .informal, dates: dates)
}

private func partnership(timeZone: String, boards: [Board]) -> Partnership {
  Partnership(
    id: "tz", name: "Time zones", timeZone: timeZone, horizon: Horizon(tenYears), boards: boards)
}

@Suite("Time zones and summer time")
struct TimeZoneTests {
  static let london = partnership(
    timeZone: "Europe/London",
    boards: [
      monthlyBoard("on-the-28th-afternoon", .dayOfMonth(28), "14:00"),
      monthlyBoard("on-the-28th-night", .dayOfMonth(28), "01:30"),
      monthlyBoard("last-sunday-afternoon", .nth(-1, .sunday), "14:00"),
      monthlyBoard("last-sunday-night", .nth(-1, .sunday), "01:30"),
      monthlyBoard("first-tuesday", .nth(1, .tuesday), "14:00"),
      changeOverBoard(["00:30", "01:00", "01:30", "02:00", "14:00"]),
    ])

  /// A month longer than the ten years, so that the last Sunday of March 2030, moved to Monday
  /// 1 April, is still seen; meetings are then taken by their slot month.
  static let schedule = Schedule.derive(
    london, span: DateSpan(start: tenYears.start, end: tzDate("2030-04-30")))

  static func meetings(of board: String) -> [Meeting] {
    schedule.meetings.filter {
      $0.board == board && $0.slotMonth <= YearMonth(year: 2030, month: 3)
    }
  }

  @Test(
    "monthly London meetings for ten years: an hour earlier in UTC in summer time",
    arguments: [
      ("on-the-28th-afternoon", "14:00"), ("on-the-28th-night", "01:30"),
      ("last-sunday-afternoon", "14:00"), ("last-sunday-night", "01:30"),
    ])
  func monthlyMeetingsFollowSummerTime(board: String, at: String) {
    let meetings = Self.meetings(of: board)
    #expect(meetings.count == 120)  // April 2020 to March 2030
    var summer = 0
    for m in meetings {
      // Derived meetings move off Sundays, so none is on a change-over day and the date rule holds.
      #expect(m.date.weekday != .sunday)
      let offset = inBritishSummerTime(m.date) ? 60 : 0
      summer += offset / 60
      #expect(
        m.startUTC(timeZone: "Europe/London") == instant(m.date, m.time, offsetMinutes: offset),
        "\(board) on \(m.date) at \(m.time)")
      #expect(offset == londonOffsetMinutes(m.date, m.time))
      // The wall-clock time is what the protocol says, summer or winter.
      #expect(m.time == time(at), "\(board) on \(m.date)")
    }
    // April to September always, and March or October when the 28th or the Monday after the
    // last Sunday falls inside summer time.
    #expect((60...80).contains(summer), "\(summer) meetings in summer time")
  }

  @Test("a last-Sunday meeting is held on the Monday after, at the same local time")
  func lastSundayMovesToMonday() {
    for m in Self.meetings(of: "last-sunday-afternoon") {
      #expect(m.ruleDate?.weekday == .sunday)
      #expect(m.date > m.ruleDate!)
      #expect(m.time == time("14:00"))
    }
    let march2021 = Self.meetings(of: "last-sunday-afternoon").first {
      $0.slotMonth.iso == "2021-03"
    }
    #expect(march2021?.ruleDate?.iso == "2021-03-28")
    #expect(march2021?.date.iso == "2021-03-29")
    #expect(march2021?.startUTC(timeZone: "Europe/London") == "2021-03-29T13:00:00Z")
  }

  @Test("meetings on the change-over Sundays themselves read their times as RFC 5545 does")
  func changeOverSundays() {
    let meetings = Self.meetings(of: "change-over")
    #expect(meetings.count == 20 * 5)
    for m in meetings {
      #expect(m.date.weekday == .sunday)  // explicit: never moved
      #expect(
        m.startUTC(timeZone: "Europe/London")
          == instant(m.date, m.time, offsetMinutes: londonOffsetMinutes(m.date, m.time)),
        "\(m.date) at \(m.time)")
    }
  }

  @Test("literal instants in London")
  func literalLondonInstants() {
    let tuesdays = Self.meetings(of: "first-tuesday")
    let july = tuesdays.first { $0.date.iso == "2021-07-06" }
    let january = tuesdays.first { $0.date.iso == "2022-01-04" }
    #expect(july?.startUTC(timeZone: "Europe/London") == "2021-07-06T13:00:00Z")
    #expect(january?.startUTC(timeZone: "Europe/London") == "2022-01-04T14:00:00Z")
    #expect(tuesdays.allSatisfy { $0.time == time("14:00") })

    func at(_ day: String, _ clock: String) -> String {
      let t = LocalTime.utc(date: tzDate(day), time: time(clock), timeZone: "Europe/London")
      return "\(t.date.iso)T\(t.time)"
    }
    // Spring forward, Sunday 28 March 2021: 01:00 GMT becomes 02:00 BST.
    #expect(at("2021-03-28", "00:30") == "2021-03-28T00:30")
    // 01:30 does not happen that night: read with the offset before the gap.
    #expect(at("2021-03-28", "01:30") == "2021-03-28T01:30")
    #expect(at("2021-03-28", "02:00") == "2021-03-28T01:00")
    #expect(at("2021-03-28", "14:00") == "2021-03-28T13:00")
    // Fall back, Sunday 31 October 2021: 02:00 BST becomes 01:00 GMT.
    #expect(at("2021-10-31", "00:30") == "2021-10-30T23:30")  // the UTC date is the day before
    #expect(at("2021-10-31", "01:30") == "2021-10-31T00:30")  // twice that night: the first
    #expect(at("2021-10-31", "02:00") == "2021-10-31T02:00")
    #expect(at("2021-10-31", "14:00") == "2021-10-31T14:00")
  }

  @Test("the zone is the partnership's, not London hard-coded: New York for ten years")
  func newYork() {
    let p = partnership(
      timeZone: "America/New_York",
      boards: [monthlyBoard("first-tuesday", .nth(1, .tuesday), "14:00")])
    let meetings = Schedule.derive(p, span: tenYears).meetings
    #expect(meetings.count == 120)
    for m in meetings {
      // US rule since 2007: daylight time from the second Sunday of March to the first Sunday
      // of November (at 02:00 local); EDT is UTC-4, EST UTC-5.
      let day = (m.date.month, m.date.day)
      let daylight =
        (3, nthSunday(2, m.date.year, 3)) <= day && day < (11, nthSunday(1, m.date.year, 11))
      #expect(
        m.startUTC(timeZone: p.timeZone)
          == instant(m.date, m.time, offsetMinutes: daylight ? -240 : -300), "\(m.date)")
    }
    let july = meetings.first { $0.date.iso == "2021-07-06" }
    let january = meetings.first { $0.date.iso == "2022-01-04" }
    #expect(july?.startUTC(timeZone: "America/New_York") == "2021-07-06T18:00:00Z")
    #expect(january?.startUTC(timeZone: "America/New_York") == "2022-01-04T19:00:00Z")
    // The same meeting read in London's zone is a different instant.
    #expect(july?.startUTC(timeZone: "Europe/London") == "2021-07-06T13:00:00Z")
    // A zone with a half-hour offset and no summer time.
    #expect(july?.startUTC(timeZone: "Asia/Kolkata") == "2021-07-06T08:30:00Z")
  }
}

/// A meeting's end on the real timeline, on the two nights a year the clocks change, for ten
/// years: 120 minutes last 120 minutes, whatever the wall clock does.
@Suite("Meeting ends at the clock changes")
struct ClockChangeTests {
  @Test("October: 01:30 happens twice; a 120-minute meeting from the first 01:30 ends at 02:30")
  func october() {
    for year in 2021...2030 {
      let day = tzDate("\(year)-10-\(lastSunday(year, 10))")
      #expect(
        LocalTime.reading(date: day, time: time("01:30"), timeZone: "Europe/London") == .repeated)
      // First 01:30 is 00:30Z (summer time); 120 minutes later is 02:30Z, 02:30 GMT.
      let end = LocalTime.end(of: day, time("01:30"), minutes: 120, timeZone: "Europe/London")
      #expect(end.date == day && end.time == time("02:30"), "\(year): \(end)")
      #expect(
        LocalTime.reading(date: day, time: time("02:30"), timeZone: "Europe/London") == .ordinary)
    }
  }

  @Test("March: 01:30 does not exist; a meeting from 00:30 for 120 minutes ends at 03:30")
  func march() {
    for year in 2021...2030 {
      let day = tzDate("\(year)-03-\(lastSunday(year, 3))")
      #expect(
        LocalTime.reading(date: day, time: time("01:30"), timeZone: "Europe/London") == .skipped)
      // 00:30 GMT is 00:30Z; 120 minutes later is 02:30Z, which is 03:30 BST.
      let end = LocalTime.end(of: day, time("00:30"), minutes: 120, timeZone: "Europe/London")
      #expect(end.date == day && end.time == time("03:30"), "\(year): \(end)")
      let ordinary = LocalTime.end(of: day, time("14:00"), minutes: 120, timeZone: "Europe/London")
      #expect(ordinary.time == time("16:00"))
    }
  }

  @Test("a meeting at a time the clocks skip or repeat is reported by conflicts")
  func reported() throws {
    // A board meeting at 01:30 on the last Sunday of March and of October.
    let p = Partnership(
      id: "p", name: "P", timeZone: "Europe/London",
      horizon: Horizon(start: tzDate("2021-04-01"), end: tzDate("2022-03-31")),
      boards: [
        Board(
          id: "night", name: "Night Board", kind: .statutory,
          dates: [
            ExplicitMeeting(date: tzDate("2021-10-31"), time: time("01:30")),
            ExplicitMeeting(date: tzDate("2022-03-27"), time: time("01:30")),
            ExplicitMeeting(date: tzDate("2022-03-28"), time: time("01:30")),
          ])
      ])
    let schedule = Schedule.derive(
      p, span: DateSpan(start: tzDate("2021-04-01"), end: tzDate("2022-03-31")))
    let changes = schedule.conflicts(in: p).filter { $0.kind == "clock-change" }
    #expect(changes.count == 2)
    #expect(
      changes.contains { $0.explanation.contains("2021-10-31 at 01:30: that time happens twice") })
    #expect(
      changes.contains { $0.explanation.contains("2022-03-27 at 01:30: that time does not exist") })
  }
}
