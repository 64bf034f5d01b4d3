import ArgumentParser
import BoardCalCore
import BoardCalRecords

/// `boardcal record bulk` (and `boardcal record FILE --from RECORDS`): a whole records file.
struct RecordBulk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bulk",
    abstract: "Record every row of a records file (YAML or CSV): all of them, or none.",
    discussion: """
      'boardcal record FILE --from RECORDS' is short for 'boardcal record bulk FILE --from \
      RECORDS'. The whole file is checked first; one bad row writes nothing. Rows are written in \
      order in one transaction. A row identical to a record already stored is reported as \
      'already recorded' and not written twice, so a file can be imported again safely.

      YAML: a list of records, or a mapping {partnership: ID, description: TEXT, records: [...]}.

      CSV: a header row naming the columns (any order; unused ones may be left out), then one \
      record per row. Quote a cell that holds commas, quotes or line breaks ("" for a quote).

      Fields (YAML keys, CSV columns):
        kind        held | moved | cancelled | added | fulfilled | papers   (required)
        meeting     held, moved, cancelled: required; fulfilled: the meeting that took it
        obligation  fulfilled, papers: required
        board       added: required
        date        moved, added, papers: required; held: the real day when not the derived one;
                    fulfilled: required unless meeting is given (its day is then used)
        time        moved, added: HH:MM
        reason      moved, cancelled
        by          fulfilled: who presented; papers: who submitted
        link        fulfilled, papers: the minutes or the paper
        title       added
        source      any: the document and passage the record rests on
        note        any: a remark (an assumption, a missing detail)
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: ArgumentHelp("The records file: .yaml, .yml or .csv.", valueName: "records-file"))
  var from: String
  @Option(
    name: .customLong("recorded-by"),
    help: "Who is recording, kept with every record (default: $USER).")
  var recordedBy: String?
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let contents = RecordsFile.read(path: from)
    let p = try loadPartnership(file)
    var problems = contents.problems
    if let declared = contents.partnership, declared.id != p.id {
      problems.append(
        RecordProblem(
          place: "\(declared.at): partnership",
          message:
            "this records file is for '\(declared.id)', but \(file) is the protocol of '\(p.id)'."))
    }
    if problems.isEmpty && contents.drafts.isEmpty {
      problems.append(RecordProblem(place: from, message: "no records in the file."))
    }
    try submit(
      contents.drafts, earlier: problems, to: RecordDesk(p, database: db.database),
      recordedBy: recordedBy, summary: from)
  }
}
