import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalProtocols
import BoardCalSynth
import Foundation
import Testing

// A board defined once under Protocols/shared/ and imported by two partnerships (issue 12, "one
// identity for a shared board"): the seed Medway protocol, and a Kent partnership written for the
// tests (`kentFixtureProtocol`) that imports the Kent and Medway Safeguarding Adults Board too.
// Kent's own calendar conventions differ from the format's (papers five working days ahead,
// 90-minute meetings at 09:30), so that a shared meeting that followed its importer would show
// it.

private let protocols = packageRoot.appendingPathComponent("Protocols")

private func medway() throws -> Partnership {
  try ProtocolLoader.load(path: protocols.appendingPathComponent("medway.yaml").path)
}

private func kent() throws -> Partnership {
  try ProtocolLoader.load(text: kentFixtureProtocol, name: "kent.yaml", directory: protocols.path)
}

/// The financial year 2022-23, and the day both are seen from.
private let year = DateSpan(
  start: CivilDate(year: 2022, month: 4, day: 1)!, end: CivilDate(year: 2023, month: 3, day: 31)!)
private let asOf = CivilDate(year: 2022, month: 6, day: 1)!
private let sharedBoardFeed = "shared/kent-and-medway/boards/kmsab.ics"
private let sharedDutiesFeed = "shared/kent-and-medway/duties/kmsab.ics"
/// The KMSAB's April 2022 meeting: the second Thursday of April 2022 is the 14th.
private let aprilMeeting = "shared-kent-and-medway-kmsab-2022-04@boardcal"

/// Each partnership's feeds over 2022-23 and its part of the shared feeds.
private func feeds(_ p: Partnership) -> (own: [Feed], shared: [Feed]) {
  let state = PartnershipState(p, asOf: asOf)
  let schedule = state.schedule(span: year)
  return (asWritten(state.feeds(schedule), state), state.sharedFeeds(schedule))
}

