import BoardCalCore

/// A `before` meeting pattern as written: the board it follows, and where, for the checks that
/// need every board (unknown board, itself, a circle).
struct LeadMention {
  var follower: String
  let leader: String
  let at: Located
}

/// Relative and event timing: dated windows (`on`, `after`), meetings ahead of another board's
/// (`before`), and the review's `also_after`.
extension ProtocolDecoder {
  static let eventNameRule =
    "an event name is lower-case letters, digits and '-', starting with a letter"

  /// An event's name, as a relative window or a review names it and `boardcal record event`
  /// records it.
  func eventName(_ value: Located) -> String? {
    guard let text = value.string("an event name") else { return nil }
    guard Self.isID(text) else {
      value.complain("'\(text)' is not a valid event name: \(Self.eventNameRule).")
      return nil
    }
    return text
  }

  /// `{on: DATE}` or `{after: {duty: ID} | {event: NAME}, months: N}`.
  func datedWindow(_ m: YAMLMapping, _ key: String) -> DutyWindow? {
    if key == "on" { return m.date("on").map { .on($0) } }
    let months = m.required("months")?.int(in: 1...120, "a number of months")
    guard let after = m["after"]?.mapping() else { return nil }
    after.allow(["duty", "event"])
    guard after.has("duty") != after.has("event") else {
      after.complain(
        "'after' names exactly one of 'duty' (a duty whose fulfilment it counts from) or 'event' (an event recorded with 'boardcal record event')."
      )
      return nil
    }
    var anchor: TimingAnchor?
    if let duty = refer(.duty, after, "duty") {
      anchor = .duty(duty)
    } else if let event = after["event"].flatMap(eventName) {
      anchor = .event(event)
    }
    guard let anchor, let months else { return nil }
    return .after(anchor, months: months)
  }

  /// `before: {board: ID, working_days: N}` (or `weeks: N`): a meeting ahead of each meeting
  /// of that board; a day rule has nothing to pick then.
  func meetingLead(_ value: Located, pattern: YAMLMapping) -> MonthRule? {
    if let day = pattern["day"] {
      day.complain(
        "a 'before' pattern takes its days from the other board's meetings: leave out 'day'.")
    }
    guard let m = value.mapping() else { return nil }
    m.allow(["board", "working_days", "weeks"])
    guard m.has("working_days") != m.has("weeks") else {
      m.complain(
        "'before' says how far ahead with exactly one of 'working_days' or 'weeks': {board: hwb, working_days: 10}."
      )
      return nil
    }
    let lead =
      m.has("working_days")
      ? m["working_days"]?.int(in: 1...60, "working days").map(MeetingLead.workingDays)
      : m["weeks"]?.int(in: 1...12, "weeks").map(MeetingLead.weeks)
    guard let boardAt = m.required("board"), let board = boardAt.string("an id") else {
      return nil
    }
    _ = refer(.board, (board, boardAt))
    leadUses.append(LeadMention(follower: "", leader: board, at: boardAt))
    guard let lead else { return nil }
    return .before(board: board, lead: lead)
  }

  /// `also_after: [event names]` and `also_within_months: N`; a review needs a cadence that
  /// gives dates.
  func reviewTiming(_ m: YAMLMapping, into review: inout ProtocolReview) {
    if review.cadence == .everyMeeting {
      m["cadence"]?.complain(
        "a review falls due on dates: its cadence is annual, six-monthly, quarterly or 'every N years', not every-meeting."
      )
    }
    review.alsoAfter = (m["also_after"]?.items(allowSingle: true) ?? []).compactMap(eventName)
    if let within = m["also_within_months"] {
      if !m.has("also_after") {
        within.complain("'also_within_months' goes with 'also_after' only.")
      }
      review.alsoWithinMonths =
        within.int(in: 1...24, "a number of months") ?? ProtocolReview.defaultWithinMonths
    }
  }
}

extension ProtocolLoader {
  /// A dated duty takes no cadence or anchor year (it falls due on its day, or after what it
  /// counts from); a duty cannot count from itself, nor from a duty that counts back to it (none
  /// would ever fall due); a board cannot meet ahead of its own meetings, nor round a circle of
  /// boards.
  static func checkTiming(_ partnership: Partnership, _ decoder: ProtocolDecoder) {
    func at(_ kind: IDKind, _ id: String) -> Located? {
      decoder.definitions.first { $0.kind == kind && $0.id == id }?.at
    }
    let duties = Dictionary(
      partnership.duties.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    func anchor(_ duty: Duty) -> String? {
      if case .after(.duty(let other), _) = duty.window { return other }
      return nil
    }
    if let reserved = at(.duty, ProtocolReview.dutyID) {
      reserved.complain(
        "'\(ProtocolReview.dutyID)' is the id the protocol's review gives its obligations; name the duty otherwise."
      )
    }
    let holders = DutyHolders(partnership)
    for duty in partnership.duties where duty.isDated {
      // A one-off duty falls due once: owed to or by a board that does not exist that day, it
      // would be owed to no one, silently.
      if case .on(let day) = duty.window {
        let owner = partnership.report(duty.report)?.owner
        for board in ([owner].compactMap { $0 } + duty.receivers)
        where partnership.board(board) != nil
          && holders.holders(of: board, over: DateSpan(start: day, end: day)).isEmpty
        {
          at(.duty, duty.id)?.complain(
            "the duty falls due once, on \(day.iso), but the board '\(board)' does not exist that day (\(partnership.board(board)!.life.daysText)); date it within the board's life or give it to the board that holds its duties then."
          )
        }
      }
      if duty.cadence != nil || duty.anchorYear != nil {
        at(.duty, duty.id)?.complain(
          "the duty's window is \(duty.window): it falls due once for each day it names or counts from, so it takes no 'cadence' or 'anchor_year'."
        )
      }
      var path = [duty.id]
      var next = anchor(duty)
      while let current = next, !path.dropFirst().contains(current) {
        if current == duty.id {
          at(.duty, duty.id)?.complain(
            "the window counts from a duty that counts back to it (\((path + [duty.id]).joined(separator: " → "))): none of them would ever fall due; count one of them from an event or a date."
          )
          break
        }
        path.append(current)
        next = duties[current].flatMap(anchor)
      }
    }
    let leaders = Dictionary(grouping: partnership.boards, by: \.id).mapValues {
      $0[0].patterns.compactMap { $0.leads?.board }
    }
    for use in decoder.leadUses where !use.follower.isEmpty {
      if use.leader == use.follower {
        use.at.complain(
          "a board cannot meet ahead of its own meetings ('\(use.leader)'); name the board it prepares for."
        )
        continue
      }
      var path = [use.follower, use.leader]
      var queue = leaders[use.leader] ?? []
      var seen: Set<String> = [use.leader]
      while let next = queue.first {
        queue.removeFirst()
        if next == use.follower {
          use.at.complain(
            "'before' goes round in a circle: \((path + [next]).joined(separator: " → ")); each board would have to meet ahead of itself."
          )
          break
        }
        guard seen.insert(next).inserted else { continue }
        path.append(next)
        queue += leaders[next] ?? []
      }
    }
  }
}
