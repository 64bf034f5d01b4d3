import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation

/// `boardcal emit`: every feed of every partnership, written atomically and deterministically.
struct Emit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the iCalendar feeds of each protocol under an output folder.",
    discussion: """
      For each partnership P it writes P/boards/BOARD.ics (a board's meetings, paper deadlines and \
      incoming items), P/duties/BOARD.ics (what the board owes), P/public.ics (public meetings), \
      P/people/PERSON.ics (the boards a person or role sits on) and P/feeds.json (the list, with \
      which feeds are private); and once for each board shared by several partnerships, \
      shared/ID/boards/BOARD.ics and shared/ID/duties/BOARD.ics (its meetings, with the items \
      and duties of every partnership given that imports it) and shared/ID/feeds.json. The run is all or nothing: the new folder is built beside the old \
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

  func run() async throws {
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
    let generated = stamp
    let options = {
      var options = FeedOptions(baseURL: baseURL)
      options.generatedAt = stamp
      return options
    }()
    let asOf = standing.day
    // Partnerships are made side by side, one per core, and each one's files go into the new set
    // as soon as it is done; nothing is swapped in unless every feed renders.
    let run: CalendarExport.Run
    do {
      run = try CalendarExport.Run(root: URL(fileURLWithPath: out))
    } catch {
      complain("boardcal: \(error). Nothing was written.")
      throw ExitCode(1)
    }
    var ids: [String?] = Array(repeating: nil, count: files.count)
    // Each partnership's part of the shared boards' feeds, written once all are in.
    var sharedParts: [(index: Int, partnership: String, feeds: [Feed])] = []
    var sharedWritten = 0
    let progress = Progress(total: files.count, quiet: quiet)
    do {
      try await SideBySide.each(
        files,
        make: { file in
          let state = try Emit.state(file, database: database, asOf: asOf)
          do {
            let schedule = state.schedule()
            let feeds = state.feeds(schedule, options: options)
            return (
              state.partnership.id, try state.calendarFiles(feeds, stamp: generated),
              state.sharedFeeds(schedule, options: options, stamp: generated)
            )
          } catch {
            throw CommandFailure(["\(file): \(error)"])
          }
        },
        take: { index, made in
          let (id, calendarFiles, shared) = made
          if let other = ids.firstIndex(of: id) {
            throw CommandFailure([
              "boardcal: \(files[index]) and \(files[other]) are both the partnership '\(id)'; "
                + "emit one of them."
            ])
          }
          ids[index] = id
          try run.add(partnership: id, files: calendarFiles)
          if !shared.isEmpty { sharedParts.append((index, id, shared)) }
          progress.done(id)
        })
      if !sharedParts.isEmpty {
        // In the order the files were given, whatever order they were done in.
        let parts = sharedParts.sorted { $0.index < $1.index }.map { ($0.partnership, $0.feeds) }
        let joined = try SharedCalendars.merged(parts)
        sharedWritten = joined.count
        try run.add(
          partnership: SharedCalendars.folder,
          files: try SharedCalendars.files(joined, stamp: generated))
      }
    } catch let failure as CommandFailure {
      progress.end()
      for line in failure.lines { complain(line) }
      complain("Nothing was written.")
      throw ExitCode(1)
    } catch {
      progress.end()
      complain("boardcal: \(error). Nothing was written.")
      throw ExitCode(1)
    }
    progress.end()
    let outcomes: [CalendarExport.Outcome]
    do {
      outcomes = try run.finish()
    } catch {
      complain("boardcal: \(error). Nothing was written.")
      throw ExitCode(1)
    }
    if let left = run.leftOver {
      complain(
        "boardcal: note: the new feeds are in place, but the old set could not be removed from "
          + "\(left.path) (\(left.reason)); remove it by hand.")
    }
    guard !quiet else { return }
    // In the order the files were given, whatever order they were done in.
    let order = Dictionary(ids.enumerated().map { ($1 ?? "", $0) }, uniquingKeysWith: min)
    for outcome in outcomes.sorted(by: {
      order[$0.partnership, default: files.count] < order[$1.partnership, default: files.count]
    }) {
      // No partnership has that id (the loader refuses it).
      if outcome.partnership == SharedCalendars.folder {
        say(
          "shared boards: \(sharedWritten) feeds from \(sharedParts.count) partnership\(sharedParts.count == 1 ? "" : "s") written once to \(outcome.folder)\(outcome.removed > 0 ? ", \(outcome.removed) stale removed" : "")"
        )
        continue
      }
      say(
        "\(outcome.partnership): \(outcome.files - 1) feeds written to \(outcome.folder)\(outcome.removed > 0 ? ", \(outcome.removed) stale removed" : "")"
      )
    }
  }
}
