/// Everything a protocol yields over a span of days: the meetings and the obligations slotted into them.
public struct Schedule: Hashable, Sendable {
  public let partnership: String
  public let span: DateSpan
  public let meetings: [Meeting]
  public let obligations: [Obligation]

  /// Derives the schedule. Meetings are worked out over whole cycles around the span, so that a
  /// window running past the span's edge, or a sign-off in the cycle before, is still seen.
  /// Records move, cancel and add meetings before obligations are slotted, so a moved or
  /// cancelled meeting re-slots what it held.
  public static func derive(_ p: Partnership, span: DateSpan, records: Records = .none) -> Schedule
  {
    let wide = DateSpan(
      start: p.cycleSpan(p.cycle(containing: span.start) - 1).start,
      end: p.cycleSpan(p.cycle(containing: span.end) + 1).end)
    var all = MeetingPlanner.meetings(of: p, in: wide)
    all.sort(onKey: { ($0.date, $0.time, $0.id) }, by: <)
    if records != .none {
      all = MeetingPlanner.applying(records, to: all, of: p, rules: p.deadlineRules)
    }
    var obligations = ObligationPlanner.obligations(
      of: p, in: span, meetings: all, records: records)
    obligations.sort(onKey: { ($0.slot.date ?? $0.window.end, $0.id) }, by: <)
    all.removeAll { !span.contains($0.date) }
    return Schedule(partnership: p.id, span: span, meetings: all, obligations: obligations)
  }

  /// The obligations slotted at a meeting.
  public func obligations(at meetingID: String) -> [Obligation] {
    obligations.filter { $0.slot.meetingID == meetingID }
  }
}

/// A planning problem to settle before the year starts (Semantics 6): it explains itself.
public struct Conflict: Hashable, Sendable, Codable {
  /// `unschedulable`, `no-meeting-in-window`, `overloaded`, `clash`, `duplicate-meeting`,
  /// `clock-change`, `inconsistent-sources`, `review-overdue`, `version-gap`,
  /// `board-without-meetings`.
  public let kind: String
  public let board: String?
  public let obligation: String?
  public let cycle: String?
  public let explanation: String
  /// The meetings involved (a clash, a board meeting twice in a day, an overloaded meeting).
  public var meetings: [String]? = nil
}

