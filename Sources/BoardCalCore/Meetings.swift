/// A meeting of a board on a real date: derived from a pattern or given explicitly.
public struct Meeting: Hashable, Sendable {
  /// Stable across runs and across a move within the month: partnership, board and slot month.
  public let id: String
  public let board: String
  public var date: CivilDate
  public var time: TimeOfDay
  public let lengthMinutes: Int
  /// The month the pattern places the meeting in (its slot), for derived meetings.
  public let slotMonth: YearMonth
  /// The date the rule gave, when the meeting was moved off a weekend or bank holiday.
  public let ruleDate: CivilDate?
  public let isExplicit: Bool
  public let title: String?
  /// Standing agenda items for this meeting, in order.
  public let agenda: [String]
  public let location: String?
  public let confidential: Bool
  /// Why the meeting will not happen, when a cancellation in the protocol removes it.
  public var cancellation: String?
  /// Last day for papers: the lead time in working days before the meeting.
  public var paperDeadline: CivilDate
  /// For council committees: the agenda is published five clear working days before.
  public var agendaPublication: CivilDate?
  /// The protocol version under which the meeting was derived, if the file has versions.
  public let version: String?
  public let provenance: Provenance
  /// Raised each time a record moves the meeting (iCalendar SEQUENCE).
  public var sequence: Int = 0
  /// Why the meeting moved, when a record moved it.
  public var moveReason: String? = nil
  /// For a meeting held ahead of another board's (a `before` pattern): that meeting's id.
  public var follows: String? = nil

  public var isCancelled: Bool { cancellation != nil }
}

/// The working-day rules that turn meeting dates into deadlines.
public struct DeadlineRules: Sendable {
  public let calendar: HolidayCalendar
  public let paperLeadWorkingDays: Int
  /// LGA 1972 s.100B: agenda available five clear working days before a council committee.
  public static let agendaClearWorkingDays = 5

  public init(calendar: HolidayCalendar, paperLeadWorkingDays: Int) {
    self.calendar = calendar
    self.paperLeadWorkingDays = paperLeadWorkingDays
  }

  public func paperDeadline(for date: CivilDate) -> CivilDate {
    calendar.workingDays(paperLeadWorkingDays, before: date)
  }

  public func agendaPublication(for date: CivilDate, councilCommittee: Bool) -> CivilDate? {
    councilCommittee ? calendar.clearWorkingDays(Self.agendaClearWorkingDays, before: date) : nil
  }
}

extension Partnership {
  /// The financial year (cycle) that contains a date, named by the calendar year it starts in.
  public func cycle(containing date: CivilDate) -> Int {
    date.month >= financialYearStart.rawValue ? date.year : date.year - 1
  }

  /// The first and last day of the cycle that starts in `year`.
  public func cycleSpan(_ year: Int) -> DateSpan {
    let start = YearMonth(year: year, month: financialYearStart.rawValue)
    return DateSpan(start: start.firstDay, end: start.adding(months: 11).lastDay)
  }

  /// "2021-22": how officers name a financial year.
  public func cycleLabel(_ year: Int) -> String {
    financialYearStart == .january
      ? String(year) : "\(year)-\(CivilDate.pad((year + 1) % 100, 2))"
  }

  /// The names an agenda item may use for the years around its meeting: `{cycle}` for the
  /// meeting's own financial year, `{previous-cycle}` and `{next-cycle}` for the ones around it.
  public static let agendaYearNames = ["{cycle}": 0, "{previous-cycle}": -1, "{next-cycle}": 1]

