/// Someone an alert is addressed to, and in which capacity.
public struct AlertRecipient: Hashable, Sendable, Codable {
  /// The person id in the protocol.
  public let person: String
  public let role: String
  public let name: String?
  public let email: String?
  /// "lead officer of HWB", "chair of CSP".
  public let capacity: String
}

/// A change in an obligation's status that someone must act on (Semantics 9).
public struct Alert: Hashable, Sendable {
  public let obligation: Obligation
  public let status: ObligationStatus
  /// The day the obligation reached this status.
  public let since: CivilDate
  /// Why, in a sentence a lead officer can act on.
  public let reason: String
  public internal(set) var recipients: [AlertRecipient]
  /// Boards whose lead officer or chair should be told but who name nobody.
  public let unaddressed: [String]
  /// A missed obligation open past the escalation period goes to both chairs too.
  public let escalated: Bool

  /// One alert per obligation and status: with the recipient and channel, what the log remembers.
  public var key: String { "\(obligation.id)#\(status.rawValue)" }
}

/// Works out who must be told what, as of a day. Pure: the same inputs give the same alerts.
public enum AlertPlanner {
  public static func alerts(
    _ p: Partnership, schedule: Schedule, records: Records, asOf day: CivilDate
  ) -> [Alert] {
    let calendar = p.holidayCalendar
    let fulfilled = records.fulfilled
    let papersIn = Set(records.papers.map(\.obligationID))
    var result: [Alert] = []
    // An invitation is not a duty: it raises no alert.
    let obligations = schedule.obligations
    for i in obligations.indices where obligations[i].action.owesPapers {
      let status = schedule.status(
        of: obligations[i], asOf: day, fulfilled: fulfilled, calendar: calendar,
        warningWorkingDays: p.defaults.warningWorkingDays, trackingFrom: p.tracking)
      // Most obligations need no action: only those that do are taken out of the list.
      if status == .done || status == .scheduled || status == .untracked { continue }
      let o = obligations[i]
      let since: CivilDate
      switch status {
      case .done, .scheduled, .untracked: continue
      case .papersDue:
        guard !papersIn.contains(o.id), let deadline = o.paperDeadline else { continue }
        since = min(day, calendar.workingDays(p.defaults.warningWorkingDays, before: deadline))
      case .slipped: since = (o.slot.date ?? o.window.start).adding(days: 1)
      case .missed: since = o.lastDay.adding(days: 1)
      case .unschedulable: since = p.cycleSpan(o.cycle).start
      }
      if since > day { continue }
      let escalated =
        status == .missed
        && calendar.workingDays(from: since, to: day) >= p.defaults.escalationWorkingDays
      // A copy to a person or a publication is the owner's alone to do.
      let boards = o.isByDate ? [o.owner] : [o.owner, o.receiver]
      var who: [(board: String, person: String?, capacity: String)] = boards.map {
        ($0, p.board($0) { $0.leadOfficer } ?? nil, "lead officer")
      }
      if escalated { who += boards.map { ($0, p.board($0) { $0.chair } ?? nil, "chair") } }
      // A board's own task (the review) is owed by and to one board: its officers are told once.
      // (At most four: looked for in the list, not hashed.)
      var listed: [(board: String, capacity: String)] = []
      who = who.filter { w in
        guard !listed.contains(where: { $0 == (w.board, w.capacity) }) else { return false }
        listed.append((w.board, w.capacity))
        return true
      }
      var recipients: [AlertRecipient] = []
      var unaddressed: [String] = []
      for (board, person, capacity) in who {
        let label = p.label(of: board, on: day)
        guard let id = person,
          let named = p.person(id, { (role: $0.role, name: $0.name, email: $0.email) })
        else {
          unaddressed.append("\(capacity) of \(label)")
          continue
        }
        if let index = recipients.firstIndex(where: { $0.person == id }) {
          let existing = recipients[index]
          recipients[index] = AlertRecipient(
            person: id, role: named.role, name: named.name, email: named.email,
            capacity: existing.capacity + " and \(capacity) of \(label)")
        } else {
          recipients.append(
            AlertRecipient(
              person: id, role: named.role, name: named.name, email: named.email,
              capacity: "\(capacity) of \(label)"))
        }
      }
      result.append(
        Alert(
          obligation: o, status: status, since: since,
          reason: reason(o, status, schedule: schedule, asOf: day, p: p), recipients: recipients,
          unaddressed: unaddressed, escalated: escalated))
    }
    result.sort(onKey: { ($0.since, $0.key) }, by: <)
    return result
  }

