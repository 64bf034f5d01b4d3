import Testing

@testable import BoardCalCore
@testable import BoardCalICal

/// An event is one shared box, copied by reference: it still behaves as a value. And an event
/// written from the property lines events share is, byte for byte, the event libical writes
/// whole, whatever properties it has and wherever libical folds them.
@Suite("shared events and shared lines")
struct SharedEventTests {
  static let day = CivilDate(year: 2027, month: 3, day: 9)!
  static let nine = TimeOfDay(hour: 9, minute: 30)!

  static func event(
    uid: String = "a@boardcal", summary: String = "Board meeting", description: String = "",
    location: String? = nil, allDay: Bool = false, cancelled: Bool = false, sequence: Int = 0,
    categories: [String] = ["MEETING"], relatedTo: String? = nil, url: String? = nil,
    alarm: UTCInstant? = nil, confidential: Bool = false, stamp: UTCInstant? = nil
  ) -> CalendarEvent {
    CalendarEvent(
      uid: uid, summary: summary, description: description, location: location,
      start: allDay ? .allDay(day) : .local(day, nine),
      end: allDay ? .allDay(day.adding(days: 1)) : .local(day, TimeOfDay(hour: 11, minute: 0)!),
      cancelled: cancelled, sequence: sequence, categories: categories, relatedTo: relatedTo,
      url: url, alarm: alarm, confidential: confidential, stamp: stamp)
  }

  @Test("a changed copy changes alone, and events built apart with one content are equal")
  func valueSemantics() {
    let original = Self.event(location: "Civic Offices")
    var copy = original
    #expect(copy.isCopy(of: original))
    copy.location = "Town Hall"
    copy.sequence = 2
    #expect(original.location == "Civic Offices")
    #expect(original.sequence == 0)
    #expect(copy.location == "Town Hall")
    #expect(copy.sequence == 2)
    #expect(copy != original)
    #expect(!copy.isCopy(of: original))

    let twin = Self.event(location: "Civic Offices")
    #expect(twin == original)
    #expect(!twin.isCopy(of: original))
    #expect(Set([twin, original]).count == 1)

    let stamp = UTCInstant(date: Self.day, hour: 8)
    let versioned = original.at(EventVersion(sequence: 3, stamp: stamp))
    #expect(versioned.sequence == 3)
    #expect(versioned.stamp == stamp)
    #expect(original.sequence == 0)
    #expect(versioned.content == original)
  }

  /// Values of every length around libical's 75-octet fold, with what must be escaped.
  static let awkward: [String] = [
    "Room 1",
    String(repeating: "x", count: 60),
    String(repeating: "y", count: 66),
    String(repeating: "z", count: 71),
    String(repeating: "w", count: 72),
    String(repeating: "v", count: 73),
    String(repeating: "u", count: 74),
    "Council Chamber, Civic Offices; Level 2 \\ East — café",
    String(repeating: "Ward, ", count: 30),
  ]

  @Test("events written from shared lines are the events libical writes whole")
  func sharedLinesAreWholeEvents() throws {
    var events: [CalendarEvent] = []
    for (n, text) in Self.awkward.enumerated() {
      events.append(
        Self.event(
          uid: "loc-\(n)@boardcal", description: "Papers due.\n\(text)", location: text,
          categories: n % 2 == 0 ? ["MEETING"] : ["PRESENT", text],
          url: "https://example.org/\(text)"))
      events.append(
        Self.event(
          uid: "day-\(n)@boardcal", summary: "Papers due: \(text)", allDay: true,
          cancelled: n % 3 == 0, sequence: n % 4, categories: ["DEADLINE"],
          relatedTo: "loc-\(n)@boardcal",
          alarm: UTCInstant(date: Self.day.adding(days: -1), hour: 9),
          confidential: n % 2 == 1, stamp: n % 2 == 0 ? nil : UTCInstant(date: Self.day, hour: n)))
    }
    // The same location and URL again, in events of their own: the lines are reused.
    events.append(
      Self.event(uid: "again@boardcal", location: Self.awkward[4], url: "https://example.org/"))
    // A summary and times another event has: its DTSTART, DTEND and SUMMARY lines are reused.
    // And summaries that Swift takes as equal but whose bytes differ ("é" as one scalar or as
    // "e" and an accent): each event keeps its own bytes.
    events.append(
      Self.event(
        uid: "again-day@boardcal", summary: "Papers due: \(Self.awkward[5])", allDay: true,
        categories: ["DEADLINE"], alarm: UTCInstant(date: Self.day.adding(days: -1), hour: 9)))
    for (n, summary) in ["Caf\u{E9} forum", "Cafe\u{301} forum"].enumerated() {
      events.append(Self.event(uid: "accent-\(n)@boardcal", summary: summary, location: summary))
    }
    let feed = Feed(
      path: "test/boards/a.ics", name: "Board — Test", kind: .board, subject: "a", isPrivate: true,
      events: events)
    for organizer in [nil, "clerk@example.org"] as [String?] {
      for name in ["Testshire Partnership", "Testshire, Borough; and \"City\" Partnership"] {
        let head = CalendarHead(
          partnershipName: name, timeZone: "Europe/London", organizerEmail: organizer,
          stamp: UTCInstant(date: CivilDate(year: 2026, month: 1, day: 5)!))
        let whole = try ICalendarWriter.renderWhole(feed, head: head)
        let rendering = RenderedFeeds(head: head)
        // Compared as bytes: Swift's own equality of texts would take "é" in either form as
        // the same.
        let once = try rendering.render(feed)
        #expect(once == Array(whole.utf8))
        // Rendered again, every event's text is found, not rendered anew.
        let again = try rendering.render(feed)
        #expect(again == Array(whole.utf8))
        #expect(rendering.rendered == events.count)
        #expect(rendering.reused == events.count)
      }
    }
  }
}
