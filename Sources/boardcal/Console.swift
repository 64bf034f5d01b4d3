import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import BoardCalProtocols
import Foundation

extension BoardCal {
  /// Where a command writes: standard output and standard error, or, when a test runs a command
  /// in process, a buffer it reads afterwards.
  struct Console: Sendable {
    let out: @Sendable (String) -> Void
    let err: @Sendable (String) -> Void

    /// The process's own streams, unbuffered: an acknowledgement printed after a commit reaches
    /// the file or pipe at once.
    static let standard = Console(
      out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
      err: { text in FileHandle.standardError.write(Data(text.utf8)) })

    /// The console of the running command.
    @TaskLocal static var current = Console.standard
  }
}

/// What every command does with its console and its protocol file.
extension ParsableCommand {
  /// Writes a line to the command's output.
  func say(_ line: String = "") { BoardCal.Console.current.out(line + "\n") }

  /// Writes a line to the command's error stream.
  func complain(_ line: String) { BoardCal.Console.current.err(line + "\n") }

  /// Writes a JSON document (`JSONOutput`) to the command's output.
  func sayJSON(_ value: some Encodable) throws {
    BoardCal.Console.current.out(try JSONOutput.text(value))
  }

  /// Loads a protocol file with what `database` has recorded for it (nothing when nil or absent),
  /// as it stands on `asOf` (nil: today in the partnership's time zone), or says every problem
  /// and ends the command with status 1.
  func loadState(_ file: String, database: RecordsDatabase?, asOf: CivilDate?) throws
    -> PartnershipState
  {
    let p = try loadPartnership(file)
    let day = try standingDay(asOf ?? today(in: p.timeZone), for: p, file: file)
    do {
      return try PartnershipState(p, asOf: day, database: database)
    } catch {
      complain("boardcal: \(error)")
      throw ExitCode(1)
    }
  }

  /// The day to stand on, when the days it makes a command derive are within bounds; else says
  /// why and ends the command with status 1.
  func standingDay(_ day: CivilDate, for p: Partnership, file: String) throws -> CivilDate {
    if let problem = DateBounds.problem(with: p.span(asOf: day)) {
      complain("boardcal: \(file): as of \(day), \(problem)")
      throw ExitCode(1)
    }
    return day
  }

  /// Loads a protocol file alone, or says every problem and ends the command with status 1.
  func loadPartnership(_ file: String) throws -> Partnership {
    do {
      return try ProtocolLoader.load(path: file)
    } catch {
      for diagnostic in error.diagnostics { complain(diagnostic.description) }
      complain("\(file) has problems; run 'boardcal validate \(file)'.")
      throw ExitCode(1)
    }
  }

  /// Today on the wall clock of a time zone: read here, at the edge, never in the core.
  func today(in zone: String) -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }

  /// A board id given on the command line that the audience may not see or the protocol does
  /// not define; the boards named are the ones the audience may see.
  func unknownBoard(_ id: String, _ p: Partnership, _ disclosure: Disclosure? = nil)
    -> ValidationError
  {
    let boards = p.boards.map(\.id).filter { disclosure?.board($0) ?? true }
    return ValidationError(
      "no board '\(id)' in \(p.id)." + didYouMean(id, boards)
        + " Boards: \(boards.joined(separator: ", ")).")
  }
}
