import ArgumentParser
import BoardCalCore
import BoardCalDelivery
import BoardCalStore
import Foundation

/// `boardcal alerts`: what needs someone's action as of a day, and who is to be told.
struct AlertsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alerts",
    abstract: "List what needs someone's action as of a day: the obligation, why, and who to tell.",
    discussion: """
      An alert is an obligation that is papers-due, slipped (its meeting passed without it but \
      another meeting remains in the window), missed (the window closed) or unschedulable, with \
      why and since when. It is addressed to the lead officers of the owning and the receiving \
      board; a missed obligation still open after the escalation period (default 20 working days) \
      goes to both chairs too. Roles the protocol names nobody for are listed as unaddressed. \
      The obligations considered are those of the financial year of --as-of and the year before. \
      Records (meetings held, moved, cancelled; obligations fulfilled; papers in) come from the \
      records database when it exists, and what the alert log holds is shown beside each alert.

      --json prints {"partnership", "partnership_name", "as_of", "alerts": [{"key", "status", \
      "since", "escalated", "reason", "subject", "obligation": {"id", "duty", "report", \
      "report_name", "owner", "receiver", "action", "cycle", "window": {"start", "end", "text"}, \
      "slot": {"kind", "meeting", "date", "reason"}, "paper_deadline"}, "recipients": [{"person", \
      "role", "name", "email", "capacity"}], "unaddressed": [text], "deliveries": [{"recipient", \
      "channel", "state", "claimed_at", "sent_at"}]}]}.
      """
  )

  @Argument(help: "A protocol file.") var file: String
  @Option(name: .customLong("as-of"), help: "The day to look from (YYYY-MM-DD).") var asOf:
    CivilDate
  @Option(
    help: "The records database (default: $BOARDCAL_DB or ~/.local/share/boardcal/records.sqlite).")
  var db: String?
  @Flag(help: "Print JSON instead of text.") var json = false

  func run() throws {
    let p = try loadOrExit(file)
    let store = try openStoreIfExists(db)
    let records = try storeCall { () throws(StoreError) in
      try store?.records(partnership: p.id) ?? .none
    }
    let log = try storeCall { () throws(StoreError) in try store?.alertLog(partnership: p.id) ?? []
    }
    let schedule = Schedule.derive(p, span: alertSpan(p, asOf: asOf), records: records)
    let alerts = AlertPlanner.alerts(p, schedule: schedule, records: records, asOf: asOf)
    let byKey = Dictionary(grouping: log, by: \.alertKey)
    if json {
      try printJSON(
        AlertsJSON(
          partnership: p.id, partnershipName: p.name, asOf: asOf,
          alerts: alerts.map { alert in
            var view = AlertJSON(alert, p)
            if store != nil {
              view.deliveries = (byKey[alert.key] ?? []).map {
                AlertJSON.DeliveryView(
                  recipient: $0.recipient, channel: $0.channel, state: $0.state.rawValue,
                  claimedAt: $0.claimedAt, sentAt: $0.sentAt)
              }
            }
            return view
          }))
      return
    }
    print("\(p.name) — \(alerts.count) alert\(alerts.count == 1 ? "" : "s") as of \(asOf)")
    if alerts.isEmpty { print("Nothing needs anyone's action.") }
    for alert in alerts {
      let o = alert.obligation
      let owner = p.board(o.owner)?.label ?? o.owner
      let receiver = p.board(o.receiver)?.label ?? o.receiver
      print("")
      print(
        "[\(alert.status.rawValue)\(alert.escalated ? ", escalated" : "")] \(o.sentence(owner: owner, receiver: receiver)) (\(p.cycleLabel(o.cycle)))"
      )
      print("  since \(alert.since): \(alert.reason)")
      for r in alert.recipients {
        print(
          "  tell \(r.name ?? r.role) (\(r.capacity))"
            + (r.email.map { " <\($0)>" } ?? " — no email address in the protocol"))
      }
      for missing in alert.unaddressed { print("  nobody is named as \(missing)") }
      for entry in byKey[alert.key] ?? [] {
        print(
          "  log: \(entry.state.rawValue) to \(entry.recipient) by \(entry.channel) \(entry.sentAt ?? entry.claimedAt)"
        )
      }
      print("  obligation \(o.id)")
    }
  }
}

/// `boardcal alerts --json`.
struct AlertsJSON: Encodable {
  let partnership: String
  let partnershipName: String
  let asOf: CivilDate
  let alerts: [AlertJSON]

  enum CodingKeys: String, CodingKey {
    case partnership, alerts
    case partnershipName = "partnership_name"
    case asOf = "as_of"
  }
}

/// The days whose obligations alerts consider: the financial year of `asOf` and the one before,
/// from the protocol's horizon start when that is later (and not after `asOf`).
func alertSpan(_ p: Partnership, asOf: CivilDate) -> DateSpan {
  let cycle = p.cycle(containing: asOf)
  var start = p.cycleSpan(cycle - 1).start
  if p.horizon.start > start, p.horizon.start <= asOf { start = p.horizon.start }
  return DateSpan(start: start, end: p.cycleSpan(cycle).end)
}

/// The records database option shared by the commands that read what was recorded.
struct RecordsOption: ParsableArguments {
  @Option(
    help: "The records database (default: $BOARDCAL_DB or ~/.local/share/boardcal/records.sqlite).")
  var db: String?

  func records(for p: Partnership) throws -> Records { try loadRecords(for: p, db: db) }
}

/// What is recorded for the partnership in the database at `db` (or the default path), or none
/// when the database does not exist.
func loadRecords(for p: Partnership, db: String?) throws -> Records {
  let store = try openStoreIfExists(db)
  return try storeCall { () throws(StoreError) in try store?.records(partnership: p.id) ?? .none }
}

/// The records database at `path` (or the default path) when the file exists; nil otherwise.
func openStoreIfExists(_ path: String?) throws -> RecordStore? {
  let path = path ?? RecordStore.defaultPath()
  guard FileManager.default.fileExists(atPath: path) else { return nil }
  return try storeCall { () throws(StoreError) in try RecordStore(path: path) }
}

/// Runs a store operation; a store error is printed and ends the command with status 1.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("boardcal: \(error)")
    throw ExitCode(1)
  }
}
