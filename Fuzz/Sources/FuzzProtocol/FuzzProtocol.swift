import BoardCalCore
import BoardCalProtocols
import Foundation

/// The seed protocols' folder: a protocol that imports shared files reads them from here (and
/// only reads them).
private let protocols = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Protocols").path

/// The day views are derived as of, fixed so that a run is repeatable.
private let asOf = CivilDate(year: 2026, month: 11, day: 30)!

/// One input: a protocol file's bytes, read as `boardcal validate` reads them (refused unless
/// UTF-8, then loaded and checked); a protocol that loads has its assumptions said and its
/// schedule derived for the days its views cover.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  guard case .success(let text) = UTF8Text.decode(bytes) else { return 0 }
  let p: Partnership
  do {
    p = try ProtocolLoader.load(text: text, name: "fuzz.yaml", directory: protocols)
  } catch {
    for diagnostic in error.diagnostics { _ = diagnostic.description }
    return 0
  }
  _ = ProtocolSummary.assumptions(of: p)
  _ = Schedule.derive(p, span: p.span(asOf: asOf))
  return 0
}
