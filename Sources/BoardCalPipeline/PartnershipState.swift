// The BoardCalPipeline module: one way from files to what every channel shows. A protocol file
// and the records database become a `PartnershipState`; from it come the schedule with its
// statuses, the chair's outlook, conflicts, alerts and the rendered feeds, alike for the command
// line, the HTTP server and the benchmark.
import BoardCalCore
import BoardCalICal
import BoardCalOutput
import BoardCalProtocols
import BoardCalStore
import Foundation

@_exported import struct BoardCalStore.RecordsDatabase

/// Why a partnership could not be loaded or its calendars made: which file, and every problem.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
  /// The protocol file has problems (every one, located).
  case protocolProblems(file: String, [ProtocolDiagnostic])
  /// The records database could not be read.
  case store(StoreError)
  /// A feed could not be rendered through libical.
  case render(file: String, CalendarWriteError)
  /// Two partnerships give a shared board's event two contents (`SharedFeedClash`).
  case sharedClash(SharedFeedClash)

  public var description: String {
    switch self {
    case .protocolProblems(_, let diagnostics):
      return diagnostics.map(\.description).joined(separator: "\n")
    case .store(let error): return error.message
    case .render(let file, let error): return "\(file): \(error)"
    case .sharedClash(let clash): return clash.description
    }
  }
}

/// A partnership as it stands: its protocol, checked, and what officers have recorded. Every
/// view of it (the schedule with statuses, a chair's outlook, conflicts, alerts, feeds) comes
/// from here, so the command line, the server and the benchmark show the same thing.
public struct PartnershipState: Sendable {
  public let partnership: Partnership
  /// The day the state stands on (today, or a command's `--as-of`): views reach from the
  /// protocol's start to a look-ahead beyond it (`Partnership.span(asOf:)`).
  public let asOf: CivilDate
  /// What was recorded: moves, cancellations, additions, fulfilments, papers.
  public let records: Records
  /// The records in the order recorded, each with when it was recorded when that is known:
  /// the history behind each feed event's SEQUENCE and DTSTAMP.
  public let history: [(entry: RecordEntry, at: UTCInstant?)]
  /// The alert log, when a records database was read; nil when there is none.
  public let alertLog: [AlertLogEntry]?
  /// The names and addresses behind the protocol's roles (the database's, then a contacts
  /// file's): every alert is addressed from here (`alerts(asOf:)`).
  public private(set) var contacts: ContactBook = .none

  /// A partnership with records whose times are not known (tests, the benchmark).
  public init(
    _ partnership: Partnership, asOf: CivilDate, records: Records = .none,
    alertLog: [AlertLogEntry]? = nil
  ) {
    self.partnership = partnership
    self.asOf = asOf
    // What was recorded before a board was shared names its meetings as they are now.
    let entries = records.entries.map { $0.withCurrentMeetingIDs(in: partnership) }
    self.records = Records(entries)
    history = entries.map { ($0, nil) }
    self.alertLog = alertLog
  }

  /// A partnership with the records a database holds, in the order recorded.
  public init(
    _ partnership: Partnership, asOf: CivilDate, stored: [StoredRecord],
    alertLog: [AlertLogEntry]?
  ) {
    self.partnership = partnership
    self.asOf = asOf
    let entries = stored.map { $0.entry.withCurrentMeetingIDs(in: partnership) }
    records = Records(entries)
    history = zip(entries, stored).map {
      ($0, UTCInstant(text: String($1.recordedAt.prefix(19)) + "Z"))
    }
    self.alertLog = alertLog
  }

  /// Loads a protocol file and, when `database` is given and exists, its records and alert log.
  public static func load(protocolFile: String, database: RecordsDatabase?, asOf: CivilDate)
    throws(PipelineError) -> PartnershipState
  {
    let p: Partnership
    do {
      p = try ProtocolLoader.load(path: protocolFile)
    } catch {
      throw .protocolProblems(file: protocolFile, error.diagnostics)
    }
    return try PartnershipState(p, asOf: asOf, database: database)
  }

  /// A loaded partnership with its records from `database`, when it is given and exists.
  public init(_ p: Partnership, asOf: CivilDate, database: RecordsDatabase?)
    throws(PipelineError)
  {
    let store: RecordStore?
    do { store = try database?.openIfExists() } catch { throw .store(error) }
    try self.init(p, asOf: asOf, store: store)
  }

  /// A loaded partnership with its records and alert log from an open store (none when nil).
  public init(_ p: Partnership, asOf: CivilDate, store: RecordStore?) throws(PipelineError) {
    guard let store else {
      self.init(p, asOf: asOf)
      return
    }
    do {
      self.init(
        p, asOf: asOf, stored: try store.list(partnership: p.id),
        alertLog: try store.alertLog(partnership: p.id))
      contacts = ContactBook(database: try store.contacts(partnership: p.id).map(\.contact))
    } catch {
      throw .store(error)
    }
  }

