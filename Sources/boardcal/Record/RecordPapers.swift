import ArgumentParser
import BoardCalCore

/// `boardcal record papers`: the papers for an obligation went in.
struct RecordPapers: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "papers",
    abstract: "Record that the papers for an obligation were submitted (no papers-due alert then).",
    discussion: """
      Example:
        boardcal record papers Protocols/medway.yaml --obligation OBLIGATION-ID --date 2021-09-20 --by "CSP manager"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The obligation's id, as 'boardcal schedule FILE --json' prints it.")
  var obligation: String
  @Option(help: "The day the papers went in (YYYY-MM-DD).") var date: String
  @Option(help: "Who submitted them.") var by: String?
  @Option(help: "A link to the papers.") var link: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .papers, ["obligation": obligation, "date": date, "by": by, "link": link],
      annotations: annotations, protocol: file, db: db)
  }
}
