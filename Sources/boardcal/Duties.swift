import ArgumentParser
import BoardCalCore
import BoardCalOutput
import Foundation

/// `boardcal duties`: every duty of a protocol, one per receiver.
struct Duties: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List every duty of a protocol, one row per receiver (a board, a person sent a copy, or the public).",
    discussion: """
      With --json the output is {"partnership": ID, "duties": [ROW, ...]} where each ROW has \
      id, owner, report, report_name, receiver, receiver_kind (board|person|public), \
      action (present|consult|inform|invite|publish), text (the duty in words), \
      window {kind, months, by, text}, cadence, anchor_year, presented_by, confidential, \
      versions, source [{file, quote, section}] and assumption. See the README.
      """
  )

  @Argument(help: "A protocol file.")
  var file: String

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  func run() throws {
    let partnership = try loadPartnership(file)
    let p = partnership
    let listing = DutyListing(partnership)
    if json { return try sayJSON(listing) }
    let rows = listing.duties
    let table = rows.map { row in
      [
        row.owner, row.reportName.clipped(48), Self.actionWords(row), Self.receiverWords(row, p),
        row.window.text,
        row.cadence + (row.anchorYear.map { " from \($0)" } ?? ""),
        row.confidential ? "confidential" : "",
      ]
    }
    say(
      TextTable.render(
        header: ["owner", "report", "action", "receiver", "window", "cadence", "note"], rows: table)
    )
    say("\(rows.count) duties (one per receiver) from \(partnership.duties.count) rules.")
  }

  /// The action as a chair says it: "send a copy" to a person, else the action's word.
  static func actionWords(_ row: DutyRow) -> String {
    row.receiverKind == .person ? "send a copy" : row.action.rawValue
  }

  /// A board by its id, a person by name or role, the public as "the public".
  static func receiverWords(_ row: DutyRow, _ p: Partnership) -> String {
    row.receiverKind == .board
      ? row.receiver : p.receiverLabel(row.receiver, kind: row.receiverKind)
  }
}
