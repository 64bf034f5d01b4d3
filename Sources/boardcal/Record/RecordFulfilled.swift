import ArgumentParser
import BoardCalCore

/// `boardcal record fulfilled`: an obligation was met.
struct RecordFulfilled: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fulfilled",
    abstract:
      "Record that an obligation was met: on which day, at which meeting, by whom, with a link.",
    discussion: """
      The obligation's status becomes 'done'. Give --date, or --meeting alone to take the \
      meeting's day; a meeting must be one of the receiving board's (a copy sent to a person \
      or a publication takes --date alone). Example:
        boardcal record fulfilled Protocols/milton-keynes.yaml \\
          --obligation child-death-annual-report-to-management-board/management-board/2021-22 \\
          --meeting milton-keynes-management-board-2021-07 --by "Director of Public Health" \\
          --link https://www.mktogether.co.uk/minutes/2021-07.pdf
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The obligation's id, as 'boardcal schedule FILE --json' prints it.")
  var obligation: String
  @Option(help: "The day it was presented or circulated (YYYY-MM-DD).") var date: String?
  @Option(help: "The meeting that took it (its id).") var meeting: String?
  @Option(help: "Who presented it.") var by: String?
  @Option(help: "A link to the minutes or the paper.") var link: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .fulfilled,
      [
        "obligation": obligation, "date": date, "meeting": meeting, "by": by, "link": link,
      ], annotations: annotations, protocol: file, db: db)
  }
}
