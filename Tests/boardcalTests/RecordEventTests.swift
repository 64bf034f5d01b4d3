import BoardCalCore
import BoardCalStore
import Foundation
import Testing

/// A Safeguarding Adults Board that takes each review's action plan back a year after the review
/// is published (Care Act 2014 s.44; Schedule 2 para 1(f)), as an officer records it.
private let protocolText = """
  partnership:
    id: testshire
    name: Testshire Partnership
    horizon: {from: 2023-04-01}
    source: {file: care-act-2014, quote: "Each local authority must establish a Safeguarding Adults Board (an SAB) for its area."}
  boards:
    - id: sab
      name: Safeguarding Adults Board
      kind: statutory
      meetings:
        - months: [May, July, September, November, January, March]
          day: first Thursday
          source: {file: terms.txt, quote: "The SAB meets every two months."}
      source: {file: care-act-2014, quote: "Each local authority must establish a Safeguarding Adults Board."}
  reports:
    - id: sar-follow-up
      name: SAR action plan, a year on
      owner: sab
      source: {file: care-act-2014, quote: "what it has done during that year to implement the findings of reviews arranged by it under that section"}
  duties:
    - id: sar-follow-up-to-sab
      report: sar-follow-up
      to: [sab]
      action: present
      window: {after: {event: sar-published}, months: 12}
      source: {file: care-act-2014, quote: "the findings of the reviews arranged by it under section 44"}

  """

@Suite("boardcal record event")
struct RecordEventTests {
  @Test("an event is recorded by the name the protocol uses, and brings its obligation")
  func recordEvent() async throws {
    let folder = try scratchFolder("event")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("testshire.yaml").path
    try protocolText.write(toFile: file, atomically: true, encoding: .utf8)
    let db = folder.appendingPathComponent("records.sqlite").path
    let obligation = "sar-follow-up-to-sab/sab/2023-05-20"

    // Before the review is recorded, its follow-up does not exist.
    let early = await boardcal([
      "record", "fulfilled", file, "--obligation", obligation, "--date", "2024-05-02", "--db", db,
    ])
    #expect(early.status == 1)
    #expect(early.stderr.contains("no obligation '\(obligation)'"), "\(early.stderr)")

    let misspelt = await boardcal([
      "record", "event", file, "--name", "sar-publishd", "--date", "2023-05-20", "--db", db,
    ])
    #expect(misspelt.status == 1)
    #expect(misspelt.stderr.contains("Did you mean 'sar-published'?"), "\(misspelt.stderr)")

    let event = await boardcal([
      "record", "event", file, "--name", "sar-published", "--date", "2023-05-20", "--source",
      "SAR published on the SAB's website", "--db", db,
    ])
    #expect(event.status == 0, "\(event.stderr)")
    #expect(event.stdout == "recorded: event sar-published on 2023-05-20 (record 1)\n")

    // Due 20 May 2024: the SAB's May meeting, first Thursday, 2 May 2024, takes it.
    let schedule = await boardcal([
      "schedule", file, "--as-of", "2023-06-01", "--from", "2024-04-01", "--to", "2024-06-30",
      "--json", "--db", db,
    ])
    #expect(schedule.status == 0, "\(schedule.stderr)")
    #expect(schedule.stdout.contains("\"\(obligation)\""))
    #expect(schedule.stdout.contains("2024-05-02"))

    let met = await boardcal([
      "record", "fulfilled", file, "--obligation", obligation, "--meeting", "testshire-sab-2024-05",
      "--db", db,
    ])
    #expect(met.status == 0, "\(met.stderr)")
    let records = try RecordStore(path: db).records(partnership: "testshire")
    #expect(
      records.events == [RecordedEvent(name: "sar-published", date: CivilDate(iso: "2023-05-20")!)])
    #expect(records.fulfilments.map(\.obligationID) == [obligation])
  }
}
