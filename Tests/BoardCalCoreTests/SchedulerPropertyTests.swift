import BoardCalSynth
import Foundation
import Testing

@testable import BoardCalCore

// Property tests of the scheduler (DESIGN.md, "Semantics" 1-7 and 10): random but valid
// protocols, built directly as model values from fixed seeds, and the rules every derived
// schedule must keep whatever the protocol says.
//
// A failure names the seed and prints a summary of the offending protocol. To rerun one seed:
//   BOARDCAL_PROPERTY_SEED=137 swift test --filter SchedulerPropertyTests
// and BOARDCAL_PROPERTY_COUNT=2000 runs more protocols than the default 300.
//
// Where a property needs a fact the scheduler also computes (a rule date, a window, a count
// of working days), the test works it out its own way; only `HolidayCalendar.isWorkingDay`
// and the plain date arithmetic of `CivilDate`/`YearMonth` are trusted.

// MARK: - A small deterministic generator

/// Draws from a SplitMix64 without the standard library's sampling, so that a seed means the
/// same protocol on every toolchain.
private final class Draw {
  private var rng: SeededGenerator

  init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

  func int(_ range: ClosedRange<Int>) -> Int { rng.int(range) }

  /// True `percent` times in a hundred.
  func chance(_ percent: Int) -> Bool { int(0...99) < percent }

  func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  /// `count` distinct items, in random order.
  func subset<T>(_ items: [T], count: Int) -> [T] {
    var pool = items
    var chosen: [T] = []
    for _ in 0..<min(count, pool.count) {
      chosen.append(pool.remove(at: int(0...(pool.count - 1))))
    }
    return chosen
  }
}

// MARK: - Random valid protocols

/// Tags a rule's provenance so that a meeting can be traced to the pattern or explicit date
/// that made it: "b3/p1" is board b3's second pattern, "b3/d0" its first explicit date.
private func tag(_ text: String) -> Provenance { Provenance(note: text) }

private func randomProtocol(seed: UInt64) -> (Partnership, DateSpan) {
  let g = Draw(seed: seed)
  let fyStart: Month = g.chance(80) ? .april : g.pick(Month.allCases)
  let holidays: HolidayCalendarID =
    g.chance(70) ? .englandAndWales : g.pick(HolidayCalendarID.allCases)
  let calendar = HolidayCalendar(holidays)

  // A span of one to four years, starting on any day from 2019 to 2027.
  let start = CivilDate(year: g.int(2019...2027), month: 1, day: 1)!.adding(days: g.int(0...364))
  let end = start.adding(days: g.int(1...4) * 365 - 1 + g.int(-30...30))
  let span = DateSpan(start: start, end: end)
  let length = start.days(until: end)
  func someDate(margin: Int = 300) -> CivilDate {
    start.adding(days: g.int(-margin...(length + margin)))
  }

  // Zero to two versions that do not overlap, sometimes with a gap between them.
  var versions: [ProtocolVersion] = []
  switch g.int(0...2) {
  case 1:
    let from = someDate()
    versions = [
      ProtocolVersion(
        id: "v1", from: from, until: g.chance(50) ? nil : from.adding(days: g.int(30...900)))
    ]
  case 2:
    let from = someDate()
    let until = from.adding(days: g.int(60...700))
    let from2 = until.adding(days: g.chance(50) ? 1 : g.int(2...90))
    versions = [
      ProtocolVersion(id: "v1", from: from, until: until),
      ProtocolVersion(
        id: "v2", from: from2, until: g.chance(60) ? nil : from2.adding(days: g.int(100...900))),
    ]
  default: break
  }
  func versionTags(_ percent: Int) -> [String] {
    guard !versions.isEmpty, g.chance(percent) else { return [] }
    return versions.count == 1 ? ["v1"] : g.pick([["v1"], ["v2"], ["v1", "v2"]])
  }

  func dayRule() -> DayRule? {
    switch g.int(0...9) {
    case 0: return nil
    case 1, 2: return .dayOfMonth(g.int(28...31))
    case 3, 4: return .dayOfMonth(g.int(1...31))
    case 5: return .nth(-1, .friday)
    default: return .nth(g.pick([1, 2, 3, 4, -1]), g.pick(Weekday.allCases))
    }
  }
  func monthRule() -> MonthRule {
    switch g.int(0...2) {
    case 0: return .named(g.subset(Month.allCases, count: g.int(1...6)))
    case 1:
      return .every(
        g.pick([1, 2, 3, 4, 6, 12]), starting: g.chance(70) ? g.pick(Month.allCases) : nil)
    default: return .timesAYear(g.int(1...12))
    }
  }
  func time() -> TimeOfDay? {
    g.chance(50) ? TimeOfDay(hour: g.int(7...19), minute: g.pick([0, 15, 30, 45])) : nil
  }
  func cadence() -> Cadence {
    switch g.int(0...9) {
    case 0, 1, 2: return .annual
    case 3: return .sixMonthly
    case 4: return .quarterly
    case 5, 6: return .everyMeeting
    default: return .everyYears(g.int(2...5))
    }
  }
  func window() -> DutyWindow {
    switch g.int(0...7) {
    case 0: return .cycle
    case 1: return .season(g.pick(["spring", "summer", "autumn", "winter"]))
    case 2: return .months(MonthRange(from: g.pick(Month.allCases), to: g.pick(Month.allCases)))
    case 3:
      // Across the year end: "between December and April".
      return .months(
        MonthRange(
          from: g.pick([.october, .november, .december, .january]),
          to: g.pick([.january, .february, .march, .april])))
    case 4: return .month(g.pick(Month.allCases))
    case 5: return .meeting(g.pick(Month.allCases))
    default: return .by(g.pick(Month.allCases), g.int(1...31))
    }
  }

  // Boards, their patterns and explicit dates.
  var boards: [Board] = []
  for b in 1...g.int(1...6) {
    let id = "b\(b)"
    var patterns: [MeetingPattern] = []
    for k in 0..<g.int(0...3) {
      var validFrom = g.chance(30) ? someDate() : nil
      var validUntil = g.chance(30) ? someDate() : nil
      if let f = validFrom, let u = validUntil, u < f { (validFrom, validUntil) = (u, f) }
      var suspensions: [Suspension] = []
      if g.chance(40) {
        for _ in 0..<g.int(1...2) {
          let from = someDate()
          suspensions.append(
            Suspension(span: DateSpan(start: from, end: from.adding(days: g.int(0...240)))))
        }
      }
      patterns.append(
        MeetingPattern(
          months: monthRule(), day: dayRule(), time: time(),
          lengthMinutes: g.chance(30) ? g.pick([60, 90, 180]) : nil, validFrom: validFrom,
          validUntil: validUntil, versions: versionTags(20), suspensions: suspensions,
          provenance: tag("\(id)/p\(k)")))
    }
    var dates: [ExplicitMeeting] = []
    if g.chance(50) {
      for k in 0..<g.int(1...3) {
        var date = someDate(margin: 60)
        switch g.int(0...3) {
        case 0:  // a Saturday or Sunday
          while !date.weekday.isWeekend { date = date.adding(days: 1) }
        case 1:  // a bank holiday
          date = g.pick(calendar.holidays(in: date.year)).date
        default: break
        }
        dates.append(
          ExplicitMeeting(
            date: date, time: time(), title: "Extra meeting \(k)", confidential: g.chance(10),
            provenance: tag("\(id)/d\(k)")))
      }
      if g.chance(15) {  // the same day twice
        let again = dates[0]
        dates.append(
          ExplicitMeeting(
            date: again.date, time: TimeOfDay(hour: 18, minute: 0), title: "Second sitting",
            provenance: tag("\(id)/d\(dates.count)")))
      }
    }
    boards.append(
      Board(
        id: id, name: "Board \(b)", kind: g.pick(BoardKind.allCases), isPublic: g.chance(50),
        isCouncilCommittee: g.chance(35), versions: versionTags(10), patterns: patterns,
        dates: dates, provenance: tag(id)))
  }
  let boardIDs = boards.map(\.id)

  var reports: [Report] = []
  for k in 0..<g.int(0...5) {
    let c = cadence()
    var anchor: Int? = nil
    if case .everyYears = c, g.chance(90) { anchor = start.year + g.int(-6...6) }
    reports.append(
      Report(
        id: "r\(k)", name: "Report \(k)", owner: g.pick(boardIDs), cadence: c, anchorYear: anchor,
        signedOff: g.chance(40) ? g.pick(Month.allCases) : nil, versions: versionTags(15)))
  }

  var duties: [Duty] = []
  if !reports.isEmpty {
    for k in 0..<g.int(0...8) {
      let override: Cadence? = g.chance(25) ? cadence() : nil
      var anchor: Int? = nil
      if case .everyYears = override, g.chance(80) { anchor = start.year + g.int(-6...6) }
      duties.append(
        Duty(
          id: "d\(k)", report: g.pick(reports).id,
          receivers: g.subset(boardIDs, count: g.int(1...min(3, boardIDs.count))),
          action: g.pick(DutyAction.allCases), window: window(), cadence: override,
          anchorYear: anchor, confidential: g.chance(10), versions: versionTags(15),
          provenance: tag("d\(k)")))
    }
  }

  // Copies to people and publications, drawn apart so the rest of the protocol stays as the
  // seed has it: a publication names no receiver; an inform sometimes sends a person a copy.
  let people = [Person(id: "p0", role: "Chief Executive"), Person(id: "p1", role: "Leader")]
  let h = Draw(seed: seed ^ 0xC0_B1E5)
  for i in duties.indices {
    if duties[i].action == .publish { duties[i].receivers = [] }
    if duties[i].action == .inform, h.chance(40) {
      duties[i].receivers.append(h.pick(people).id)
    }
  }

  let defaults = PartnershipDefaults(
    meetingTime: TimeOfDay(hour: g.pick([10, 14, 18]), minute: 0)!,
    meetingDay: g.chance(70) ? .nth(1, .tuesday) : (dayRule() ?? .dayOfMonth(15)),
    paperLeadWorkingDays: g.pick([10, 10, 10, 1, 5, 15, 20]))
  var partnership = Partnership(
    id: "prop", name: "Property partnership \(seed)", financialYearStart: fyStart,
    holidays: holidays, defaults: defaults, horizon: Horizon(span), versions: versions,
    people: people, boards: boards,
    reports: reports, duties: duties)

  // Cancellations: of real derived or explicit meetings (by date, or a derived meeting's month),
  // and now and then of a day with no meeting at all.
  let around = DateSpan(start: start.adding(days: -800), end: end.adding(days: 800))
  for i in partnership.boards.indices {
    let board = partnership.boards[i]
    let meetings = MeetingPlanner.meetings(
      of: board, in: partnership, span: around, rules: partnership.deadlineRules)
    var cancellations: [Cancellation] = []
    if !meetings.isEmpty, g.chance(50) {
      for _ in 0..<g.int(1...2) {
        cancellations.append(Cancellation(target: .date(g.pick(meetings).date), reason: "by date"))
      }
    }
    let derived = meetings.filter { !$0.isExplicit }
    if !derived.isEmpty, g.chance(30) {
      cancellations.append(
        Cancellation(target: .month(g.pick(derived).slotMonth), reason: "by month"))
    }
    if g.chance(10) { cancellations.append(Cancellation(target: .date(someDate()))) }
    partnership.boards[i].cancellations = cancellations
  }
  return (partnership, span)
}

