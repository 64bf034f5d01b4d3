import BoardCalCore
import BoardCalOutput

/// Each feed event's version: RFC 5545 wants SEQUENCE raised on every change of an event (its
/// time, status or description), and a client trusts DTSTAMP to tell the newer copy. An event's
/// version is read off the records: the feeds are planned as the protocol alone gives them, then
/// after each record that moves, cancels or adds a meeting, in the order recorded; each time an
/// event's content differs from before, its SEQUENCE rises by one and its DTSTAMP becomes that
/// record's time. The same protocol and records give the same versions on every run.
enum FeedVersions {
  /// The feeds over `schedule` (the state's own), each event at its version.
  static func feeds(_ state: PartnershipState, schedule: Schedule, options: FeedOptions)
    -> [Feed]
  {
    let final = FeedPlanner.feeds(state.partnership, schedule, options: options)
    let known = versions(state, schedule: schedule, final: final, options: options)
    // No record changed an event, and every event is at SEQUENCE 0: each is at its version as
    // planned (`at(nil)` would give it back unchanged).
    if known.isEmpty, final.allSatisfy({ $0.events.allSatisfy { $0.sequence == 0 } }) {
      return final
    }
    // An event is in many feeds as copies of one value: each is versioned once, and the feeds
    // hold copies of the versioned value, so that the render finds its text by the copy.
    // (`final` holds every planned copy until the end, so no identity is taken by another.)
    var versions: [ObjectIdentifier: CalendarEvent] = [:]
    return final.map { feed in
      var versioned = feed
      // An event no record changed keeps the stamp it was planned with (a shared board's).
      versioned.events = feed.events.map { event in
        if let done = versions[event.copyIdentity] { return done }
        let done = event.at(known[event.uid])
        versions[event.copyIdentity] = done
        return done
      }
      return versioned
    }
  }

  /// The records that change events, in the order recorded: only records that change meetings
  /// do (fulfilments and papers show nowhere in a feed; an event, or a fulfilment a duty counts
  /// from, adds obligations with new UIDs, at SEQUENCE 0). With none, every event is at its
  /// first version.
  static func changes(_ state: PartnershipState) -> [(entry: RecordEntry, at: UTCInstant?)] {
    state.history.filter { item in
      switch item.entry.fact {
      case .meeting, .added: return true
      case .fulfilled, .papers, .event: return false
      }
    }
  }

  /// The version of every event the records changed, by UID; an event not listed is at
  /// SEQUENCE 0 with the protocol's stamp.
  static func versions(
    _ state: PartnershipState, schedule: Schedule, final: [Feed], options: FeedOptions
  ) -> [String: EventVersion] {
    let p = state.partnership
    let changes = changes(state)
    guard !changes.isEmpty else { return [:] }
    var seen: [String: (content: CalendarEvent, version: EventVersion)] = [:]
    func note(_ feeds: [Feed], at stamp: UTCInstant?) {
      for event in feeds.flatMap(\.events) {
        let content = event.content
        if let known = seen[event.uid] {
          if known.content != content {
            seen[event.uid] = (
              content,
              EventVersion(
                sequence: known.version.sequence + 1, stamp: stamp ?? known.version.stamp)
            )
          }
        } else {
          seen[event.uid] = (content, EventVersion(sequence: 0, stamp: stamp))
        }
      }
    }
    let base = Schedule.derive(p, span: schedule.span)
    note(FeedPlanner.feeds(p, base, options: options), at: nil)
    // A record that leaves every meeting as it was (held on its day, say) changes no event: only
    // records that change the meetings are planned again.
    var meetings = base.meetings
    for count in 1..<changes.count {
      let records = Records(changes.prefix(count).map(\.entry))
      let next = Schedule.derive(p, span: schedule.span, records: records)
      guard next.meetings != meetings else { continue }
      meetings = next.meetings
      note(FeedPlanner.feeds(p, next, options: options), at: changes[count - 1].at)
    }
    if schedule.meetings != meetings { note(final, at: changes[changes.count - 1].at) }
    return seen.filter { $0.value.version.sequence > 0 || $0.value.version.stamp != nil }
      .mapValues(\.version)
  }

}
