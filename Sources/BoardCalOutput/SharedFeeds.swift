import BoardCalCore

/// Two partnerships gave one event (one UID) two different contents: the shared board's feed
/// cannot hold both. Which event, and which partnerships.
public struct SharedFeedClash: Error, Sendable, CustomStringConvertible {
  /// The shared feed's path (`shared/kent-and-medway/boards/kmsab.ics`).
  public let feed: String
  public let uid: String
  /// What the two contents say ("Kent and Medway Safeguarding Adults Board meeting"), to tell
  /// the officer which meeting.
  public let summary: String
  public let partnerships: [String]

  public var description: String {
    "\(feed): the event \(uid) ('\(summary)') comes out differently from \(partnerships.joined(separator: " and ")); a shared board's meeting must be the same wherever it is imported (a record moving or cancelling it is made in each partnership that imports it)."
  }
}

extension FeedPlanner {
  /// One partnership's part of the feeds of the shared boards it imports, written once for all
  /// of them under the shared file's folder (`shared/kent-and-medway/`): per shared board, its
  /// meetings (the same events, with the same UIDs, as in the partnership's own feeds) with
  /// what this partnership's protocol brings to them, and what the board owes this partnership.
  /// `merged` joins the parts of every partnership that imports the board.
  public static func sharedFeeds(
    _ p: Partnership, _ schedule: Schedule, options: FeedOptions = FeedOptions()
  ) -> [Feed] {
    let text = FeedText(p: p, schedule: schedule, options: options)
    let officers = Disclosure.officer(p)
    var feeds: [Feed] = []
    for board in p.sharedBoards {
      guard let origin = board.shared else { continue }
      // Every word of a shared feed's head comes from the shared file, so that each
      // partnership's part names it alike.
      let serves = origin.servesText
      feeds.append(
        Feed(
          path: "\(origin.folder)/boards/\(board.id).ics", name: "\(board.name) — \(serves)",
          description:
            "Meetings of the \(board.name) (serving \(serves)): their paper deadlines and the items due at each under the protocol of every partnership that imports it.",
          kind: .board, subject: board.id, isPrivate: true,
          events: schedule.meetings.filter { $0.board == board.id }.flatMap {
            text.meetingEvents($0, for: officers)
          }
            + schedule.obligations.filter { $0.receiver == board.id }.compactMap {
              text.dutyEvent($0, for: officers)
            }))
      feeds.append(
        Feed(
          path: "\(origin.folder)/duties/\(board.id).ics",
          name: "What \(board.label) owes — \(serves)",
          description:
            "What the \(board.name) (serving \(serves)) must present, consult on or inform, to the boards of every partnership that imports it.",
          kind: .duties, subject: board.id, isPrivate: true,
          events: schedule.obligations.filter { $0.owner == board.id }.compactMap {
            text.dutyEvent($0, for: officers)
          }))
    }
    return finished(feeds)
  }

  /// The shared boards' feeds of every partnership joined: per path, every event once, in time
  /// order. The parts are given with the partnership each comes from; an event (a UID) that two
  /// partnerships give with two contents is refused (`SharedFeedClash`), so no UID ever names
  /// two contents. Two versions of one content (the same move recorded in both partnerships, at
  /// different times, so with another SEQUENCE or DTSTAMP) are the same event: the later version
  /// is kept, as a calendar client keeps it.
  public static func merged(_ parts: [(partnership: String, feeds: [Feed])])
    throws(SharedFeedClash) -> [Feed]
  {
    var order: [String] = []
    var byPath: [String: Feed] = [:]
    var seen: [String: [String: (event: CalendarEvent, from: String)]] = [:]
    for (partnership, feeds) in parts {
      for feed in feeds {
        if byPath[feed.path] == nil {
          order.append(feed.path)
          var head = feed
          head.events = []
          byPath[feed.path] = head
        }
        for event in feed.events {
          guard let known = seen[feed.path]?[event.uid] else {
            seen[feed.path, default: [:]][event.uid] = (event, partnership)
            continue
          }
          guard known.event.content == event.content else {
            throw SharedFeedClash(
              feed: feed.path, uid: event.uid, summary: event.summary,
              partnerships: [known.from, partnership])
          }
          if isLater(event, than: known.event) {
            seen[feed.path]?[event.uid] = (event, partnership)
          }
        }
      }
    }
    for path in order { byPath[path]?.events = seen[path].map { $0.values.map(\.event) } ?? [] }
    return finished(order.sorted().compactMap { byPath[$0] })
  }

  /// Whether `a` is a later version of an event than `b`: a higher SEQUENCE, or the same one
  /// changed later (RFC 5545's order of versions).
  static func isLater(_ a: CalendarEvent, than b: CalendarEvent) -> Bool {
    if a.sequence != b.sequence { return a.sequence > b.sequence }
    guard let stampA = a.stamp else { return false }
    guard let stampB = b.stamp else { return true }
    return stampA.secondsSince1970 > stampB.secondsSince1970
  }

  /// The UIDs that name more than one content across `feeds` (any partnerships', any feeds'):
  /// none, when every shared board has one identity.
  public static func clashingUIDs(_ feeds: [Feed]) -> [String] {
    var seen: [String: CalendarEvent] = [:]
    var clashing: Set<String> = []
    for event in feeds.flatMap(\.events) {
      if let known = seen[event.uid] {
        if known != event { clashing.insert(event.uid) }
      } else {
        seen[event.uid] = event
      }
    }
    return clashing.sorted()
  }
}
