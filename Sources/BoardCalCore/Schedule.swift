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
    let derived = MeetingPlanner.meetings(of: p, in: wide).sorted {
      ($0.date, $0.time, $0.id) < ($1.date, $1.time, $1.id)
    }
    let all =
      records == .none
      ? derived : MeetingPlanner.applying(records, to: derived, of: p, rules: p.deadlineRules)
    let obligations = ObligationPlanner.obligations(of: p, in: span, meetings: all)
    return Schedule(
      partnership: p.id, span: span, meetings: all.filter { span.contains($0.date) },
      obligations: obligations.sorted {
        ($0.slot.date ?? $0.window.end, $0.id) < ($1.slot.date ?? $1.window.end, $1.id)
      })
  }

  /// The obligations slotted at a meeting.
  public func obligations(at meetingID: String) -> [Obligation] {
    obligations.filter { $0.slot.meetingID == meetingID }
  }
}

/// A planning problem to settle before the year starts (Semantics 6): it explains itself.
public struct Conflict: Hashable, Sendable, Codable {
  /// `unschedulable`, `no-meeting-in-window`, `version-gap`, `board-without-meetings`.
  public let kind: String
  public let board: String?
  public let obligation: String?
  public let cycle: String?
  public let explanation: String
}

extension Schedule {
  /// Every planning problem in the schedule of `p`.
  public func conflicts(in p: Partnership) -> [Conflict] {
    var found: [Conflict] = []
    for o in obligations {
      switch o.slot {
      case .unschedulable(let reason):
        found.append(
          Conflict(
            kind: "unschedulable", board: o.receiver, obligation: o.id,
            cycle: p.cycleLabel(o.cycle),
            explanation:
              "\(o.sentence(owner: label(o.owner, p), receiver: label(o.receiver, p))) in \(o.windowText) (\(o.window)), but \(reason)."
          ))
      case .circulation(let date):
        found.append(
          Conflict(
            kind: "no-meeting-in-window", board: o.receiver, obligation: o.id,
            cycle: p.cycleLabel(o.cycle),
            explanation:
              "\(label(o.receiver, p)) has no meeting in \(o.windowText) (\(o.window)) to take '\(o.reportName)' from \(label(o.owner, p)); it will be circulated by \(date)."
          ))
      case .meeting: break
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
    for o in obligations where o.action != .inform {
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
    return found
  }

  func label(_ board: String, _ p: Partnership) -> String { p.board(board)?.label ?? board }
}
