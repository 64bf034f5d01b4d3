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
/// database. Every record is checked, against the schedule and what is already stored, inside the
/// transaction that writes them, so no other process records in between; then all are written,
/// or none. A refused record leaves no database file behind.
public struct RecordDesk: Sendable {
  public let partnership: Partnership
  public let database: RecordsDatabase

  public init(_ partnership: Partnership, database: RecordsDatabase) {
    self.partnership = partnership
    self.database = database
  }

  /// What is recorded for the partnership, in the order recorded; empty when the database does
  /// not exist (it is not created by looking).
  public func stored() throws(StoreError) -> [StoredRecord] {
    try database.openIfExists()?.list(partnership: partnership.id) ?? []
  }

  /// Checks every draft against the schedule and what is stored; when all pass, writes them in
  /// one transaction and returns what was written (or found already recorded). `earlier` are
  /// problems found before checking (in reading the file): with any, nothing is checked further.
  /// `at` is the time of recording and `asOf` its day, from the caller's clock.
  public func record(
    _ drafts: [RecordDraft], earlier: [RecordProblem] = [], recordedBy: String?, at: String,
    asOf: CivilDate
  ) throws(RecordingError) -> [SaveOutcome] {
    guard earlier.isEmpty else { throw .refused(earlier) }
    let p = partnership
    func check(_ stored: [StoredRecord]) -> Result<[RecordEntry], RecordingError> {
      let (entries, problems) = RecordChecker(p, stored: stored, asOf: asOf).check(
        drafts)
      return problems.isEmpty ? .success(entries) : .failure(.refused(problems))
    }
    // Without a database yet, check first: a refused record must not create the file.
    if !database.exists, case .failure(let refusal) = check([]) { throw refusal }
    let saved: Result<[SaveOutcome], RecordingError>
    do {
      saved = try database.open().save(
        partnership: p.id, recordedBy: recordedBy, at: at, checking: check)
    } catch {
      throw .store(error)
    }
    return try saved.get()
  }
}
