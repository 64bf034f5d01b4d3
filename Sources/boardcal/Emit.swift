import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation

/// `boardcal emit`: every feed of every partnership, written atomically and deterministically.
struct Emit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the iCalendar feeds of each protocol under an output folder.",
    discussion: """
      For each partnership P it writes P/boards/BOARD.ics (a board's meetings, paper deadlines and \
      incoming items), P/duties/BOARD.ics (what the board owes), P/public.ics (public meetings), \
      P/people/PERSON.ics (the boards a person or role sits on) and P/feeds.json (the list, with \
      which feeds are private). The run is all or nothing: the new folder is built beside the old \
      one and swapped in at once, so a reader sees the old set or the new one, and a failure leaves \
      the old folder as it was; feeds that no longer exist are removed. The same inputs give \
      byte-identical files: DTSTAMP is the protocol's last revision unless --generated-at is given. \
      Records apply only with --db (moves raise SEQUENCE, cancellations show): without it the feeds \
      follow the protocols alone, as committed in Calendars/.
      """
  )

  @Argument(help: "Protocol files.") var files: [String]
  @Option(help: "The folder to write into.") var out: String = "Calendars"
  @Option(
    help:
      "DTSTAMP for every event no record changed, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: the protocol's last revision)."
  )
  var generatedAt: String?
  @Option(help: "Base URL of the board pages, for links in the feeds.") var baseURL: String?
  @OptionGroup var db: DatabaseOption
  @OptionGroup var standing: AsOfOption
  @Flag(help: "Print nothing but problems.") var quiet = false

  func run() throws {
    var stamp: UTCInstant?
    if let generatedAt {
      guard let parsed = UTCInstant(text: generatedAt) else {
        throw ValidationError(
          "--generated-at '\(generatedAt)' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.")
      }
      stamp = parsed
    }
    // Records only when a database is named: the committed Calendars/ follow the protocols alone.
    let database = db.named
    // Load and render everything first: nothing is written unless every feed renders.
    var rendered: [(id: String, files: [CalendarFile])] = []
    for file in files {
      let state = try loadState(file, database: database, asOf: standing.day)
      do {
        let feeds = state.feeds(options: FeedOptions(baseURL: baseURL))
        rendered.append((state.partnership.id, try state.calendarFiles(feeds, stamp: stamp)))
      } catch {
        complain("\(file): \(error)")
        throw ExitCode(1)
      }
    }
    let outcomes: [CalendarExport.Outcome]
    do {
      outcomes = try CalendarExport.write(
        rendered.map { ($0.id, $0.files) }, to: URL(fileURLWithPath: out))
    } catch {
      complain("boardcal: \(error). Nothing was written.")
      throw ExitCode(1)
    }
    guard !quiet else { return }
    for outcome in outcomes {
      say(
        "\(outcome.partnership): \(outcome.files - 1) feeds written to \(outcome.folder)\(outcome.removed > 0 ? ", \(outcome.removed) stale removed" : "")"
      )
    }
  }
}