  /// "the autumn window", "the October meeting window", "the whole cycle window".
  static func theWindow(_ o: Obligation) -> String {
    if let due = o.due { return "the window around its due day (\(due))" }
    return o.windowText.hasPrefix("the ") ? "\(o.windowText) window" : "the \(o.windowText) window"
  }

  /// "the HWB's October meeting was cancelled and no HWB meeting remains before the end of the
  /// autumn window".
  static func reason(
    _ o: Obligation, _ status: ObligationStatus, schedule: Schedule, asOf day: CivilDate,
    p: Partnership
  ) -> String {
    let receiver = p.label(of: o.receiver, on: o.day)
    switch status {
    case .papersDue:
      if let deadline = o.paperDeadline, deadline < day {
        return
          "papers for the \(receiver) meeting on \(o.slot.date?.iso ?? "?") were due by \(deadline) and are late"
      }
      return
        "papers for the \(receiver) meeting on \(o.slot.date?.iso ?? "?") are due by \(o.paperDeadline?.iso ?? "?")"
    case .slipped:
      let next =
        schedule.reslot(o, asOf: day).map {
          "the next \(receiver) meeting in the window is on \($0.date)"
        }
        ?? "no \(receiver) meeting remains before the window ends on \(o.window.end)"
      return "the \(receiver) meeting on \(o.slot.date?.iso ?? "?") passed without it; \(next)"
    case .missed:
      if o.isByDate {
        let what =
          o.receiverKind == .public
          ? "it was to be published" : "a copy was to be sent to \(p.receiverLabel(o))"
        return "\(what) by \(o.lastDay) and no record says it was"
      }
      if o.owedAtItsMeeting, let date = o.slot.date {
        // Owed at every meeting: this meeting's item, which the next meeting does not take.
        return "the \(receiver) meeting on \(date) it was owed to passed without it"
      }
      return "\(theWindow(o)) closed on \(o.window.end) without it"
    case .unschedulable:
      let cancelledText = schedule.meetings.filter {
        $0.board == o.receiver && $0.isCancelled && o.window.contains($0.date)
      }.map { m in
        "the \(receiver)'s \(Month(rawValue: m.slotMonth.month)!.name) meeting was cancelled"
          + (m.cancellation.map { $0 == "cancelled" ? "" : " (\($0))" } ?? "")
      }
      let because = cancelledText.isEmpty ? "" : cancelledText.joined(separator: " and ") + " and "
      return because
        + "no \(receiver) meeting remains before the end of \(theWindow(o)) (\(o.window.end))"
    case .done, .scheduled, .untracked:
      return ""
    }
  }
}

/// One delivery the alert log remembers: one alert, to one recipient, over one channel.
public struct DeliveryKey: Hashable, Sendable, Codable {
  public let partnership: String
  /// `Alert.key`: the obligation and the status.
  public let alertKey: String
  public let obligation: String
  public let status: String
  /// A person id, or the webhook's log name.
  public let recipient: String
  /// `email` or `webhook`.
  public let channel: String

  public init(
    partnership: String, alertKey: String, obligation: String, status: String, recipient: String,
    channel: String
  ) {
    self.partnership = partnership
    self.alertKey = alertKey
    self.obligation = obligation
    self.status = status
    self.recipient = recipient
    self.channel = channel
  }
}

/// Where one delivery stands in the alert log.
public enum DeliveryState: String, Sendable, Codable {
  /// Claimed before sending; left so if the process died mid-send (delivery unknown): a later
  /// run retries it once the claim is older than any live send can be.
  case sending
  case sent
}

/// What claiming a delivery in the alert log gave.
public enum ClaimOutcome: Hashable, Sendable {
  /// Claimed now: send it.
  case claimed
  /// A claim left by a run that died mid-send, taken over: send it again (the recipient may get
  /// it twice, with the same Message-ID).
  case reclaimed(since: String)
  /// Sent already, or being sent by a live run: do not send.
  case taken
}

/// One line of the alert log: a delivery, where it stands, and when it was claimed, sent and
/// acknowledged (ISO 8601 times in UTC).
public struct AlertLogEntry: Hashable, Sendable {
  public let delivery: DeliveryKey
  public let state: DeliveryState
  public let claimedAt: String
  public let sentAt: String?
  public let acknowledgedAt: String?

  public init(
    delivery: DeliveryKey, state: DeliveryState, claimedAt: String, sentAt: String?,
    acknowledgedAt: String?
  ) {
    self.delivery = delivery
    self.state = state
    self.claimedAt = claimedAt
    self.sentAt = sentAt
    self.acknowledgedAt = acknowledgedAt
  }
}
