import BoardCalCore
import Foundation
import Testing

@testable import BoardCalProtocols

func seed(_ name: String) throws -> Partnership {
  try ProtocolLoader.load(path: packageRoot.appendingPathComponent("Protocols/\(name).yaml").path)
}

/// The months a board's patterns name under a version, as the handbook tables give them.
func namedMonths(_ p: Partnership, _ board: String, version: String) -> [Month] {
  p.board(board)!.patterns.filter { $0.versions.contains(version) }.flatMap { pattern -> [Month] in
    if case .named(let months) = pattern.months { return months }
    return []
  }
}

/// Facts from the seed documents: MK Together's 2021/22 handbook (001), its November 2021
/// revision (000) and the 2021-22 annual report (002).
@Suite struct MiltonKeynesSeedTests {
  let mk: Partnership
  init() throws { mk = try seed("milton-keynes") }

  @Test func twoVersionsEachGoverningItsOwnPeriod() {
    #expect(mk.versions.count == 2)
    let handbook = mk.version("handbook-2021-22")!
    let revision = mk.version("revision-2021-11")!
    // "These arrangements will be in place from April 2021 to March 2022."
    #expect(handbook.from == CivilDate(year: 2021, month: 4, day: 1))
    #expect(handbook.until == CivilDate(year: 2022, month: 3, day: 31))
    #expect(revision.from == CivilDate(year: 2022, month: 4, day: 1))
  }

  @Test func healthAndWellbeingBoardMeetsThreeTimesAYear() {
    // 2021/22: "June 2021, September 2021, February 2022"; revision: June, October, February.
    #expect(namedMonths(mk, "hwb", version: "handbook-2021-22") == [.june, .september, .february])
    #expect(namedMonths(mk, "hwb", version: "revision-2021-11") == [.june, .october, .february])
  }

  @Test func communitySafetyPartnershipFollowsMarchOverTheAgendaTablesFebruary() {
    #expect(namedMonths(mk, "csp", version: "handbook-2021-22") == [.july, .october, .march])
    #expect(namedMonths(mk, "csp", version: "revision-2021-11") == [.july, .november, .march])
    // The contradiction is kept: both sentences are cited.
    let pattern = mk.board("csp")!.patterns.first { $0.versions.contains("handbook-2021-22") }!
    #expect(pattern.provenance.sources.count >= 2)
    #expect(pattern.provenance.sources.contains { $0.quote.contains("Feb") })
  }

  @Test func managementBoardMonthsPerVersion() {
    #expect(
      namedMonths(mk, "management-board", version: "handbook-2021-22")
        == [.april, .july, .november, .february])
    #expect(
      namedMonths(mk, "management-board", version: "revision-2021-11")
        == [.april, .july, .october, .january])
    #expect(mk.board("management-board")!.chairRotation == "yearly")
  }

  @Test func sevenAffiliatedBoardsIn2021AndFiveAfterTheRevision() {
    let affiliated = mk.boards.filter { $0.kind == .affiliated }
    let in2021 = affiliated.filter {
      $0.versions.isEmpty || $0.versions.contains("handbook-2021-22")
    }
    let after = affiliated.filter {
      $0.versions.isEmpty || $0.versions.contains("revision-2021-11")
    }
    #expect(in2021.count == 7)
    #expect(after.count == 5)
    // Voice and Workforce were removed by the revision.
    #expect(Set(in2021.map(\.id)).subtracting(after.map(\.id)) == ["voice", "workforce"])
  }

  @Test func voiceAndWorkforceAreSuspendedUntilMarch2022() {
    for id in ["voice", "workforce"] {
      let suspensions = mk.board(id)!.patterns.flatMap(\.suspensions)
      #expect(suspensions.count == 1, "\(id)")
      #expect(suspensions.first?.span.end == CivilDate(year: 2022, month: 3, day: 31), "\(id)")
    }
    let others = mk.boards.filter { !["voice", "workforce"].contains($0.id) }
    #expect(others.allSatisfy { $0.patterns.allSatisfy(\.suspensions.isEmpty) })
  }

  @Test func assuranceMeetsMonthlyUntilMarch2022() {
    let monthly = mk.board("assurance")!.patterns.first {
      if case .every(1, _) = $0.months { return true }
      return false
    }
    #expect(monthly?.validUntil == CivilDate(year: 2022, month: 3, day: 31))
  }

  @Test func everyAffiliatedBoardThatMeetsSendsHighlightReportsToTheManagementBoard() {
    for id in ["risk", "tasking", "assurance", "review", "child-death"] {
      let duties = mk.duties.filter { duty in
        let report = mk.report(duty.report)!
        return report.owner == id && report.cadence == .everyMeeting
      }
      #expect(duties.count == 1, "\(id)")
      #expect(duties.first?.receivers == ["management-board"], "\(id)")
    }
  }

  @Test func childDeathAnnualReportGoesToTheManagementBoard() {
    let duty = mk.duties.first { mk.report($0.report)?.id == "child-death-annual-report" }
    #expect(duty?.receivers == ["management-board"])
    #expect(mk.report("child-death-annual-report")?.owner == "child-death")
  }

  @Test func affiliatedChairsMeetInformallyFourTimesAYearUnderTheRevision() {
    let chairs = mk.board("affiliated-chairs")!
    #expect(chairs.kind == .informal)
    #expect(chairs.versions == ["revision-2021-11"])
    #expect(chairs.patterns.first?.months == .timesAYear(4))
  }

  @Test func hwbAndCspCarryStandingAgendaItemsByMonth() {
    for id in ["hwb", "csp"] {
      let patterns = mk.board(id)!.patterns
      #expect(patterns.allSatisfy { !$0.agenda.isEmpty }, "\(id)")
    }
  }

  @Test func everyRuleCitesItsSource() {
    let rules: [Provenance] =
      mk.boards.map(\.provenance) + mk.boards.flatMap { $0.patterns.map(\.provenance) }
      + mk.reports.map(\.provenance) + mk.duties.map(\.provenance)
    let seeds = [
      "000_870da19744861ca6.txt", "001_7cd8d84cb768ba26.txt", "002_b62cf7fa7043e107.txt",
    ]
    #expect(rules.allSatisfy { !$0.sources.isEmpty })
    #expect(rules.allSatisfy { $0.sources.allSatisfy { seeds.contains($0.file) } })
  }
}

