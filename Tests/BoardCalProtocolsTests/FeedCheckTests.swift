import Foundation
import Testing

/// python3 on the PATH, if any: feeds_check.py needs it (and icalendar, ical, vobject).
let python3Path: String? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
  for folder in path.split(separator: ":") {
    let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("python3").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}()

/// The feeds `boardcal emit` writes for the three seed protocols, checked by Tests/feeds_check.py
/// (three parsers, the project's lint, and the scheduler's own view of every board).
@Suite struct FeedCheckTests {
  @Test(
    .enabled(
      if: python3Path != nil,
      "SKIPPED: python3 is not on the PATH, so Tests/feeds_check.py cannot check the emitted feeds"),
    .timeLimit(.minutes(10)))
  func emittedSeedFeedsPassFeedsCheck() throws {
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent(
      "boardcal-feedcheck-\(UUID().uuidString)")
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: scratch) }
    let calendars = scratch.appendingPathComponent("Calendars")

    let protocols = ["buckinghamshire", "medway", "milton-keynes"].map { "Protocols/\($0).yaml" }
    let emit = try runBoardcal(["emit"] + protocols + ["--out", calendars.path, "--quiet"])
    try #require(
      emit.status == 0, "boardcal emit exited \(emit.status):\n\(emit.stderr)\n\(emit.stdout)")
    for partnership in ["buckinghamshire", "medway", "milton-keynes"] {
      #expect(
        fm.fileExists(atPath: calendars.appendingPathComponent("\(partnership)/public.ics").path),
        "emit wrote no \(partnership)/public.ics")
    }

    let check = try runProgram(
      python3Path!,
      [
        packageRoot.appendingPathComponent("Tests/feeds_check.py").path, calendars.path,
        "--boardcal", boardcalBinary.path,
      ])
    let report = check.output
    #expect(
      check.status == 0, "python3 Tests/feeds_check.py exited \(check.status):\n\(report)")
    let summary = check.stdout.split(separator: "\n").last.map(String.init) ?? ""
    #expect(
      summary.range(of: #"^\d+ passed, 0 failed$"#, options: .regularExpression) != nil,
      "unexpected last line '\(summary)':\n\(report)")
  }
}