// MARK: - Summaries for failure messages

private func describe(_ rule: MonthRule) -> String {
  switch rule {
  case .named(let months): return "months " + months.map(\.name).joined(separator: ",")
  case .every(let n, let starting): return "every \(n) months from \(starting?.name ?? "FY start")"
  case .timesAYear(let n): return "\(n) times a year"
  case .before(let board, let lead): return "\(lead) before each meeting of \(board)"
  }
}

private func describe(_ window: DutyWindow) -> String {
  switch window {
  case .by(let m, let d): return "by \(m.name) \(d)"
  default: return window.description
  }
}

private func protocolSummary(_ p: Partnership, span: DateSpan) -> String {
  var lines = [
    "protocol: FY starts \(p.financialYearStart.name), holidays \(p.holidays.rawValue), "
      + "paper lead \(p.defaults.paperLeadWorkingDays) working days, default day "
      + "\(p.defaults.meetingDay), span \(span)"
  ]
  for v in p.versions { lines.append("  version \(v.id): \(v.from) to \(v.until?.iso ?? "open")") }
  for b in p.boards {
    lines.append(
      "  board \(b.id): \(b.kind.rawValue)\(b.isCouncilCommittee ? ", council committee" : "")"
        + (b.versions.isEmpty ? "" : ", versions \(b.versions)"))
    if let on = b.life.established?.on { lines.append("    established \(on)") }
    if let on = b.life.dissolved?.on { lines.append("    dissolved \(on)") }
    if let r = b.life.replacedBy { lines.append("    replaced by \(r.board) on \(r.on)") }
    for (i, pattern) in b.patterns.enumerated() {
      var text =
        "    p\(i): \(describe(pattern.months)), day \(pattern.day?.description ?? "default")"
      if let t = pattern.time { text += ", \(t)" }
      if pattern.validFrom != nil || pattern.validUntil != nil {
        text += ", valid \(pattern.validFrom?.iso ?? "...") to \(pattern.validUntil?.iso ?? "...")"
      }
      if !pattern.versions.isEmpty { text += ", versions \(pattern.versions)" }
      for s in pattern.suspensions { text += ", suspended \(s.span)" }
      lines.append(text)
    }
    for (i, d) in b.dates.enumerated() {
      lines.append("    d\(i): \(d.date) (\(d.date.weekday.name)) \(d.time?.description ?? "")")
    }
    for c in b.cancellations {
      switch c.target {
      case .date(let d): lines.append("    cancelled: \(d)")
      case .month(let m): lines.append("    cancelled: month \(m)")
      }
    }
  }
  for r in p.reports {
    var text = "  report \(r.id): owner \(r.owner), \(r.cadence)"
    if let a = r.anchorYear { text += " from \(a)" }
    if let s = r.signedOff { text += ", signed off in \(s.name)" }
    if !r.versions.isEmpty { text += ", versions \(r.versions)" }
    lines.append(text)
  }
  for d in p.duties {
    var text =
      "  duty \(d.id): \(d.report) -> \(d.receivers.joined(separator: ",")), \(d.action.rawValue), \(describe(d.window))"
    if let c = d.cadence { text += ", cadence \(c)" }
    if let a = d.anchorYear { text += " from \(a)" }
    if !d.versions.isEmpty { text += ", versions \(d.versions)" }
    lines.append(text)
  }
  return lines.joined(separator: "\n")
}

