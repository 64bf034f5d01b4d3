import ArgumentParser
import BoardCalCore

/// `boardcal record moved`: a meeting moved to another day.
struct RecordMoved: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "moved",
    abstract: "Record that a meeting moved to another day (and time), with the reason.",
    discussion: """
      The meeting keeps its id (and calendar UID); its SEQUENCE is raised and its paper deadline \
      follows the new day. Example:
        boardcal record moved Protocols/medway.yaml --meeting medway-hwb-2021-10 --date 2021-10-19 --time 18:00 --reason "Budget council"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "The new day (YYYY-MM-DD).") var date: String
  @Option(help: "The new start time (HH:MM), when it changed.") var time: String?
  @Option(help: "Why it moved.") var reason: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .moved, ["meeting": meeting, "date": date, "time": time, "reason": reason],
      annotations: annotations, protocol: file, db: db)
  }
}
