import BoardCalCore
import Foundation
import Testing

@testable import BoardCalICal

/// A calendar of VEVENTs given as their lines between BEGIN:VEVENT and END:VEVENT, CRLF line
/// ends. The first event's BEGIN:VEVENT is line 4, its first line given line 5.
private func calendar(_ events: [String]..., extra: [String] = []) -> String {
  var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Council//Committee calendar//EN"]
  lines += extra
  for event in events { lines += ["BEGIN:VEVENT"] + event + ["END:VEVENT"] }
  lines.append("END:VCALENDAR")
  return lines.map { $0 + "\r\n" }.joined()
}

private let lastDay = CivilDate(year: 2030, month: 3, day: 31)!

private func read(_ text: String, through: CivilDate = lastDay) throws(CalendarReadError)
  -> ImportedCalendar
{
  try ICalendarReader.read(
    text: text, file: "export.ics", timeZone: "Europe/London", through: through)
}

/// The error reading `text` gives, or nil when it reads.
private func refusal(_ text: String) -> CalendarReadError? {
  do {
    _ = try read(text)
    return nil
  } catch {
    return error
  }
}

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite("reading .ics exports: faithful or loud")
struct ICalendarReaderTests {
  /// A value that cannot be read as written, the line and column of its value, and what the
  /// message says of it.
  struct Impossible: CustomTestStringConvertible, Sendable {
    let property: String
    let column: Int
    let says: String
    var testDescription: String { property }
  }

  static let impossible: [Impossible] = [
    Impossible(
      property: "DTSTART;TZID=Europe/London:20210230T140000", column: 28,
      says:
        "DTSTART '20210230T140000' is not a date and time that exists: February 2021 has 28 days"
    ),
    Impossible(
      property: "DTSTART:20210230T140000", column: 9,
      says: "DTSTART '20210230T140000' is not a date and time that exists"),
    // libical would turn this one into 2 March once it converts it from UTC.
    Impossible(
      property: "DTSTART:20210230T140000Z", column: 9,
      says: "DTSTART '20210230T140000Z' is not a date and time that exists"),
    Impossible(
      property: "DTSTART;VALUE=DATE:20210230", column: 20,
      says: "DTSTART '20210230' is not a date that exists: February 2021 has 28 days"),
    Impossible(
      property: "DTSTART:20211301T140000Z", column: 9, says: "there is no month 13"),
    Impossible(
      property: "DTSTART:20210406T250000Z", column: 9, says: "there is no hour 25"),
    Impossible(
      property: "DTSTART:20210406T146000Z", column: 9, says: "there is no minute 60"),
    Impossible(
      property: "DTSTART:99990406T140000Z", column: 9,
      says: "9999-04-06 is outside the years boardcal works with (1900 to 2199)"),
    Impossible(
      property: "DTSTART:18990406T140000Z", column: 9, says: "1899-04-06 is outside the years"),
  ]

  @Test(
    "an impossible or out-of-bounds DTSTART is refused at its value, even with Z",
    arguments: impossible)
  func impossibleStart(_ value: Impossible) throws {
    let text = calendar(["UID:e1", "DTSTAMP:20210101T000000Z", value.property, "SUMMARY:Board"])
    let error = try #require(refusal(text))
    #expect(error.file == "export.ics")
    #expect(error.line == 7)
    #expect(error.column == value.column)
    #expect(error.message.contains("event 'e1'"))
    #expect(error.message.contains(value.says), "\(error)")
    #expect(error.description.hasPrefix("export.ics:7:\(value.column): "))
  }

