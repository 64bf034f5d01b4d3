import BoardCalCore
import BoardCalICal
import BoardCalProtocols
import Foundation

/// One partnership's rendered feeds: paths relative to the calendars folder, and their text.
struct RenderedFeeds {
  var files: [(path: String, text: String)]
  var bytes: Int { files.reduce(0) { $0 + $1.text.utf8.count } }
}

/// What each stage does: the same calls `boardcal emit` makes, without the command line.
enum Workload {
  struct BenchError: Error, CustomStringConvertible {
    let description: String
  }

  /// Reads and validates protocol files (the shared files they import included).
  static func load(_ paths: [String]) throws -> [Partnership] {
    try paths.map { path in
      do {
        return try ProtocolLoader.load(path: path)
      } catch {
        throw BenchError(description: "\(error)")
      }
    }
  }

  static func derive(_ partnerships: [Partnership]) -> [Schedule] {
    partnerships.map { Schedule.derive($0, span: $0.horizon) }
  }

  static func plan(_ partnerships: [Partnership], _ schedules: [Schedule]) -> [[Feed]] {
    zip(partnerships, schedules).map { FeedPlanner.feeds($0, $1) }
  }

  /// The head `boardcal emit` gives a partnership's feeds.
  static func head(_ p: Partnership) -> CalendarHead {
    CalendarHead(
      partnershipName: p.name, timeZone: p.timeZone, organizerEmail: p.address,
      stamp: UTCInstant(date: p.lastRevised), fromYear: p.horizon.start.year - 1)
  }

  /// Every feed through libical, kept in memory (as `emit` keeps them until all have rendered).
  static func render(_ partnerships: [Partnership], _ feeds: [[Feed]]) throws -> [RenderedFeeds] {
    try zip(partnerships, feeds).map { p, feeds in
      let head = head(p)
      return RenderedFeeds(
        files: try feeds.map { feed in
          do {
            return (feed.path, try ICalendarWriter.render(feed, head: head))
          } catch {
            throw BenchError(description: "\(error)")
          }
        })
    }
  }

  /// Derives, plans and renders one partnership at a time, keeping only the sizes.
  static func streamed(_ partnerships: [Partnership]) throws -> (events: Int, bytes: Int) {
    var events = 0
    var bytes = 0
    for p in partnerships {
      let feeds = plan([p], derive([p]))
      events += Workload.events(feeds)
      bytes += try render([p], feeds).reduce(0) { $0 + $1.bytes }
    }
    return (events, bytes)
  }

  /// Writes every feed under `root` as `emit` does: a temporary name beside the target, then a
  /// rename over it. Returns the bytes written.
  static func write(_ rendered: [RenderedFeeds], to root: URL) throws -> Int {
    let fm = FileManager.default
    var folders: Set<String> = []
    var bytes = 0
    for feeds in rendered {
      for (path, text) in feeds.files {
        let url = root.appendingPathComponent(path)
        let folder = url.deletingLastPathComponent()
        if folders.insert(folder.path).inserted {
          try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let data = Data(text.utf8)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
          throw BenchError(description: "cannot rename \(temporary.path) to \(url.path)")
        }
        bytes += data.count
      }
    }
    return bytes
  }

  // MARK: Counts

  /// The rules a protocol states: boards, meeting patterns, reports and duties.
  static func rules(_ partnerships: [Partnership]) -> Int {
    partnerships.reduce(0) {
      $0 + $1.boards.count + $1.boards.reduce(0) { $0 + $1.patterns.count } + $1.reports.count
        + $1.duties.count
    }
  }

  static func meetings(_ schedules: [Schedule]) -> Int {
    schedules.reduce(0) { $0 + $1.meetings.count }
  }

  static func obligations(_ schedules: [Schedule]) -> Int {
    schedules.reduce(0) { $0 + $1.obligations.count }
  }

  static func unschedulable(_ schedules: [Schedule]) -> Int {
    schedules.reduce(0) { $0 + $1.obligations.filter(\.isUnschedulable).count }
  }

  static func feedCount(_ feeds: [[Feed]]) -> Int { feeds.reduce(0) { $0 + $1.count } }

  static func events(_ feeds: [[Feed]]) -> Int {
    feeds.reduce(0) { $0 + $1.reduce(0) { $0 + $1.events.count } }
  }
}