@Suite("A shared board imported by two partnerships")
struct SharedBoardTests {
  @Test("the KMSAB's meetings are the same meetings, with the same ids, in Medway and in Kent")
  func oneSetOfMeetings() throws {
    let (m, k) = (try medway(), try kent())
    let inMedway = Schedule.derive(m, span: year).meetings.filter { $0.board == "kmsab" }
    let inKent = Schedule.derive(k, span: year).meetings.filter { $0.board == "kmsab" }
    #expect(inMedway == inKent)
    #expect(inMedway.map(\.id).first == "shared-kent-and-medway-kmsab-2022-04")
    let april = try #require(inKent.first)
    // The second Thursday at 10:00, as the shared file says; two hours and ten working days of
    // papers (the format's defaults), not Kent's 90 minutes and five days: 14 April 2022 less
    // ten working days (11-13, 4-8 and 1 April, 31 March) is 31 March 2022.
    #expect(april.date == CivilDate(year: 2022, month: 4, day: 14))
    #expect(april.time == TimeOfDay(hour: 10, minute: 0))
    #expect(april.lengthMinutes == 120)
    #expect(april.paperDeadline == CivilDate(year: 2022, month: 3, day: 31))
    // Kent's own board follows Kent's conventions.
    let kentHWB = try #require(
      Schedule.derive(k, span: year).meetings.first { $0.board == "kent-hwb" })
    #expect(kentHWB.time == TimeOfDay(hour: 9, minute: 30))
    #expect(kentHWB.id == "kent-kent-hwb-2022-05")
  }

  @Test("the shared feed holds each meeting once, with the items and duties of both partnerships")
  func sharedFeedOnceWithBothPartnerships() throws {
    let (m, k) = (feeds(try medway()), feeds(try kent()))
    let joined = try FeedPlanner.merged([("medway", m.shared), ("kent", k.shared)])
    #expect(joined.map(\.path) == [sharedBoardFeed, sharedDutiesFeed])
    let board = joined[0]
    #expect(board.name == "Kent and Medway Safeguarding Adults Board — Kent and Medway")
    let april = board.events.filter { $0.uid == aprilMeeting }
    #expect(april.count == 1)
    #expect(april.first?.description.contains("serves Kent and Medway") == true)
    // What comes to that meeting from each partnership: Medway's boards' refreshed plans and
    // Kent's HWB's, each an entry of its own beside the meeting.
    let items = board.events.filter { $0.relatedTo == aprilMeeting && $0.categories == ["INFORM"] }
    #expect(
      items.contains { $0.uid.hasPrefix("kent-") && $0.summary.contains("Kent HWB to KMSAB") })
    // A subscriber from either area reads whose board each is: Medway's HWB by its area.
    #expect(
      items.contains { $0.uid.hasPrefix("medway-") && $0.summary.contains("Medway HWB to KMSAB") })
    #expect(!items.contains { $0.summary.contains("Kent Kent") })
    // What the KMSAB owes: its annual report to Medway's HWB and CSP and to Kent's HWB.
    let owed = joined[1].events.map(\.summary)
    #expect(owed.contains { $0.hasSuffix("KMSAB to Kent HWB") })
    #expect(owed.contains { $0.hasSuffix("KMSAB to Medway HWB") })
    #expect(owed.contains { $0.hasSuffix("KMSAB to Medway CSP") })
    // Every event once.
    #expect(Set(board.events.map(\.uid)).count == board.events.count)
  }

  @Test("no UID names two contents across both partnerships' feeds and the shared feed")
  func noEventTwice() throws {
    let (m, k) = (feeds(try medway()), feeds(try kent()))
    let joined = try FeedPlanner.merged([("medway", m.shared), ("kent", k.shared)])
    let all = m.own + k.own + joined
    #expect(FeedPlanner.clashingUIDs(all) == [])
    // The April meeting is in Medway's and Kent's KMSAB feeds and in the shared one, alike.
    let copies = all.flatMap(\.events).filter { $0.uid == aprilMeeting }
    #expect(copies.count >= 3)
    #expect(Set(copies).count == 1)
    #expect(copies.first?.stamp == SharedOrigin.stamp)
  }

  @Test("a record moving a shared meeting in one partnership only is refused, naming both")
  func recordInOnePartnershipOnly() throws {
    let moved = Records(meetings: [
      MeetingRecord(
        meetingID: "shared-kent-and-medway-kmsab-2022-04",
        event: .moved(to: CivilDate(year: 2022, month: 4, day: 21)!, time: nil, reason: nil))
    ])
    let medwayState = PartnershipState(try medway(), asOf: asOf, records: moved)
    let kentState = PartnershipState(try kent(), asOf: asOf)
    let parts = [
      ("medway", medwayState.sharedFeeds(medwayState.schedule(span: year))),
      ("kent", kentState.sharedFeeds(kentState.schedule(span: year))),
    ]
    #expect(throws: SharedFeedClash.self) { try FeedPlanner.merged(parts) }
    do {
      _ = try FeedPlanner.merged(parts)
    } catch {
      #expect(error.partnerships == ["medway", "kent"])
      // The first of the moved meeting's events in time: its paper deadline.
      #expect(error.uid == "shared-kent-and-medway-kmsab-2022-04-papers@boardcal")
    }
  }

  @Test(
    "the same move recorded in both partnerships at different times: one event, the later version")
  func sameRecordInBoth() throws {
    let move = RecordEntry(
      .meeting(
        MeetingRecord(
          meetingID: "shared-kent-and-medway-kmsab-2022-04",
          event: .moved(to: CivilDate(year: 2022, month: 4, day: 21)!, time: nil, reason: nil))))
    func state(_ p: Partnership, recordedAt: String) -> PartnershipState {
      PartnershipState(
        p, asOf: asOf,
        stored: [
          StoredRecord(
            id: 1, partnership: p.id, entry: move, recordedBy: nil, recordedAt: recordedAt)
        ], alertLog: nil)
    }
    let medwayState = state(try medway(), recordedAt: "2022-03-01T09:00:00")
    let kentState = state(try kent(), recordedAt: "2022-03-02T15:30:00")
    let joined = try FeedPlanner.merged([
      ("medway", medwayState.sharedFeeds(medwayState.schedule(span: year))),
      ("kent", kentState.sharedFeeds(kentState.schedule(span: year))),
    ])
    let april = joined[0].events.filter { $0.uid == aprilMeeting }
    #expect(april.count == 1)
    #expect(
      april.first?.start
        == .local(CivilDate(year: 2022, month: 4, day: 21)!, TimeOfDay(hour: 10, minute: 0)!))
    #expect(april.first?.sequence == 1)
    // Kent's record is the later one.
    #expect(april.first?.stamp == UTCInstant(text: "2022-03-02T15:30:00Z"))
  }

  @Test("a record made before the KMSAB was shared, under Medway's old meeting id, still applies")
  func recordUnderTheOldMeetingID() throws {
    // Until the shared board took the shared file's ids, the KMSAB's July 2022 meeting was
    // `medway-kmsab-2022-07`; a database written then holds that id.
    let cancelled = RecordEntry(
      .meeting(
        MeetingRecord(meetingID: "medway-kmsab-2022-07", event: .cancelled(reason: "no quorum"))))
    let state = PartnershipState(
      try medway(), asOf: asOf,
      stored: [
        StoredRecord(
          id: 1, partnership: "medway", entry: cancelled, recordedBy: nil,
          recordedAt: "2022-06-20T09:00:00")
      ], alertLog: nil)
    let july = try #require(
      state.schedule(span: year).meetings.first { $0.id == "shared-kent-and-medway-kmsab-2022-07" })
    #expect(july.isCancelled)
    // The second Thursday of July 2022 is the 14th.
    #expect(july.date == CivilDate(year: 2022, month: 7, day: 14))
    // And the same through a records file's values.
    let fromFile = PartnershipState(try medway(), asOf: asOf, records: Records([cancelled]))
    #expect(fromFile.records.meetings.map(\.meetingID) == ["shared-kent-and-medway-kmsab-2022-07"])
  }

  @Test("emit of both files writes the shared board's feed once, holding both partnerships")
  func emitWritesTheSharedFeedOnce() throws {
    let folder = try medwayAndKentProtocols()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runBoardcal(
      ["emit", "medway.yaml", "kent.yaml", "--out", "out", "--as-of", asOf.iso], in: folder)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.stdout.contains("shared boards: 2 feeds from 2 partnerships written once"))
    let out = folder.appendingPathComponent("out")
    let shared = try String(
      contentsOf: out.appendingPathComponent(sharedBoardFeed), encoding: .utf8)
    #expect(shared.components(separatedBy: "UID:\(aprilMeeting)\r\n").count == 2)
    #expect(shared.contains("UID:kent-kent-hwb-plan-to-kmsab"))
    #expect(shared.contains("UID:medway-hwb-refreshed-plan"))
    // The meeting's VEVENT is byte for byte the same in each partnership's KMSAB feed.
    func vevent(_ text: String) -> String? {
      guard let uid = text.range(of: "UID:\(aprilMeeting)\r\n") else { return nil }
      let start = text[..<uid.lowerBound].range(of: "BEGIN:VEVENT\r\n", options: .backwards)!
      let end = text[uid.upperBound...].range(of: "END:VEVENT\r\n")!
      return String(text[start.lowerBound..<end.upperBound])
    }
    let inShared = try #require(vevent(shared))
    for p in ["medway", "kent"] {
      let own = try String(
        contentsOf: out.appendingPathComponent("\(p)/boards/kmsab.ics"), encoding: .utf8)
      #expect(vevent(own) == inShared, "\(p)")
    }
    let index = try String(
      contentsOf: out.appendingPathComponent("shared/kent-and-medway/feeds.json"), encoding: .utf8)
    #expect(index.contains("\"path\" : \"\(sharedDutiesFeed)\""))
  }

  @Test("a partnership in another time zone cannot import a shared board")
  func otherTimeZoneRefused() {
    let text = kentFixtureProtocol.replacingOccurrences(
      of: "  area: Kent\n", with: "  area: Kent\n  time_zone: Europe/Dublin\n")
    #expect(throws: ProtocolLoadError.self) {
      try ProtocolLoader.load(text: text, name: "kent.yaml", directory: protocols.path)
    }
    do {
      _ = try ProtocolLoader.load(text: text, name: "kent.yaml", directory: protocols.path)
    } catch {
      #expect(error.diagnostics.count == 1)
      #expect(error.diagnostics.first?.message.contains("Europe/London") == true)
      #expect(error.diagnostics.first?.position.line == 17)
    }
  }

  @Test("'shared' cannot be a partnership's id")
  func sharedIsNotAPartnershipID() {
    let text = kentFixtureProtocol.replacingOccurrences(of: "  id: kent\n", with: "  id: shared\n")
    do {
      _ = try ProtocolLoader.load(text: text, name: "kent.yaml", directory: protocols.path)
      Issue.record("loaded")
    } catch {
      #expect(error.diagnostics.contains { $0.message.contains("cannot be a partnership's id") })
    }
  }
}
