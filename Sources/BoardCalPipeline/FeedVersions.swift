import BoardCalCore
import BoardCalOutput

/// Each feed event's version: RFC 5545 wants SEQUENCE raised on every change of an event (its
/// time, status or description), and a client trusts DTSTAMP to tell the newer copy. An event's
/// version is read off the records: the feeds are planned as the protocol alone gives them, then
/// after each record that moves, cancels or adds a meeting, in the order recorded; each time an
/// event's content differs from before, its SEQUENCE rises by one and its DTSTAMP becomes that
/// record's time. The same protocol and records give the same versions on every run.
enum FeedVersions {
  static func feeds(_ state: PartnershipState, schedule: Schedule, options: FeedOptions)
    -> [Feed]
  {
    let p = state.partnership
    let final = FeedPlanner.feeds(p, schedule, options: options)
    // Only records that change meetings change events (fulfilments and papers show nowhere in a
    // feed).
    let changes = state.history.filter { item in
      switch item.entry.fact {
      case .meeting, .added: return true
      case .fulfilled, .papers: return false
      }
    }
    guard !changes.isEmpty else { return final.map(unversioned) }
    var versions: [String: (content: CalendarEvent, sequence: Int, stamp: UTCInstant?)] = [:]
    func note(_ feeds: [Feed], at stamp: UTCInstant?) {
      for event in feeds.flatMap(\.events) {
        let content = unversioned(event)
        if let known = versions[event.uid] {
          if known.content != content {
            versions[event.uid] = (content, known.sequence + 1, stamp ?? known.stamp)
          }
        } else {
          versions[event.uid] = (content, 0, stamp)
        }
      }
    }
    note(FeedPlanner.feeds(p, Schedule.derive(p, span: schedule.span), options: options), at: nil)
    for count in 1..<changes.count {
      let records = Records(changes.prefix(count).map(\.entry))
      note(
        FeedPlanner.feeds(
          p, Schedule.derive(p, span: schedule.span, records: records), options: options),
        at: changes[count - 1].at)
    }
    note(final, at: changes[changes.count - 1].at)
    return final.map { feed in
      var versioned = feed
      versioned.events = feed.events.map { event in
        var event = unversioned(event)
        if let version = versions[event.uid] {
          event.sequence = version.sequence
          event.stamp = version.stamp
        }
        return event
      }
      return versioned
    }
  }

  static func unversioned(_ feed: Feed) -> Feed {
    var plain = feed
    plain.events = feed.events.map(unversioned)
    return plain
  }

  /// The event's content alone: what a change would change.
  static func unversioned(_ event: CalendarEvent) -> CalendarEvent {
    var plain = event
    plain.sequence = 0
    plain.stamp = nil
    return plain
  }
}
