import ArgumentParser
import BoardCalCore

/// `boardcal record cancelled`: a meeting will not take place.
struct RecordCancelled: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancelled",
    abstract: "Record that a meeting will not take place, with the reason.",
    discussion: """
      What was slotted at a cancelled meeting is re-slotted at the receiver's next meeting in its \
      window. Example:
        boardcal record cancelled Protocols/milton-keynes.yaml --meeting milton-keynes-csp-2021-10 --reason "Not quorate"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The meeting's id, as 'boardcal schedule FILE --json' prints it.") var meeting:
    String
  @Option(help: "Why it was cancelled.") var reason: String?
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .cancelled, ["meeting": meeting, "reason": reason], annotations: annotations, protocol: file,
      db: db)
  }
}
