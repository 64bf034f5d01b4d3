import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalSynth
import Foundation
import Testing

// Property test of shared boards (issue 12: "no event twice across partnerships"), in the style
// of Tests/BoardCalCoreTests/SchedulerPropertyTests.swift: random but valid pairs of
// partnerships, built as model values from fixed seeds, that import the same shared board, each
// with its own calendar conventions (financial year, bank holidays, meeting and paper defaults),
// its own boards and its own duties to and from the shared board. Whatever they say, no UID may
// name two contents across both partnerships' feeds and the shared feeds joined from them.
//
// To rerun one seed: BOARDCAL_PROPERTY_SEED=137 swift test --filter SharedBoardPropertyTests;
// BOARDCAL_PROPERTY_COUNT=500 runs more pairs than the default 60.

private let origin = SharedOrigin(id: "region", name: "Boards serving the region", serves: [])

/// The shared board: one to three random patterns, standing items with year names, sometimes a
/// one-off date and a cancellation.
private func sharedBoard(_ g: inout SeededGenerator, start: CivilDate) -> Board {
  var patterns: [MeetingPattern] = []
  for _ in 0..<g.int(1...3) {
    let months: MonthRule =
      switch g.int(0...2) {
      case 0: .named((0..<g.int(1...4)).map { _ in g.pick(Month.allCases) })
      case 1: .every(g.pick([1, 2, 3, 6]), starting: g.chance(0.5) ? g.pick(Month.allCases) : nil)
      default: .timesAYear(g.int(1...6))
      }
    patterns.append(
      MeetingPattern(
        months: months,
        day: g.chance(0.3) ? nil : .nth(g.pick([1, 2, 3, -1]), g.pick(Weekday.allCases)),
        time: g.chance(0.5) ? nil : TimeOfDay(hour: g.int(8...17), minute: 0),
        agenda: g.chance(0.5) ? [nil: ["Business plan for {next-cycle}"]] : [:]))
  }
  let oneOff = start.adding(days: g.int(0...700))
  var board = Board(
    id: "rsab", name: "Regional Safeguarding Adults Board", shortName: "RSAB", kind: .statutory,
    chair: "rsab-chair", patterns: patterns,
    dates: g.chance(0.3) ? [ExplicitMeeting(date: oneOff, title: "Extraordinary meeting")] : [],
    cancellations: g.chance(0.3)
      ? [Cancellation(target: .month(start.adding(days: g.int(0...700)).yearMonth))] : [],
    sharedFrom: origin.id, shared: origin)
  // Sometimes it meets in public: its meetings and the items to it are then in the public feeds.
  board.isPublic = g.chance(0.4)
  return board
}

extension Board {
  fileprivate init(
    id: String, name: String, shortName: String, kind: BoardKind, chair: String,
    patterns: [MeetingPattern], dates: [ExplicitMeeting], cancellations: [Cancellation],
    sharedFrom: String, shared: SharedOrigin
  ) {
    self.init(
      id: id, name: name, shortName: shortName, kind: kind, chair: chair, patterns: patterns,
      dates: dates, cancellations: cancellations, sharedFrom: sharedFrom)
    self.shared = shared
  }
}

