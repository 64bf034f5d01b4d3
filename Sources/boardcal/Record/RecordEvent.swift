import ArgumentParser
import BoardCalCore

/// `boardcal record event`: something happened that a relative window or a review counts from.
struct RecordEvent: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "event",
    abstract:
      "Record an event a duty or the protocol's review counts from (a review published, a change in the law).",
    discussion: """
      The name must be one the protocol uses: in a duty's window {after: {event: NAME}, months: N} \
      or in the review's also_after. From then on the obligations that count from it exist, with \
      their windows, slots and alerts. Example:
        boardcal record event Protocols/example.yaml --name sar-published --date 2023-05-10 \\
          --source "SAR 'Adult B' published on the SAB's website"
      """
  )

  @Argument(help: "The protocol file.") var file: String
  @Option(help: "The event's name, as the protocol names it.") var name: String
  @Option(help: "The day it happened (YYYY-MM-DD).") var date: String
  @OptionGroup var annotations: RecordAnnotationOptions
  @OptionGroup var db: DatabaseOption

  func run() throws {
    try submit(
      .event, ["title": name, "date": date], annotations: annotations, protocol: file, db: db)
  }
}
