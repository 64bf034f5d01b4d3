import BoardCalCore
import Foundation
import Testing

@testable import BoardCalProtocols

/// A small, valid protocol. Every bad-input test below changes one thing in it,
/// so the line and column each test expects can be read off this text
/// (line numbers are given in the comments on the right).
private let validBase = """
  partnership:
    id: testshire
    name: Testshire Partnership
    horizon: {from: 2021-04-01, to: 2022-03-31}
    source: {file: seed.txt, quote: "The boards agree this protocol."}
  people:
    - id: hwb-chair
      role: Chair of the Health and Wellbeing Board
  boards:
    - id: hwb
      name: Health and Wellbeing Board
      kind: statutory
      chair: hwb-chair
      meetings:
        - months: [June, October]
          day: first Tuesday
          source: {file: seed.txt, quote: "The Board meets in June and October."}
      source: {file: seed.txt, quote: "The Health and Wellbeing Board."}
    - id: csp
      name: Community Safety Partnership
      kind: statutory
      accountable_to: [hwb]
      source: {file: seed.txt, quote: "The Community Safety Partnership."}
  reports:
    - id: csp-annual
      name: CSP Annual Report
      owner: csp
      theme: safety
      source: {file: seed.txt, quote: "The CSP reports annually."}
  duties:
    - id: csp-annual-to-hwb
      report: csp-annual
      to: [hwb]
      action: present
      window: autumn
      source: {file: seed.txt, quote: "The CSP presents its report in the autumn."}
  themes:
    - id: safety
      name: Community safety
      lead: csp
      contributors: [hwb]
      source: {file: seed.txt, quote: "Community safety is led by the CSP."}

  """
// Lines of validBase:
//  1 partnership:            9 boards:              24 reports:           37 themes:
//  4   horizon               10   - id: hwb          25   - id: csp-annual  38   - id: safety
//  6 people:                 11     name             27     owner: csp      40     lead: csp
//  7   - id: hwb-chair       12     kind             28     theme: safety   41     contributors
//                            13     chair            30 duties:             42     source
//                            14     meetings         31   - id: csp-annual-to-hwb
//                            15       - months       32     report
//                            16         day          33     to: [hwb]
//                            17         source       34     action
//                            18     source           35     window: autumn
//                            19   - id: csp          36     source
//                            20     name
//                            21     kind
//                            22     accountable_to
//                            23     source

/// The file name diagnostics carry for text loaded by these tests.
private let testFile = "test.yaml"

/// `validBase` with each `(old, new)` replacement made; `old` must occur exactly once.
private func edited(
  _ edits: (String, String)..., in text: String = validBase,
  sourceLocation: SourceLocation = #_sourceLocation
) -> String {
  var result = text
  for (old, new) in edits {
    let count = result.components(separatedBy: old).count - 1
    #expect(
      count == 1, "the test's edit target occurs \(count) times: \(old)",
      sourceLocation: sourceLocation)
    result = result.replacingOccurrences(of: old, with: new)
  }
  return result
}

/// Every problem the loader finds in `text` (none when it loads).
private func problems(in text: String, directory: String = "/nonexistent-boardcal-dir")
  -> [ProtocolDiagnostic]
{
  do {
    _ = try ProtocolLoader.load(text: text, name: testFile, directory: directory)
    return []
  } catch {
    return error.diagnostics
  }
}

/// Expects exactly one problem, at `line`:`column`, with the key path (when given)
/// and a message containing every one of `parts`.
private func expectOneProblem(
  _ text: String, line: Int, column: Int, keyPath: String? = nil, _ parts: String...,
  directory: String = "/nonexistent-boardcal-dir",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let found = problems(in: text, directory: directory)
  guard found.count == 1, let problem = found.first else {
    Issue.record(
      "expected exactly one problem, found \(found.count):\n\(found.map(\.description).joined(separator: "\n"))",
      sourceLocation: sourceLocation)
    return
  }
  #expect(problem.position.file == testFile, sourceLocation: sourceLocation)
  #expect(
    (problem.position.line, problem.position.column) == (line, column),
    "reported at \(problem.position.line):\(problem.position.column): \(problem.message)",
    sourceLocation: sourceLocation)
  if let keyPath {
    #expect(problem.keyPath == keyPath, sourceLocation: sourceLocation)
  }
  for part in parts {
    #expect(
      problem.message.contains(part), "message lacks \"\(part)\": \(problem.message)",
      sourceLocation: sourceLocation)
  }
}

/// A fresh directory for import tests, removed by the caller.
private func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("boardcal-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(
    at: url.appendingPathComponent("shared"), withIntermediateDirectories: true)
  return url
}

/// A shared file defining board `rsab` (with its chair and report), serving `serves`.
private func sharedFile(serves: String) -> String {
  """
  shared:
    id: region
    name: Boards serving the region
    serves: \(serves)
  people:
    - id: rsab-chair
      role: Independent Chair of the Regional Safeguarding Adults Board
  boards:
    - id: rsab
      name: Regional Safeguarding Adults Board
      kind: statutory
      chair: rsab-chair
      source: {file: seed.txt, quote: "The regional board."}
  reports:
    - id: rsab-annual
      name: RSAB Annual Report
      owner: rsab
      source: {file: seed.txt, quote: "The regional board reports annually."}

  """
}

/// `validBase` importing `boards` from `file` (the import's `file:` value is at 10:11).
private func importing(_ file: String, boards: String) -> String {
  edited(("boards:\n", "imports:\n  - file: \(file)\n    boards: \(boards)\nboards:\n"))
}

@Suite("Validator")
struct ValidatorTests {

  // MARK: a clean file