extension Schedule {
  /// Every planning problem in the schedule of `p`, as of a day (for a review that is overdue).
  /// Obligations whose window closed before tracking started are history, not a plan.
  /// `fulfilled`: the obligations recorded as met (a review recorded as done is not overdue).
  public func conflicts(
    in p: Partnership, asOf: CivilDate? = nil, fulfilled: Set<String> = []
  ) -> [Conflict] {
    var found: [Conflict] = []
    for o in obligations where o.window.end >= p.tracking {
      switch o.slot {
      case .unschedulable(let reason):
        found.append(
          Conflict(
            kind: "unschedulable", board: o.receiver, obligation: o.id,
            cycle: p.cycleLabel(o.cycle),
            explanation:
              "\(o.sentence(owner: label(o.owner, p), receiver: label(o.receiver, p))) in \(o.windowText) (\(o.window)), but \(reason)."
          ))
      // A copy or a publication is due by a day: no meeting is wanted, nothing to settle.
      case .circulation(let date) where !o.isByDate:
        found.append(
          Conflict(
            kind: "no-meeting-in-window", board: o.receiver, obligation: o.id,
            cycle: p.cycleLabel(o.cycle),
            explanation:
              "\(label(o.receiver, p)) has no meeting in \(o.windowText) (\(o.window)) to take '\(o.reportName)' from \(label(o.owner, p)); it will be circulated by \(date)."
          ))
      case .meeting, .circulation: break
      }
    }
    let versions = p.versions.sorted { $0.from < $1.from }
    for (a, b) in zip(versions, versions.dropFirst()) {
      if let end = a.until, end.adding(days: 1) < b.from,
        span.overlaps(DateSpan(start: end, end: b.from))
      {
        found.append(
          Conflict(
            kind: "version-gap", board: nil, obligation: nil, cycle: nil,
            explanation:
              "no version of the protocol governs from \(end.adding(days: 1)) to \(b.from.adding(days: -1)), between '\(a.id)' and '\(b.id)'."
          ))
      }
    }
    // A board that must take items in a cycle but has no meeting in it.
    let held = Set(
      meetings.filter { !$0.isCancelled }.map { "\($0.board)/\(p.cycle(containing: $0.date))" })
    var reported: Set<String> = []
    for o in obligations
    where o.action != .inform && o.action != .invite && !o.isByDate && o.window.end >= p.tracking {
      let key = "\(o.receiver)/\(o.cycle)"
      let cycleSpan = p.cycleSpan(o.cycle)
      guard span.contains(cycleSpan.start) || span.contains(cycleSpan.end) else { continue }
      if !held.contains(key), reported.insert(key).inserted {
        found.append(
          Conflict(
            kind: "board-without-meetings", board: o.receiver, obligation: nil,
            cycle: p.cycleLabel(o.cycle),
            explanation:
              "\(label(o.receiver, p)) has duties to receive in \(p.cycleLabel(o.cycle)) but no meeting in that year."
          ))
      }
    }
    found += clashes(in: p, asOf: asOf)
    found += clockChanges(in: p)
    // Meetings given more protocol items than they can take.
    let items = Dictionary(
      grouping: obligations.filter { $0.action.owesPapers && $0.slot.meetingID != nil },
      by: { $0.slot.meetingID! })
    for m in meetings where !m.isCancelled {
      guard
        let capacity = p.board(m.board)?.capacity ?? p.defaults.meetingCapacity,
        let taken = items[m.id], taken.count > capacity
      else { continue }
      found.append(
        Conflict(
          kind: "overloaded", board: m.board, obligation: nil,
          cycle: p.cycleLabel(p.cycle(containing: m.date)),
          explanation:
            "\(label(m.board, p))'s meeting on \(m.date) takes \(taken.count) protocol items but can take \(capacity); the windows leave no other meeting for the rest.",
          meetings: [m.id]))
    }
    for (provenance, what) in ProtocolSummary.rules(of: p) {
      guard let text = provenance.inconsistency else { continue }
      // The file's own words say which passages disagree; the rule may cite others too.
      var files: [String] = []
      for source in provenance.sources where !files.contains(source.file) {
        files.append(source.file)
      }
      found.append(
        Conflict(
          kind: "inconsistent-sources", board: nil, obligation: nil, cycle: nil,
          explanation:
            "the sources disagree on \(what) (\(files.joined(separator: ", "))): \(text)"))
    }
    if let asOf, let review = p.review,
      let due = reviewOverdueSince(asOf: asOf, fulfilled: fulfilled)
    {
      found.append(
        Conflict(
          kind: "review-overdue", board: nil, obligation: nil, cycle: nil,
          explanation:
            "the protocol's review was due in \(due.yearMonth.iso) (\(review.cadence.description) review); review overdue since \(due.yearMonth.iso)."
        ))
    }
    return found
  }

