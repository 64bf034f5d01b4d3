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

/// Why a command cannot go on: the lines it says on the error stream before it ends with status 1.
struct CommandFailure: Error {
  let lines: [String]
  init(_ lines: [String]) { self.lines = lines }
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
    try saying { () throws(CommandFailure) in
      try Self.state(file, database: database, asOf: asOf)
    }
  }

  /// The day to stand on, when the days it makes a command derive are within bounds; else says
  /// why and ends the command with status 1.
  func standingDay(_ day: CivilDate, for p: Partnership, file: String) throws -> CivilDate {
    try saying { () throws(CommandFailure) in try Self.standing(day, for: p, file: file) }
  }

  /// Loads a protocol file alone, or says every problem and ends the command with status 1.
  func loadPartnership(_ file: String) throws -> Partnership {
    try saying { () throws(CommandFailure) in try Self.partnership(file) }
  }

  /// What `work` gives; when it fails, its lines on the error stream and exit status 1.
  func saying<T>(_ work: () throws(CommandFailure) -> T) throws -> T {
    do {
      return try work()
    } catch {
      for line in error.lines { complain(line) }
      throw ExitCode(1)
    }
  }

  /// `loadState` without the console: what it loads, or the lines that say why not. Safe to run
  /// for several files side by side.
  static func state(_ file: String, database: RecordsDatabase?, asOf: CivilDate?)
    throws(CommandFailure) -> PartnershipState
  {
    let p = try partnership(file)
    let day = try standing(asOf ?? clockToday(in: p.timeZone), for: p, file: file)
    do {
      return try PartnershipState(p, asOf: day, database: database)
    } catch {
      throw CommandFailure(["boardcal: \(error)"])
    }
  }

  /// `standingDay` without the console.
  static func standing(_ day: CivilDate, for p: Partnership, file: String)
    throws(CommandFailure)
    -> CivilDate
  {
    if let problem = DateBounds.problem(with: p.span(asOf: day)) {
      throw CommandFailure(["boardcal: \(file): as of \(day), \(problem)"])
    }
    return day
  }

  /// `loadPartnership` without the console.
  static func partnership(_ file: String) throws(CommandFailure) -> Partnership {
    do {
      return try ProtocolLoader.load(path: file)
    } catch {
      throw CommandFailure(
        error.diagnostics.map(\.description)
          + ["\(file) has problems; run 'boardcal validate \(file)'."])
    }
  }

  /// Today on the wall clock of a time zone: read here, at the edge, never in the core.
  func today(in zone: String) -> CivilDate { Self.clockToday(in: zone) }

  /// `today(in:)`, for work done side by side.
  static func clockToday(in zone: String) -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
}

extension ParsableArguments {
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

  /// A person id the protocol does not name, with a "did you mean" and the people it does.
  func unknownPerson(_ id: String, _ p: Partnership) -> String {
    "no person or role '\(id)' in \(p.id)." + didYouMean(id, p.people.map(\.id))
      + " People: \(p.people.map(\.id).joined(separator: ", "))."
  }
}

/// A progress line on the error stream while a long command works through its files: shown only
/// on a terminal, rewritten in place, and cleared at the end.
final class Progress {
  let total: Int
  let shown: Bool
  var count = 0

  init(total: Int, quiet: Bool) {
    self.total = total
    shown = !quiet && total > 1 && isatty(STDERR_FILENO) == 1
  }

  /// One more is done.
  func done(_ what: String) {
    count += 1
    guard shown else { return }
    BoardCal.Console.current.err("\r\u{1B}[K\(count) of \(total) done (\(what))")
  }

  /// Clears the line.
  func end() {
    guard shown, count > 0 else { return }
    BoardCal.Console.current.err("\r\u{1B}[K")
  }
}
