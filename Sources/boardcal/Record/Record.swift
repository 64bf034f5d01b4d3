import ArgumentParser
import BoardCalCore
import BoardCalRecords
import BoardCalStore
import Foundation

/// `boardcal record`: what actually happened, written to the records database.
struct RecordCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract:
      "Record what actually happened: meetings held, moved, cancelled or added; obligations fulfilled; papers submitted; events that duties count from.",
    discussion: """
      Every record is checked against the protocol before anything is written: a meeting or \
      obligation id must be one the scheduler derives ('boardcal schedule FILE --json' lists \
      them), a board must be in the protocol, dates are YYYY-MM-DD and times HH:MM. On any \
      problem, every problem is printed (file, line, row and field, with a "did you mean" for a \
      near id), nothing is written and the exit status is 1. Each record is acknowledged with a \
      line 'recorded: ...' only after it is committed and synced to disk.

      One record:  boardcal record held|moved|cancelled|added|fulfilled|papers|event FILE --OPTIONS
      A file:      boardcal record FILE --from RECORDS.yaml|RECORDS.csv   (all rows or none)
      What is in:  boardcal record list FILE [--json]

      The database is --db PATH, else $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, \
      else ~/.local/share/boardcal/records.sqlite.
      """,
    subcommands: [
      RecordHeld.self, RecordMoved.self, RecordCancelled.self, RecordAdded.self,
      RecordFulfilled.self, RecordPapers.self, RecordEvent.self, RecordBulk.self, RecordList.self,
    ],
    defaultSubcommand: RecordBulk.self
  )
}

extension ParsableCommand {
  /// Checks the drafts at the desk and writes them all, or none; prints every problem, or one
  /// acknowledgement per record once the transaction is committed (and, for a file, a summary).
  func submit(
    _ drafts: [RecordDraft], earlier: [RecordProblem] = [], to desk: RecordDesk,
    recordedBy: String?, summary file: String?
  ) throws {
    let who = recordedBy ?? ProcessInfo.processInfo.environment["USER"]
    let outcomes: [SaveOutcome]
    do {
      outcomes = try desk.record(
        drafts, earlier: earlier, recordedBy: who, at: RecordStore.timestamp(Date()),
        asOf: today(in: desk.partnership.timeZone))
    } catch {
      switch error {
      case .refused(let problems):
        for problem in problems { complain(problem.description) }
        complain(
          "\(problems.count) problem\(problems.count == 1 ? "" : "s")\(file.map { " in \($0)" } ?? ""); nothing was recorded."
        )
      case .store(let failure):
        complain(failure.message)
        complain("Nothing was recorded.")
      }
      throw ExitCode(1)
    }
    // Committed and synced: only now is each record acknowledged.
    for outcome in outcomes {
      say(
        "\(outcome.isNew ? "recorded" : "already recorded"): \(outcome.entry.summary) (record \(outcome.id))"
      )
    }
    if let file {
      let fresh = outcomes.filter(\.isNew).count
      say(
        "\(file): \(fresh) record\(fresh == 1 ? "" : "s") saved, \(outcomes.count - fresh) already recorded, for \(desk.partnership.id) in \(desk.database.path)."
      )
    }
  }

  /// One record of `kind` from a command's own options and its annotations, checked against
  /// the protocol `file` and written to the database `db`.
  func submit(
    _ kind: RecordKind, _ own: [String: String?], annotations: RecordAnnotationOptions,
    protocol file: String, db: DatabaseOption
  ) throws {
    let p = try loadPartnership(file)
    let draft = RecordDraft(
      kind: kind,
      options: own.merging(["source": annotations.source, "note": annotations.note]) { mine, _ in
        mine
      })
    try submit(
      [draft], to: RecordDesk(p, database: db.database), recordedBy: annotations.recordedBy,
      summary: nil)
  }
}

/// `--source`, `--note` and `--recorded-by`: what every single record may carry.
struct RecordAnnotationOptions: ParsableArguments {
  @Option(help: "Where the record comes from: the document and passage.") var source: String?
  @Option(help: "A remark kept with the record (an assumption, a missing detail).") var note:
    String?
  @Option(
    name: .customLong("recorded-by"),
    help: "Who is recording, kept with the record (default: $USER).")
  var recordedBy: String?
}