  @Test func cleanMinimalFileLoadsWithDefaults() throws {
    let p = try ProtocolLoader.load(text: validBase, name: testFile)
    #expect(p.id == "testshire")
    #expect(p.name == "Testshire Partnership")
    #expect(p.timeZone == "Europe/London")
    #expect(p.financialYearStart == .april)
    #expect(p.holidays == .englandAndWales)
    #expect(p.seasons == MonthRange.meteorologicalSeasons)
    #expect(p.seasons["autumn"] == MonthRange(from: .september, to: .november))
    #expect(p.seasons["winter"] == MonthRange(from: .december, to: .february))
    #expect(p.defaults.meetingTime == TimeOfDay(hour: 14, minute: 0))
    #expect(p.defaults.meetingLengthMinutes == 120)
    #expect(p.defaults.meetingDay == .nth(1, .tuesday))
    #expect(p.defaults.paperLeadWorkingDays == 10)
    #expect(p.defaults.warningWorkingDays == 10)
    #expect(p.defaults.escalationWorkingDays == 20)
    #expect(
      p.horizon
        == Horizon(start: CivilDate(iso: "2021-04-01")!, end: CivilDate(iso: "2022-03-31")!))
    #expect(p.versions.isEmpty)
    #expect(p.people.map(\.id) == ["hwb-chair"])
    #expect(p.boards.map(\.id) == ["hwb", "csp"])

