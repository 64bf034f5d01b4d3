import ArgumentParser
import BoardCalCore

/// `boardcal record added`: a meeting the protocol does not derive.
struct RecordAdded: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "added",
    abstract: "Record a meeting the protocol does not derive (an extraordinary meeting).",
    discussion: """
      The meeting's id is PARTNERSHIP-BOARD-DATE-added; a 'fulfilled' record may name it. Example:
        boardcal record added Protocols/milton-keynes.yaml --board risk --date 2021-09-14 --title "Extraordinary meeting: knife crime"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The board's id.") var board: String
  @Option(help: "The day (YYYY-MM-DD).") var date: String
  @Option(help: "The start time (HH:MM); default: the partnership's meeting time.") var time:
    String?
  @Option(help: "A title for the meeting.") var title: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .added, ["board": board, "date": date, "time": time, "title": title],
      annotations: annotations, protocol: file, db: db)
  }
}