  /// Meetings that cannot all happen: a board meeting twice in one day, and a person who must
  /// attend two meetings at overlapping times (as chair, vice chair, lead officer or member),
  /// one conflict per person and pair of boards, with every clashing meeting. The dates named
  /// are the first four from `asOf` on (when some are past, "from DAY:"), or the last one when
  /// every clash is past.
  func clashes(in p: Partnership, asOf: CivilDate? = nil) -> [Conflict] {
    var found: [Conflict] = []
    let live = meetings.filter { !$0.isCancelled }
    for (key, same) in Dictionary(grouping: live, by: { "\($0.board)|\($0.date.iso)" })
    where same.count > 1 {
      let board = String(key.split(separator: "|")[0])
      found.append(
        Conflict(
          kind: "duplicate-meeting", board: board, obligation: nil, cycle: nil,
          explanation:
            "\(label(board, p)) meets \(same.count) times on \(same[0].date): \(same.map(\.time.description).sorted().joined(separator: ", ")).",
          meetings: same.map(\.id).sorted()))
    }
    // Who must attend each board's meetings.
    var attendees: [String: [String]] = [:]
    for b in p.boards {
      let people = [b.chair, b.viceChair, b.leadOfficer].compactMap { $0 } + b.members
      attendees[b.id] = Array(Set(people)).sorted()
    }
    func minutes(_ m: Meeting) -> (Int, Int) {
      let start = m.date.dayNumber * 1440 + m.time.minutesSinceMidnight
      return (start, start + m.lengthMinutes)
    }
    var pairs:
      [String: (
        person: String, a: String, b: String, meetings: Set<String>, dates: Set<CivilDate>,
        assumed: Bool
      )] = [:]
    for day in Dictionary(grouping: live, by: \.date).values where day.count > 1 {
      let sorted = day.sorted { $0.id < $1.id }
      for (i, m) in sorted.enumerated() {
        for n in sorted[(i + 1)...] where m.board != n.board {
          let (ms, me) = minutes(m)
          let (ns, ne) = minutes(n)
          guard ms < ne && ns < me else { continue }
          let shared = Set(attendees[m.board] ?? []).intersection(attendees[n.board] ?? [])
          for person in shared {
            let (a, b) = m.board < n.board ? (m.board, n.board) : (n.board, m.board)
            let key = "\(person)|\(a)|\(b)"
            var entry = pairs[key] ?? (person, a, b, [], [], false)
            entry.meetings.formUnion([m.id, n.id])
            entry.assumed =
              entry.assumed || m.provenance.assumption != nil || n.provenance.assumption != nil
            entry.dates.insert(m.date)
            pairs[key] = entry
          }
        }
      }
    }
    for (_, c) in pairs.sorted(by: { $0.key < $1.key }) {
      let who = p.person(c.person)?.displayName ?? c.person
      let dates = c.dates.sorted()
      let coming = asOf.map { day in dates.filter { $0 >= day } } ?? dates
      let shown: String
      if let last = dates.last, coming.isEmpty {
        shown = "the last on \(last)"
      } else {
        shown =
          (coming.count < dates.count ? "from \(asOf!): " : "")
          + coming.prefix(4).map(\.iso).joined(separator: ", ") + (coming.count > 4 ? ", …" : "")
      }
      found.append(
        Conflict(
          kind: "clash", board: c.a, obligation: nil, cycle: nil,
          explanation:
            "\(who) must attend both \(label(c.a, p)) and \(label(c.b, p)), which meet at the same time \(dates.count) time\(dates.count == 1 ? "" : "s") (\(shown))."
            + (c.assumed
              ? " The protocol file assumes the day or time of some of these meetings (see its assumption): check the real calendar, then record it."
              : ""),
          meetings: c.meetings.sorted()))
    }
    return found
  }

  /// Meetings whose start the clocks skip or repeat that night: said, with how the feeds read
  /// them (RFC 5545: a skipped time at the offset before the change, a repeated one at its first
  /// occurrence).
  func clockChanges(in p: Partnership) -> [Conflict] {
    meetings.filter { !$0.isCancelled }.compactMap { m in
      let when = "\(label(m.board, p))'s meeting on \(m.date) at \(m.time)"
      switch LocalTime.reading(date: m.date, time: m.time, timeZone: p.timeZone) {
      case .ordinary: return nil
      case .skipped:
        return Conflict(
          kind: "clock-change", board: m.board, obligation: nil, cycle: nil,
          explanation:
            "\(when): that time does not exist in \(p.timeZone) (the clocks go forward that night); the feeds read it as the time before the change, an hour later by the new clock. Record the real time.",
          meetings: [m.id])
      case .repeated:
        return Conflict(
          kind: "clock-change", board: m.board, obligation: nil, cycle: nil,
          explanation:
            "\(when): that time happens twice in \(p.timeZone) (the clocks go back that night); the feeds give the first, before the change.",
          meetings: [m.id])
      }
    }
  }

  func label(_ board: String, _ p: Partnership) -> String { p.board(board)?.label ?? board }
}
