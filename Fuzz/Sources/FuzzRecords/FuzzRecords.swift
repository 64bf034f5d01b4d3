import BoardCalCore
import BoardCalProtocols
import BoardCalRecords
import Foundation

/// The protocol the records are checked against: the Milton Keynes seed, loaded once.
private let mk: Partnership = {
  let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let path = root.appendingPathComponent("Protocols/milton-keynes.yaml").path
  do {
    return try ProtocolLoader.load(path: path)
  } catch {
    fatalError("cannot load the seed protocol \(path): \(error)")
  }
}()

/// The day of recording, fixed so that a run is repeatable (the seed records are of 2021-22).
private let asOf = CivilDate(year: 2022, month: 6, day: 1)!

/// One input: a records file's bytes, read as `boardcal record --from` reads them (refused unless
/// UTF-8), as YAML and as CSV; rows read without a problem are checked against the protocol
/// with nothing stored, as they would be before being written (nothing is written).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  guard case .success(let text) = UTF8Text.decode(bytes) else { return 0 }
  for contents in [
    RecordsFile.yaml(text, file: "fuzz.yaml"), RecordsFile.csv(text, file: "fuzz.csv"),
  ] {
    for problem in contents.problems { _ = problem.description }
    guard contents.problems.isEmpty, !contents.drafts.isEmpty else { continue }
    let (entries, problems) = RecordChecker(mk, stored: [], asOf: asOf).check(contents.drafts)
    for problem in problems { _ = problem.description }
    for entry in entries { _ = entry.summary }
  }
  return 0
}