  /// The `{…}` names in an agenda item that are not among `agendaYearNames`.
  public static func unknownAgendaNames(in text: String) -> [String] {
    var found: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      guard let close = rest[open...].firstIndex(of: "}") else {
        found.append(String(rest[open...]))
        break
      }
      let name = String(rest[open...close])
      if agendaYearNames[name] == nil { found.append(name) }
      rest = rest[rest.index(after: close)...]
    }
    return found
  }

  /// A standing agenda item as it reads at a meeting on `date`: "Agree strategic priorities for
  /// {next-cycle}" is "… for 2023-24" at the February 2023 meeting.
  public func agendaItem(_ text: String, on date: CivilDate) -> String {
    // Most items name no year: looked for byte by byte, not as a Foundation string search.
    guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
    // Each `{name}` read once, left to right; a `{` that opens no known name stays as it is.
    var result = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      if let close = rest[open...].firstIndex(of: "}"),
        let offset = Self.agendaYearNames[String(rest[open...close])]
      {
        result += cycleLabel(cycle(containing: date) + offset)
        rest = rest[rest.index(after: close)...]
      } else {
        result += "{"
        rest = rest[rest.index(after: open)...]
      }
    }
    return result + rest
  }

  /// The version that governs a date, if the partnership has versions.
  public func governingVersion(on date: CivilDate) -> ProtocolVersion? {
    versions.first { $0.governs(date) }
  }

  /// Whether a rule tagged with `tags` applies on `date` (untagged rules always apply).
  public func applies(_ tags: [String], on date: CivilDate) -> Bool {
    tags.isEmpty || tags.contains { tag in version(tag)?.governs(date) ?? false }
  }

  public var holidayCalendar: HolidayCalendar { HolidayCalendar(holidays) }

  public var deadlineRules: DeadlineRules {
    DeadlineRules(calendar: holidayCalendar, paperLeadWorkingDays: defaults.paperLeadWorkingDays)
  }
}

extension MonthRule {
  /// Whether the rule yields a meeting in `month`, for a partnership whose cycle starts in `fyStart`.
  public func includes(_ month: YearMonth, fyStart: Month) -> Bool {
    switch self {
    case .named(let months):
      return months.contains(month.monthName)
    case .every(let n, let starting):
      let start = starting ?? fyStart
      return start.distance(to: month.monthName) % n == 0
    case .timesAYear(let n):
      let offset = fyStart.distance(to: month.monthName)
      return (0..<n).contains { k in k * 12 / n == offset }
    // Its months are the other board's: see `MeetingPlanner.following`.
    case .before: return false
    }
  }
}

extension DayRule {
  /// The day this rule picks in a month; a day past the month's end is its last day.
  public func date(in month: YearMonth) -> CivilDate {
    switch self {
    case .dayOfMonth(let d):
      return CivilDate(
        uncheckedYear: month.year, month: month.month,
        day: min(d, CivilDate.daysIn(year: month.year, month: month.month)))
    case .nth(let n, let weekday):
      if n > 0 {
        let first = month.firstDay
        let offset = (weekday.rawValue - first.weekday.rawValue + 7) % 7
        return first.adding(days: offset + (n - 1) * 7)
      }
      let last = month.lastDay
      let back = (last.weekday.rawValue - weekday.rawValue + 7) % 7
      return last.adding(days: -back)
    }
  }
}

/// Derives every board's meetings over a span of days. Pure: same protocol and span, same meetings.
public enum MeetingPlanner {
  public static func meetings(of partnership: Partnership, in span: DateSpan) -> [Meeting] {
    let rules = partnership.deadlineRules
    var all: [Meeting] = []
    for board in partnership.boards {
      // A shared board's meetings follow the shared file's calendar, whoever imports it.
      if board.shared == nil {
        all += meetings(of: board, in: partnership, span: span, rules: rules)
      } else {
        let home = partnership.home(of: board)
        all += meetings(of: board, in: home, span: span, rules: home.deadlineRules)
      }
    }
    all += following(partnership, leaders: all, records: [], rules: rules).filter {
      span.contains($0.date)
    }
    return all
  }