    let hwb = try #require(p.board("hwb"))
    #expect(hwb.kind == .statutory)
    #expect(hwb.chair == "hwb-chair")
    #expect(hwb.isPublic == false)
    #expect(hwb.isCouncilCommittee == false)
    #expect(hwb.patterns.count == 1)
    #expect(hwb.patterns.first?.months == .named([.june, .october]))
    #expect(hwb.patterns.first?.day == .nth(1, .tuesday))
    #expect(hwb.patterns.first?.time == nil)
    #expect(hwb.provenance.position == FilePosition(file: testFile, line: 10, column: 5))
    #expect(
      hwb.provenance.sources == [
        SourceCitation(file: "seed.txt", quote: "The Health and Wellbeing Board.")
      ])
    #expect(p.board("csp")?.accountableTo == ["hwb"])

    let report = try #require(p.report("csp-annual"))
    #expect(report.owner == "csp")
    #expect(report.cadence == .annual)
    #expect(report.anchorYear == nil)
    #expect(report.theme == "safety")

    let duty = try #require(p.duties.first)
    #expect(p.duties.count == 1)
    #expect(duty.id == "csp-annual-to-hwb")
    #expect(duty.report == "csp-annual")
    #expect(duty.receivers == ["hwb"])
    #expect(duty.action == .present)
    #expect(duty.window == .season("autumn"))
    #expect(duty.cadence == nil)
    #expect(duty.confidential == false)

    #expect(p.themes.map(\.id) == ["safety"])
    #expect(p.themes.first?.lead == "csp")
    #expect(p.themes.first?.contributors == ["hwb"])
    #expect(p.review == nil)
  }

  @Test func windowsOfEveryKindLoad() throws {
    func window(_ written: String) throws -> DutyWindow {
      let p = try ProtocolLoader.load(
        text: edited(("    window: autumn\n", "    window: \(written)\n")), name: testFile)
      return try #require(p.duties.first).window
    }
    #expect(try window("cycle") == .cycle)
    #expect(try window("Winter") == .season("winter"))
    #expect(
      try window("{from: December, to: April}") == .months(MonthRange(from: .december, to: .april)))
    #expect(try window("{month: April}") == .month(.april))
    #expect(try window("{meeting: May}") == .meeting(.may))
    #expect(try window("{by: \"07-31\"}") == .by(.july, 31))
  }

  // MARK: unknown keys, with a suggestion

  @Test func unknownTopLevelKeySuggestsTheKnownOne() {
    expectOneProblem(
      validBase + "reveiw:\n  cadence: annual\n", line: 43, column: 1, keyPath: "reveiw",
      "unknown key 'reveiw'", "Did you mean 'review'?", "Allowed here: partnership")
  }

  @Test func unknownBoardKeySuggestsTheKnownOne() {
    expectOneProblem(
      edited(("    chair: hwb-chair\n", "    chiar: hwb-chair\n")), line: 13, column: 5,
      keyPath: "boards[hwb].chiar", "unknown key 'chiar'", "Did you mean 'chair'?")
  }

  @Test func unknownMeetingPatternKeySuggestsTheKnownOne() {
    expectOneProblem(
      edited(
        ("        day: first Tuesday\n", "        day: first Tuesday\n        tme: \"10:00\"\n")),
      line: 17, column: 9, keyPath: "boards[hwb].meetings[0].tme",
      "unknown key 'tme'", "Did you mean 'time'?")
  }

  @Test func unknownDutyKeySuggestsTheKnownOne() {
    expectOneProblem(
      edited(("    window: autumn\n", "    windw: autumn\n")), line: 35, column: 5,
      keyPath: "duties[csp-annual-to-hwb].windw", "unknown key 'windw'", "Did you mean 'window'?")
  }

  @Test func misspeltSourceKeyIsRefusedAndTheRealOneMissed() {
    // Two problems: the unknown key where it is written, and the missing 'quote' at the source map.
    let found = problems(
      in: edited(("quote: \"The CSP reports annually.\"", "qoute: \"The CSP reports annually.\"")))
    #expect(found.map { [$0.position.line, $0.position.column] } == [[29, 13], [29, 30]])
    #expect(
      found.map(\.keyPath) == ["reports[csp-annual].source", "reports[csp-annual].source.qoute"])
    #expect(found.first?.message.contains("the key 'quote' is required") == true)
    #expect(found.last?.message.contains("Did you mean 'quote'?") == true)
  }

  // MARK: wrong types

  @Test func listWhereTextIsExpected() {
    expectOneProblem(
      edited(("    name: Health and Wellbeing Board\n", "    name: [Health, Wellbeing]\n")),
      line: 11, column: 11, keyPath: "boards[hwb].name", "expected text, found a list")
  }

  @Test func textWhereListIsExpected() {
    expectOneProblem(
      edited(
        ("    accountable_to: [hwb]\n", "    accountable_to: [hwb]\n    member_roles: Police\n")),
      line: 23, column: 19, keyPath: "boards[csp].member_roles",
      "expected a list, found a single value")
  }

  @Test func publicMaybeIsNotABoolean() {
    expectOneProblem(
      edited(("    accountable_to: [hwb]\n", "    accountable_to: [hwb]\n    public: maybe\n")),
      line: 23, column: 13, keyPath: "boards[csp].public", "'maybe' is not true or false")
  }

  @Test func unknownBoardKind() {
    expectOneProblem(
      edited(
        ("    kind: statutory\n    accountable_to", "    kind: statutary\n    accountable_to")),
      line: 21, column: 11, keyPath: "boards[csp].kind", "'statutary' is not a known board kind",
      "Did you mean 'statutory'?")
  }

  // MARK: references to ids that do not exist

  @Test func unknownBoardInDutyTo() {
    expectOneProblem(
      edited(("    to: [hwb]\n", "    to: [hwb, cps]\n")), line: 33, column: 15,
      keyPath: "duties[csp-annual-to-hwb].to[1]", "no board or person has the id 'cps'",
      "Did you mean 'csp'?")
  }

  @Test func unknownBoardAsReportOwner() {
    expectOneProblem(
      edited(("    owner: csp\n", "    owner: cps\n")), line: 27, column: 12,
      keyPath: "reports[csp-annual].owner", "no board has the id 'cps'", "Did you mean 'csp'?")
  }

  @Test func unknownBoardInAccountableTo() {
    expectOneProblem(
      edited(("    accountable_to: [hwb]\n", "    accountable_to: [hbw]\n")), line: 22, column: 22,
      keyPath: "boards[csp].accountable_to[0]", "no board or person has the id 'hbw'",
      "Did you mean 'hwb'?")
  }

  @Test func accountableToMayNameAPerson() throws {
    let p = try ProtocolLoader.load(
      text: edited(("    accountable_to: [hwb]\n", "    accountable_to: [hwb-chair]\n")),
      name: testFile)
    #expect(p.board("csp")?.accountableTo == ["hwb-chair"])
  }

  @Test func unknownPersonAsChair() {
    expectOneProblem(
      edited(("    chair: hwb-chair\n", "    chair: hwb-chiar\n")), line: 13, column: 12,
      keyPath: "boards[hwb].chair", "no person has the id 'hwb-chiar'",
      "Did you mean 'hwb-chair'?")
  }

  @Test func unknownReportInDuty() {
    expectOneProblem(
      edited(("    report: csp-annual\n", "    report: csp-anual\n")), line: 32, column: 13,
      keyPath: "duties[csp-annual-to-hwb].report", "no report has the id 'csp-anual'",
      "Did you mean 'csp-annual'?")
  }

  @Test func unknownVersion() {
    expectOneProblem(
      edited(
        (
          "    kind: statutory\n    chair",
          "    kind: statutory\n    versions: [handbook-2021]\n    chair"
        )),
      line: 13, column: 16, keyPath: "boards[hwb].versions[0]",
      "no version has the id 'handbook-2021'", "This file defines no versions.")
  }

  @Test func unknownTheme() {
    expectOneProblem(
      edited(("    theme: safety\n", "    theme: safty\n")), line: 28, column: 12,
      keyPath: "reports[csp-annual].theme", "no theme has the id 'safty'", "Did you mean 'safety'?")
  }

  // MARK: duplicates

  @Test func duplicateBoardID() {
    expectOneProblem(
      edited(
        (
          "reports:\n",
          "  - id: hwb\n    name: Another board\n    kind: panel\n    source: {file: seed.txt, quote: \"q\"}\nreports:\n"
        )),
      line: 24, column: 9, keyPath: "boards[hwb].id",
      "the board id 'hwb' is already used at line 10")
  }

  @Test func duplicateDutyID() {
    expectOneProblem(
      edited(
        (
          "themes:\n",
          "  - id: csp-annual-to-hwb\n    report: csp-annual\n    to: hwb\n    action: inform\n    source: {file: seed.txt, quote: \"q\"}\nthemes:\n"
        )),
      line: 37, column: 9, keyPath: "duties[csp-annual-to-hwb].id",
      "the duty id 'csp-annual-to-hwb' is already used at line 31")
  }

  @Test func duplicateKeyInOneMapping() {
    // Reported once, at the first of the two, in a sentence (not the whole file echoed back).
    let text = edited(
      (
        "    kind: statutory\n    accountable_to",
        "    kind: statutory\n    name: CSP\n    accountable_to"
      ))
    expectOneProblem(
      text, line: 20, column: 5, keyPath: "", "the key 'name' is given twice", "keep one")
    #expect(problems(in: text).first.map { !$0.message.contains("partnership:") } == true)
  }

  // MARK: windows that cannot exist

  @Test func windowByADayThatDoesNotExist() {
    expectOneProblem(
      edited(("    window: autumn\n", "    window: {by: \"02-30\"}\n")), line: 35, column: 18,
      keyPath: "duties[csp-annual-to-hwb].window.by", "'02-30' is not a day of the year")
  }

  @Test func windowFromAMonthToItself() {
    expectOneProblem(
      edited(("    window: autumn\n", "    window: {from: June, to: June}\n")), line: 35,
      column: 13,
      keyPath: "duties[csp-annual-to-hwb].window", "from June to June", "{month: June}")
  }

  @Test func windowNamingAnUnknownSeason() {
    expectOneProblem(
      edited(("    window: autumn\n", "    window: autum\n")), line: 35, column: 13,
      keyPath: "duties[csp-annual-to-hwb].window", "'autum' is neither 'cycle' nor a season",
      "Did you mean 'autumn'?")
  }

  @Test func windowMapWithTwoKinds() {
    expectOneProblem(
      edited(("    window: autumn\n", "    window: {month: June, meeting: July}\n")), line: 35,
      column: 13, keyPath: "duties[csp-annual-to-hwb].window", "give exactly one of them")
  }

  @Test func windowWithToButNoFrom() {
    expectOneProblem(
      edited(("    window: autumn\n", "    window: {month: June, to: July}\n")), line: 35,
      column: 31, keyPath: "duties[csp-annual-to-hwb].window.to", "'to' goes with 'from' only")
  }

  @Test func windowInAPartnershipSeason() throws {
    let text = edited(
      ("  horizon:", "  seasons:\n    harvest: {from: August, to: October}\n  horizon:"),
      ("    window: autumn\n", "    window: Harvest\n"))
    let p = try ProtocolLoader.load(text: text, name: testFile)
    #expect(p.seasons["harvest"] == MonthRange(from: .august, to: .october))
    #expect(p.duties.first?.window == .season("harvest"))
  }

  // MARK: every N years

  @Test func reportEveryNYearsWithoutAnchor() {
    expectOneProblem(
      edited(("    owner: csp\n", "    owner: csp\n    cadence: every 3 years\n")), line: 25,
      column: 5, keyPath: "reports[csp-annual]", "every 3 years", "anchor_year")
  }

  @Test func dutyCadenceOverrideEveryNYearsWithoutAnchor() {
    expectOneProblem(
      edited(("    action: present\n", "    action: present\n    cadence: every 3 years\n")),
      line: 31, column: 9, keyPath: "duties[csp-annual-to-hwb].id", "every 3 years",
      "anchor_year")
  }

  @Test func dutyCadenceOverrideUsesTheReportsAnchor() throws {
    let p = try ProtocolLoader.load(
      text: edited(
        ("    owner: csp\n", "    owner: csp\n    cadence: every 3 years\n    anchor_year: 2021\n"),
        ("    action: present\n", "    action: present\n    cadence: every 3 years\n")),
      name: testFile)
    #expect(p.duties.first?.cadence == .everyYears(3))
    #expect(p.report("csp-annual")?.anchorYear == 2021)
  }

  // MARK: spans that run backwards or overlap

  @Test func overlappingVersions() {
    let versions = """
      versions:
        - id: handbook-2021
          from: 2021-04-01
          until: 2022-03-31
          source: {file: seed.txt, quote: "a"}
        - id: handbook-2022
          from: 2022-03-01
          source: {file: seed.txt, quote: "b"}
      people:

      """
    expectOneProblem(
      edited(("people:\n", versions)), line: 11, column: 9, keyPath: "versions[handbook-2022].id",
      "version 'handbook-2022' starts on 2022-03-01", "'handbook-2021' still governs",
      "must not overlap")
  }

  @Test func patternValidUntilBeforeValidFrom() {
    expectOneProblem(
      edited(
        (
          "        day: first Tuesday\n",
          "        day: first Tuesday\n        valid_from: 2021-09-01\n        valid_until: 2021-06-30\n"
        )),
      line: 18, column: 22, keyPath: "boards[hwb].meetings[0].valid_until",
      "valid_until (2021-06-30) is before valid_from (2021-09-01)")
  }

  @Test func suspensionUntilBeforeFrom() {
    expectOneProblem(
      edited(
        (
          "        day: first Tuesday\n",
          "        day: first Tuesday\n        suspensions:\n          - from: 2021-09-01\n            until: 2021-06-30\n            source: {file: seed.txt, quote: \"s\"}\n"
        )),
      line: 19, column: 20, keyPath: "boards[hwb].meetings[0].suspensions[0].until",
      "the suspension ends (2021-06-30) before it starts (2021-09-01)")
  }

  // MARK: values that do not exist

  @Test func timeZoneThatDoesNotExist() {
    expectOneProblem(
      edited(
        (
          "  name: Testshire Partnership\n",
          "  name: Testshire Partnership\n  time_zone: Europe/Londn\n"
        )),
      line: 4, column: 14, keyPath: "partnership.time_zone",
      "'Europe/Londn' is not a time zone", "Did you mean 'Europe/London'?")
  }

  @Test func badMonthName() {
    expectOneProblem(
      edited(("[June, October]", "[June, Octobr]")), line: 15, column: 24,
      keyPath: "boards[hwb].meetings[0].months[1]", "'Octobr' is not a month",
      "Did you mean 'October'?")
  }

  @Test func badFinancialYearStart() {
    expectOneProblem(
      edited(
        (
          "  name: Testshire Partnership\n",
          "  name: Testshire Partnership\n  financial_year_start: Aprill\n"
        )),
      line: 4, column: 25, keyPath: "partnership.financial_year_start", "'Aprill' is not a month",
      "Did you mean 'April'?")
  }

  @Test func badDayRule() {
    expectOneProblem(
      edited(("first Tuesday", "first Tusday")), line: 16, column: 14,
      keyPath: "boards[hwb].meetings[0].day", "'first Tusday' is not a day rule")
  }

  @Test func dayOfMonthOutOfRange() {
    expectOneProblem(
      edited(("first Tuesday", "32")), line: 16, column: 14,
      keyPath: "boards[hwb].meetings[0].day", "day 32 is out of range")
  }

  @Test func badTime() {
    expectOneProblem(
      edited(
        ("        day: first Tuesday\n", "        day: first Tuesday\n        time: \"25:00\"\n")),
      line: 17, column: 15, keyPath: "boards[hwb].meetings[0].time", "'25:00' is not a time",
      "HH:MM")
  }

  @Test func badDate() {
    expectOneProblem(
      edited(("to: 2022-03-31}", "to: 2021-02-30}")), line: 4, column: 35,
      keyPath: "partnership.horizon.to", "'2021-02-30' is not a date that exists")
  }

  @Test func badHolidayCalendar() {
    expectOneProblem(
      edited(
        ("  name: Testshire Partnership\n", "  name: Testshire Partnership\n  holidays: scotlnd\n")),
      line: 4, column: 13, keyPath: "partnership.holidays",
      "'scotlnd' is not a known holiday calendar",
      "Did you mean 'scotland'?")
  }

  // MARK: meeting patterns

  @Test func patternWithBothMonthsAndEveryMonths() {
    expectOneProblem(
      edited(
        ("        day: first Tuesday\n", "        day: first Tuesday\n        every_months: 3\n")),
      line: 15, column: 9, keyPath: "boards[hwb].meetings[0]", "needs exactly one of 'months'",
      "found months and every_months")
  }

  @Test("an agenda item may name the years around its meeting, and no other {…}")
  func agendaYearNames() throws {
    let text = edited(
      (
        "        day: first Tuesday\n        source: {file: seed.txt, quote: \"The Board meets in June and October.\"}",
        "        day: first Tuesday\n        agenda: {October: [\"Priorities for {next-cycle}\", \"Review of {last-year}\"]}\n        source: {file: seed.txt, quote: \"The Board meets in June and October.\"}"
      ))
    let found = problems(in: text)
    #expect(found.count == 1, "\(found)")
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
      $0.contains("{last-year}")
    }
    #expect(found.first?.position.line == line.map { $0 + 1 })
    #expect(found.first?.message.contains("'{last-year}' in an agenda item is not a year") == true)
    #expect(found.first?.message.contains("{previous-cycle}") == true)
    // Once fixed, the October 2021 meeting reads the year after its own.
    let fixed = text.replacingOccurrences(of: "{last-year}", with: "{previous-cycle}")
    let p = try ProtocolLoader.load(text: fixed, name: testFile, directory: "/nonexistent")
    let meetings = Schedule.derive(
      p, span: DateSpan(start: CivilDate(iso: "2021-10-01")!, end: CivilDate(iso: "2021-10-31")!)
    ).meetings.filter { $0.board == "hwb" }
    #expect(meetings.first?.agenda == ["Priorities for 2022-23", "Review of 2020-21"])
  }

  @Test func patternWithNoMonthRule() {
    expectOneProblem(
      edited(("      - months: [June, October]\n        day", "      - day")), line: 15, column: 9,
      keyPath: "boards[hwb].meetings[0]", "needs exactly one of 'months'", "found none")
  }

  @Test func startingWithoutEveryMonths() {
    expectOneProblem(
      edited(
        ("        day: first Tuesday\n", "        day: first Tuesday\n        starting: May\n")),
      line: 17, column: 19, keyPath: "boards[hwb].meetings[0].starting",
      "'starting' goes with 'every_months' only")
  }

  // MARK: required keys

  @Test func dutyWithoutSource() {
    expectOneProblem(
      edited(
        (
          "    source: {file: seed.txt, quote: \"The CSP presents its report in the autumn.\"}\n",
          ""
        )),
      line: 31, column: 5, keyPath: "duties[csp-annual-to-hwb]", "the key 'source' is required")
  }

  @Test func sourceListWithNoCitation() {
    expectOneProblem(
      edited(
        (
          "    source: {file: seed.txt, quote: \"The CSP presents its report in the autumn.\"}\n",
          "    source: []\n"
        )),
      line: 36, column: 13, keyPath: "duties[csp-annual-to-hwb].source", "lists no citation")
  }

  @Test func missingPartnership() {
    let head = """
      partnership:
        id: testshire
        name: Testshire Partnership
        horizon: {from: 2021-04-01, to: 2022-03-31}
        source: {file: seed.txt, quote: "The boards agree this protocol."}

      """
    expectOneProblem(
      edited((head, "")), line: 1, column: 1, keyPath: "", "the key 'partnership' is required")
  }

  @Test func missingBoards() {
    let text = """
      partnership:
        id: testshire
        name: Testshire Partnership
        horizon: {from: 2021-04-01, to: 2022-03-31}
        source: {file: seed.txt, quote: "The boards agree this protocol."}

      """
    expectOneProblem(text, line: 1, column: 1, keyPath: "", "the key 'boards' is required")
  }

  @Test func missingHorizon() {
    expectOneProblem(
      edited(("  horizon: {from: 2021-04-01, to: 2022-03-31}\n", "")), line: 2, column: 3,
      keyPath: "partnership", "the key 'horizon' is required")
  }

  @Test func badID() {
    expectOneProblem(
      edited(
        ("  - id: safety\n", "  - id: Safety_Theme\n"),
        ("    theme: safety\n", "    theme: Safety_Theme\n")),
      line: 38, column: 9, keyPath: "themes[Safety_Theme].id", "'Safety_Theme' is not a valid id")
  }

  // MARK: YAML syntax

  @Test func yamlBadIndentation() {
    expectOneProblem(
      edited(("    kind: statutory\n    chair", "    kind: statutory\n   chair")), line: 13,
      column: 4,
      keyPath: "", "YAML syntax error")
  }

  @Test func yamlUnclosedBracket() {
    // Reported where the '[' opens, not on the next line where libyaml notices.
    expectOneProblem(
      edited(("    to: [hwb]\n", "    to: [hwb\n")), line: 33, column: 9, keyPath: "",
      "YAML syntax error", "flow sequence", "never closed", "line 34")
  }

  @Test func yamlUnclosedQuote() {
    // Reported where the quote opens, not at the end of the file.
    expectOneProblem(
      edited(("    name: CSP Annual Report\n", "    name: 'CSP Annual Report\n")), line: 26,
      column: 11, keyPath: "", "YAML syntax error", "quoted scalar", "never closed")
  }

  @Test func emptyFile() {
    expectOneProblem("# nothing here\n", line: 1, column: 1, keyPath: "", "the file is empty")
  }

  // MARK: imports

  @Test func importOfAFileThatDoesNotExist() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    expectOneProblem(
      importing("shared/nowhere.yaml", boards: "[rsab]"), line: 10, column: 11,
      keyPath: "imports[0].file", "cannot read the file", "nowhere.yaml", directory: dir.path)
  }

  @Test func importOfABoardTheSharedFileDoesNotDefine() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try sharedFile(serves: "[testshire, otherton]").write(
      to: dir.appendingPathComponent("shared/region.yaml"), atomically: true, encoding: .utf8)
    expectOneProblem(
      importing("shared/region.yaml", boards: "[rsab, rsb]"), line: 11, column: 20,
      keyPath: "imports[0].boards[1]", "'shared/region.yaml' defines no board 'rsb'",
      "Did you mean 'rsab'?", directory: dir.path)
  }

  @Test func importFromASharedFileThatDoesNotServeThePartnership() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try sharedFile(serves: "[otherton]").write(
      to: dir.appendingPathComponent("shared/region.yaml"), atomically: true, encoding: .utf8)
    expectOneProblem(
      importing("shared/region.yaml", boards: "[rsab]"), line: 10, column: 11,
      keyPath: "imports[0].file", "serves otherton, not 'testshire'", directory: dir.path)
  }

  @Test func importedBoardIsUsedAsIfDefinedHere() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try sharedFile(serves: "[testshire, otherton]").write(
      to: dir.appendingPathComponent("shared/region.yaml"), atomically: true, encoding: .utf8)
    let text = edited(
      ("boards:\n", "imports:\n  - file: shared/region.yaml\n    boards: [rsab]\nboards:\n"),
      ("    to: [hwb]\n", "    to: [hwb, rsab]\n"))
    let p = try ProtocolLoader.load(text: text, name: testFile, directory: dir.path)
    #expect(p.board("rsab")?.sharedFrom == "region")
    #expect(p.report("rsab-annual")?.owner == "rsab")
    #expect(p.person("rsab-chair") != nil)
    #expect(p.duties.first?.receivers == ["hwb", "rsab"])
  }

  @Test func sharedFileOnItsOwnIsNotAPartnership() {
    expectOneProblem(
      sharedFile(serves: "[testshire]"), line: 1, column: 1, keyPath: "", "this is a shared file")
  }

  // MARK: every problem at once

  @Test func allProblemsAreReportedAtOnce() {
    let text = edited(
      ("    chair: hwb-chair\n", "    chair: hwb-chair\n    colour: blue\n"),
      ("    owner: csp\n", "    owner: police\n"),
      ("    action: present\n", "    action: presnet\n"))
    let found = problems(in: text)
    #expect(found.count == 3, "\(found)")
    #expect(
      found.map { [$0.position.line, $0.position.column] } == [[14, 5], [28, 12], [35, 13]])
    #expect(
      found.map(\.keyPath) == [
        "boards[hwb].colour", "reports[csp-annual].owner", "duties[csp-annual-to-hwb].action",
      ])
    #expect(found[0].message.contains("unknown key 'colour'"))
    #expect(found[1].message.contains("no board has the id 'police'"))
    #expect(found[2].message.contains("'presnet' is not a known action"))
    #expect(found[2].message.contains("Did you mean 'present'?"))
  }

  @Test func diagnosticsPrintAsFileLineColumnKeyPathMessage() {
    let found = problems(in: edited(("    owner: csp\n", "    owner: cps\n")))
    #expect(
      found.map(\.description) == [
        "test.yaml:27:12: reports[csp-annual].owner: no board has the id 'cps'. Did you mean 'csp'?"
      ])
  }
}