/// Facts from the Medway protocol (003), sections 4.2 to 4.6.
@Suite struct MedwaySeedTests {
  let medway: Partnership
  init() throws { medway = try seed("medway") }

  func duty(owner: String, reportContains word: String) -> Duty? {
    medway.duties.first { d in
      let r = medway.report(d.report)!
      return r.owner == owner && r.name.lowercased().contains(word)
    }
  }

  @Test func safeguardingAnnualReportsGoToHwbAndCspBetweenSeptemberAndDecember() {
    for owner in ["kmsab", "mscp"] {
      let d = duty(owner: owner, reportContains: "annual")
      #expect(d?.action == .present, "\(owner)")
      #expect(d?.window == .months(MonthRange(from: .september, to: .december)), "\(owner)")
      #expect(Set(d?.receivers ?? []) == ["hwb", "csp"], "\(owner)")
    }
  }

  @Test func corporateParentingAnnualReportInApril() {
    let d = duty(owner: "cpb", reportContains: "annual")
    #expect(d?.window == .month(.april))
    #expect(Set(d?.receivers ?? []) == ["hwb", "csp"])
  }

  @Test func hwbPresentsJhwsReviewAndJsnaBetweenOctoberAndFebruary() {
    for word in ["jhws", "jsna"] {
      let d = medway.duties.first { d in
        let r = medway.report(d.report)!
        return r.owner == "hwb" && (r.id + r.name).lowercased().contains(word)
      }
      #expect(d?.window == .months(MonthRange(from: .october, to: .february)), "\(word)")
      #expect(d?.action == .present, "\(word)")
    }
  }

  @Test func cspPresentsItsStrategicAssessmentBetweenDecemberAndApril() {
    let d = duty(owner: "csp", reportContains: "strategic assessment")
    #expect(d?.window == .months(MonthRange(from: .december, to: .april)))
    #expect(d?.receivers.contains("hwb") == true)
  }

  @Test func allBoardsShareRefreshedPlansBetweenAprilAndJune() {
    let plans = medway.duties.filter {
      let name = medway.report($0.report)!.name.lowercased()
      return name.contains("refreshed") && name.contains("plan")
    }
    let owners = Set(plans.map { medway.report($0.report)!.owner })
    #expect(owners == ["hwb", "mscp", "cpb", "kmsab", "csp"])
    #expect(plans.allSatisfy { $0.window == .months(MonthRange(from: .april, to: .june)) })
  }

  @Test func childrensPartnershipExecutiveMeetsEveryTwoMonths() {
    let exec = medway.board("mscp-executive")!
    #expect(exec.patterns.count == 1)
    if case .every(let n, _) = exec.patterns[0].months { #expect(n == 2) } else { Issue.record() }
  }

  @Test func theKentAndMedwaySabIsDefinedOnceAndImported() throws {
    let kmsab = medway.board("kmsab")!
    #expect(kmsab.sharedFrom == "kent-and-medway")
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("Protocols/medway.yaml"), encoding: .utf8)
    #expect(!text.contains("- id: kmsab\n"))
  }
}
