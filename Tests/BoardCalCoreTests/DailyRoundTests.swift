import BoardCalCore
import Testing

/// The daily alert round in London: 07:00 is 07:00 UTC in winter and 06:00 UTC in summer time
/// (BST, from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October:
/// 29 March and 25 October in 2026).
@Suite("the daily alert round")
struct DailyRoundTests {
  let london = "Europe/London"
  let seven = DailyRound(at: TimeOfDay(hour: 7, minute: 0)!)

  func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> UTCInstant {
    UTCInstant(date: CivilDate(iso: iso)!, hour: hour, minute: minute)
  }

  func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

  @Test("due from 07:00 local time, once a day")
  func dueOnce() {
    #expect(seven.due(at: at("2026-01-15", 6, 59), lastRun: nil, timeZone: london) == nil)
    #expect(
      seven.due(at: at("2026-01-15", 7), lastRun: nil, timeZone: london) == day("2026-01-15"))
    #expect(
      seven.due(at: at("2026-01-15", 7), lastRun: day("2026-01-15"), timeZone: london) == nil)
    #expect(
      seven.due(at: at("2026-01-16", 7, 1), lastRun: day("2026-01-15"), timeZone: london)
        == day("2026-01-16"))
  }

  @Test("in summer time 07:00 in London is 06:00 UTC")
  func summer() {
    #expect(seven.due(at: at("2026-06-15", 5, 59), lastRun: nil, timeZone: london) == nil)
    #expect(
      seven.due(at: at("2026-06-15", 6), lastRun: nil, timeZone: london) == day("2026-06-15"))
    #expect(seven.instant(of: day("2026-06-15"), timeZone: london) == at("2026-06-15", 6))
    #expect(seven.instant(of: day("2026-12-15"), timeZone: london) == at("2026-12-15", 7))
  }

  @Test("a server that was down at 07:00 runs the day's round when it is back, the same day")
  func catchUp() {
    #expect(
      seven.due(at: at("2026-06-15", 15), lastRun: day("2026-06-14"), timeZone: london)
        == day("2026-06-15"))
  }

  @Test("the next round across the changes of the clocks")
  func nextRound() {
    #expect(seven.next(after: at("2026-06-15", 6), timeZone: london) == at("2026-06-16", 6))
    #expect(seven.next(after: at("2026-06-15", 5), timeZone: london) == at("2026-06-15", 6))
    // Saturday 28 March in GMT, Sunday 29 March in BST.
    #expect(seven.next(after: at("2026-03-28", 7), timeZone: london) == at("2026-03-29", 6))
    // Saturday 24 October in BST, Sunday 25 October in GMT.
    #expect(seven.next(after: at("2026-10-24", 6), timeZone: london) == at("2026-10-25", 7))
  }

  @Test("a time the clocks skip or repeat runs as the feeds read it")
  func clockChanges() {
    let early = DailyRound(at: TimeOfDay(hour: 1, minute: 30)!)
    // 01:30 does not exist in London on 29 March 2026: the offset before the gap (GMT).
    #expect(early.instant(of: day("2026-03-29"), timeZone: london) == at("2026-03-29", 1, 30))
    // 01:30 happens twice on 25 October 2026: the first, still in BST.
    #expect(early.instant(of: day("2026-10-25"), timeZone: london) == at("2026-10-25", 0, 30))
  }
}