// MARK: - the command line

// The package root, the binary and `runBoardcal` are in TestSupport.swift.

/// Signs that the tool crashed rather than reporting a problem.
private func expectNoCrash(
  _ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation
) {
  for sign in [
    "Fatal error", "Stack dump", "Backtrace", "backtrace", "Segmentation fault",
    "Illegal instruction",
  ] {
    #expect(
      !result.stderr.contains(sign), "stderr shows a crash: \(result.stderr)",
      sourceLocation: sourceLocation)
  }
  // A crash ends with a signal, which shows as a status above 128 (or uncaught signal).
  #expect(
    result.status == 0 || result.status == 1, "exit status \(result.status)",
    sourceLocation: sourceLocation)
}

@Suite("boardcal validate", .serialized)
struct ValidateCommandTests {
  let binaryBuilt = FileManager.default.isExecutableFile(atPath: boardcalBinary.path)

  func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("boardcal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir)
  }

  @Test func binaryIsBuilt() {
    #expect(binaryBuilt, "no executable at \(boardcalBinary.path); run `swift build` first")
  }

  @Test func goodFileExitsZero() throws {
    try #require(binaryBuilt, "run `swift build` first")
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("good.yaml")
      try validBase.write(to: file, atomically: true, encoding: .utf8)
      let result = try runBoardcal(["validate", file.path], in: dir)
      expectNoCrash(result)
      #expect(result.status == 0, "stderr: \(result.stderr)")
      #expect(result.stderr.isEmpty)
      #expect(result.stdout.contains("\(file.path): ok"))
      #expect(result.stdout.contains("Testshire Partnership: 2 boards, 1 reports, 1 duties"))
    }
  }

  @Test func badFileExitsOneWithEveryProblemAsFileLineColumn() throws {
    try #require(binaryBuilt, "run `swift build` first")
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("bad.yaml")
      let text = edited(
        ("    chair: hwb-chair\n", "    chair: hwb-chair\n    colour: blue\n"),
        ("    owner: csp\n", "    owner: police\n"),
        ("    action: present\n", "    action: presnet\n"))
      try text.write(to: file, atomically: true, encoding: .utf8)
      let result = try runBoardcal(["validate", file.path], in: dir)
      expectNoCrash(result)
      #expect(result.status == 1)
      let lines = result.stderr.split(separator: "\n").map(String.init)
      #expect(lines.count == 4, "\(lines)")
      let problemLines = lines.dropLast()
      for line in problemLines {
        #expect(
          line.wholeMatch(of: /(.+):(\d+):(\d+): (\S+): (.+)/)?.1 == Substring(file.path),
          "not FILE:LINE:COL: keypath: message: \(line)")
      }
      #expect(problemLines.map { $0.hasPrefix("\(file.path):") } == [true, true, true])
      #expect(lines[0].hasPrefix("\(file.path):14:5: boards[hwb].colour: unknown key 'colour'."))
      #expect(
        lines[1].hasPrefix(
          "\(file.path):28:12: reports[csp-annual].owner: no board has the id 'police'."))
      #expect(
        lines[2].hasPrefix(
          "\(file.path):35:13: duties[csp-annual-to-hwb].action: 'presnet' is not a known action"))
      #expect(lines.last == "3 problems found.")
      #expect(!result.stdout.contains("ok"))
    }
  }

  @Test func yamlSyntaxErrorExitsOneWithoutCrashing() throws {
    try #require(binaryBuilt, "run `swift build` first")
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("broken.yaml")
      try edited(("    to: [hwb]\n", "    to: [hwb\n")).write(
        to: file, atomically: true, encoding: .utf8)
      let result = try runBoardcal(["validate", file.path], in: dir)
      expectNoCrash(result)
      #expect(result.status == 1)
      let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
      #expect(first.hasPrefix("\(file.path):33:9: YAML syntax error:"), "\(result.stderr)")
    }
  }

  @Test func missingFileExitsOne() throws {
    try #require(binaryBuilt, "run `swift build` first")
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("absent.yaml")
      let result = try runBoardcal(["validate", file.path], in: dir)
      expectNoCrash(result)
      #expect(result.status == 1)
      #expect(result.stderr.hasPrefix("\(file.path):1:1: cannot read the file"), "\(result.stderr)")
    }
  }

  @Test func oneBadFileAmongGoodOnesFailsTheRun() throws {
    try #require(binaryBuilt, "run `swift build` first")
    try withTemporaryDirectory { dir in
      let good = dir.appendingPathComponent("good.yaml")
      let bad = dir.appendingPathComponent("bad.yaml")
      try validBase.write(to: good, atomically: true, encoding: .utf8)
      try edited(("    owner: csp\n", "    owner: cps\n")).write(
        to: bad, atomically: true, encoding: .utf8)
      let result = try runBoardcal(["validate", good.path, bad.path], in: dir)
      expectNoCrash(result)
      #expect(result.status == 1)
      #expect(result.stdout.contains("\(good.path): ok"))
      #expect(
        result.stderr
          == "\(bad.path):27:12: reports[csp-annual].owner: no board has the id 'cps'. Did you mean 'csp'?\n1 problem found.\n"
      )
    }
  }
}

