import BoardCalCore
import Foundation
import Testing

@testable import BoardCalProtocols

func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

/// Schedules derived from the seed protocols, checked against the documents and the calendar.
@Suite struct SeedScheduleTests {
  let mk: Partnership
  let medway: Partnership
  init() throws {
    mk = try seed("milton-keynes")
    medway = try seed("medway")
  }

  func meetings(_ p: Partnership, _ board: String, _ from: String, _ to: String) -> [Meeting] {
    Schedule.derive(p, span: DateSpan(start: date(from), end: date(to))).meetings.filter {
      $0.board == board
    }
  }

  @Test func managementBoardUnderThe2021HandbookMatchesAppendixA() {
    // Appendix A of the 2021-22 annual report: meetings held April 21, July 21, Nov 21, Feb 22.
    let held = meetings(mk, "management-board", "2021-04-01", "2022-03-31")
    #expect(held.map(\.date.yearMonth.iso) == ["2021-04", "2021-07", "2021-11", "2022-02"])
    #expect(held.allSatisfy { $0.version == "handbook-2021-22" })
  }

  @Test func managementBoardUnderTheRevision() {
    let held = meetings(mk, "management-board", "2022-04-01", "2023-03-31")
    #expect(held.map(\.date.yearMonth.iso) == ["2022-04", "2022-07", "2022-10", "2023-01"])
    #expect(held.allSatisfy { $0.version == "revision-2021-11" })
  }

  @Test func suspendedBoardsDoNotMeetUntilMarch2022() {
    for board in ["voice", "workforce"] {
      #expect(meetings(mk, board, "2021-04-01", "2022-03-31").isEmpty, "\(board)")
    }
    // Boards that are not suspended do meet in that year.
    #expect(!meetings(mk, "risk", "2021-04-01", "2022-03-31").isEmpty)
  }

  @Test func assuranceMeetsEveryMonthUntilMarch2022() {
    let held = meetings(mk, "assurance", "2021-04-01", "2022-03-31")
    #expect(held.count == 12)
    #expect(Set(held.map(\.date.yearMonth)).count == 12)
  }

  @Test func firstTuesdayDefaultsAndPaperDeadlinesFromTheCalendar() {
    // HWB June 2021: the first Tuesday is 1 June 2021.
    let june = meetings(mk, "hwb", "2021-06-01", "2021-06-30")
    #expect(june.map(\.date) == [date("2021-06-01")])
    #expect(june.first?.time.description == "14:00")
    // Five clear working days before Tue 1 June 2021, with Mon 31 May a bank holiday:
    // 24-28 May are the clear days, so the agenda is out on Fri 21 May.
    #expect(june.first?.agendaPublication == date("2021-05-21"))
    // Ten working days before Tue 1 June 2021 (31 May a holiday): Mon 17 May.
    #expect(june.first?.paperDeadline == date("2021-05-17"))
    // Management Board, Tue 3 January 2023: ten working days back over Christmas (26, 27 Dec
    // and 2 Jan are bank holidays) is Thu 15 December 2022.
    let january = meetings(mk, "management-board", "2023-01-01", "2023-01-31")
    #expect(january.first?.date == date("2023-01-03"))
    #expect(january.first?.paperDeadline == date("2022-12-15"))
    #expect(january.first?.agendaPublication == nil)  // not a council committee
  }

  @Test func highlightReportsAreDueAtEveryManagementBoardMeeting() {
    let schedule = Schedule.derive(mk, span: mk.cycleSpan(2021))
    let board = schedule.meetings.filter { $0.board == "management-board" }
    for meeting in board {
      let owners = Set(
        schedule.obligations(at: meeting.id).filter { $0.action == .inform }.map(\.owner))
      #expect(owners.isSuperset(of: ["risk", "tasking", "assurance", "review", "child-death"]))
    }
  }

  @Test func medwaySafeguardingAnnualReportsAreSlottedBetweenSeptemberAndDecember() {
    let schedule = Schedule.derive(medway, span: medway.cycleSpan(2021))
    for owner in ["kmsab", "mscp"] {
      let obligations = schedule.obligations.filter {
        $0.owner == owner && $0.reportName.lowercased().contains("annual report")
      }
      #expect(Set(obligations.map(\.receiver)) == ["hwb", "csp"], "\(owner)")
      for o in obligations {
        guard case .meeting(let id, let day) = o.slot else {
          Issue.record("\(o.id) not slotted at a meeting: \(o.slot)")
          continue
        }
        #expect(day >= date("2021-09-01") && day <= date("2021-12-31"), "\(o.id)")
        #expect(schedule.meetings.first { $0.id == id }?.board == o.receiver)
      }
    }
  }

  @Test func medwayStrategicAssessmentWindowCrossesTheYearEnd() {
    let schedule = Schedule.derive(medway, span: medway.cycleSpan(2021))
    let o = schedule.obligations.first {
      $0.owner == "csp" && $0.reportName.contains("Strategic Assessment") && $0.receiver == "hwb"
        && $0.cycle == 2021
    }
    #expect(o?.window == DateSpan(start: date("2021-12-01"), end: date("2022-04-30")))
  }
}

/// The command line, run as an officer would run it.
@Suite struct ScheduleCommandTests {
  @Test func scheduleJSONIsByteIdenticalAcrossRuns() throws {
    let args = ["schedule", "Protocols/milton-keynes.yaml", "--json"]
    let first = try runBoardcal(args)
    let second = try runBoardcal(args)
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
    #expect((json?["meetings"] as? [Any])?.isEmpty == false)
  }

  @Test func holidaysCommandListsTheJubileeWeekend() throws {
    let out = try runBoardcal(["holidays", "--from", "2022-06-01", "--to", "2022-06-30"])
    #expect(out.status == 0)
    #expect(out.stdout.contains("2022-06-02"))
    #expect(out.stdout.contains("2022-06-03"))
    #expect(out.stdout.lowercased().contains("jubilee"))
  }

  @Test func upcomingShowsWhatIsComingToTheManagementBoard() throws {
    let out = try runBoardcal([
      "upcoming", "Protocols/milton-keynes.yaml", "--board", "management-board", "--as-of",
      "2021-10-01", "--days", "60",
    ])
    #expect(out.status == 0)
    #expect(out.stdout.contains("2021-11-02"))
    #expect(out.stdout.contains("papers due 2021-10-19"))
    #expect(out.stdout.contains("INFORM"))
  }

  @Test func unknownBoardIsAClearError() throws {
    let out = try runBoardcal([
      "upcoming", "Protocols/milton-keynes.yaml", "--board", "nope", "--as-of", "2021-10-01",
    ])
    #expect(out.status != 0)
    #expect(out.stderr.contains("no board 'nope'"))
  }
}
