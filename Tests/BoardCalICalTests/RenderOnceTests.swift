import BoardCalPipeline
import BoardCalSynth
import BoardCalTestSupport
import Foundation
import Testing

@testable import BoardCalCore
@testable import BoardCalICal
@testable import BoardCalOutput
@testable import BoardCalProtocols

/// Each event rendered once and partnerships made side by side (what `emit` does) give, feed for
/// feed, the bytes libical gives for the whole calendar built at once and serialised alone; and
/// no feed takes a rendering made for another audience.
@Suite("render once, side by side")
struct RenderOnceTests {
  /// The seed partnerships, as of a day in their committed feeds' horizon.
  static func seeds() throws -> [PartnershipState] {
    try ["buckinghamshire", "medway", "milton-keynes"].map { name in
      let p = try ProtocolLoader.load(
        path: packageRoot.appendingPathComponent("Protocols/\(name).yaml").path)
      return PartnershipState(p, asOf: CivilDate(year: 2026, month: 11, day: 30)!)
    }
  }

  /// Every partnership's files made side by side, each event rendered once per partnership, by
  /// path; and the same feeds rendered one by one, each as one whole calendar, by path.
  static func bothWays(_ states: [PartnershipState]) async throws -> (
    sideBySide: [String: [UInt8]], whole: [String: [UInt8]], feeds: [String: Feed]
  ) {
    var sideBySide: [String: [UInt8]] = [:]
    try await SideBySide.each(
      states, make: { state in try state.calendarFiles(state.feeds()) },
      take: { _, files in for file in files { sideBySide[file.path] = file.bytes } })
    var whole: [String: [UInt8]] = [:]
    var feeds: [String: Feed] = [:]
    for state in states {
      for feed in state.feeds() {
        whole[feed.path] = Array(
          try ICalendarWriter.renderWhole(feed, head: state.calendarHead()).utf8)
        feeds[feed.path] = feed
      }
    }
    // The shared boards' feeds, joined from every partnership, as `emit` writes them once.
    let shared = try SharedCalendars.merged(states.map { ($0.partnership.id, $0.sharedFeeds()) })
    for file in try SharedCalendars.files(shared) { sideBySide[file.path] = file.bytes }
    for feed in shared {
      whole[feed.path] = Array(
        try ICalendarWriter.renderWhole(feed, head: SharedCalendars.head()).utf8)
      feeds[feed.path] = feed
    }
    return (sideBySide, whole, feeds)
  }

  @Test("the seeds' feeds, rendered once and side by side, are byte for byte the whole calendars")
  func seedsByteForByte() async throws {
    let (sideBySide, whole, _) = try await Self.bothWays(try Self.seeds())
    // The feeds committed in Calendars/ (made as of the same day), and their three feeds.json.
    let committed = try FileManager.default.subpathsOfDirectory(
      atPath: packageRoot.appendingPathComponent("Calendars").path
    ).filter { $0.hasSuffix(".ics") }
    #expect(Set(whole.keys) == Set(committed))
    #expect(
      Set(sideBySide.keys)
        == Set(whole.keys).union(
          Self.indexes(["buckinghamshire", "medway", "milton-keynes", "shared/kent-and-medway"])))
    for (path, bytes) in whole {
      #expect(sideBySide[path] == bytes, "\(path) differs")
      let file = packageRoot.appendingPathComponent("Calendars/\(path)")
      #expect(FileManager.default.contents(atPath: file.path).map { Array($0) } == bytes)
    }
  }

  @Test(
    "a generated national sample, rendered once and side by side, is byte for byte the whole calendars"
  )
  func nationalSampleByteForByte() async throws {
    let states = NationalInput.partnerships(count: 6, seed: 20_250_401).map {
      PartnershipState($0, asOf: $0.horizon.end ?? $0.horizon.start)
    }
    let (sideBySide, whole, _) = try await Self.bothWays(states)
    #expect(whole.count > 200)
    for (path, bytes) in whole {
      #expect(sideBySide[path] == bytes, "\(path) differs")
    }
  }

  @Test("a meeting in many feeds is rendered once: the seeds render each distinct event once")
  func eachEventOnce() throws {
    for state in try Self.seeds() {
      let feeds = state.feeds()
      let rendering = RenderedFeeds(head: state.calendarHead())
      for feed in feeds { _ = try rendering.render(feed) }
      let all = feeds.flatMap(\.events)
      let distinct = Set(all)
      #expect(rendering.rendered == distinct.count, "\(state.partnership.id)")
      #expect(rendering.rendered + rendering.reused == all.count)
      // A board's meetings are also in its members' and the public feeds.
      #expect(rendering.reused > 0 && rendering.rendered < all.count, "\(state.partnership.id)")
    }
  }

  @Test("no public feed's text comes from a private rendering")
  func publicNeverFromPrivate() async throws {
    // The same meeting as members see it and as the public sees it, under one UID: one
    // renderer, the members' feed first.
    let day = CivilDate(year: 2026, month: 12, day: 8)!
    let time = TimeOfDay(hour: 14, minute: 0)!
    let members = CalendarEvent(
      uid: "mk-hwb-2026-12@boardcal", summary: "Health and Wellbeing Board meeting",
      description:
        "Items due under the protocol:\n- PRESENT: Restricted briefing (from SAB)\n\nPapers due by Friday 27 November 2026.",
      location: "Civic Offices", start: .local(day, time),
      end: .local(day, TimeOfDay(hour: 16, minute: 0)!),
      cancelled: false, sequence: 0, categories: ["MEETING"], relatedTo: nil, url: nil, alarm: nil,
      confidential: false)
    var anyone = members
    anyone.description = "Agenda published by Monday 30 November 2026."
    let p = try Self.seeds()[2]
    let rendering = RenderedFeeds(head: p.calendarHead())
    let board = Feed(
      path: "mk/boards/hwb.ics", name: "HWB", kind: .board, subject: "hwb", isPrivate: true,
      events: [members])
    let open = Feed(
      path: "mk/public.ics", name: "Public", kind: .public, subject: nil, isPrivate: false,
      events: [anyone])
    _ = try rendering.render(board)
    let text = String(decoding: try rendering.render(open), as: UTF8.self)
    #expect(!text.contains("Restricted briefing") && !text.contains("Papers due"))
    #expect(text == (try ICalendarWriter.renderWhole(open, head: p.calendarHead())))

    // And in the seeds: every public feed is what the public may see, rendered for it.
    let (sideBySide, _, feeds) = try await Self.bothWays(try Self.seeds())
    for (path, feed) in feeds where feed.kind == .public {
      let text = String(decoding: sideBySide[path] ?? [], as: UTF8.self)
      #expect(!text.isEmpty)
      #expect(!text.contains("Papers due"), "\(path) shows paper deadlines")
      #expect(!text.contains("Presented by"), "\(path) shows presenters")
      #expect(!text.contains("CLASS:CONFIDENTIAL"), "\(path) holds a confidential item")
    }
  }

  static func indexes(_ ids: [String]) -> Set<String> { Set(ids.map { "\($0)/feeds.json" }) }
}