// MARK: - Board lifecycles and moved meetings

/// `validBase` with `lines` added to the CSP board after `accountable_to` (line 22): the first
/// added line is line 23.
private func cspWith(_ lines: String...) -> String {
  edited(
    (
      "    accountable_to: [hwb]\n",
      "    accountable_to: [hwb]\n" + lines.joined(separator: "\n") + "\n"
    ))
}

/// `text` with `line` added to the HWB board after its chair (line 13): line 14.
private func hwbWith(_ line: String, in text: String) -> String {
  edited(("    chair: hwb-chair\n", "    chair: hwb-chair\n\(line)\n"), in: text)
}

/// `validBase` with `line` added to the HWB's meeting pattern after its day (line 16): line 17.
private func hwbPatternWith(_ line: String, in text: String = validBase) -> String {
  edited(("        day: first Tuesday\n", "        day: first Tuesday\n\(line)\n"), in: text)
}

/// The CSP's `replaced_by` line, naming `board` as its successor from 29 September 2021.
private func cspReplacedBy(_ board: String) -> String {
  "    replaced_by: {board: \(board), on: 2021-09-29, source: {file: seed.txt, quote: \"Replaced.\"}}"
}

extension ValidatorTests {
  @Test func boardLifecycleAndMovedMeetingLoad() throws {
    let text = hwbPatternWith(
      "        moved: [{month: \"2021-10\", to: 2021-10-12, time: \"10:00\", reason: Purdah, source: {file: seed.txt, quote: \"Moved.\"}}]",
      in: cspWith(
        "    established: {on: 2021-05-01, source: {file: seed.txt, quote: \"Set up.\"}}",
        "    renamed: [{on: 2021-07-01, name: Safer Testshire, short_name: ST, source: {file: seed.txt, quote: \"Renamed.\"}}]",
        cspReplacedBy("hwb")))
    let p = try ProtocolLoader.load(text: text, name: testFile)
    let life = try #require(p.board("csp")).life
    #expect(life.established?.on == CivilDate(iso: "2021-05-01"))
    #expect(life.renamed.map(\.name) == ["Safer Testshire"])
    #expect(life.renamed.first?.shortName == "ST")
    #expect(life.replacedBy?.board == "hwb")
    #expect(life.replacedBy?.on == CivilDate(iso: "2021-09-29"))
    #expect(life.lastDay == CivilDate(iso: "2021-09-28"))
    #expect(life.replacedBy?.provenance.sources.first?.quote == "Replaced.")
    let move = try #require(p.board("hwb")?.patterns.first?.moved.first)
    #expect(move.month == YearMonth(year: 2021, month: 10))
    #expect(move.to == CivilDate(iso: "2021-10-12"))
    #expect(move.time == TimeOfDay(hour: 10, minute: 0))
    #expect(move.reason == "Purdah")
  }

