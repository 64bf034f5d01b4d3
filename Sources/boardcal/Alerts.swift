import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalStore

/// `boardcal alerts`: what needs someone's action as of a day, and who is to be told.
struct AlertsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alerts",
    abstract: "List what needs someone's action as of a day: the obligation, why, and who to tell.",
    discussion: """
      An alert is an obligation that is papers-due, slipped (its meeting passed without it while \
      its window is still open: the alert says whether a meeting remains to take it), missed (the window closed) or unschedulable, with \
      why and since when. It is addressed to the lead officers of the owning and the receiving \
      board; a missed obligation still open after the escalation period (default 20 working days) \
      goes to both chairs too. Roles the protocol names nobody for are listed as unaddressed. \
      The obligations considered are those of the financial year of --as-of and the year before. \
      Records (meetings held, moved, cancelled; obligations fulfilled; papers in) come from the \
      records database when it exists, and what the alert log holds is shown beside each alert. \
      Each recipient's address is the one found first in the records database ('boardcal contact \
      set'), the contacts file (--contacts, default contacts.yaml when it exists) and the protocol.

      --json prints {"partnership", "partnership_name", "as_of", "alerts": [{"key", "status", \
      "since", "escalated", "reason", "subject", "obligation": {"id", "duty", "report", \
      "report_name", "owner", "receiver", "action", "cycle", "window": {"start", "end", "text"}, \
      "slot": {"kind", "meeting", "date", "reason"}, "paper_deadline"}, "recipients": [{"person", \
      "role", "name", "email", "capacity"}], "unaddressed": [text], "deliveries": [{"recipient", \
      "channel", "state", "claimed_at", "sent_at"}]}]}. --audience public lists only alerts about \
      what the public feed shows, none resting on a paper deadline, without who is told (what \
      GET /api/P/alerts answers without a token).
      """
  )

  @Argument(help: "A protocol file.") var file: String
  @OptionGroup var standing: AsOfOption
  @OptionGroup var db: DatabaseOption
  @OptionGroup var audience: AudienceOption
  @OptionGroup var contacts: ContactsOption
  @Flag(help: "Print JSON instead of text.") var json = false

  func run() throws {
    let state = try loadState(file, database: db.database, asOf: standing.day)
    let asOf = state.asOf
    let p = state.partnership
    let disclosure = try audience.disclosure(for: p)
    let store: RecordStore?
    do {
      store = try db.database.openIfExists()
    } catch {
      complain("boardcal: \(error.message)")
      throw ExitCode(1)
    }
    let book = try contacts.book(for: p, store: store)
    let alerts = state.with(contacts: book).alerts(asOf: asOf).alerts.filter {
      disclosure.alert($0) > .hidden
    }
    if json {
      return try sayJSON(
        AlertsJSON(alerts, p, asOf: asOf, log: state.alertLog, disclosure: disclosure))
    }
    say("\(p.name) — \(alerts.count) alert\(alerts.count == 1 ? "" : "s") as of \(asOf)")
    if alerts.isEmpty { say("Nothing needs anyone's action.") }
    for alert in alerts {
      let o = alert.obligation
      say("")
      say(
        "[\(alert.status.rawValue)\(alert.escalated ? ", escalated" : "")] \(p.sentence(o)) (\(p.cycleLabel(o.cycle)))"
      )
      say("  since \(alert.since): \(alert.reason)")
      guard disclosure.alert(alert) == .full else { continue }
      for r in alert.recipients {
        say(
          "  tell \(r.name ?? r.role) (\(r.capacity))"
            + (r.email.map { " <\($0)>" }
              ?? " — no email address: boardcal contact set \(file) \(r.person) --email ADDRESS"))
      }
      for missing in alert.unaddressed { say("  nobody is named as \(missing)") }
      for entry in (state.alertLog ?? []) where entry.delivery.alertKey == alert.key {
        say(
          "  log: \(entry.state.rawValue) to \(entry.delivery.recipient) by \(entry.delivery.channel) \(entry.sentAt ?? entry.claimedAt)"
        )
      }
      say("  obligation \(o.id)")
    }
  }
}
