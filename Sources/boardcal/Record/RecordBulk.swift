import ArgumentParser
import BoardCalCore
import BoardCalProtocols
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
  /// Words after the file: only a mistyped kind puts them there (`record heldx FILE`).
  @Argument(help: .hidden) var more: [String] = []
  @Option(
    name: .customLong("from"),
    help: ArgumentHelp("The records file: .yaml, .yml or .csv.", valueName: "records-file"))
  var fromOption: String?
  @Option(
    name: .customLong("recorded-by"),
    help: "Who is recording, kept with every record (default: $USER).")
  var recordedBy: String?
  @OptionGroup var db: DatabaseOption

  /// The records file, once `validate` has checked it was given.
  var from: String { fromOption ?? "" }

  func validate() throws {
    let kinds = RecordKind.allCases.map(\.rawValue) + ["list", "bulk"]
    // `record heldx FILE ...`: the first word was meant as a kind of record.
    if !more.isEmpty || (fromOption == nil && !file.contains(".")) {
      throw ValidationError(
        "'\(file)' is not a kind of record; use one of \(kinds.joined(separator: ", ")), or 'record FILE --from RECORDS' for a whole file."
          + didYouMean(file, kinds))
    }
    if fromOption == nil {
      throw ValidationError(
        "--from RECORDS is needed to record a whole file; to record one thing, name its kind: 'boardcal record held \(file) --meeting ID'."
      )
    }
  }

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
