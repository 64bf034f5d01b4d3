import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalRecords

/// `boardcal record list`: what is recorded, in the order recorded.
struct RecordList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Show what is recorded for the protocol's partnership, in the order recorded.",
    discussion: """
      --json prints {partnership, records: [{id, kind, meeting, obligation, board, date, time, \
      reason, by, link, title, source, note, recorded_by, recorded_at}]}; absent fields are left out.
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Flag(help: "Print JSON instead of a table.") var json = false
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    let desk = RecordDesk(p, database: db.database)
    let stored: [StoredRecord]
    do {
      stored = try desk.stored()
    } catch {
      complain(error.message)
      throw ExitCode(1)
    }
    let view = RecordListJSON(partnership: p.id, records: stored)
    if json { return try sayJSON(view) }
    if stored.isEmpty {
      say("Nothing is recorded for \(p.id) in \(desk.database.path).")
      return
    }
    say(
      TextTable.render(
        header: ["#", "kind", "meeting / obligation / board", "date", "detail", "recorded"],
        rows: view.records.map(\.tableRow)))
    say(
      "\(stored.count) record\(stored.count == 1 ? "" : "s") for \(p.id) in \(desk.database.path).")
  }
}