  @Test func anImpossibleExdateOrRecurrenceIDIsRefusedToo() throws {
    let exdate = try #require(
      refusal(
        calendar([
          "UID:s", "DTSTART:20210406T130000Z", "RRULE:FREQ=MONTHLY;COUNT=3",
          "EXDATE:20210506T130000Z,20210631T130000Z",
        ])))
    // The second value of the list, at its own column.
    #expect(error(exdate, at: 8, 25, says: "EXDATE '20210631T130000Z' is not a date and time"))
    let override = try #require(
      refusal(calendar(["UID:s", "RECURRENCE-ID:20210230T130000Z", "DTSTART:20210406T130000Z"])))
    #expect(error(override, at: 6, 15, says: "RECURRENCE-ID '20210230T130000Z'"))
  }

  private func error(_ error: CalendarReadError, at line: Int, _ column: Int, says: String) -> Bool
  {
    error.line == line && error.column == column && error.message.contains(says)
  }

  @Test func anUnknownTZIDIsRefusedNamingIt() throws {
    let error = try #require(
      refusal(calendar(["UID:e1", "DTSTART;TZID=Mars/Olympus:20210406T140000"])))
    #expect(error.line == 6)
    #expect(error.column == 14)
    #expect(error.message.contains("TZID 'Mars/Olympus'"))
  }

  @Test func aTZIDDefinedInTheFileOrKnownToLibicalIsRead() throws {
    // Outlook names its zones in words and defines them in the file.
    let zone = [
      "BEGIN:VTIMEZONE", "TZID:GMT Standard Time",
      "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
      "BEGIN:DAYLIGHT", "DTSTART:16010101T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
    ]
    let read = try read(
      calendar(
        ["UID:a", "DTSTART;TZID=GMT Standard Time:20210706T140000", "SUMMARY:A"],
        ["UID:b", "DTSTART;TZID=Europe/London:20220111T100000", "SUMMARY:B"],
        ["UID:c", "DTSTART:20210706T130000Z", "SUMMARY:C"],
        extra: zone))
    #expect(read.events.map(\.date) == [day("2021-07-06"), day("2021-07-06"), day("2022-01-11")])
    #expect(read.events.map { $0.time?.description } == ["14:00", "14:00", "10:00"])
  }

  @Test func bytesThatAreNotUTF8AreRefusedAtTheirLineAndColumn() throws {
    var bytes = Array(
      calendar(["UID:e1", "DTSTART:20210406T130000Z", "SUMMARY:Caf_ board"]).utf8)
    // "Café" as Latin-1 saves it: 0xE9 where the underscore was, line 7, column 12.
    bytes[bytes.firstIndex(of: UInt8(ascii: "_"))!] = 0xE9
    do {
      _ = try ICalendarReader.read(
        bytes, file: "export.ics", timeZone: "Europe/London", through: lastDay)
      Issue.record("Latin-1 was read")
    } catch {
      #expect(error.line == 7)
      #expect(error.column == 12)
      #expect(error.message.contains("not UTF-8"))
      #expect(error.message.contains("0xE9"))
    }
  }

  @Test func thirtyThousandNestedComponentsAreRefusedBeforeLibicalSeesThem() throws {
    let depth = 30_000
    let text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
      + String(repeating: "BEGIN:VEVENT\r\n", count: depth)
      + String(repeating: "END:VEVENT\r\n", count: depth) + "END:VCALENDAR\r\n"
    let error = try #require(refusal(text))
    // VCALENDAR on line 1 and nine VEVENTs reach ten levels; the tenth VEVENT (line 12) is
    // the eleventh.
    #expect(error.line == 12)
    #expect(error.message.contains("nested 11 components deep"))
    #expect(error.message.contains("at most 10 deep"))
  }

  @Test func componentsThatDoNotCloseAreRefused() throws {
    let unclosed = try #require(
      refusal("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VCALENDAR\r\n"))
    #expect(unclosed.line == 4)
    #expect(unclosed.message.contains("END:VCALENDAR does not close BEGIN:VEVENT of line 2"))
  }

  @Test func libicalsOwnErrorIsLocatedAtTheProperty() throws {
    let error = try #require(
      refusal(calendar(["UID:e1", "DTSTAMP:20210101T000000Z", "DTSTART:2021BAD"])))
    #expect(error.line == 7)
    #expect(error.column == 9)
    #expect(error.message.contains("event 'e1' is malformed"))
    #expect(error.message.contains("DTSTART"))
  }

  @Test func aRecurringEventIsExpandedLessItsExdatesWithItsOverrides() throws {
    // First Tuesdays from April 2021, six of them: 6 April, 4 May, 1 June, 6 July, 3 August,
    // 7 September. May is excluded, July moved to the 13th at 10:00, August cancelled.
    let read = try read(
      calendar(
        [
          "UID:series", "DTSTART;TZID=Europe/London:20210406T140000",
          "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "EXDATE;TZID=Europe/London:20210504T140000",
          "SUMMARY:Board",
        ],
        [
          "UID:series", "RECURRENCE-ID;TZID=Europe/London:20210706T140000",
          "DTSTART;TZID=Europe/London:20210713T100000", "SUMMARY:Board (moved)",
        ],
        [
          "UID:series", "RECURRENCE-ID;TZID=Europe/London:20210803T140000",
          "DTSTART;TZID=Europe/London:20210803T140000", "STATUS:CANCELLED", "SUMMARY:Board",
        ]))
    #expect(
      read.events.map(\.date)
        == ["2021-04-06", "2021-06-01", "2021-07-13", "2021-08-03", "2021-09-07"].map(day))
    #expect(
      read.events.map { $0.time?.description } == ["14:00", "14:00", "10:00", "14:00", "14:00"])
    #expect(read.events.map(\.cancelled) == [false, false, false, true, false])
    // Each occurrence keeps the line of its VEVENT: the series begins on line 4, the July
    // override on 11, the August one on 17.
    #expect(read.events.map(\.line) == [4, 4, 11, 17, 4])
    #expect(read.continuing.isEmpty)
  }

  @Test func anOpenEndedSeriesIsReadToTheLastDayAndSaysItGoesOn() throws {
    let read = try read(
      calendar(["UID:w", "DTSTART:20291203T140000Z", "RRULE:FREQ=WEEKLY", "SUMMARY:Weekly"]))
    #expect(read.events.first?.date == day("2029-12-03"))
    #expect(read.events.last?.date == day("2030-03-25"))
    #expect(read.events.count == 17)
    #expect(read.continuing.map(\.line) == [4])
    #expect(read.continuing.first?.readThrough == lastDay)
  }

  @Test func aSeriesOfMoreThanFiveThousandOccurrencesIsRefused() throws {
    let error = try #require(
      refusal(calendar(["UID:m", "DTSTART:20210406T130000Z", "RRULE:FREQ=MINUTELY"])))
    #expect(error.line == 7)
    #expect(error.column == 7)
    #expect(error.message.contains("repeats more than 5000 times"))
  }

  @Test func anRDateAddsAnOccurrence() throws {
    let read = try read(
      calendar([
        "UID:r", "DTSTART;TZID=Europe/London:20210406T140000",
        "RDATE;TZID=Europe/London:20210420T140000", "SUMMARY:Board",
      ]))
    #expect(read.events.map(\.date) == [day("2021-04-06"), day("2021-04-20")])
  }
}

