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
  public let recipients: [AlertRecipient]
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
    for o in schedule.obligations {
      let status = schedule.status(
        of: o, asOf: day, fulfilled: fulfilled, calendar: calendar,
        warningWorkingDays: p.defaults.warningWorkingDays)
      let since: CivilDate
      switch status {
      case .done, .scheduled: continue
      case .papersDue:
        guard !papersIn.contains(o.id), let deadline = o.paperDeadline else { continue }
        since = min(day, calendar.workingDays(p.defaults.warningWorkingDays, before: deadline))
      case .slipped: since = (o.slot.date ?? o.window.start).adding(days: 1)
      case .missed: since = o.window.end.adding(days: 1)
      case .unschedulable: since = p.cycleSpan(o.cycle).start
      }
      if since > day { continue }
      let escalated =
        status == .missed
        && calendar.workingDays(from: since, to: day) >= p.defaults.escalationWorkingDays
      var who: [(board: String, person: String?, capacity: String)] = [
        (o.owner, p.board(o.owner)?.leadOfficer, "lead officer"),
        (o.receiver, p.board(o.receiver)?.leadOfficer, "lead officer"),
      ]
      if escalated {
        who += [
          (o.owner, p.board(o.owner)?.chair, "chair"),
          (o.receiver, p.board(o.receiver)?.chair, "chair"),
        ]
      }
      var recipients: [AlertRecipient] = []
      var unaddressed: [String] = []
      for (board, person, capacity) in who {
        let label = p.board(board)?.label ?? board
        guard let id = person, let named = p.person(id) else {
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
    return result.sorted { ($0.since, $0.key) < ($1.since, $1.key) }
  }

  /// "the autumn window", "the October meeting window", "the whole cycle window".
  static func theWindow(_ o: Obligation) -> String {
    o.windowText.hasPrefix("the ") ? "\(o.windowText) window" : "the \(o.windowText) window"
  }

  /// "the HWB's October meeting was cancelled and no HWB meeting remains before the end of the
  /// autumn window".
  static func reason(
    _ o: Obligation, _ status: ObligationStatus, schedule: Schedule, asOf day: CivilDate,
    p: Partnership
  ) -> String {
    let receiver = p.board(o.receiver)?.label ?? o.receiver
    let cancelled = schedule.meetings.filter {
      $0.board == o.receiver && $0.isCancelled && o.window.contains($0.date)
    }
    let cancelledText = cancelled.map { m in
      "the \(receiver)'s \(Month(rawValue: m.slotMonth.month)!.name) meeting was cancelled"
        + (m.cancellation.map { $0 == "cancelled" ? "" : " (\($0))" } ?? "")
    }
    let remaining = schedule.reslot(o, asOf: day)
    switch status {
    case .papersDue:
      return
        "papers for the \(receiver) meeting on \(o.slot.date?.iso ?? "?") are due by \(o.paperDeadline?.iso ?? "?")"
    case .slipped:
      let next =
        remaining.map { "the next \(receiver) meeting in the window is on \($0.date)" }
        ?? "no \(receiver) meeting remains before the window ends on \(o.window.end)"
      return "the \(receiver) meeting on \(o.slot.date?.iso ?? "?") passed without it; \(next)"
    case .missed:
      return "\(theWindow(o)) closed on \(o.window.end) without it"
    case .unschedulable:
      let because = cancelledText.isEmpty ? "" : cancelledText.joined(separator: " and ") + " and "
      return because
        + "no \(receiver) meeting remains before the end of \(theWindow(o)) (\(o.window.end))"
    case .done, .scheduled:
      return ""
    }
  }
}

extension Alert {
  /// The message a lead officer reads: what, why, by when, and what to do.
  public func plainText(_ p: Partnership) -> String {
    let owner = p.board(obligation.owner)?.name ?? obligation.owner
    let receiver = p.board(obligation.receiver)?.name ?? obligation.receiver
    var lines = [
      "\(obligation.sentence(owner: owner, receiver: receiver)).",
      "",
      "Status: \(status.rawValue) since \(since)\(escalated ? " (escalated to the chairs)" : "").",
      "Why: \(reason).",
      "Window: \(obligation.windowText), \(obligation.window.start) to \(obligation.window.end) (cycle \(p.cycleLabel(obligation.cycle))).",
    ]
    if let date = obligation.slot.date { lines.append("Slot: \(date).") }
    if let deadline = obligation.paperDeadline { lines.append("Papers due: \(deadline).") }
    lines.append("")
    let advice =
      switch status {
      case .papersDue:
        "What to do: send the papers to the \(receiver)'s secretariat by the deadline."
      case .slipped:
        "What to do: ask for the item on the agenda of the next meeting in the window, or record it as done."
      case .missed:
        "What to do: agree with the \(receiver)'s chair how the duty will be met, and record it when it is."
      case .unschedulable:
        "What to do: arrange a meeting in the window, or agree another way to meet the duty."
      case .done, .scheduled: ""
      }
    lines.append(advice)
    lines.append("")
    let told = recipients.filter { $0.email != nil }
    let noEmail = recipients.filter { $0.email == nil }
    if !told.isEmpty {
      lines.append(
        "Sent to: " + told.map { "\($0.name ?? $0.role) (\($0.capacity))" }.joined(separator: ", "))
    }
    if !noEmail.isEmpty {
      lines.append(
        "No email address in the protocol for: "
          + noEmail.map { "\($0.name ?? $0.role) (\($0.capacity))" }.joined(separator: ", ") + ".")
    }
    if !unaddressed.isEmpty {
      lines.append(
        "Not named in the protocol, so not told: " + unaddressed.joined(separator: ", ") + ".")
    }
    for source in obligation.provenance.sources {
      lines.append("Protocol: \"\(source.quote)\" (\(source.file))")
    }
    lines.append("Obligation id: \(obligation.id)")
    return lines.joined(separator: "\n")
  }

  /// The subject line of the alert's email.
  public func subject(_ p: Partnership) -> String {
    let owner = p.board(obligation.owner)?.label ?? obligation.owner
    let receiver = p.board(obligation.receiver)?.label ?? obligation.receiver
    let word =
      switch status {
      case .papersDue: "Papers due"
      case .slipped: "Slipped"
      case .missed: escalated ? "Missed (escalated)" : "Missed"
      case .unschedulable: "Cannot be scheduled"
      case .done, .scheduled: status.rawValue
      }
    return "[\(p.name)] \(word): \(obligation.reportName) — \(owner) to \(receiver)"
  }
}