  @Test func successorThatIsNoBoardIsLocatedWithASuggestion() {
    expectOneProblem(
      cspWith(cspReplacedBy("hwd")), line: 23, column: 26,
      keyPath: "boards[csp].replaced_by.board", "no board has the id 'hwd'", "Did you mean 'hwb'?")
  }

  @Test func boardCannotReplaceItself() {
    expectOneProblem(
      cspWith(cspReplacedBy("csp")), line: 23, column: 26, keyPath: "boards[csp].replaced_by.board",
      "cannot be replaced by itself")
  }

  @Test func successorsThatGoRoundInACircleAreRefused() {
    let text = hwbWith(
      "    replaced_by: {board: csp, on: 2021-10-01, source: {file: seed.txt, quote: \"Replaced.\"}}",
      in: cspWith(cspReplacedBy("hwb")))
    let found = problems(in: text)
    #expect(found.count == 2, "\(found)")
    #expect(found.map { "\($0.position.line):\($0.position.column)" } == ["14:26", "24:26"])
    #expect(found.allSatisfy { $0.message.contains("goes round in a circle") })
    #expect(found.first?.message.contains("hwb → csp → hwb") == true, "\(found)")
  }

  @Test func successorMustExistWhenItTakesOver() {
    let text = hwbWith(
      "    established: {on: 2021-10-01, source: {file: seed.txt, quote: \"Set up.\"}}",
      in: cspWith(cspReplacedBy("hwb")))
    expectOneProblem(
      text, line: 24, column: 26, "'hwb' takes over on 2021-09-29 but does not exist that day",
      "established on 2021-10-01")
  }

