import BoardCalCore
import BoardCalICal
import BoardCalOutput

extension PartnershipState {
  /// This partnership's part of the feeds of the shared boards it imports
  /// (`FeedPlanner.sharedFeeds`), each event at the version its own feeds give it and stamped as
  /// its own feeds stamp it (`stamp`, else the protocol's last revision), so that the shared feed
  /// and the partnership's feeds hold the very same event.
  public func sharedFeeds(
    _ schedule: Schedule? = nil, options: FeedOptions = FeedOptions(), stamp: UTCInstant? = nil
  ) -> [Feed] {
    guard !partnership.sharedBoards.isEmpty else { return [] }
    let schedule = schedule ?? self.schedule()
    let parts = FeedPlanner.sharedFeeds(partnership, schedule, options: options)
    let known =
      history.isEmpty
      ? [:]
      : FeedVersions.versions(
        self, schedule: schedule,
        final: FeedPlanner.feeds(partnership, schedule, options: options), options: options)
    let own = calendarHead(stamp: stamp).stamp
    return parts.map { feed in
      var versioned = feed
      versioned.events = feed.events.map { event in
        var event = event.at(known[event.uid])
        if event.stamp == nil { event.stamp = own }
        return event
      }
      return versioned
    }
  }
}

/// The feeds of the shared boards (`Protocols/shared/`), written once under the shared file's
/// folder whichever partnerships import them: `shared/ID/boards/BOARD.ics`,
/// `shared/ID/duties/BOARD.ics` and `shared/ID/feeds.json`. `emit` and `serve` both make them
/// here, from every partnership they were given, so they give the same bytes.
public enum SharedCalendars {
  /// The folder, under the calendars folder, that holds every shared file's feeds.
  public static let folder = SharedOrigin.calendarsFolder

  /// The shared feeds of every partnership's part (`PartnershipState.sharedFeeds`), joined.
  public static func merged(_ parts: [(partnership: String, feeds: [Feed])])
    throws(PipelineError) -> [Feed]
  {
    do {
      return try FeedPlanner.merged(parts)
    } catch {
      throw .sharedClash(error)
    }
  }

  /// The calendar-wide facts of a shared feed: the shared boards' time zone, no organiser (the
  /// shared file names none), and the shared boards' stamp.
  public static func head(stamp: UTCInstant? = nil) -> CalendarHead {
    CalendarHead(
      partnershipName: "boardcal", timeZone: SharedOrigin.timeZone, organizerEmail: nil,
      stamp: stamp ?? SharedOrigin.stamp)
  }

  /// The files of the joined shared feeds: each feed through libical, and one `feeds.json` per
  /// shared file listing its feeds.
  public static func files(_ feeds: [Feed], stamp: UTCInstant? = nil) throws(PipelineError)
    -> [CalendarFile]
  {
    let rendering = RenderedFeeds(head: head(stamp: stamp))
    var files: [CalendarFile] = []
    var listed: [String: [FeedIndexEntry]] = [:]
    for feed in feeds {
      do {
        files.append(CalendarFile(path: feed.path, pieces: try rendering.pieces(feed)))
      } catch {
        throw .render(file: feed.path, error)
      }
      let origin = feed.path.split(separator: "/").prefix(2).joined(separator: "/")
      listed[origin, default: []].append(FeedIndexEntry(feed))
    }
    for (origin, entries) in listed.sorted(by: { $0.key < $1.key }) {
      let index = (try? JSONOutput.text(entries)) ?? "[]\n"
      files.append(CalendarFile(path: "\(origin)/feeds.json", text: index))
    }
    return files
  }
}