@Suite("reading .ics exports: what lies outside the calendar")
struct ICalendarOutsideTests {
  @Test func aComponentOutsideTheCalendarIsRefused() throws {
    // Nested without bound after the calendar, it would reach libical's recursive free.
    let text =
      calendar(["UID:a", "DTSTART:20210406T130000Z"])
      + String(repeating: "BEGIN:X-DEEP\r\n", count: 30_000)
      + String(repeating: "END:X-DEEP\r\n", count: 30_000)
    let error = try #require(refusal(text))
    // The calendar ends on line 8.
    #expect(error.line == 9)
    #expect(error.message.contains("BEGIN:X-DEEP is outside the VCALENDAR"))
  }

  @Test func aNulByteIsRefusedWhereItIs() throws {
    let text = calendar(["UID:a", "DTSTART:20210406T130000Z", "SUMMARY:Board\u{0}hidden"])
    let error = try #require(refusal(text))
    #expect(error.line == 7)
    #expect(error.column == 14)
    #expect(error.message.contains("NUL byte"))
  }

  @Test func aByteOrderMarkIsNoPartOfTheText() throws {
    let read = try read("\u{FEFF}" + calendar(["UID:a", "DTSTART:20210406T130000Z"]))
    #expect(read.events.map(\.date) == [day("2021-04-06")])
  }
}