  @Test func boardIsEitherDissolvedOrReplaced() {
    expectOneProblem(
      cspWith(
        cspReplacedBy("hwb"),
        "    dissolved: {on: 2021-12-01, source: {file: seed.txt, quote: \"Wound up.\"}}"),
      line: 24, column: 16, keyPath: "boards[csp].dissolved", "not both")
  }

  @Test func boardCannotEndBeforeItIsEstablished() {
    expectOneProblem(
      cspWith(
        "    established: {on: 2021-06-01, source: {file: seed.txt, quote: \"Set up.\"}}",
        "    dissolved: {on: 2021-05-01, source: {file: seed.txt, quote: \"Wound up.\"}}"),
      line: 24, column: 21, keyPath: "boards[csp].dissolved.on",
      "ends on 2021-05-01", "established on 2021-06-01")
  }

  @Test func renamingsAreInDateOrderWithinTheBoardsLife() {
    expectOneProblem(
      cspWith(
        "    renamed:",
        "      - {on: 2021-09-01, name: Safer Testshire, source: {file: seed.txt, quote: \"Renamed.\"}}",
        "      - {on: 2021-06-01, name: Safer Testshire Partnership, source: {file: seed.txt, quote: \"Renamed again.\"}}"
      ), line: 25, column: 14, "date order", "2021-06-01")
    expectOneProblem(
      cspWith(
        "    renamed: [{on: 2021-12-01, name: Safer Testshire, source: {file: seed.txt, quote: \"Renamed.\"}}]",
        "    dissolved: {on: 2021-10-01, source: {file: seed.txt, quote: \"Wound up.\"}}"),
      line: 23, column: 20, "after its last day (2021-09-30)")
    expectOneProblem(
      cspWith("    renamed: [{on: 2021-12-01, source: {file: seed.txt, quote: \"Renamed.\"}}]"),
      line: 23, column: 15, "the key 'name' is required")
  }

