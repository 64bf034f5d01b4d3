import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation
import Testing

@testable import BoardCalProtocols

/// What a chair sees means what the partnership means: periods covered, order, agenda load,
/// invitations, clashes, tracking, the rolling horizon and statutory dates, from the documents
/// and the calendar.
@Suite struct RealismTests {
  @Test("MK's 2021-22 annual report goes to the HWB and CSP in 2022-23, labelled 2021-22")
  func annualReportAfterItsYear() throws {
    // "This MK Together Partnership annual report covers the period from 1st April 2021 to 31st
    // March 2022": its year ends on 31 March 2022, so the first meetings whose papers can be
    // written after that are the HWB's June 2022 and the CSP's July 2022 (the revision's months).
    let mk = try seed("milton-keynes")
    let schedule = PartnershipState(mk, asOf: date("2022-03-31")).schedule()
    for (receiver, month) in [("hwb", "2022-06"), ("csp", "2022-07")] {
      let o = try #require(
        schedule.obligations.first {
          $0.duty == "partnership-annual-report-to-hwb-csp" && $0.receiver == receiver
            && $0.coversLabel == "2021-22"
        })
      #expect(o.cycle == 2022, "\(receiver): presented in 2022-23")
      #expect(o.slot.date?.yearMonth.iso == month, "\(receiver)")
      #expect(o.reportName.hasSuffix("for 2021-22"))
      #expect(o.covers == DateSpan(start: date("2021-04-01"), end: date("2022-03-31")))
      #expect(o.paperDeadline.map { $0 > date("2022-03-31") } == true)
    }
  }

  @Test(
    "Medway's refreshed JSNA reaches the SAB and the MSCP after the annual reports reach the HWB")
  func jsnaAfterTheAnnualReports() throws {
    // 4.2: the annual reports let the HWB and CSP "draw across data to be included in the JSNA";
    // 4.3: the HWB then presents "the refreshed JSNA".
    let medway = try seed("medway")
    let schedule = PartnershipState(medway, asOf: date("2024-03-31")).schedule()
    let cycles = Set(schedule.obligations.map(\.cycle))
    var checked = 0
    for cycle in cycles {
      let reports = schedule.obligations.filter {
        $0.cycle == cycle
          && ["kmsab-annual-report-to-hwb-csp", "mscp-annual-report-to-hwb-csp"].contains($0.duty)
      }
      guard let last = reports.compactMap(\.slot.date).max() else { continue }
      for jsna in schedule.obligations
      where jsna.cycle == cycle && jsna.duty == "jsna-refresh-to-kmsab-mscp" {
        guard let date = jsna.slot.date else { continue }
        #expect(date > last, "\(jsna.id) on \(date), the annual reports on \(last)")
        checked += 1
      }
    }
    #expect(checked >= 4)
  }

  @Test("no Buckinghamshire meeting holds more protocol items than it can take, or it is reported")
  func agendaLoad() throws {
    let bucks = try seed("buckinghamshire")
    let state = PartnershipState(bucks, asOf: date("2021-03-31"))
    let (schedule, conflicts) = state.conflicts()
    let capacity = try #require(bucks.defaults.meetingCapacity)
    let load = Dictionary(
      grouping: schedule.obligations.filter { $0.action.owesPapers && $0.slot.meetingID != nil },
      by: { $0.slot.meetingID! }
    ).mapValues(\.count)
    let overloaded = Set(load.filter { $0.value > capacity }.keys)
    let reported = Set(
      conflicts.filter { $0.kind == "overloaded" }.flatMap { $0.meetings ?? [] })
    #expect(overloaded == reported)
    // Only the SSBPB, which the document has meet twice a year, cannot spread its autumn items.
    #expect(overloaded.allSatisfy { $0.contains("-ssbpb-") })
    #expect((load.values.max() ?? 0) <= capacity + 1)
  }

  @Test("a report owed at every meeting is missed when its meeting passes, not slipped to the next")
  func everyMeetingItemsAreMissed() throws {
    // "The Board is accountable to the MK Together Management Board and provides a regular update
    // by highlight report": one at each Management Board meeting (first Tuesday of January,
    // April, July and October). As of 1 May 2026, April's item was owed to 7 April 2026.
    let mk = try seed("milton-keynes")
    let asOf = date("2026-05-01")
    let state = PartnershipState(mk, asOf: asOf)
    let (schedule, alerts) = state.alerts(asOf: asOf)
    let april = try #require(
      schedule.obligations.first {
        $0.duty == "assurance-highlight-to-management-board" && $0.slot.date == date("2026-04-07")
      })
    let status = schedule.status(
      of: april, asOf: asOf, calendar: mk.holidayCalendar,
      warningWorkingDays: mk.defaults.warningWorkingDays, trackingFrom: mk.tracking)
    #expect(status == .missed)
    #expect(
      !alerts.contains {
        $0.status == .slipped && $0.obligation.duty.hasSuffix("highlight-to-management-board")
      })
    let alert = try #require(alerts.first { $0.obligation.id == april.id })
    #expect(alert.since == date("2026-04-08"))
    #expect(alert.reason.contains("meeting on 2026-04-07"))
  }

  @Test("an invitation carries no papers and raises no alert")
  func invitations() throws {
    // "Inviting the Chairs of the Adults' and Children's Safeguarding Boards be invited to attend
    // the SSBPB meetings when this is being discussed (May and November)."
    let bucks = try seed("buckinghamshire")
    let invites = bucks.duties.filter { $0.action == .invite }
    #expect(invites.count == 4)
    for asOf in ["2017-05-10", "2017-11-20", "2018-06-01", "2019-12-01"] {
      let state = PartnershipState(bucks, asOf: date(asOf))
      let (schedule, alerts) = state.alerts(asOf: date(asOf))
      let invited = schedule.obligations.filter { $0.action == .invite }
      #expect(!invited.isEmpty)
      #expect(invited.allSatisfy { $0.paperDeadline == nil && $0.readyOn == nil })
      #expect(alerts.allSatisfy { $0.obligation.action != .invite }, "\(asOf)")
    }
    // The invited chair sees it in their own calendar.
    let feeds = PartnershipState(bucks, asOf: date("2018-03-31")).feeds()
    let chair = try #require(bucks.board("bsab")?.chair)
    let theirs = try #require(feeds.first { $0.kind == .person && $0.subject == chair })
    #expect(theirs.events.contains { $0.categories == ["INVITE"] })
  }

  @Test("conflicts count every clash of a person's meetings, as worked out here")
  func clashes() throws {
    for name in ["milton-keynes", "medway", "buckinghamshire"] {
      let p = try seed(name)
      let state = PartnershipState(p, asOf: p.referenceDay)
      let (schedule, conflicts) = state.conflicts()
      // Worked out independently: every person and pair of boards with two live meetings that
      // overlap in time, both of which that person must attend.
      var attend: [String: Set<String>] = [:]
      for b in p.boards {
        for person in [b.chair, b.viceChair, b.leadOfficer].compactMap({ $0 }) + b.members {
          attend[person, default: []].insert(b.id)
        }
      }
      let live = schedule.meetings.filter { !$0.isCancelled }
      var expected: Set<String> = []
      for (i, m) in live.enumerated() {
        for n in live[(i + 1)...] where n.date == m.date && n.board != m.board {
          let mStart = m.time.minutesSinceMidnight
          let nStart = n.time.minutesSinceMidnight
          guard mStart < nStart + n.lengthMinutes, nStart < mStart + m.lengthMinutes else {
            continue
          }
          for (person, boards) in attend where boards.contains(m.board) && boards.contains(n.board)
          {
            expected.insert(
              [person, min(m.board, n.board), max(m.board, n.board)].joined(separator: "|"))
          }
        }
      }
      let reported = conflicts.filter { $0.kind == "clash" }
      #expect(reported.count == expected.count, "\(name)")
      let twice = Dictionary(grouping: live, by: { "\($0.board)|\($0.date)" }).filter {
        $0.value.count > 1
      }
      #expect(conflicts.filter { $0.kind == "duplicate-meeting" }.count == twice.count, "\(name)")
    }
  }

  @Test("a clash names the coming dates first, from the day it is seen on")
  func clashDatesFromToday() throws {
    let mk = try seed("milton-keynes")
    let day = date("2026-11-30")
    let state = PartnershipState(mk, asOf: day)
    let (schedule, conflicts) = state.conflicts()
    let clashes = conflicts.filter { $0.kind == "clash" }
    #expect(!clashes.isEmpty)
    for c in clashes {
      // The clashing meetings' dates, worked out from the schedule, not from the text.
      let dates = Set(
        schedule.meetings.filter { (c.meetings ?? []).contains($0.id) }.map(\.date)
      ).sorted()
      let coming = dates.filter { $0 >= day }
      let text = c.explanation
      if coming.isEmpty {
        #expect(text.contains("(the last on \(dates.last!))"), "\(text)")
      } else {
        let named = coming.prefix(4).map(\.iso).joined(separator: ", ")
        let from = coming.count < dates.count ? "from 2026-11-30: " : ""
        #expect(text.contains("(\(from)\(named)"), "\(text)")
        #expect(!dates.filter { $0 < day }.contains { text.contains($0.iso) }, "\(text)")
      }
    }
  }

  @Test("MK's CSP third meeting: the handbook's own inconsistency is reported")
  func inconsistentSources() throws {
    let mk = try seed("milton-keynes")
    let conflicts = PartnershipState(mk, asOf: date("2022-03-31")).conflicts().conflicts
    let inconsistent = conflicts.filter { $0.kind == "inconsistent-sources" }
    #expect(inconsistent.count == 1)
    #expect(inconsistent.first?.explanation.contains("March 2022") == true)
    #expect(inconsistent.first?.explanation.contains("Feb 2022") == true)
  }

  @Test("nothing before tracking_from is missed, slipped or alerted")
  func tracking() throws {
    let p = try ProtocolLoader.load(text: trackedProtocol, name: "tracked.yaml")
    #expect(p.tracking == date("2022-04-01"))
    let state = PartnershipState(p, asOf: date("2022-06-01"))
    let (schedule, alerts) = state.alerts(asOf: date("2022-06-01"))
    // The 2021-22 inform closed unmet on 31 March 2022, before tracking started.
    let old = try #require(schedule.obligations.first { $0.cycle == 2021 })
    #expect(
      schedule.status(
        of: old, asOf: date("2022-06-01"), calendar: p.holidayCalendar, warningWorkingDays: 10,
        trackingFrom: p.tracking) == .untracked)
    #expect(alerts.allSatisfy { $0.obligation.window.end >= p.tracking })
    #expect(alerts.contains { $0.obligation.cycle == 2022 } || alerts.isEmpty)
  }

  @Test("a statutory date stays on its date, though it is a Sunday")
  func statutoryDates() throws {
    // 31 July 2022 was a Sunday; a meeting-derived date would move, a statutory one does not.
    let p = try ProtocolLoader.load(text: trackedProtocol, name: "tracked.yaml")
    let schedule = PartnershipState(p, asOf: date("2022-06-01")).schedule()
    let o = try #require(schedule.obligations.first { $0.cycle == 2022 })
    #expect(o.slot == .circulation(date("2022-07-31")))
    #expect(date("2022-07-31").weekday == .sunday)
  }

  @Test("as of today every seed partnership has meetings coming")
  func rollingHorizon() throws {
    let parts = Calendar(identifier: .gregorian).dateComponents(
      [.year, .month, .day], from: Date())
    let today = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    for name in ["milton-keynes", "medway", "buckinghamshire"] {
      let p = try seed(name)
      let state = PartnershipState(p, asOf: today)
      #expect(state.span.end > today.adding(days: 180), "\(name)")
      let coming = state.schedule().meetings.filter { $0.date >= today }
      #expect(coming.count >= 3, "\(name): \(coming.count) meetings from \(today)")
    }
  }
}

/// A protocol in force from April 2021 that tracks its duties from April 2022, with one inform
/// due by 31 July each year to a board that never meets.
private let trackedProtocol = """
  partnership:
    id: tracked
    name: Tracked Partnership
    horizon: {from: 2021-04-01}
    tracking_from: 2022-04-01
    source: {file: test, quote: "test"}
  boards:
    - id: board-a
      name: Board A
      kind: statutory
      meetings:
        - months: [June]
          source: {file: test, quote: "test"}
      source: {file: test, quote: "test"}
    - id: board-b
      name: Board B
      kind: statutory
      source: {file: test, quote: "test"}
  reports:
    - id: annual-plan
      name: Annual plan
      owner: board-a
      source: {file: test, quote: "test"}
  duties:
    - id: plan-to-b
      report: annual-plan
      to: [board-b]
      action: inform
      window: {by: "07-31"}
      source: {file: test, quote: "test"}
  """
