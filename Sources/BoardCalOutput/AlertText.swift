// The words of an alert: its email subject and body, and what a chat channel shows.

import BoardCalCore

extension Alert {
  /// The message a lead officer reads: what, why, by when, and what to do.
  public func plainText(_ p: Partnership) -> String {
    let owner = p.name(of: obligation.owner, on: obligation.day)
    let receiver = p.receiverName(obligation)
    var lines = [
      "\(obligation.sentence(owner: owner, receiver: receiver))"
        + (obligation.dueWords.map { " \($0)" } ?? "") + ".",
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
      case .missed where obligation.isByDate:
        "What to do: \(obligation.receiverKind == .public ? "publish it" : "send the copy"), and record it as done (boardcal record fulfilled --obligation \(obligation.id) --date DAY)."
      case .missed:
        "What to do: agree with the \(receiver)'s chair how the duty will be met, and record it when it is."
      case .unschedulable:
        "What to do: arrange a meeting in the window, or agree another way to meet the duty."
      case .done, .scheduled, .untracked: ""
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
    let owner = p.label(of: obligation.owner, on: obligation.day)
    let receiver = p.receiverLabel(obligation)
    let word =
      switch status {
      case .papersDue: "Papers due"
      case .slipped: "Slipped"
      case .missed: escalated ? "Missed (escalated)" : "Missed"
      case .unschedulable: "Cannot be scheduled"
      case .done, .scheduled, .untracked: status.rawValue
      }
    return
      "[\(p.name)] \(word): \(obligation.reportName) — \(obligation.parties(owner: owner, receiver: receiver))"
  }

  /// What a chat channel shows: the subject, why, since when and who is told.
  public func chatText(_ p: Partnership) -> String {
    let told = recipients.map { "\($0.name ?? $0.role) (\($0.capacity))" }
    var text = "\(subject(p))\n\(status.rawValue) since \(since): \(reason)."
    if !told.isEmpty { text += "\nTold: " + told.joined(separator: ", ") + "." }
    if !unaddressed.isEmpty {
      text += "\nNobody named as: " + unaddressed.joined(separator: ", ") + "."
    }
    return text
  }
}