  @Test func movedMeetingStaysInItsMonth() {
    expectOneProblem(
      hwbPatternWith(
        "        moved: [{month: \"2021-10\", to: 2021-11-02, source: {file: seed.txt, quote: \"Moved.\"}}]"
      ), line: 17, column: 40, keyPath: "boards[hwb].meetings[0].moved[0].to",
      "outside its month", "cancel it", "'dates'")
  }

  @Test func movedMeetingMustBeOneThePatternHas() {
    expectOneProblem(
      hwbPatternWith(
        "        moved: [{month: \"2021-09\", to: 2021-09-14, source: {file: seed.txt, quote: \"Moved.\"}}]"
      ), line: 17, column: 17, "no meeting in 2021-09 to move", "June, October")
  }

  @Test func movedMeetingIsMovedOnceAndNotAlsoCancelled() {
    expectOneProblem(
      hwbPatternWith(
        "        moved: [{month: \"2021-10\", to: 2021-10-12, source: {file: seed.txt, quote: \"Moved.\"}}, {month: \"2021-10\", to: 2021-10-19, source: {file: seed.txt, quote: \"Moved again.\"}}]"
      ), line: 17, column: 104, "already moved")
    let cancelled = edited(
      (
        "    source: {file: seed.txt, quote: \"The Health and Wellbeing Board.\"}\n",
        "    cancellations: [{month: \"2021-10\", source: {file: seed.txt, quote: \"Cancelled.\"}}]\n"
          + "    source: {file: seed.txt, quote: \"The Health and Wellbeing Board.\"}\n"
      ),
      in: hwbPatternWith(
        "        moved: [{month: \"2021-10\", to: 2021-10-12, source: {file: seed.txt, quote: \"Moved.\"}}]"
      ))
    expectOneProblem(cancelled, line: 17, column: 17, "both moved and cancelled")
  }
}