  /// The same state with its alerts addressed from `contacts` instead.
  public func with(contacts: ContactBook) -> PartnershipState {
    var state = self
    state.contacts = contacts
    return state
  }

  // MARK: Views

  /// The days views cover: from the protocol's start to the look-ahead beyond `asOf`.
  public var span: DateSpan { partnership.span(asOf: asOf) }

  /// The meetings and obligations over `span` (default: `self.span`), with the records applied:
  /// moved and cancelled meetings re-slot what they held.
  public func schedule(span: DateSpan? = nil) -> Schedule {
    Schedule.derive(partnership, span: span ?? self.span, records: records)
  }

  /// A chair's view of `board`: its meetings from `asOf` for `days` days and what it owes, each
  /// obligation with its status as of that day.
  public func outlook(board: String, asOf: CivilDate, days: Int) -> BoardOutlook {
    BoardOutlook(partnership, board: board, asOf: asOf, days: days, records: records)
  }

  /// Every planning problem over `span` (default: `self.span`).
  public func conflicts(span: DateSpan? = nil) -> (schedule: Schedule, conflicts: [Conflict]) {
    let schedule = schedule(span: span)
    return (schedule, schedule.conflicts(in: partnership, asOf: asOf, fulfilled: records.fulfilled))
  }

  /// The days whose obligations alerts consider: the financial year of `asOf` and the one
  /// before, from the protocol's horizon start when that is later (and not after `asOf`).
  public func alertSpan(asOf: CivilDate) -> DateSpan {
    let p = partnership
    let cycle = p.cycle(containing: asOf)
    var start = p.cycleSpan(cycle - 1).start
    if p.horizon.start > start, p.horizon.start <= asOf { start = p.horizon.start }
    return DateSpan(start: start, end: p.cycleSpan(cycle).end)
  }

  /// What needs someone's action as of a day, with the schedule it was worked out from; each
  /// recipient with the name and address `contacts` gives.
  public func alerts(asOf: CivilDate) -> (schedule: Schedule, alerts: [Alert]) {
    let schedule = schedule(span: alertSpan(asOf: asOf))
    var alerts = AlertPlanner.alerts(partnership, schedule: schedule, records: records, asOf: asOf)
    contacts.address(&alerts, in: partnership)
    return (schedule, alerts)
  }

  // MARK: Calendars

  /// Every feed of the partnership over its horizon (or the schedule given, which must be this
  /// state's), each event with the SEQUENCE and DTSTAMP its history gives it (`FeedVersions`).
  public func feeds(_ schedule: Schedule? = nil, options: FeedOptions = FeedOptions()) -> [Feed] {
    FeedVersions.feeds(self, schedule: schedule ?? self.schedule(), options: options)
  }

  /// The version of every event the records changed, by UID (`FeedVersions`): what an alert's
  /// attached calendar gives the same events.
  public func eventVersions(options: FeedOptions = FeedOptions()) -> [String: EventVersion] {
    // No record changed an event: nothing to derive or plan (what `notify` sees most mornings).
    guard !FeedVersions.changes(self).isEmpty else { return [:] }
    let schedule = self.schedule()
    return FeedVersions.versions(
      self, schedule: schedule, final: FeedPlanner.feeds(partnership, schedule, options: options),
      options: options)
  }

  /// The calendar-wide facts of the feeds: DTSTAMP is `stamp`, else the protocol's last revision.
  public func calendarHead(stamp: UTCInstant? = nil) -> CalendarHead {
    let p = partnership
    return CalendarHead(
      partnershipName: p.name, timeZone: p.timeZone, organizerEmail: p.address,
      stamp: stamp ?? UTCInstant(date: p.lastRevised))
  }

  /// Each feed through libical (every distinct event rendered once, `RenderedFeeds`), then
  /// `feeds.json` listing them: the files `emit` writes.
  public func calendarFiles(_ feeds: [Feed], stamp: UTCInstant? = nil) throws(PipelineError)
    -> [CalendarFile]
  {
    // Each event is rendered once and its text reused in every feed that holds it.
    let rendering = RenderedFeeds(
      head: calendarHead(stamp: stamp), events: feeds.reduce(0) { $0 + $1.events.count })
    var files: [CalendarFile] = []
    files.reserveCapacity(feeds.count + 1)
    for feed in feeds {
      do {
        files.append(CalendarFile(path: feed.path, pieces: try rendering.pieces(feed)))
      } catch {
        throw .render(file: feed.path, error)
      }
    }
    let index = (try? JSONOutput.text(feeds.map(FeedIndexEntry.init))) ?? "[]\n"
    files.append(CalendarFile(path: "\(partnership.id)/feeds.json", text: index))
    return files
  }
}
