import Foundation
import Testing

/// `boardcal notify A.yaml B.yaml …`: one run for several partnerships (their alerts worked out
/// side by side), each reported and written as it would be alone.
@Suite("notify of several protocol files")
struct NotifySeveralTests {
  static let files = ["milton-keynes", "medway", "buckinghamshire"].map(seedProtocol)
  static let day = "2022-01-10"

  @Test("--json gives, in the order given, the object each file gives alone")
  func jsonOfSeveral() async throws {
    let folder = try scratchFolder("notify-several")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("none.sqlite").path
    func dryRun(_ files: [String], into name: String) async throws -> Any {
      let out = folder.appendingPathComponent(name)
      let run = await boardcal(
        ["notify"] + files + [
          "--as-of", Self.day, "--db", db, "--dry-run", "--out", out.path, "--json",
        ])
      #expect(run.status == 0, "\(run.stderr)")
      // The folder written to is the only thing that differs between the runs.
      let text = run.stdout.replacingOccurrences(of: out.path, with: "OUT")
      return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
    let together = try #require(try await dryRun(Self.files, into: "together") as? [Any])
    #expect(together.count == 3)
    for (n, file) in Self.files.enumerated() {
      let alone = try await dryRun([file], into: "alone-\(n)")
      let one = try #require(together[n] as? NSDictionary)
      #expect(one == alone as? NSDictionary, "\(file)")
      // Each file's own partnership, and alerts to send.
      #expect(
        one["partnership"] as? String
          == URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
      #expect((one["alerts"] as? Int ?? 0) > 0)
    }
  }

  @Test("the text report is each file's, one after another; a bad file stops the run first")
  func textOfSeveral() async throws {
    let folder = try scratchFolder("notify-several-text")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("none.sqlite").path
    let out = folder.appendingPathComponent("out").path
    let run = await boardcal(
      ["notify"] + Self.files + ["--as-of", Self.day, "--db", db, "--dry-run", "--out", out])
    #expect(run.status == 0, "\(run.stderr)")
    let heads = run.stdout.split(separator: "\n").filter {
      $0.contains(" alerts as of \(Self.day)")
    }
    #expect(heads.count == 3)
    #expect(heads.first?.hasPrefix("MK Together") == true)
    let missing = folder.appendingPathComponent("missing.yaml").path
    let bad = await boardcal(
      [
        "notify", Self.files[0], missing, "--as-of", Self.day, "--db", db, "--dry-run", "--out",
        out,
      ])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("missing.yaml"))
    #expect(bad.stdout.isEmpty)
  }
}
