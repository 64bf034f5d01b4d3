import Foundation

// A partnership file written for tests: a Kent partnership that imports the Kent and Medway
// Safeguarding Adults Board from Protocols/shared/kent-and-medway.yaml beside the seed Medway
// protocol (issue 12, shared boards). Its own calendar conventions differ from the format's
// (papers five working days ahead, 90-minute meetings at 09:30), so that a shared meeting that
// followed its importer would show it. Write it beside a copy of Protocols/shared/ (or load it
// with `directory:` Protocols/).

/// A Kent partnership importing the KMSAB: its Health and Wellbeing Board receives the KMSAB's
/// annual report and informs the KMSAB of its refreshed plan, as Medway's boards do.
public let kentFixtureProtocol = """
  partnership:
    id: kent
    name: Kent test partnership
    area: Kent
    horizon:
      from: 2021-04-01
    defaults:
      meeting_time: "09:30"
      meeting_length_minutes: 90
      paper_lead_working_days: 5
    assumption: A test fixture, not a seed protocol.
    source:
      file: 003_2ef2c7ff87ca45a4.txt
      quote: "Kent and Medway Safeguarding Adults Board"
  imports:
    - file: shared/kent-and-medway.yaml
      boards: [kmsab]
  boards:
    - id: kent-hwb
      name: Kent Health and Wellbeing Board
      short_name: Kent HWB
      kind: committee
      assumption: A test fixture.
      source:
        file: 003_2ef2c7ff87ca45a4.txt
        quote: "Kent and Medway Safeguarding Adults Board"
      meetings:
        - every_months: 3
          starting: May
          day: first Wednesday
          assumption: A test fixture.
          source:
            file: 003_2ef2c7ff87ca45a4.txt
            quote: "Kent and Medway Safeguarding Adults Board"
  reports:
    - id: kent-hwb-plan
      name: Kent Health and Wellbeing Board refreshed plan for the coming financial year
      owner: kent-hwb
      assumption: A test fixture.
      source:
        file: 003_2ef2c7ff87ca45a4.txt
        quote: "Kent and Medway Safeguarding Adults Board"
  duties:
    - id: kmsab-annual-report-to-kent-hwb
      report: kmsab-annual-report
      to: [kent-hwb]
      action: present
      window: {from: September, to: December}
      assumption: A test fixture.
      source:
        file: 003_2ef2c7ff87ca45a4.txt
        quote: "Kent and Medway Safeguarding Adults Board"
    - id: kent-hwb-plan-to-kmsab
      report: kent-hwb-plan
      to: [kmsab]
      action: inform
      window: {from: April, to: June}
      assumption: A test fixture.
      source:
        file: 003_2ef2c7ff87ca45a4.txt
        quote: "Kent and Medway Safeguarding Adults Board"

  """

/// A new folder of protocol files (removed by the caller): the seed Medway protocol, a copy of
/// Protocols/shared/kent-and-medway.yaml under shared/, and `kent.yaml` (`kentFixtureProtocol`).
public func medwayAndKentProtocols() throws -> URL {
  let folder = try scratchFolder("medway-and-kent")
  let fm = FileManager.default
  let protocols = packageRoot.appendingPathComponent("Protocols")
  try fm.createDirectory(
    at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
  try fm.copyItem(
    at: protocols.appendingPathComponent("shared/kent-and-medway.yaml"),
    to: folder.appendingPathComponent("shared/kent-and-medway.yaml"))
  try fm.copyItem(
    at: protocols.appendingPathComponent("medway.yaml"),
    to: folder.appendingPathComponent("medway.yaml"))
  try kentFixtureProtocol.write(
    to: folder.appendingPathComponent("kent.yaml"), atomically: true, encoding: .utf8)
  return folder
}
