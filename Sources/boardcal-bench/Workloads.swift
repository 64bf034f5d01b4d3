import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalProtocols
import Foundation

/// What each stage does: the pipeline's own calls, the ones `boardcal emit` makes, without the
/// command line.
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

  /// The day each partnership is seen from: the end of its protocol, or, for one in force, the
  /// end of the seeds' two reference years (so that the same work is measured on every day).
  static func asOf(_ p: Partnership) -> CivilDate {
    p.horizon.end ?? CivilDate(year: 2022, month: 3, day: 31)!
  }

  static func state(_ p: Partnership) -> PartnershipState { PartnershipState(p, asOf: asOf(p)) }

  static func derive(_ partnerships: [Partnership]) -> [Schedule] {
    partnerships.map { state($0).schedule() }
  }

  static func plan(_ partnerships: [Partnership], _ schedules: [Schedule]) -> [[Feed]] {
    zip(partnerships, schedules).map { state($0).feeds($1) }
  }

  /// Every feed through libical, kept in memory (as `emit` keeps them until all have rendered).
  static func render(_ partnerships: [Partnership], _ feeds: [[Feed]]) throws -> [[CalendarFile]] {
    try zip(partnerships, feeds).map { p, feeds in
      do {
        return try state(p).calendarFiles(feeds)
      } catch {
        throw BenchError(description: "\(error)")
      }
    }
  }

  /// Derives, plans and renders one partnership at a time, keeping only the sizes.
  static func streamed(_ partnerships: [Partnership]) throws -> (events: Int, bytes: Int) {
    var events = 0
    var bytes = 0
    for p in partnerships {
      let feeds = plan([p], derive([p]))
      events += Workload.events(feeds)
      bytes += Workload.bytes(try render([p], feeds))
    }
    return (events, bytes)
  }

  /// Writes every partnership's files under `root` as `emit` does: one run, swapped in whole.
  /// Returns the bytes written.
  static func write(_ rendered: [[CalendarFile]], _ partnerships: [Partnership], to root: URL)
    throws -> Int
  {
    do {
      let run = try CalendarExport.Run(root: root)
      for (files, p) in zip(rendered, partnerships) {
        try run.add(partnership: p.id, files: files)
      }
      _ = try run.finish()
    } catch {
      throw BenchError(description: "\(error)")
    }
    return bytes(rendered)
  }

  /// `boardcal emit` on partnerships already loaded: side by side, each one's files written into
  /// the new set under `root` as soon as it is done, then swapped in. Returns the events written.
  static func emit(_ partnerships: [Partnership], to root: URL) async throws -> Int {
    let run = try CalendarExport.Run(root: root)
    var events = 0
    try await SideBySide.each(
      partnerships,
      make: { p in
        let state = Workload.state(p)
        let feeds = state.feeds()
        return (p.id, feeds.reduce(0) { $0 + $1.events.count }, try state.calendarFiles(feeds))
      },
      take: { _, made in
        events += made.1
        try run.add(partnership: made.0, files: made.2)
      })
    _ = try run.finish()
    return events
  }

  // MARK: Counts

  /// The VEVENTs in the `.ics` files under a folder.
  static func eventsWritten(under folder: URL) -> Int {
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    else { return 0 }
    var events = 0
    let marker = Array("BEGIN:VEVENT".utf8)
    for case let url as URL in walker where url.pathExtension == "ics" {
      guard let data = FileManager.default.contents(atPath: url.path) else { continue }
      data.withUnsafeBytes { bytes in
        var i = 0
        while i + marker.count <= bytes.count {
          if bytes[i] == marker[0], bytes[i + 1] == marker[1],
            zip(marker, bytes[i..<(i + marker.count)]).allSatisfy({ $0 == $1 })
          {
            events += 1
            i += marker.count
          } else {
            i += 1
          }
        }
      }
    }
    return events
  }

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

  static func bytes(_ rendered: [[CalendarFile]]) -> Int {
    rendered.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
  }
}
