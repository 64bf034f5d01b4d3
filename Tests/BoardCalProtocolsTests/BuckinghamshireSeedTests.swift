import BoardCalCore
import BoardCalOutput
import BoardCalTestSupport
import Foundation
import Testing

@testable import BoardCalProtocols

/// Facts from the Buckinghamshire protocol v3.0 (004): its reporting matrix, counted by hand from
/// the table in "Reporting arrangements between partners", and its other arrangements.
@Suite struct BuckinghamshireSeedTests {
  let bucks: Partnership
  let matrix: [DutyRow]
  init() throws {
    bucks = try seed("buckinghamshire")
    matrix = DutyRow.rows(of: bucks).filter { row in
      row.source.contains {
        $0.section?.hasPrefix("3 Reporting arrangements between partners, matrix row") == true
      }
    }
  }

  @Test func everyCellOfTheMatrixIsOneDutyPerReceiver() {
    // Rows of the table, non-empty and not "n/a" cells, a select-committee cell naming two
    // committees counting twice: BSCB AR 6, BSAB AR 5, JHWS 7, JSNA 7, HWB AR 7, Safer Bucks
    // Plan 6, Strategic Assessment 6, CJET commissioning 2, CJET AR 2, CPP AR 2.
    #expect(matrix.count == 50)
    let byAction = Dictionary(grouping: matrix, by: \.action).mapValues(\.count)
    #expect(byAction[.present] == 11)
    #expect(byAction[.consult] == 11)
    #expect(byAction[.inform] == 28)
  }

  @Test func selectCommitteesAreReceivers() {
    let committees = bucks.boards.filter { $0.kind == .selectCommittee }
    #expect(committees.count >= 3)
    #expect(committees.allSatisfy { $0.isCouncilCommittee })
    let receivers = Set(matrix.map(\.receiver))
    #expect(committees.filter { receivers.contains($0.id) }.count == 3)
    // "Inform Children's Select Committee and HASC: Autumn (every 4 years)" is two duties.
    let jhwsToCommittees = matrix.filter {
      $0.reportName.contains("Joint Health and Wellbeing Strategy")
        && committees.map(\.id).contains($0.receiver)
    }
    #expect(jhwsToCommittees.count == 2)
    #expect(jhwsToCommittees.allSatisfy { $0.action == .inform && $0.window.kind == "season" })
  }

  @Test func seasonsFollowTheMatrix() {
    let bscb = matrix.filter { $0.owner == "bscb" }
    #expect(bscb.allSatisfy { $0.window.text == "autumn" })
    let bsabPresents = matrix.filter { $0.owner == "bsab" && $0.action == .present }
    #expect(bsabPresents.count == 3)
    #expect(bsabPresents.allSatisfy { $0.window.months == ["December", "January", "February"] })
  }

  @Test func jointHealthAndWellbeingStrategyConsultationsOnlyEveryFourthYear() {
    let span = DateSpan(start: date("2017-04-01"), end: date("2025-03-31"))
    let schedule = Schedule.derive(bucks, span: span)
    let consults = schedule.obligations.filter {
      $0.action == .consult && $0.reportName.contains("Joint Health and Wellbeing Strategy")
    }
    #expect(!consults.isEmpty)
    // Eight cycles, one every four years: two of them.
    #expect(Set(consults.map(\.cycle)).count == 2)
    let cycles = Set(consults.map(\.cycle)).sorted()
    #expect(cycles.count == 2 && cycles[1] - cycles[0] == 4)
    // Five boards consulted in autumn each time.
    #expect(consults.filter { $0.cycle == cycles[0] }.count == 5)
  }

  @Test func preventUpdatesAndTheRestrictedMayBriefing() {
    let briefing = bucks.duties.first { $0.confidential }
    #expect(briefing?.window == .meeting(.may))
    #expect(briefing?.receivers == ["ssbpb"])
    let sixMonthly = bucks.reports.filter { $0.cadence == .sixMonthly && $0.owner != "" }
    #expect(sixMonthly.contains { $0.name.contains("Prevent") })
    #expect(sixMonthly.contains { $0.name.contains("Channel") })
    // SSBPB meets in May and November, the two meetings the text names.
    let months = bucks.board("ssbpb")!.patterns.first?.months
    #expect(months == .named([.may, .november]))
  }

  @Test func chairsMeetAnnuallyAndLeadOfficersQuarterly() {
    // "Date of next review: January 2018", reviewed "as part of the annual meeting": January.
    #expect(bucks.board("chairs-meeting")?.patterns.first?.months == .named([.january]))
    #expect(bucks.board("chairs-meeting")?.kind == .informal)
    if case .every(3, _)? = bucks.board("lead-officers-group")?.patterns.first?.months {
    } else {
      Issue.record("lead officers do not meet quarterly")
    }
  }

  @Test func theProtocolIsReviewedAnnuallyFromJanuary2018() {
    #expect(bucks.review?.cadence == .annual)
    #expect(bucks.review?.next == date("2018-01-01"))
  }

  @Test func themesHaveLeadBoards() {
    let leads = Dictionary(uniqueKeysWithValues: bucks.themes.map { ($0.name, $0.lead) })
    #expect(leads.first { $0.key.contains("Female genital") }?.value == "hwb")
    #expect(
      leads.first { $0.key.contains("Prevent") || $0.key.contains("Radicalisation") }?.value
        == "ssbpb")
    #expect(leads.first { $0.key.contains("Sexual Exploitation") }?.value == "bscb")
  }

  @Test func conflictsReportTheWinterReportThatNoStatedMeetingCanTake() throws {
    // As of March 2020: the four financial years from 2017-18 (and none after), each with the
    // BSAB annual report due to SSBPB in winter.
    let out = try runBoardcal([
      "conflicts", "Protocols/buckinghamshire.yaml", "--as-of", "2019-03-31", "--to", "2021-03-31",
    ])
    #expect(out.status == 1)
    let lines = out.stdout.split(separator: "\n").filter { $0.hasPrefix("- [unschedulable") }
    #expect(lines.count == 4)
    #expect(
      lines.allSatisfy { $0.contains("BSAB") && $0.contains("SSBPB") && $0.contains("winter") })
  }
}

/// Per-person feeds: one role, every board it sits on, in one calendar.
@Suite struct PersonFeedTests {
  @Test func theDirectorOfAdultServicesSeesTheHWBTheBSABAndTheBSCBTogether() throws {
    let bucks = try seed("buckinghamshire")
    let feeds = FeedPlanner.feeds(bucks, Schedule.derive(bucks, span: bucks.referenceSpan))
    let das = try #require(
      feeds.first { $0.kind == .person && $0.subject == "director-of-adult-services" })
    #expect(das.isPrivate)
    let boards = Set(
      das.events.filter { $0.categories == ["MEETING"] }.map { event in
        bucks.boards.first { event.uid.hasPrefix("buckinghamshire-\($0.id)-") }?.id ?? "?"
      })
    #expect(boards.isSuperset(of: ["hwb", "bsab", "bscb"]))
    // Four cycles of quarterly meetings for each of the three boards.
    #expect(das.events.filter { $0.categories == ["MEETING"] }.count >= 48)
  }
}
