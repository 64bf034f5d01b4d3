import BoardCalCore
import BoardCalOutput
import BoardCalTestSupport
import Testing

@testable import BoardCalProtocols

// Board lifecycles (issue 12): a Local Safeguarding Children Board replaced by a Safeguarding
// Children Partnership on 29 September 2019, the day Working Together's transitional guidance
// gives for the end of the transition (Children and Social Work Act 2017).

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

private let replacement = day("2019-09-29")

private let lscbToScp = lifecycleFixtureProtocol

private let wholeSpan = DateSpan(start: day("2018-04-01"), end: day("2021-03-31"))

@Suite("Board lifecycles")
struct BoardLifecycleTests {
  @Test("an LSCB replaced by a Safeguarding Children Partnership in 2019: its duties follow")
  func lscbReplacedBySafeguardingChildrenPartnership() throws {
    let p = try ProtocolLoader.load(text: lscbToScp, name: "test.yaml")
    let schedule = Schedule.derive(p, span: wholeSpan)

    // No LSCB meeting on or after 29 September 2019, none of the SCP's before 29 June 2019.
    let lscbMeetings = schedule.meetings.filter { $0.board == "lscb" }.map(\.date)
    #expect(lscbMeetings.last == day("2019-09-03"))
    #expect(lscbMeetings.allSatisfy { $0 < replacement })
    #expect(schedule.meetings.filter { $0.board == "scp" }.first?.date == day("2019-07-03"))

    // What was owed to the LSCB: to the LSCB before the day, to the SCP after, never to the
    // LSCB after.
    let toLSCB = schedule.obligations.filter { $0.duty != "lscb-annual-to-hwb" }
    #expect(!toLSCB.isEmpty)
    for o in toLSCB {
      let date = try #require(o.slot.date, "\(o.id) has no slot: \(o.slot)")
      #expect(o.receiver == (date < replacement ? "lscb" : "scp"), "\(o.id) on \(date)")
      #expect(o.slot.meetingID?.hasPrefix("testshire-\(o.receiver)-") == true, "\(o.id)")
    }
    #expect(!toLSCB.contains { $0.receiver == "lscb" && $0.window.start >= replacement })

    // The quarterly report by the calendar: first Tuesdays of the LSCB's months up to September
    // 2019 (4 June 2018 is a Monday, so 5 June; 1 September 2018 a Saturday, so 4 September ...),
    // then the SCP's first Wednesdays (1 January 2020 is New Year's Day: Thursday 2 January).
    let quarterly = toLSCB.filter { $0.duty == "performance-to-lscb" }
      .map { "\($0.receiver) \($0.slot.date!.iso)" }
    #expect(
      quarterly == [
        "lscb 2018-06-05", "lscb 2018-09-04", "lscb 2018-12-04", "lscb 2019-03-05",
        "lscb 2019-06-04", "lscb 2019-09-03", "scp 2019-10-02", "scp 2020-01-02",
        "scp 2020-04-01", "scp 2020-07-01", "scp 2020-10-07", "scp 2021-01-06",
      ])
    #expect(
      Set(toLSCB.map(\.id)).isSuperset(of: [
        "performance-to-lscb/lscb/2019-20/q2", "performance-to-lscb/scp/2019-20/q3",
      ]))
    // The JSNA, owed over the whole year: the LSCB's June meeting in 2018 and 2019, the SCP's
    // April meeting in 2020.
    #expect(
      toLSCB.filter { $0.duty == "jsna-to-lscb" }.map { "\($0.receiver) \($0.slot.date!.iso)" }
        == ["lscb 2018-06-05", "lscb 2019-06-04", "scp 2020-04-01"])

    // The LSCB's own report is the SCP's once it has taken over: 6 November 2018 from the LSCB,
    // 5 November 2019 and 3 November 2020 from the SCP.
    #expect(
      schedule.obligations.filter { $0.duty == "lscb-annual-to-hwb" }
        .map { "\($0.owner) \($0.slot.date!.iso)" }
        == ["lscb 2018-11-06", "scp 2019-11-05", "scp 2020-11-03"])

    // Nothing to plan around: the LSCB's absence is not a conflict.
    let conflicts = schedule.conflicts(in: p, asOf: day("2018-04-01"))
    #expect(conflicts.filter { $0.board == "lscb" || $0.board == "scp" }.isEmpty, "\(conflicts)")
  }

  @Test("a duty to a board and its successor: the successor's own obligation, not a second one")
  func dutyToABoardAndItsSuccessor() throws {
    let text =
      lscbToScp + """
          - id: jsna-to-both
            report: jsna
            to: [lscb, scp]
            action: consult
            source: {file: seed.txt, quote: "Both are consulted on the JSNA."}

        """
    let p = try ProtocolLoader.load(text: text, name: "test.yaml")
    let both = Schedule.derive(p, span: wholeSpan).obligations.filter { $0.duty == "jsna-to-both" }
    // 2018-19: the LSCB alone (the SCP is not yet set up); 2019-20: the LSCB in June and the
    // SCP at its first meeting, 3 July; 2020-21: the SCP alone, on 1 April.
    #expect(
      both.map { "\($0.id) \($0.slot.date!.iso)" } == [
        "jsna-to-both/lscb/2018-19 2018-06-05", "jsna-to-both/lscb/2019-20 2019-06-04",
        "jsna-to-both/scp/2019-20 2019-07-03", "jsna-to-both/scp/2020-21 2020-04-01",
      ])
  }

  @Test("a dissolved board: nothing owed to it or by it from the day, and no conflict")
  func dissolvedBoardOwesAndIsOwedNothing() throws {
    let text = lscbToScp.replacingOccurrences(
      of: """
            replaced_by:
              board: scp
              on: 2019-09-29
        """,
      with: """
            dissolved:
              on: 2019-09-29
              reason: the safeguarding partners' arrangements took over
        """)
    #expect(text != lscbToScp)
    let p = try ProtocolLoader.load(text: text, name: "test.yaml")
    let schedule = Schedule.derive(p, span: wholeSpan)
    #expect(!schedule.meetings.contains { $0.board == "lscb" && $0.date >= replacement })
    let lscb = schedule.obligations.filter { $0.receiver == "lscb" || $0.owner == "lscb" }
    #expect(!lscb.isEmpty)
    #expect(lscb.allSatisfy { ($0.slot.date ?? $0.window.end) < replacement })
    #expect(!schedule.obligations.contains { $0.receiver == "scp" || $0.owner == "scp" })
    // The quarter in which it was dissolved ends on its last day: its meeting of 3 September.
    #expect(
      schedule.obligations.first { $0.id == "performance-to-lscb/lscb/2019-20/q2" }?.window
        == DateSpan(start: day("2019-07-01"), end: day("2019-09-28")))
    #expect(
      schedule.conflicts(in: p, asOf: day("2018-04-01")).filter { $0.board == "lscb" }.isEmpty)
  }

  @Test("a renamed board keeps its id and UIDs; its meetings from the day carry the new name")
  func renamedBoardMeetingsCarryTheNewName() throws {
    let p = try ProtocolLoader.load(text: lscbToScp, name: "test.yaml")
    let schedule = Schedule.derive(p, span: wholeSpan)
    let feed = try #require(
      FeedPlanner.feeds(p, schedule).first { $0.path == "testshire/boards/scp.ics" })
    let titles = Dictionary(
      uniqueKeysWithValues: feed.events.filter { $0.categories == ["MEETING"] }.map {
        ($0.uid, $0.summary)
      })
    // 1 July 2020 is a Wednesday: before the renaming; 7 October 2020 after it.
    #expect(titles["testshire-scp-2020-07@boardcal"] == "Safeguarding Children Partnership meeting")
    #expect(
      titles["testshire-scp-2020-10@boardcal"]
        == "Testshire Safeguarding Children Partnership meeting")
    #expect(feed.name.hasPrefix("Testshire Safeguarding Children Partnership"))
    let duty = feed.events.first {
      $0.uid == "testshire-performance-to-lscb-scp-2020-21-q3@boardcal"
    }
    #expect(duty == nil, "a duty slotted at a meeting is in the meeting's description")
    let papers = feed.events.first { $0.uid == "testshire-scp-2020-10-papers@boardcal" }
    #expect(papers?.summary.contains("TSCP meeting") == true, "\(String(describing: papers))")
  }

  @Test("words about a renamed board's obligations name it as it was on their day")
  func renamedBoardInWords() throws {
    let p = try ProtocolLoader.load(text: lscbToScp, name: "test.yaml")
    let obligations = Schedule.derive(p, span: wholeSpan).obligations.filter {
      $0.receiver == "scp" && $0.duty == "performance-to-lscb"
    }
    // The quarter's report at the SCP's 1 July 2020 meeting, then at its 7 October one.
    let july = try #require(obligations.first { $0.slot.date == day("2020-07-01") })
    let october = try #require(obligations.first { $0.slot.date == day("2020-10-07") })
    #expect(p.receiverLabel(july) == "SCP")
    #expect(p.receiverLabel(october) == "TSCP")
    #expect(p.receiverName(october) == "Testshire Safeguarding Children Partnership")
    #expect(p.label(of: "scp", on: day("2020-09-01")) == "TSCP")
    #expect(p.label(of: "scp", on: day("2020-08-31")) == "SCP")
  }

  @Test("a chair's views say when the board is not yet set up, or has been replaced and by whom")
  func lifeNotes() throws {
    let p = try ProtocolLoader.load(text: lscbToScp, name: "test.yaml")
    #expect(
      p.lifeNote(of: "lscb", asOf: day("2020-01-15"))
        == "The Local Safeguarding Children Board was replaced by the Safeguarding Children Partnership on 2019-09-29: what was owed to or by it is the Safeguarding Children Partnership's from then."
    )
    #expect(
      p.lifeNote(of: "lscb", asOf: day("2019-05-01"))?.hasPrefix(
        "The Local Safeguarding Children Board is to be replaced") == true)
    #expect(
      p.lifeNote(of: "scp", asOf: day("2019-05-01"))
        == "The Safeguarding Children Partnership is established on 2019-06-29: nothing is owed to or by it before then."
    )
    #expect(p.lifeNote(of: "scp", asOf: day("2020-01-15")) == nil)
    #expect(p.lifeNote(of: "hwb", asOf: day("2020-01-15")) == nil)
  }
}
