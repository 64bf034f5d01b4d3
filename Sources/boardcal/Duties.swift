import ArgumentParser
import BoardCalCore
import BoardCalProtocols
import Foundation

/// `boardcal duties`: every duty of a protocol, one per receiver.
struct Duties: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every duty of a protocol, one row per receiving board.",
    discussion: """
      With --json the output is {"partnership": ID, "duties": [ROW, ...]} where each ROW has \
      id, owner, report, report_name, receiver, action (present|consult|inform), \
      window {kind, months, by, text}, cadence, anchor_year, presented_by, confidential, \
      versions, source [{file, quote, section}] and assumption. See the README.
      """
  )

  @Argument(help: "A protocol file.")
  var file: String

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  func run() throws {
    let partnership = try loadOrExit(file)
    let rows = DutyRow.rows(of: partnership)
    if json {
      try printJSON(DutyListing(partnership: partnership.id, duties: rows))
      return
    }
    let table = rows.map { row in
      [
        row.owner, row.reportName.clipped(48), row.action.rawValue, row.receiver, row.window.text,
        row.cadence + (row.anchorYear.map { " from \($0)" } ?? ""),
        row.confidential ? "confidential" : "",
      ]
    }
    print(
      TextTable.render(
        header: ["owner", "report", "action", "receiver", "window", "cadence", "note"], rows: table)
    )
    print("\(rows.count) duties (one per receiver) from \(partnership.duties.count) rules.")
  }
}

/// The JSON document `boardcal duties --json` prints.
struct DutyListing: Encodable {
  let partnership: String
  let duties: [DutyRow]
}

/// Loads a protocol, or prints its problems and exits 1.
func loadOrExit(_ file: String) throws -> Partnership {
  do {
    return try ProtocolLoader.load(path: file)
  } catch {
    for diagnostic in error.diagnostics { printError(diagnostic.description) }
    printError("\(file) has problems; run 'boardcal validate \(file)'.")
    throw ExitCode(1)
  }
}

func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  let data = try encoder.encode(value)
  print(String(decoding: data, as: UTF8.self))
}
