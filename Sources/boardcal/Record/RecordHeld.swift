import ArgumentParser
import BoardCalCore

/// `boardcal record held`: a meeting took place.
struct RecordHeld: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "held",
    abstract: "Record that a meeting took place (on its derived day, or on --date).",
    discussion: """
      Example:
        boardcal record held Protocols/milton-keynes.yaml --meeting milton-keynes-management-board-2021-04
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "The day it was held, when not the derived day (YYYY-MM-DD).") var date: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .held, ["meeting": meeting, "date": date], annotations: annotations, protocol: file, db: db)
  }
}