  public static func meetings(
    of board: Board, in partnership: Partnership, span: DateSpan, rules: DeadlineRules
  ) -> [Meeting] {
    let calendar = rules.calendar
    let defaults = partnership.defaults
    var result: [Meeting] = []
    var usedIDs: Set<String> = []

    func uniqueID(_ base: String) -> String {
      var id = base
      var n = 2
      while usedIDs.contains(id) {
        id = "\(base)-\(n)"
        n += 1
      }
      usedIDs.insert(id)
      return id
    }

    func cancellation(for date: CivilDate, slot: YearMonth?) -> String? {
      for c in board.cancellations {
        switch c.target {
        case .date(let d) where d == date: return c.reason ?? "cancelled"
        case .month(let m) where m == slot: return c.reason ?? "cancelled"
        default: continue
        }
      }
      return nil
    }

    // Derived meetings: look a month either side so that moves across the span's edge are seen.
    var month = span.start.yearMonth.adding(months: -1)
    let lastMonth = span.end.yearMonth
    while month <= lastMonth {
      // By position: a pattern is copied only for the months it yields a meeting in.
      for position in board.patterns.indices
      where board.patterns[position].months.includes(month, fyStart: partnership.financialYearStart)
      {
        let pattern = board.patterns[position]
        let ruleDate = (pattern.day ?? defaults.meetingDay).date(in: month)
        // The pattern must hold both on the day its rule gives and on the working day the
        // meeting moves to: no meeting is moved into a suspension or past the pattern's end.
        func holds(on day: CivilDate) -> Bool {
          pattern.holds(on: day, board: board, in: partnership)
        }
        let date = calendar.nextWorkingDay(onOrAfter: ruleDate)
        guard holds(on: ruleDate), holds(on: date) else { continue }
        // Moved within its month by the protocol: the same meeting, on the day it names.
        let move = pattern.moved.first { $0.month == month }
        let held = move?.to ?? date
        // Nothing outside the board's life.
        guard board.life.contains(held) else { continue }
        // The id is taken before the span is applied, so that it does not depend on the span.
        let id = uniqueID("\(partnership.id)-\(board.id)-\(month.iso)")
        guard span.contains(held) else { continue }
        let agenda = ((pattern.agenda[nil] ?? []) + (pattern.agenda[month.monthName] ?? [])).map {
          partnership.agendaItem($0, on: held)
        }
        var meeting = Meeting(
          id: id, board: board.id, date: date,
          time: pattern.time ?? defaults.meetingTime,
          lengthMinutes: pattern.lengthMinutes ?? defaults.meetingLengthMinutes,
          slotMonth: month, ruleDate: move == nil && date != ruleDate ? ruleDate : nil,
          isExplicit: false, title: nil, agenda: agenda,
          location: pattern.location ?? board.location, confidential: false, cancellation: nil,
          paperDeadline: rules.paperDeadline(for: date),
          agendaPublication: rules.agendaPublication(
            for: date, councilCommittee: board.isCouncilCommittee),
          version: partnership.governingVersion(on: ruleDate)?.id, provenance: pattern.provenance)
        if let move {
          meeting.move(
            to: move.to, time: move.time, reason: move.reason, rules: rules,
            councilCommittee: board.isCouncilCommittee)
        }
        meeting.cancellation = cancellation(for: meeting.date, slot: month)
        result.append(meeting)
      }
      month = month.adding(months: 1)
    }
    for explicit in board.dates
    where span.contains(explicit.date) && board.life.contains(explicit.date) {
      result.append(
        Meeting(
          id: uniqueID("\(partnership.id)-\(board.id)-\(explicit.date.iso)"), board: board.id,
          date: explicit.date, time: explicit.time ?? defaults.meetingTime,
          lengthMinutes: explicit.lengthMinutes ?? defaults.meetingLengthMinutes,
          slotMonth: explicit.date.yearMonth, ruleDate: nil, isExplicit: true,
          title: explicit.title,
          agenda: explicit.agenda.map { partnership.agendaItem($0, on: explicit.date) },
          location: board.location,
          confidential: explicit.confidential,
          cancellation: cancellation(for: explicit.date, slot: nil),
          paperDeadline: rules.paperDeadline(for: explicit.date),
          agendaPublication: rules.agendaPublication(
            for: explicit.date, councilCommittee: board.isCouncilCommittee),
          version: partnership.governingVersion(on: explicit.date)?.id,
          provenance: explicit.provenance))
    }
    result.sort(onKey: { ($0.date, $0.time, $0.id) }, by: <)
    return result
  }
}
