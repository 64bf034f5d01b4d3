import ArgumentParser
import BoardCalCore
import BoardCalICal
import BoardCalProtocols
import Foundation

/// `boardcal emit`: every feed of every partnership, written atomically and deterministically.
struct Emit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the iCalendar feeds of each protocol under an output folder.",
    discussion: """
      For each partnership P it writes P/boards/BOARD.ics (a board's meetings, paper deadlines and \
      incoming items), P/duties/BOARD.ics (what the board owes), P/public.ics (public meetings), \
      P/people/PERSON.ics (the boards a person or role sits on) and P/feeds.json (the list, with \
      which feeds are private). Each file is written to a temporary name and renamed, so a failure \
      leaves the old files whole; feeds that no longer exist are removed. The same inputs give \
      byte-identical files: DTSTAMP is the protocol's last revision unless --generated-at is given.
      """
  )

  @Argument(help: "Protocol files.") var files: [String]
  @Option(help: "The folder to write into.") var out: String = "Calendars"
  @Option(
    help:
      "DTSTAMP for every event, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: the protocol's last revision)."
  )
  var generatedAt: String?
  @Option(help: "Base URL of the board pages, for links in the feeds.") var baseURL: String?
  @Option(
    help:
      "Apply the records in this database (moves raise SEQUENCE, cancellations show). Without it the feeds follow the protocols alone, as committed in Calendars/."
  )
  var db: String?
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
    // Load and render everything first: nothing is written unless every feed renders.
    var rendered: [(partnership: Partnership, files: [(path: String, text: String)])] = []
    for file in files {
      let p = try loadOrExit(file)
      let records =
        db == nil ? Records.none : try loadRecords(for: p, db: db)
      let schedule = Schedule.derive(p, span: p.horizon, records: records)
      let feeds = FeedPlanner.feeds(p, schedule, options: FeedOptions(baseURL: baseURL))
      let head = CalendarHead(
        partnershipName: p.name, timeZone: p.timeZone, organizerEmail: p.address,
        stamp: stamp ?? UTCInstant(date: p.lastRevised), fromYear: p.horizon.start.year - 1)
      var files: [(String, String)] = []
      for feed in feeds {
        do {
          files.append((feed.path, try ICalendarWriter.render(feed, head: head)))
        } catch {
          printError("\(file): \(error)")
          throw ExitCode(1)
        }
      }
      files.append(("\(p.id)/feeds.json", try feedIndex(feeds, p)))
      rendered.append((p, files))
    }
    let root = URL(fileURLWithPath: out)
    for (p, files) in rendered {
      let folder = root.appendingPathComponent(p.id)
      for (path, text) in files {
        try writeAtomically(text, to: root.appendingPathComponent(path))
      }
      let removed = try removeStale(
        in: folder, keeping: Set(files.map { root.appendingPathComponent($0.path).path }))
      if !quiet {
        print(
          "\(p.id): \(files.count - 1) feeds written to \(folder.path)\(removed > 0 ? ", \(removed) stale removed" : "")"
        )
      }
    }
  }

  func feedIndex(_ feeds: [Feed], _ p: Partnership) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let entries = feeds.map(FeedIndexEntry.init)
    return String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n"
  }
}

/// Writes to a temporary file beside the target, then renames it over the target.
func writeAtomically(_ text: String, to url: URL) throws {
  let fm = FileManager.default
  try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  if let existing = fm.contents(atPath: url.path), existing == Data(text.utf8) { return }
  let temporary = url.deletingLastPathComponent().appendingPathComponent(
    ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
  try Data(text.utf8).write(to: temporary)
  guard rename(temporary.path, url.path) == 0 else {
    try? fm.removeItem(at: temporary)
    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
  }
}

/// Removes .ics files under `folder` that are not in `keeping`; returns how many.
func removeStale(in folder: URL, keeping: Set<String>) throws -> Int {
  guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
  else { return 0 }
  var removed = 0
  for case let url as URL in walker where url.pathExtension == "ics" && !keeping.contains(url.path)
  {
    try FileManager.default.removeItem(at: url)
    removed += 1
  }
  return removed
}