// MARK: - Independent arithmetic

/// 1 = Monday ... 7 = Sunday, by Sakamoto's method.
private func isoWeekday(_ y: Int, _ m: Int, _ d: Int) -> Int {
  let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
  let yy = m < 3 ? y - 1 : y
  let sundayFirst = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7
  return sundayFirst == 0 ? 7 : sundayFirst
}

private func monthLength(_ y: Int, _ m: Int) -> Int {
  if m == 2 { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28 }
  return [4, 6, 9, 11].contains(m) ? 30 : 31
}

/// The day a day rule picks in a month (README: a day past the month's end is its last day).
private func expectedRuleDate(_ rule: DayRule, in ym: YearMonth) -> CivilDate {
  let days = monthLength(ym.year, ym.month)
  switch rule {
  case .dayOfMonth(let d):
    return CivilDate(year: ym.year, month: ym.month, day: min(d, days))!
  case .nth(let n, let weekday):
    let matching = (1...days).filter { isoWeekday(ym.year, ym.month, $0) == weekday.rawValue }
    return CivilDate(
      year: ym.year, month: ym.month, day: n == -1 ? matching.last! : matching[n - 1])!
  }
}

/// Whether a month rule yields a meeting in a month of the year (README, "Meeting patterns").
private func expectedIncludes(_ rule: MonthRule, month: Int, fyStart: Int) -> Bool {
  switch rule {
  case .named(let months): return months.contains { $0.rawValue == month }
  case .every(let n, let starting):
    let from = starting?.rawValue ?? fyStart
    return ((month - from) % 12 + 12) % 12 % n == 0
  case .timesAYear(let n):
    return (0..<n).contains { k in (fyStart - 1 + k * 12 / n) % 12 + 1 == month }
  case .before: return false
  }
}

/// The cycle (financial year, by its starting calendar year) that contains a date.
private func expectedCycle(_ date: CivilDate, fyStart: Int) -> Int {
  date.month >= fyStart ? date.year : date.year - 1
}

private func expectedCycleStart(_ cycle: Int, fyStart: Int) -> CivilDate {
  CivilDate(year: cycle, month: fyStart, day: 1)!
}

/// A window's real dates in a cycle (README, "Windows"): it starts in the cycle and may run on
/// into the next.
private func expectedWindow(_ window: DutyWindow, cycle: Int, in p: Partnership) -> DateSpan? {
  let fy = p.financialYearStart.rawValue
  func monthIn(_ m: Int) -> YearMonth { YearMonth(year: m >= fy ? cycle : cycle + 1, month: m) }
  func run(_ from: Int, _ to: Int) -> DateSpan {
    let first = monthIn(from)
    let count = ((to - from) % 12 + 12) % 12 + 1
    return DateSpan(start: first.firstDay, end: first.adding(months: count - 1).lastDay)
  }
  switch window {
  case .cycle: return run(fy, fy == 1 ? 12 : fy - 1)
  case .season(let name): return p.seasons[name].map { run($0.from.rawValue, $0.to.rawValue) }
  case .months(let r): return run(r.from.rawValue, r.to.rawValue)
  case .month(let m), .meeting(let m): return run(m.rawValue, m.rawValue)
  case .by(let m, let d):
    let ym = monthIn(m.rawValue)
    return DateSpan(
      start: expectedCycleStart(cycle, fyStart: fy),
      end: CivilDate(year: ym.year, month: ym.month, day: min(d, monthLength(ym.year, ym.month)))!)
  case .on, .after: return nil
  }
}

/// The halves or quarters of a cycle that six-monthly and quarterly reports fall in.
private func cycleParts(_ cadence: Cadence, cycle: Int, fyStart: Int) -> [DateSpan]? {
  let parts: Int
  switch cadence {
  case .sixMonthly: parts = 2
  case .quarterly: parts = 4
  default: return nil
  }
  let first = YearMonth(year: cycle, month: fyStart)
  let step = 12 / parts
  return (0..<parts).map { k in
    DateSpan(
      start: first.adding(months: k * step).firstDay,
      end: first.adding(months: (k + 1) * step - 1).lastDay)
  }
}

/// The working days `d` with `from <= d < until`, counted one day at a time.
private func workingDays(_ calendar: HolidayCalendar, from: CivilDate, until: CivilDate) -> Int {
  var count = 0
  var day = from
  while day < until {
    if calendar.isWorkingDay(day) { count += 1 }
    day = day.adding(days: 1)
  }
  return count
}

private func intersection(_ a: DateSpan, _ b: DateSpan) -> DateSpan? {
  let start = max(a.start, b.start)
  let end = min(a.end, b.end)
  return start <= end ? DateSpan(start: start, end: end) : nil
}

// MARK: - One derived case

private struct PropertyCase: Sendable {
  let seed: UInt64
  let partnership: Partnership
  let span: DateSpan
  let schedule: Schedule
  /// Whole cycles either side of the span, as `Schedule.derive` documents it.
  let wide: DateSpan
  /// Every meeting over `wide`: where obligations near the span's edges find their slots.
  let wideMeetings: [Meeting]
  let meetingsByID: [String: Meeting]
  /// Each board's meetings that will take place, in date order.
  let heldByBoard: [String: [Meeting]]
  let calendar: HolidayCalendar

