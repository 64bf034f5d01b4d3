import BoardCalCore
import BoardCalStore
import BoardCalTestSupport
import Foundation
import Testing

@Suite("boardcal record event")
struct RecordEventTests {
  @Test("an event is recorded by the name the protocol uses, and brings its obligation")
  func recordEvent() async throws {
    let folder = try scratchFolder("event")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("testshire.yaml").path
    try relativeTimingFixtureProtocol.write(toFile: file, atomically: true, encoding: .utf8)
    let db = folder.appendingPathComponent("records.sqlite").path
    let obligation = "sar-follow-up-to-hwb/hwb/2023-05-20"

    // Before the review is recorded, its follow-up does not exist.
    let early = await boardcal([
      "record", "fulfilled", file, "--obligation", obligation, "--date", "2024-06-11", "--db", db,
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

    // Due 20 May 2024, in a window from 20 April to 20 June: the HWB's June meeting, second
    // Tuesday, 11 June 2024, takes it.
    let schedule = await boardcal([
      "schedule", file, "--as-of", "2023-06-01", "--from", "2024-04-01", "--to", "2024-06-30",
      "--json", "--db", db,
    ])
    #expect(schedule.status == 0, "\(schedule.stderr)")
    #expect(schedule.stdout.contains("\"\(obligation)\""))
    #expect(schedule.stdout.contains("2024-06-11"))

    let met = await boardcal([
      "record", "fulfilled", file, "--obligation", obligation, "--meeting", "testshire-hwb-2024-06",
      "--db", db,
    ])
    #expect(met.status == 0, "\(met.stderr)")
    let records = try RecordStore(path: db).records(partnership: "testshire")
    #expect(
      records.events == [RecordedEvent(name: "sar-published", date: CivilDate(iso: "2023-05-20")!)])
    #expect(records.fulfilments.map(\.obligationID) == [obligation])
  }
}
