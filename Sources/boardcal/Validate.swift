import ArgumentParser
import BoardCalCore
import BoardCalPipeline
import BoardCalProtocols
import Foundation

/// `boardcal validate`: every problem in every file, at once.
struct Validate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check protocol files and report every problem with file, line and column.",
    discussion: "Exit status 0 when every file is clean, 1 when any problem is found."
  )

  @Argument(help: "Protocol files (YAML), e.g. Protocols/*.yaml.")
  var files: [String]

  @Flag(help: "Also list every assumption the files make where the documents are silent.")
  var assumptions = false

  func run() async throws {
    var problems = 0
    // The files are read side by side, one per core, and reported in the order given.
    let read = { @Sendable (file: String) -> (String, Result<Partnership, ProtocolLoadError>) in
      (file, Result { () throws(ProtocolLoadError) in try ProtocolLoader.load(path: file) })
    }
    try await SideBySide.inOrder(files, make: read) {
      (read: (String, Result<Partnership, ProtocolLoadError>)) in
      let (file, loaded) = read
      switch loaded {
      case .success(let partnership):
        say(
          "\(file): ok — \(partnership.name): \(partnership.boards.count) boards, \(partnership.reports.count) reports, \(partnership.duties.count) duties"
        )
        let today = today(in: partnership.timeZone)
        if let due = partnership.review?.next, due < today {
          say(
            "  review overdue since \(due.yearMonth.iso): the protocol says it is next reviewed then."
          )
        }
        if assumptions {
          for line in ProtocolSummary.assumptions(of: partnership) {
            say("  assumption: \(line)")
          }
        }
      case .failure(let error):
        problems += error.diagnostics.count
        for diagnostic in error.diagnostics { complain(diagnostic.description) }
      }
    }
    if problems > 0 {
      complain("\(problems) problem\(problems == 1 ? "" : "s") found.")
      throw ExitCode(1)
    }
  }
}