/// A partnership `id` importing `shared`, with conventions, boards and duties of its own.
private func partnership(
  _ id: String, importing shared: Board, _ g: inout SeededGenerator, start: CivilDate
) -> Partnership {
  var defaults = PartnershipDefaults(
    meetingTime: TimeOfDay(hour: g.int(9...18), minute: g.pick([0, 30]))!,
    meetingLengthMinutes: g.pick([60, 90, 120, 180]),
    meetingDay: .nth(g.int(1...4), g.pick(Weekday.allCases)),
    paperLeadWorkingDays: g.int(3...15))
  defaults.meetingCapacity = g.chance(0.3) ? g.int(1...3) : nil
  let own = (0..<g.int(1...3)).map { n in
    Board(
      id: "\(id)-b\(n)", name: "\(id) board \(n)", kind: g.pick([.statutory, .committee]),
      chair: "\(id)-chair", isPublic: g.chance(0.5), isCouncilCommittee: g.chance(0.5),
      patterns: [MeetingPattern(months: .every(g.pick([1, 2, 3]), starting: nil))])
  }
  let boards = own + [shared]
  let reports =
    [Report(id: "rsab-annual", name: "RSAB annual report", owner: "rsab")]
    + own.map { Report(id: "\($0.id)-plan", name: "\($0.name) plan", owner: $0.id) }
  var duties: [Duty] = []
  for (n, report) in reports.enumerated() {
    let receivers =
      report.owner == "rsab" ? own.map(\.id) : (g.chance(0.7) ? ["rsab"] : ["rsab", own[0].id])
    duties.append(
      Duty(
        id: "\(id)-d\(n)", report: report.id,
        receivers: Array(Set(receivers).subtracting([report.owner])).sorted(),
        action: g.pick(DutyAction.allCases),
        window: g.pick([
          .cycle, .season("autumn"), .months(MonthRange(from: .april, to: .june)), .month(.july),
        ]),
        cadence: g.chance(0.2) ? .everyMeeting : nil,
        presentedBy: g.chance(0.5) ? "rsab-chair" : nil, confidential: g.chance(0.2)))
  }
  return Partnership(
    id: id, name: "\(id) partnership", financialYearStart: g.chance(0.7) ? .april : .january,
    holidays: g.pick(HolidayCalendarID.allCases), defaults: defaults,
    horizon: Horizon(start: start.adding(days: g.int(-200...200))),
    people: [
      Person(id: "rsab-chair", role: "Independent Chair"),
      Person(id: "\(id)-chair", role: "Chair"),
    ], boards: boards, reports: reports, duties: duties)
}

/// The feeds with each event's DTSTAMP as it is written: its own, else the partnership's
/// (`calendarHead`), as a shared part carries it.
func asWritten(_ feeds: [Feed], _ state: PartnershipState) -> [Feed] {
  let stamp = state.calendarHead().stamp
  return feeds.map { feed in
    var written = feed
    written.events = feed.events.map { event in
      var event = event
      event.stamp = event.stamp ?? stamp
      return event
    }
    return written
  }
}

@Suite("Shared boards: property")
struct SharedBoardPropertyTests {
  static var seeds: [UInt64] {
    let env = ProcessInfo.processInfo.environment
    if let one = env["BOARDCAL_PROPERTY_SEED"].flatMap(UInt64.init) { return [one] }
    let count = env["BOARDCAL_PROPERTY_COUNT"].flatMap(Int.init) ?? 60
    return (0..<UInt64(count)).map { $0 * 7919 + 12 }
  }

  @Test("no UID names two contents across the partnerships that import a shared board")
  func noEventTwiceAcrossPartnerships() throws {
    for seed in Self.seeds {
      var g = SeededGenerator(seed: seed)
      let start = CivilDate(year: g.int(2019...2026), month: g.int(1...12), day: 1)!
      let board = sharedBoard(&g, start: start)
      let a = partnership("north", importing: board, &g, start: start)
      let b = partnership("south", importing: board, &g, start: start)
      let asOf = start.adding(days: g.int(0...500))
      var all: [Feed] = []
      var parts: [(partnership: String, feeds: [Feed])] = []
      var meetings: [[Meeting]] = []
      for p in [a, b] {
        let state = PartnershipState(p, asOf: asOf)
        let schedule = state.schedule()
        all += asWritten(state.feeds(schedule), state)
        parts.append((p.id, state.sharedFeeds(schedule)))
        meetings.append(schedule.meetings.filter { $0.board == "rsab" })
      }
      // The same days: each shared meeting the two spans hold in common is the same meeting.
      let common = Set(meetings[0].map(\.id)).intersection(meetings[1].map(\.id))
      for id in common {
        #expect(
          meetings[0].first { $0.id == id } == meetings[1].first { $0.id == id },
          "seed \(seed): meeting \(id)")
      }
      let joined: [Feed]
      do {
        joined = try FeedPlanner.merged(parts)
      } catch {
        Issue.record("seed \(seed): \(error)")
        continue
      }
      #expect(FeedPlanner.clashingUIDs(all + joined) == [], "seed \(seed)")
      // Every shared meeting (and its paper deadline) is in the shared board's feed once.
      let shared = joined.first { $0.path == "shared/region/boards/rsab.ics" }
      let uids = shared?.events.map(\.uid) ?? []
      #expect(Set(uids).count == uids.count, "seed \(seed)")
      for m in meetings.flatMap({ $0 }) {
        #expect(uids.contains("\(m.id)@boardcal"), "seed \(seed): \(m.id)")
      }
    }
  }
}