  init(seed: UInt64) {
    let (p, span) = randomProtocol(seed: seed)
    self.seed = seed
    partnership = p
    self.span = span
    schedule = Schedule.derive(p, span: span)
    let fy = p.financialYearStart.rawValue
    let lastCycle = expectedCycle(span.end, fyStart: fy) + 1
    wide = DateSpan(
      start: expectedCycleStart(expectedCycle(span.start, fyStart: fy) - 1, fyStart: fy),
      end: expectedCycleStart(lastCycle + 1, fyStart: fy).adding(days: -1))
    wideMeetings = MeetingPlanner.meetings(of: p, in: wide)
    meetingsByID = Dictionary(wideMeetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    heldByBoard = Dictionary(grouping: wideMeetings.filter { !$0.isCancelled }, by: \.board)
      .mapValues { $0.sorted { $0.date < $1.date } }
    calendar = p.holidayCalendar
  }

  var summary: String { protocolSummary(partnership, span: span) }

  func pattern(of meeting: Meeting) -> MeetingPattern? {
    guard let note = meeting.provenance.note, let board = partnership.board(meeting.board),
      let slash = note.lastIndex(of: "/"), note[note.index(after: slash)...].hasPrefix("p"),
      let index = Int(note[note.index(slash, offsetBy: 2)...]),
      board.patterns.indices.contains(index)
    else { return nil }
    return board.patterns[index]
  }

  func explicit(of meeting: Meeting) -> ExplicitMeeting? {
    guard let note = meeting.provenance.note, let board = partnership.board(meeting.board),
      let slash = note.lastIndex(of: "/"), note[note.index(after: slash)...].hasPrefix("d"),
      let index = Int(note[note.index(slash, offsetBy: 2)...]), board.dates.indices.contains(index)
    else { return nil }
    return board.dates[index]
  }

  /// The day the report is ready for an obligation whose window ends on `end`: the owner's
  /// latest meeting that takes place in the sign-off month, on or before `end`.
  func expectedReady(_ report: Report, windowEnd end: CivilDate) -> CivilDate? {
    guard let month = report.signedOff else { return nil }
    return (heldByBoard[report.owner] ?? []).last {
      $0.slotMonth.month == month.rawValue && $0.date <= end
    }?.date
  }

  /// The receiver's meetings inside an obligation's window that could take it (Semantics 6).
  func eligible(_ o: Obligation) -> [Meeting] {
    (heldByBoard[o.receiver] ?? []).filter { m in
      o.window.contains(m.date) && (o.readyOn.map { m.paperDeadline >= $0 } ?? true)
    }
  }

  func cadence(of o: Obligation) -> (Cadence, Int?)? {
    guard let duty = partnership.duties.first(where: { $0.id == o.duty }),
      let report = partnership.report(duty.report)
    else { return nil }
    return (duty.cadence ?? report.cadence, duty.anchorYear ?? report.anchorYear)
  }
}

private let seeds: [UInt64] = {
  let environment = ProcessInfo.processInfo.environment
  if let text = environment["BOARDCAL_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
  let count = environment["BOARDCAL_PROPERTY_COUNT"].flatMap { Int($0) } ?? 300
  return (1...UInt64(max(count, 1))).map { $0 }
}()

/// Derived once and shared by every test below.
private let corpus: [PropertyCase] = seeds.map { PropertyCase(seed: $0) }

/// Runs `check` on every case; for the first failing seeds, prints the seed, the broken rules and
/// the protocol, and records an issue.
private func verify(
  _ property: String, printing: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
  _ check: (PropertyCase) -> [String]
) {
  var failing: [UInt64] = []
  for c in corpus {
    let problems = check(c)
    guard !problems.isEmpty else { continue }
    failing.append(c.seed)
    guard failing.count <= 2 else { continue }
    var text = "\(property): fails for seed \(c.seed) (rerun: BOARDCAL_PROPERTY_SEED=\(c.seed))\n"
    text += problems.prefix(8).map { "  - " + $0 }.joined(separator: "\n")
    if problems.count > 8 { text += "\n  ... and \(problems.count - 8) more" }
    text += "\n" + c.summary
    if printing { print(text) }
    Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
  }
  if failing.count > 2 {
    let text =
      "\(property): \(failing.count) of \(corpus.count) seeds fail: "
      + failing.prefix(30).map(String.init).joined(separator: ", ")
    if printing { print(text) }
    Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
  }
}

/// The obligations the duties call for in `cycles` whose windows overlap the span, and which the
/// schedule does not have.
private func missingObligations(_ c: PropertyCase, cycles: ClosedRange<Int>) -> [String] {
  var problems: [String] = []
  let p = c.partnership
  let fy = p.financialYearStart.rawValue
  let have = Set(c.schedule.obligations.map { "\($0.duty)|\($0.receiver)|\($0.window)" })
  for duty in p.duties {
    guard let report = p.report(duty.report) else { continue }
    let cadence = duty.cadence ?? report.cadence
    let anchor = duty.anchorYear ?? report.anchorYear
    for cycle in cycles {
      if case .everyYears(let n) = cadence {
        guard let anchor, ((cycle - anchor) % n + n) % n == 0 else { continue }
      }
      // Only what the protocol imposed while it governed: windows opening in its horizon.
      guard let window = expectedWindow(duty.window, cycle: cycle, in: p),
        window.start >= p.horizon.start, p.horizon.end.map({ window.start <= $0 }) ?? true,
        p.applies(duty.versions, on: window.start), p.applies(report.versions, on: window.start)
      else { continue }
      let periods =
        cycleParts(cadence, cycle: cycle, fyStart: fy)?.compactMap { intersection($0, window) }
        ?? [window]
      for period in periods where period.overlaps(c.span) {
        for receiver in duty.takers where !have.contains("\(duty.id)|\(receiver)|\(period)") {
          problems.append("\(duty.id) to \(receiver) in cycle \(cycle), \(period): no obligation")
        }
      }
    }
  }
  return problems
}

// MARK: - Properties

@Suite("Scheduler properties over random protocols")
struct SchedulerPropertyTests {
  @Test("derived meetings fall on a working day, on or at most four days after their rule date")
  func derivedMeetingsFallOnWorkingDays() {
    verify("derived meetings on working days") { c in
      var problems: [String] = []
      let p = c.partnership
      for m in c.wideMeetings where !m.isExplicit {
        guard let pattern = c.pattern(of: m) else {
          problems.append("\(m.id): no pattern of \(m.board) made it")
          continue
        }
        let ruleDate = expectedRuleDate(pattern.day ?? p.defaults.meetingDay, in: m.slotMonth)
        if !expectedIncludes(
          pattern.months, month: m.slotMonth.month, fyStart: p.financialYearStart.rawValue)
        {
          problems.append("\(m.id): \(describe(pattern.months)) has no meeting in \(m.slotMonth)")
        }
        if (m.ruleDate ?? m.date) != ruleDate {
          problems.append("\(m.id): rule date \(m.ruleDate ?? m.date), the rule gives \(ruleDate)")
        }
        if m.ruleDate == m.date { problems.append("\(m.id): ruleDate set but not moved") }
        if !c.calendar.isWorkingDay(m.date) {
          problems.append("\(m.id) on \(m.date) (\(m.date.weekday.name)): not a working day")
        }
        if m.date < ruleDate {
          problems.append("\(m.id): \(m.date) is before its rule date \(ruleDate)")
        }
        if ruleDate.days(until: m.date) > 4 {
          problems.append(
            "\(m.id): moved \(ruleDate.days(until: m.date)) days, \(ruleDate) to \(m.date)")
        }
        if workingDays(c.calendar, from: ruleDate, until: m.date) != 0 {
          problems.append("\(m.id): moved from \(ruleDate) past a working day to \(m.date)")
        }
        if m.time != (pattern.time ?? p.defaults.meetingTime) {
          problems.append("\(m.id): time \(m.time)")
        }
      }
      return problems
    }
  }

  @Test("explicit meetings keep their date, even on a weekend or bank holiday")
  func explicitMeetingsKeepTheirDate() {
    verify("explicit meetings keep their date") { c in
      var problems: [String] = []
      for m in c.schedule.meetings where m.isExplicit {
        guard let explicit = c.explicit(of: m) else {
          problems.append("\(m.id): no explicit date of \(m.board) made it")
          continue
        }
        if m.date != explicit.date {
          problems.append("\(m.id): \(explicit.date) moved to \(m.date)")
        }
        if m.ruleDate != nil { problems.append("\(m.id): explicit meeting with a rule date") }
      }
      for board in c.partnership.boards {
        for (k, explicit) in board.dates.enumerated() where c.span.contains(explicit.date) {
          let found = c.schedule.meetings.contains {
            $0.isExplicit && $0.board == board.id && $0.provenance.note == "\(board.id)/d\(k)"
              && $0.date == explicit.date
          }
          if !found {
            problems.append("\(board.id)'s explicit meeting on \(explicit.date) is missing")
          }
        }
      }
      return problems
    }
  }

  @Test("no meeting in a suspension, outside its pattern's validity or versions; none missing")
  func meetingsRespectSuspensionsValidityAndVersions() {
    verify("suspensions, validity and versions") { c in
      var problems: [String] = []
      let p = c.partnership
      func allowed(_ pattern: MeetingPattern, _ board: Board, on day: CivilDate) -> String? {
        if let from = pattern.validFrom, day < from { return "before valid_from \(from)" }
        if let until = pattern.validUntil, day > until { return "after valid_until \(until)" }
        if let s = pattern.suspensions.first(where: { $0.span.contains(day) }) {
          return "in the suspension \(s.span)"
        }
        if !pattern.versions.isEmpty
          && !pattern.versions.contains(where: { p.version($0)?.governs(day) ?? false })
        {
          return "outside the pattern's versions \(pattern.versions)"
        }
        if !board.versions.isEmpty
          && !board.versions.contains(where: { p.version($0)?.governs(day) ?? false })
        {
          return "outside the board's versions \(board.versions)"
        }
        return nil
      }
      for m in c.wideMeetings where !m.isExplicit {
        guard let pattern = c.pattern(of: m), let board = p.board(m.board) else { continue }
        if let why = allowed(pattern, board, on: m.date) {
          problems.append("\(m.id) on \(m.date) is \(why)")
        }
        if let ruleDate = m.ruleDate, let why = allowed(pattern, board, on: ruleDate) {
          problems.append("\(m.id), moved from \(ruleDate), has its rule date \(why)")
        }
      }
      // And every meeting a pattern allows is there.
      let fy = p.financialYearStart.rawValue
      for board in p.boards {
        for (k, pattern) in board.patterns.enumerated() {
          var month = c.span.start.yearMonth.adding(months: -1)
          while month <= c.span.end.yearMonth {
            defer { month = month.adding(months: 1) }
            guard expectedIncludes(pattern.months, month: month.month, fyStart: fy) else {
              continue
            }
            let ruleDate = expectedRuleDate(pattern.day ?? p.defaults.meetingDay, in: month)
            var date = ruleDate
            while !c.calendar.isWorkingDay(date) { date = date.adding(days: 1) }
            guard c.span.contains(date), allowed(pattern, board, on: ruleDate) == nil,
              allowed(pattern, board, on: date) == nil
            else { continue }
            let found = c.schedule.meetings.contains {
              $0.board == board.id && $0.provenance.note == "\(board.id)/p\(k)"
                && $0.slotMonth == month && $0.date == date
            }
            if !found { problems.append("\(board.id)/p\(k): no meeting on \(date) for \(month)") }
          }
        }
      }
      return problems
    }
  }

  @Test("cancellations mark exactly the meetings they name")
  func cancellationsMarkTheirMeetings() {
    verify("cancellations") { c in
      var problems: [String] = []
      for m in c.wideMeetings {
        guard let board = c.partnership.board(m.board) else { continue }
        let named = board.cancellations.contains {
          switch $0.target {
          case .date(let d): return d == m.date
          case .month(let ym): return !m.isExplicit && ym == m.slotMonth
          }
        }
        if named != m.isCancelled {
          problems.append("\(m.id) on \(m.date): cancelled \(m.isCancelled), named \(named)")
        }
      }
      return problems
    }
  }

  @Test("no meeting id and no obligation id repeats; meeting ids do not depend on the span")
  func idsAreUniqueAndStable() {
    verify("unique ids") { c in
      var problems: [String] = []
      for (name, ids) in [
        ("meeting", c.schedule.meetings.map(\.id)), ("wide meeting", c.wideMeetings.map(\.id)),
        ("obligation", c.schedule.obligations.map(\.id)),
      ] {
        let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys
        for id in repeated.sorted() { problems.append("\(name) id \(id) repeats") }
      }
      for m in c.schedule.meetings {
        if !c.span.contains(m.date) { problems.append("\(m.id) on \(m.date) is outside the span") }
      }
      // The same meetings derived over the span alone, and over the wide span, have the same ids.
      let narrow = MeetingPlanner.meetings(of: c.partnership, in: c.span)
      let key: (Meeting) -> String = {
        "\($0.board) \($0.date) \($0.time) \($0.provenance.note ?? "")"
      }
      let wideIDs = Dictionary(
        c.wideMeetings.map { (key($0), $0.id) }, uniquingKeysWith: { a, _ in a })
      for m in narrow where wideIDs[key(m)] != m.id {
        problems.append(
          "\(key(m)): id \(m.id) over the span, \(wideIDs[key(m)] ?? "none") over cycles")
      }
      return problems
    }
  }

  @Test("paper deadline is the lead in working days before; council agendas leave 5 clear days")
  func paperDeadlinesAndAgendaPublication() {
    verify("paper deadlines and agenda publication") { c in
      var problems: [String] = []
      let lead = c.partnership.defaults.paperLeadWorkingDays
      for m in c.wideMeetings {
        if !c.calendar.isWorkingDay(m.paperDeadline) {
          problems.append("\(m.id): paper deadline \(m.paperDeadline) is not a working day")
        }
        let counted = workingDays(c.calendar, from: m.paperDeadline, until: m.date)
        if counted != lead {
          problems.append(
            "\(m.id) on \(m.date): \(counted) working days from deadline \(m.paperDeadline), not \(lead)"
          )
        }
        let council = c.partnership.board(m.board)?.isCouncilCommittee ?? false
        switch (council, m.agendaPublication) {
        case (false, nil): break
        case (false, let date?):
          problems.append("\(m.id): agenda publication \(date) for a non-council board")
        case (true, nil): problems.append("\(m.id): council committee without agenda publication")
        case (true, let date?):
          if !c.calendar.isWorkingDay(date) {
            problems.append("\(m.id): agenda published on \(date), not a working day")
          }
          let clear = workingDays(c.calendar, from: date.adding(days: 1), until: m.date)
          if clear != 5 {
            problems.append(
              "\(m.id) on \(m.date): agenda on \(date) leaves \(clear) clear working days")
          }
        }
      }
      return problems
    }
  }

  @Test(
    "an obligation slotted at a meeting: inside its window, a real, held meeting, after sign-off")
  func meetingSlotsAreValid() {
    verify("meeting slots") { c in
      var problems: [String] = []
      for o in c.schedule.obligations {
        if let duty = c.partnership.duties.first(where: { $0.id == o.duty }),
          let report = c.partnership.report(duty.report)
        {
          // An invitation has no papers, so nothing to be ready.
          let ready =
            duty.action == .invite ? nil : c.expectedReady(report, windowEnd: o.window.end)
          if o.readyOn != ready {
            problems.append(
              "\(o.id): ready on \(o.readyOn?.iso ?? "-"), expected \(ready?.iso ?? "-")")
          }
        }
        guard case .meeting(let id, let date) = o.slot else { continue }
        if !o.window.contains(date) { problems.append("\(o.id): slot \(date) outside \(o.window)") }
        guard let m = c.meetingsByID[id] else {
          problems.append("\(o.id): slotted at \(id), which is not a derived meeting")
          continue
        }
        if c.span.contains(m.date) && !c.schedule.meetings.contains(where: { $0.id == id }) {
          problems.append("\(o.id): \(id) is in the span but not in schedule.meetings")
        }
        if m.board != o.receiver {
          problems.append("\(o.id): \(id) is \(m.board)'s, not \(o.receiver)'s")
        }
        if m.date != date { problems.append("\(o.id): slot date \(date), meeting on \(m.date)") }
        if m.isCancelled { problems.append("\(o.id): slotted at cancelled \(id)") }
        if let ready = o.readyOn, m.paperDeadline < ready {
          problems.append("\(o.id): papers due \(m.paperDeadline), before sign-off on \(ready)")
        }
        // An invitation owes no papers: it has no paper deadline.
        let papers = o.action == .invite ? nil : m.paperDeadline
        if o.paperDeadline != papers || o.agendaPublication != m.agendaPublication {
          problems.append("\(o.id): deadlines differ from \(id)'s")
        }
      }
      return problems
    }
  }

  @Test("circulations are informs on a working day in the window; unschedulable has no meeting")
  func circulationAndUnschedulable() {
    verify("circulation and unschedulable") { c in
      var problems: [String] = []
      for o in c.schedule.obligations {
        // A copy to a person or a publication: due by its day, never at a meeting.
        let kind: ReceiverKind =
          o.action == .publish
          ? .public : c.partnership.person(o.receiver) != nil ? .person : .board
        if o.receiverKind != kind {
          problems.append("\(o.id): a \(o.receiverKind.rawValue) receiver, expected \(kind)")
        }
        if o.isByDate {
          if o.slot.meetingID != nil || o.isUnschedulable || o.paperDeadline != nil {
            problems.append("\(o.id): \(o.slot) for a copy or a publication")
          }
          if o.lastDay != o.slot.date { problems.append("\(o.id): last day \(o.lastDay)") }
        }
        switch o.slot {
        case .meeting: continue
        case .circulation(let date):
          if o.action != .inform && !o.isByDate {
            problems.append("\(o.id): \(o.action.rawValue) by circulation")
          }
          // A statutory date ("by 31 July") is kept as it is, working day or not.
          if let duty = c.partnership.duties.first(where: { $0.id == o.duty }),
            case .by = duty.window
          {
            if date != o.window.end {
              problems.append(
                "\(o.id): circulated on \(date), not on the statutory \(o.window.end)")
            }
            continue
          }
          if !c.calendar.isWorkingDay(date) {
            problems.append("\(o.id): circulated on \(date), not a working day")
          }
          if date > o.window.end {
            problems.append("\(o.id): circulated \(date) after \(o.window)")
          }
          let windowHasWorkingDay =
            workingDays(c.calendar, from: o.window.start, until: o.window.end.adding(days: 1)) > 0
          if windowHasWorkingDay {
            if !o.window.contains(date) {
              problems.append("\(o.id): circulated \(date) outside \(o.window)")
            }
            if workingDays(
              c.calendar, from: date.adding(days: 1), until: o.window.end.adding(days: 1)) > 0
            {
              problems.append("\(o.id): circulated \(date), not the window's last working day")
            }
          }
        case .unschedulable(let reason):
          if o.action == .inform {
            problems.append("\(o.id): an inform is unschedulable: \(reason)")
          }
          if o.paperDeadline != nil {
            problems.append("\(o.id): unschedulable with a paper deadline")
          }
        }
        let eligible = c.eligible(o)
        if !eligible.isEmpty {
          problems.append(
            "\(o.id): \(o.slot) although \(eligible.map { "\($0.id) \($0.date)" }) could take it")
        }
      }
      return problems
    }
  }

  @Test("the earliest eligible receiver meeting in the window takes the obligation")
  func earliestEligibleMeetingTakesIt() {
    verify("earliest eligible meeting") { c in
      var problems: [String] = []
      var everyMeeting: [String: [Obligation]] = [:]
      for o in c.schedule.obligations {
        guard let cadence = c.cadence(of: o)?.0 else {
          problems.append("\(o.id): no duty \(o.duty)")
          continue
        }
        if cadence == .everyMeeting {
          everyMeeting["\(o.duty)|\(o.receiver)|\(o.cycle)|\(o.window)", default: []].append(o)
          continue
        }
        guard case .meeting(let id, let date) = o.slot else { continue }
        if let earlier = c.eligible(o).first(where: { $0.date < date }) {
          problems.append(
            "\(o.id): slotted at \(id) on \(date), but \(earlier.id) on \(earlier.date) is eligible"
          )
        }
      }
      // Every meeting: one obligation at each eligible meeting, or one fallback when there is none.
      for (key, group) in everyMeeting.sorted(by: { $0.key < $1.key }) {
        let eligible = c.eligible(group[0])
        let slotted = group.compactMap(\.slot.meetingID).sorted()
        if eligible.isEmpty {
          if group.count != 1 || !slotted.isEmpty {
            problems.append("\(key): \(group.count) obligations with no eligible meeting")
          }
        } else if slotted != eligible.map(\.id).sorted() || slotted.count != group.count {
          problems.append("\(key): slotted at \(slotted), eligible \(eligible.map(\.id).sorted())")
        }
      }
      return problems
    }
  }

  @Test("obligations have the window and cycle the duty gives, and every N years keeps its anchor")
  func windowsCyclesAndEveryNYears() {
    verify("windows, cycles and every N years") { c in
      var problems: [String] = []
      let p = c.partnership
      let fy = p.financialYearStart.rawValue
      for o in c.schedule.obligations {
        guard let duty = p.duties.first(where: { $0.id == o.duty }), let found = c.cadence(of: o)
        else { continue }
        let (cadence, anchor) = found
        if !o.window.overlaps(c.span) {
          problems.append("\(o.id): window \(o.window) misses the span")
        }
        if expectedCycle(o.window.start, fyStart: fy) != o.cycle {
          problems.append("\(o.id): cycle \(o.cycle), but its window starts \(o.window.start)")
        }
        if !duty.takers.contains(o.receiver) {
          problems.append("\(o.id): receiver \(o.receiver)")
        }
        if case .everyYears(let n) = cadence {
          guard let anchor else {
            problems.append("\(o.id): every \(n) years with no anchor year")
            continue
          }
          if ((o.cycle - anchor) % n + n) % n != 0 {
            problems.append("\(o.id): every \(n) years from \(anchor), but in cycle \(o.cycle)")
          }
        }
        guard let window = expectedWindow(duty.window, cycle: o.cycle, in: p) else {
          problems.append("\(o.id): \(describe(duty.window)) has no dates")
          continue
        }
        if let parts = cycleParts(cadence, cycle: o.cycle, fyStart: fy) {
          let expected = parts.compactMap { intersection($0, window) }
          if !expected.contains(o.window) {
            problems.append("\(o.id): window \(o.window), expected one of \(expected)")
          }
        } else if o.window != window {
          problems.append("\(o.id): window \(o.window), expected \(window)")
        }
      }
      return problems
    }
  }

  @Test("every duty yields an obligation in each cycle of the span whose window overlaps it")
  func noObligationIsMissing() {
    verify("obligations present") { c in
      let fy = c.partnership.financialYearStart.rawValue
      return missingObligations(
        c,
        cycles: expectedCycle(c.span.start, fyStart: fy)...expectedCycle(c.span.end, fyStart: fy))
    }
  }

  /// A window belongs to the cycle it starts in but may run on into the next ("between December
  /// and April"), so a schedule from 1 April must still hold the obligation whose December-April
  /// window opened in the cycle before.
  @Test("windows still open from the cycle before the span are derived")
  func windowsFromTheCycleBefore() {
    verify("obligations of the cycle before", printing: false) { c in
      let cycle = expectedCycle(c.span.start, fyStart: c.partnership.financialYearStart.rawValue)
      return missingObligations(c, cycles: (cycle - 1)...(cycle - 1))
    }
  }

  @Test("the random protocols reach the cases the properties are about")
  func generatorCoversTheEdgeCases() {
    guard corpus.count >= 100 else { return }  // a single seed rerun covers little
    var counts: [String: Int] = [:]
    for c in corpus {
      let p = c.partnership
      for m in c.schedule.meetings {
        if m.ruleDate != nil { counts["moved meeting", default: 0] += 1 }
        if m.ruleDate.map({ !$0.weekday.isWeekend }) ?? false {
          counts["moved off a bank holiday", default: 0] += 1
        }
        if m.isExplicit && !c.calendar.isWorkingDay(m.date) {
          counts["explicit meeting on a non-working day", default: 0] += 1
        }
        if m.isCancelled { counts["cancelled meeting", default: 0] += 1 }
        if m.agendaPublication != nil { counts["council agenda", default: 0] += 1 }
      }
      for o in c.schedule.obligations {
        switch o.slot {
        case .meeting: counts["slotted at a meeting", default: 0] += 1
        case .circulation: counts["circulation", default: 0] += 1
        case .unschedulable: counts["unschedulable", default: 0] += 1
        }
        if o.readyOn != nil { counts["waits for sign-off", default: 0] += 1 }
        if o.window.start.year != o.window.end.year {
          counts["window across the year end", default: 0] += 1
        }
        if case .everyYears = c.cadence(of: o)?.0 { counts["every N years", default: 0] += 1 }
        if case .everyMeeting = c.cadence(of: o)?.0 { counts["every meeting", default: 0] += 1 }
        if o.id.contains("/q") { counts["quarterly", default: 0] += 1 }
        if o.receiverKind == .person { counts["copy to a person", default: 0] += 1 }
        if o.receiverKind == .public { counts["publication", default: 0] += 1 }
        if o.id.contains("/h") { counts["six-monthly", default: 0] += 1 }
      }
      if !p.versions.isEmpty && c.schedule.meetings.contains(where: { $0.version != nil }) {
        counts["versions", default: 0] += 1
      }
      if p.financialYearStart != .april { counts["other financial year", default: 0] += 1 }
    }
    for name in [
      "moved meeting", "moved off a bank holiday", "explicit meeting on a non-working day",
      "cancelled meeting", "council agenda", "slotted at a meeting", "circulation", "unschedulable",
      "waits for sign-off", "window across the year end", "every N years", "every meeting",
      "quarterly", "six-monthly", "versions", "other financial year", "copy to a person",
      "publication",
    ] {
      #expect((counts[name] ?? 0) >= 5, "only \(counts[name] ?? 0) cases of \(name)")
    }
  }
}

// MARK: - Periods covered and order

/// The same random protocols, with some reports about the year before or planning the year after
/// and some duties that must follow others.
private func withPeriodsAndOrder(_ c: PropertyCase) -> (Partnership, Schedule) {
  var p = c.partnership
  var g = SeededGenerator(seed: c.seed ^ 0x5EED_0F_0DE5)
  for i in p.reports.indices where g.int(0...99) < 50 {
    p.reports[i].covers = g.int(0...1) == 0 ? .previousCycle : .nextCycle
  }
  for i in p.duties.indices where i > 0 && g.int(0...99) < 40 {
    p.duties[i].after = [p.duties[g.int(0...(i - 1))].id]
  }
  return (p, Schedule.derive(p, span: c.span))
}

extension SchedulerPropertyTests {
  @Test(
    "no report is presented before the year it covers has ended, nor a plan after its year began")
  func periodsCovered() {
    verify("periods covered") { c in
      let (p, schedule) = withPeriodsAndOrder(c)
      var problems: [String] = []
      let meetings = Dictionary(
        schedule.meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      for o in schedule.obligations {
        guard let report = p.report(o.report), let covers = report.covers else { continue }
        let covered = p.cycleSpan(o.cycle + covers.offset)
        if o.covers != covered {
          problems.append("\(o.id): covers \(String(describing: o.covers)), expected \(covered)")
        }
        guard let id = o.slot.meetingID, let m = meetings[id] else { continue }
        switch covers {
        case .previousCycle where o.action != .invite && m.paperDeadline <= covered.end:
          problems.append(
            "\(o.id): papers due \(m.paperDeadline), before \(covered.end) ends its year")
        case .nextCycle where m.date >= covered.start:
          problems.append("\(o.id): a plan for \(covered) presented on \(m.date)")
        default: break
        }
      }
      return problems
    }
  }

  @Test("every obligation that must follow another is slotted after it, or cannot be slotted")
  func orderRespected() {
    verify("order between duties") { c in
      let (p, schedule) = withPeriodsAndOrder(c)
      var problems: [String] = []
      for o in schedule.obligations {
        guard let duty = p.duties.first(where: { $0.id == o.duty }), !duty.after.isEmpty,
          let date = o.slot.meetingID != nil ? o.slot.date : nil
        else { continue }
        for before in schedule.obligations
        where duty.after.contains(before.duty) && before.cycle == o.cycle {
          if let earlier = before.slot.date, date <= earlier {
            problems.append("\(o.id) on \(date) is not after \(before.id) on \(earlier)")
          }
        }
      }
      return problems
    }
  }
}

// MARK: - Board lifecycles

/// The same random protocols, with some boards set up, dissolved or replaced on days around the
/// span. A board is only replaced by a board after it in the list, on a day its successor
/// exists, so that successions never go round in a circle (as the validator requires).
private func withLifecycles(_ c: PropertyCase) -> Partnership {
  var p = c.partnership
  var g = SeededGenerator(seed: c.seed ^ 0x1_1FEC_7C1E)
  let length = c.span.start.days(until: c.span.end)
  func someDay() -> CivilDate { c.span.start.adding(days: g.int(-200...(length + 200))) }
  for i in p.boards.indices.reversed() {
    var life = BoardLifecycle()
    let kind = g.int(0...9)
    if kind <= 4 || g.int(0...99) < 30 { life.established = BoardEstablishment(on: someDay()) }
    let end = max(someDay(), (life.established?.on ?? c.span.start).adding(days: g.int(1...400)))
    if (2...3).contains(kind) {
      life.dissolved = BoardDissolution(on: end, reason: "wound up")
    } else if (4...6).contains(kind), i + 1 < p.boards.count {
      let successor = p.boards[g.int((i + 1)...(p.boards.count - 1))]
      if successor.life.contains(end) {
        life.replacedBy = BoardReplacement(board: successor.id, on: end)
      }
    }
    if g.int(0...99) < 20 {
      life.renamed = [BoardRenaming(on: someDay(), name: "Renamed board \(i)")]
    }
    p.boards[i].life = life
  }
  return p
}

/// A board's first and last days, worked out from its lifecycle's dates.
private func lifeBounds(_ board: Board) -> (first: CivilDate?, last: CivilDate?) {
  let ends = [board.life.dissolved?.on, board.life.replacedBy?.on].compactMap { $0 }
  return (board.life.established?.on, ends.min()?.adding(days: -1))
}

private func alive(_ board: Board?, on date: CivilDate) -> Bool {
  guard let board else { return false }
  let (first, last) = lifeBounds(board)
  return (first.map { $0 <= date } ?? true) && (last.map { date <= $0 } ?? true)
}

/// The boards that take over `id`'s duties on or before `date`: itself, then each successor
/// whose takeover day has come.
private func successors(of id: String, by date: CivilDate, in p: Partnership) -> [String] {
  var chain = [id]
  while let next = p.board(chain.last!)?.life.replacedBy, next.on <= date,
    !chain.contains(next.board)
  {
    chain.append(next.board)
  }
  return chain
}

extension SchedulerPropertyTests {
  @Test("no meeting and no obligation for a board outside its life; duties follow successors")
  func nothingOutsideABoardsLife() {
    verify("board lifecycles") { c in
      let p = withLifecycles(c)
      let schedule = Schedule.derive(p, span: c.span)
      var problems: [String] = []
      for m in schedule.meetings where !alive(p.board(m.board), on: m.date) {
        problems.append(
          "\(m.id) on \(m.date): \(m.board) does not exist (\(lifeBounds(p.board(m.board)!)))")
      }
      // The meetings are those without lifecycles, less those outside their board's life.
      let key: (Meeting) -> String = {
        "\($0.board) \($0.date) \($0.time) \($0.provenance.note ?? "") \($0.isCancelled)"
      }
      let expected = Schedule.derive(c.partnership, span: c.span).meetings
        .filter { alive(p.board($0.board), on: $0.date) }.map(key).sorted()
      if schedule.meetings.map(key).sorted() != expected {
        problems.append("the meetings are not those of the boards' lives")
      }
      let repeated = Dictionary(grouping: schedule.obligations.map(\.id), by: { $0 })
        .filter { $0.value.count > 1 }.keys
      for id in repeated.sorted() { problems.append("obligation id \(id) repeats") }
      let byID = Dictionary(schedule.meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      for o in schedule.obligations {
        let day = o.slot.date ?? o.window.end
        // A copy to a person or a publication has no receiving board: only its owner lives.
        let boards =
          o.isByDate ? [("owner", o.owner)] : [("receiver", o.receiver), ("owner", o.owner)]
        for (role, board) in boards where !alive(p.board(board), on: day) {
          problems.append("\(o.id) on \(day): its \(role) \(board) does not exist")
        }
        guard let duty = p.duties.first(where: { $0.id == o.duty }),
          let report = p.report(duty.report)
        else { continue }
        if !duty.takers.contains(where: {
          successors(of: $0, by: day, in: p).contains(o.receiver)
        }) {
          problems.append(
            "\(o.id) on \(day): \(o.receiver) does not hold \(duty.takers)'s duties")
        }
        if !successors(of: report.owner, by: day, in: p).contains(o.owner) {
          problems.append("\(o.id) on \(day): \(o.owner) does not hold \(report.owner)'s report")
        }
        if let id = o.slot.meetingID, let m = byID[id], m.board != o.receiver {
          problems.append("\(o.id): slotted at \(id) of \(m.board), owed to \(o.receiver)")
        }
      }
      // The summary printed below is of the protocol without lifecycles: these are its lives.
      if !problems.isEmpty {
        problems.insert(
          protocolSummary(p, span: c.span).split(separator: "\n").filter {
            $0.contains("established") || $0.contains("dissolved") || $0.contains("replaced")
          }.joined(separator: "; "), at: 0)
      }
      return problems
    }
  }
}

extension SchedulerPropertyTests {
  @Test("the random lifecycles reach the cases the property is about")
  func lifecycleGeneratorCoversTheEdgeCases() {
    guard corpus.count >= 100 else { return }  // a single seed rerun covers little
    var counts: [String: Int] = [:]
    for c in corpus {
      let p = withLifecycles(c)
      let schedule = Schedule.derive(p, span: c.span)
      if schedule.meetings.count < Schedule.derive(c.partnership, span: c.span).meetings.count {
        counts["meetings outside a life", default: 0] += 1
      }
      for o in schedule.obligations {
        guard let duty = p.duties.first(where: { $0.id == o.duty }),
          let report = p.report(duty.report)
        else { continue }
        if !duty.receivers.contains(o.receiver) { counts["owed to a successor", default: 0] += 1 }
        if report.owner != o.owner { counts["owned by a successor", default: 0] += 1 }
      }
      if p.boards.contains(where: { $0.life.dissolved != nil }) {
        counts["dissolved", default: 0] += 1
      }
    }
    for name in [
      "meetings outside a life", "owed to a successor", "owned by a successor", "dissolved",
    ] {
      #expect((counts[name] ?? 0) >= 5, "only \(counts[name] ?? 0) cases of \(name)")
    }
  }
}
