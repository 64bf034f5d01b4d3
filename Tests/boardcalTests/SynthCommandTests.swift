import BoardCalCore
import BoardCalProtocols
import BoardCalSynth
import Foundation
import Testing

/// `boardcal synth`: the benchmark's national input as protocol files a user can validate and
/// emit, the same bytes for the same seed, and nothing written when it refuses.
@Suite("synth: the national input as protocol files")
struct SynthCommandTests {
  static let names = (1...5).map { "area-00\($0).yaml" }

  func files(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  @Test("five partnerships: five files that validate, load as generated and emit")
  func fivePartnerships() async throws {
    let scratch = try scratchFolder("synth")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("national")
    let run = await boardcal(["synth", "--partnerships", "5", "--out", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    let generated = NationalInput.partnerships(count: 5, seed: NationalInput.defaultSeed)
    let boards = generated.map(\.boards.count).reduce(0, +)
    let reports = generated.map(\.reports.count).reduce(0, +)
    let duties = generated.map(\.duties.count).reduce(0, +)
    #expect(
      run.stdout
        == "wrote 5 protocols (\(boards) boards, \(reports) reports, \(duties) duties) to \(out.path)\n"
    )
    #expect(boards > 50 && reports > 70 && duties > 270)
    #expect(try files(in: out) == Self.names)
    // Nothing beside the folder: the staging folder is gone.
    #expect(try files(in: scratch) == ["national"])

    let paths = Self.names.map { out.appendingPathComponent($0).path }
    for (path, p) in zip(paths, generated) {
      let loaded = try ProtocolLoader.load(path: path)
      #expect(loaded.withoutPositions == p, "\(path)")
      let span = p.referenceSpan
      #expect(
        Schedule.derive(loaded.withoutPositions, span: span) == Schedule.derive(p, span: span),
        "\(path)")
    }

    let validate = await boardcal(["validate"] + paths)
    #expect(validate.status == 0, "\(validate.stderr)")
    #expect(
      validate.stdout.split(separator: "\n").first
        == "\(paths[0]): ok — Area 001 Safeguarding and Wellbeing Partnership: \(generated[0].boards.count) boards, \(generated[0].reports.count) reports, \(generated[0].duties.count) duties"
    )
    #expect(validate.stdout.components(separatedBy: ": ok — ").count == 6)

    // End to end as a user runs it: the feeds of a generated protocol.
    let feeds = scratch.appendingPathComponent("feeds")
    let emit = await boardcal([
      "emit", paths[0], "--out", feeds.path, "--as-of", "2026-06-01", "--quiet",
    ])
    #expect(emit.status == 0, "\(emit.stderr)")
    let hwb = try String(
      contentsOf: feeds.appendingPathComponent("area-001/boards/hwb.ics"), encoding: .utf8)
    #expect(hwb.contains("Area 001 Health and Wellbeing Board"))
  }

  /// The README shows the run a user makes for the benchmark's whole input, with its counts.
  @Test("the README's synth example prints what it shows")
  func readmeExample() async throws {
    let readme = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let shown = readme.components(separatedBy: "\n").first { $0.hasPrefix("# wrote 150 protocols") }
    let scratch = try scratchFolder("synth")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("national")
    let run = await boardcal(["synth", "--partnerships", "150", "--out", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    let printed = run.stdout.replacingOccurrences(of: out.path, with: "/tmp/national")
    #expect(shown.map { $0 + "\n" } == "# " + printed)
  }

  @Test("the same seed writes the same bytes, another seed other files; a rerun replaces them")
  func deterministic() async throws {
    let scratch = try scratchFolder("synth")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let a = scratch.appendingPathComponent("a")
    let b = scratch.appendingPathComponent("b")
    let c = scratch.appendingPathComponent("c")
    #expect(await boardcal(["synth", "--partnerships", "3", "--out", a.path]).status == 0)
    #expect(await boardcal(["synth", "--partnerships", "3", "--out", b.path]).status == 0)
    #expect(
      await boardcal(["synth", "--partnerships", "3", "--seed", "7", "--out", c.path]).status
        == 0)
    for name in Self.names.prefix(3) {
      let bytes = { (folder: URL) in
        FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
      }
      #expect(bytes(a) != nil && bytes(a) == bytes(b), "\(name)")
      #expect(bytes(a) != bytes(c), "\(name)")
    }
    // Written again over its own files, with another seed: the new set replaces the old.
    let again = await boardcal(["synth", "--partnerships", "3", "--seed", "7", "--out", a.path])
    #expect(again.status == 0, "\(again.stderr)")
    for name in Self.names.prefix(3) {
      #expect(
        FileManager.default.contents(atPath: a.appendingPathComponent(name).path)
          == FileManager.default.contents(atPath: c.appendingPathComponent(name).path))
    }
  }

  @Test("a count out of range is refused and nothing is written", arguments: ["0", "1001", "-3"])
  func badCount(_ count: String) async throws {
    let scratch = try scratchFolder("synth")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("national")
    let run = await boardcal(["synth", "--partnerships=\(count)", "--out", out.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("--partnerships must be 1 to 1000; \(count) was given"))
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out.path))
    #expect(try files(in: scratch).isEmpty)
  }

  @Test("an --out that is a file, under a file, or holds other files is refused untouched")
  func badFolder() async throws {
    let scratch = try scratchFolder("synth")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let file = scratch.appendingPathComponent("notes.txt")
    try Data("mine".utf8).write(to: file)

    let onFile = await boardcal(["synth", "--partnerships", "2", "--out", file.path])
    #expect(onFile.status == 1)
    #expect(
      onFile.stderr.contains(
        "--out \(file.path) is a file, not a folder; give a folder to write the protocols into. Nothing was written."
      ))

    let under = file.appendingPathComponent("national")
    let underFile = await boardcal(["synth", "--partnerships", "2", "--out", under.path])
    #expect(underFile.status == 1)
    #expect(underFile.stderr.contains("cannot write \(file.path)"), "\(underFile.stderr)")
    #expect(underFile.stderr.contains("Nothing was written."))

    // Someone's protocols: never mixed with made-up ones.
    let protocols = scratch.appendingPathComponent("Protocols")
    try FileManager.default.createDirectory(at: protocols, withIntermediateDirectories: false)
    try Data("partnership: {}\n".utf8).write(to: protocols.appendingPathComponent("medway.yaml"))
    let mixed = await boardcal(["synth", "--partnerships", "2", "--out", protocols.path])
    #expect(mixed.status == 1)
    #expect(
      mixed.stderr.contains(
        "--out \(protocols.path) holds files this run would not write (medway.yaml); give a new or empty folder, or remove them. Nothing was written."
      ))
    #expect(try files(in: protocols) == ["medway.yaml"])

    // Someone's protocol under a name synth writes: refused too, not replaced.
    let named = scratch.appendingPathComponent("Named")
    try FileManager.default.createDirectory(at: named, withIntermediateDirectories: false)
    let theirs = named.appendingPathComponent("area-002.yaml")
    try Data("partnership: {id: medway}\n".utf8).write(to: theirs)
    let sameName = await boardcal(["synth", "--partnerships", "3", "--out", named.path])
    #expect(sameName.status == 1)
    #expect(sameName.stderr.contains("holds files this run would not write (area-002.yaml)"))
    #expect(
      FileManager.default.contents(atPath: theirs.path) == Data("partnership: {id: medway}\n".utf8))
    #expect(try files(in: scratch) == ["Named", "Protocols", "notes.txt"])
    #expect(FileManager.default.contents(atPath: file.path) == Data("mine".utf8))
  }
}
