import BoardCalCore
import BoardCalStore
import Foundation

/// Why nothing was recorded: the records did not pass their checks (every problem, in file
/// order), or the database could not be read or written.
public enum RecordingError: Error, Sendable, CustomStringConvertible {
  case refused([RecordProblem])
  case store(StoreError)

  public var description: String {
    switch self {
    case .refused(let problems): return problems.map(\.description).joined(separator: "\n")
    case .store(let error): return error.message
    }
  }
}

/// Where records are checked and written: against one partnership's schedule, into one records
/// database. Every record is checked before anything is written; then all are written in one
/// transaction, or none.
public struct RecordDesk: Sendable {
  public let partnership: Partnership
  /// The records database file; it is created only when something is written.
  public let databasePath: String

  public init(_ partnership: Partnership, databasePath: String) {
    self.partnership = partnership
    self.databasePath = databasePath
  }

  /// What is recorded for the partnership, in the order recorded; empty when the database does
  /// not exist (it is not created by looking).
  public func stored() throws(StoreError) -> [StoredRecord] {
    guard FileManager.default.fileExists(atPath: databasePath) else { return [] }
    return try RecordStore(path: databasePath).list(partnership: partnership.id)
  }

  /// Checks every draft against the schedule and what is stored; when all pass, writes them in
  /// one transaction and returns what was written (or found already recorded). `earlier` are
  /// problems found before checking (in reading the file): with any, nothing is checked further.
  /// `at` is the time of recording, from the caller's clock.
  public func record(
    _ drafts: [RecordDraft], earlier: [RecordProblem] = [], recordedBy: String?, at: String
  ) throws(RecordingError) -> [SaveOutcome] {
    guard earlier.isEmpty else { throw .refused(earlier) }
    let stored: [StoredRecord]
    do { stored = try self.stored() } catch { throw .store(error) }
    let (entries, problems) = RecordChecker(partnership, stored: stored.map(\.entry)).check(drafts)
    guard problems.isEmpty else { throw .refused(problems) }
    do {
      return try RecordStore(path: databasePath).save(
        entries, partnership: partnership.id, recordedBy: recordedBy, at: at)
    } catch {
      throw .store(error)
    }
  }
}
