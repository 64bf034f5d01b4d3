import ArgumentParser
import BoardCalCore
import BoardCalPipeline
import BoardCalSynth
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `boardcal synth`: the benchmark's made-up national input written as protocol files, so that
/// `boardcal emit` can be run and timed on it as a user would run it.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write made-up protocols at national scale (the benchmark's input) as YAML files.",
    discussion: """
      Writes OUT/area-001.yaml, OUT/area-002.yaml, ...: one protocol file per partnership, each \
      with about 12 boards, 15 reports and 60 duties, every kind of meeting pattern, cadence and \
      window, over five years from 2025. They are made up (every name, person and quoted source \
      sentence is invented) but valid: 'boardcal validate' accepts them and 'boardcal emit \
      OUT/*.yaml' writes their feeds, the work the benchmark's national case measures in memory. \
      The same --seed gives byte-identical files, and partnership N is the same whatever the \
      count. The run is all or nothing: the files are written into a folder beside OUT and moved \
      into place at once. OUT must be new, empty, or hold only files this run writes again.
      """)

  /// The most partnerships one run writes.
  static let mostPartnerships = 1000

  @Option(
    help: ArgumentHelp(
      "How many partnerships, 1 to \(mostPartnerships): one file each.", valueName: "n"))
  var partnerships: Int = NationalInput.fullCount
  @Option(
    help: ArgumentHelp("The generator's seed; the default is the benchmark's.", valueName: "n"))
  var seed: UInt64 = NationalInput.defaultSeed
  @Option(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var out: String
  @Flag(help: "Print nothing but problems.") var quiet = false

  func run() throws {
    guard (1...Self.mostPartnerships).contains(partnerships) else {
      throw ValidationError(
        "--partnerships must be 1 to \(Self.mostPartnerships); \(partnerships) was given. Nothing was written."
      )
    }
    let folder = URL(fileURLWithPath: out)
    let names = (1...partnerships).map { NationalInput.fileName(number: $0) }
    try checkFolder(folder, keeping: Set(names))
    // Each protocol goes into the new set as it is made; the set is swapped in whole at the end.
    let progress = Progress(total: partnerships, quiet: quiet)
    var made: [Partnership] = []
    do {
      let run = try CalendarExport.Run(root: folder)
      for number in 1...partnerships {
        let file = NationalInput.protocolFile(number: number, seed: seed)
        try run.add(
          partnership: file.partnership.id, files: [CalendarFile(path: file.name, text: file.text)])
        made.append(file.partnership)
        progress.done(file.name)
      }
      progress.end()
      _ = try run.finish()
    } catch {
      progress.end()
      complain("boardcal: \(error). Nothing was written.")
      throw ExitCode(1)
    }
    guard !quiet else { return }
    let p = made
    say(
      "wrote \(made.count) protocols (\(p.map(\.boards.count).reduce(0, +)) boards, \(p.map(\.reports.count).reduce(0, +)) reports, \(p.map(\.duties.count).reduce(0, +)) duties) to \(out)"
    )
  }

  /// Refuses, before any work, an --out that is a file, or a folder holding files this run would
  /// not write again (another run's, or someone's protocols): they would be left beside the new
  /// set, and `emit OUT/*.yaml` would read them too.
  func checkFolder(_ folder: URL, keeping names: Set<String>) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
      return
    }
    guard isFolder.boolValue else {
      throw ValidationError(
        "--out \(out) is a file, not a folder; give a folder to write the protocols into. Nothing was written."
      )
    }
    let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    // A file with a name this run writes is only replaced when synth wrote it (its first line
    // says so): never someone's protocol that happens to share the name.
    let others = present.filter { name in
      guard names.contains(name) else { return true }
      let file = folder.appendingPathComponent(name)
      guard let handle = try? FileHandle(forReadingFrom: file) else { return true }
      defer { try? handle.close() }
      let head = String(decoding: (try? handle.read(upToCount: 200)) ?? Data(), as: UTF8.self)
      return !(head.hasPrefix("# ") && head.contains(": made up by `boardcal synth"))
    }.sorted()
    guard others.isEmpty else {
      let shown = others.prefix(3).joined(separator: ", ")
      throw ValidationError(
        "--out \(out) holds files this run would not write (\(shown)\(others.count > 3 ? " and \(others.count - 3) more" : "")); give a new or empty folder, or remove them. Nothing was written."
      )
    }
  }
}
