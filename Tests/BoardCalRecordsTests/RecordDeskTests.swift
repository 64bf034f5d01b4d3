import BoardCalCore
import BoardCalProtocols
import BoardCalStore
@_exported import BoardCalTestSupport
import Foundation
import Testing

@testable import BoardCalRecords

private let mk = Result {
  try ProtocolLoader.load(
    path: packageRoot.appendingPathComponent("Protocols/milton-keynes.yaml").path)
}

private func file(_ name: String, _ text: String) throws -> String {
  let folder = try scratchFolder("records-file")
  let url = folder.appendingPathComponent(name)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// Records checked and written without the command line: files, drafts, the desk.
@Suite("records desk")
struct RecordDeskTests {
  @Test("a CSV file: quoted commas and line breaks, rows located at the line they start on")
  func csvRows() throws {
    let path = try file(
      "r.csv",
      "kind,meeting,reason\ncancelled,milton-keynes-hwb-2021-06,\"not quorate, again\"\n"
        + "held,milton-keynes-hwb-2021-09,\"two\nlines\"\nmoved,milton-keynes-csp-2021-10,\n")
    let contents = RecordsFile.read(path: path)
    #expect(contents.problems.isEmpty)
    #expect(contents.drafts.count == 3)
    #expect(contents.drafts[0].text("reason") == "not quorate, again")
    #expect(contents.drafts[1].text("reason") == "two\nlines")
    #expect(contents.drafts[2].location == "\(path):5", "a row starts on the line after the break")
  }

  @Test("a YAML file with a field given a list, and an unknown top-level key, is refused where")
  func yamlProblems() throws {
    let path = try file(
      "r.yaml",
      "partnership: milton-keynes\nrecord:\n  - kind: held\n")
    let contents = RecordsFile.read(path: path)
    #expect(
      contents.problems.map(\.description).contains {
        $0.hasPrefix("\(path):2:1: unknown key 'record'. Did you mean 'records'?")
      })
    let broken = RecordsFile.read(path: try file("b.yaml", "records:\n  - kind: [held\n"))
    #expect(broken.problems.first?.description.contains("YAML syntax error") == true)
    #expect(broken.problems.first?.description.contains(":2:") == true)
  }

  @Test("the desk checks everything first: one bad row, nothing written and no file created")
  func allOrNothing() throws {
    let p = try mk.get()
    let db = try scratchFolder("desk").appendingPathComponent("records.sqlite").path
    let desk = RecordDesk(p, database: RecordsDatabase(path: db))
    let good = RecordDraft(kind: .cancelled, options: ["meeting": "milton-keynes-hwb-2021-06"])
    let bad = RecordDraft(kind: .held, options: ["meeting": "milton-keynes-hwb-2021-6"])
    #expect {
      try desk.record(
        [good, bad], recordedBy: "test", at: "2021-06-01T09:00:00Z", asOf: day("2021-06-01"))
    } throws: { error in
      guard case .refused(let problems) = error as? RecordingError else { return false }
      return problems.count == 1 && problems[0].place == "--meeting"
        && problems[0].message.contains("Did you mean 'milton-keynes-hwb-2021-06'?")
    }
    #expect(!FileManager.default.fileExists(atPath: db), "a refused record leaves no file")
    let saved = try desk.record(
      [good], recordedBy: "test", at: "2021-06-01T09:00:00Z", asOf: day("2021-06-01"))
    #expect(saved.map(\.isNew) == [true])
    #expect(try desk.stored().map(\.entry.summary) == ["cancelled milton-keynes-hwb-2021-06"])
  }

  @Test("a record an import proposes is checked as a draft located at its line of the export")
  func importedDraft() throws {
    let p = try mk.get()
    let fact = MatchProposal.moved(
      meeting: "milton-keynes-hwb-2021-06", from: CivilDate(iso: "2021-06-01")!,
      to: CivilDate(iso: "2021-06-08")!, time: nil, line: 12
    ).record(board: "hwb")
    let draft = RecordDraft(RecordEntry(try #require(fact)), file: "council.ics", line: 12)
    #expect(draft.location == "council.ics:12")
    let (entries, problems) = RecordChecker(p, stored: [], asOf: day("2021-06-01")).check([draft])
    #expect(problems.isEmpty)
    #expect(entries.map(\.fact) == [fact])
    var wrong = draft
    wrong.fields["meeting"] = RecordDraftValue(
      text: "milton-keynes-hwb-2031-06", location: "council.ics:12", line: 12)
    let refused = RecordChecker(p, stored: [], asOf: day("2021-06-01")).check([wrong]).problems
    #expect(refused.map(\.place) == ["council.ics:12: meeting"])
  }

  @Test("no meeting is added or moved to a day on which its board no longer exists")
  func recordsKeepToTheBoardsLife() throws {
    var p = try mk.get()
    let hwb = try #require(p.boards.firstIndex { $0.id == "hwb" })
    p.boards[hwb].life.dissolved = BoardDissolution(on: day("2021-06-15"), reason: "merged")
    let drafts = [
      RecordDraft(
        kind: .moved, options: ["meeting": "milton-keynes-hwb-2021-06", "date": "2021-06-22"]),
      RecordDraft(kind: .added, options: ["board": "hwb", "date": "2021-07-06"]),
      RecordDraft(
        kind: .moved, options: ["meeting": "milton-keynes-hwb-2021-06", "date": "2021-06-08"]),
    ]
    let problems = RecordChecker(p, stored: [], asOf: day("2021-06-01")).check(drafts).problems
    #expect(problems.count == 2, "\(problems)")
    #expect(problems.allSatisfy { $0.place == "--date" })
    #expect(
      problems.first?.message
        == "Health and Wellbeing Board does not exist on 2021-06-22: its last day is 2021-06-14.")
  }
}

private func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
