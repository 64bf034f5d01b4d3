import BoardCalCore
import BoardCalICal

/// The last day an import reads recurring events up to, fixed so that a run is repeatable (two
/// years past the committed feeds' AS-OF, as far as the seed protocols' views reach).
private let lastDay = CivilDate(year: 2028, month: 3, day: 31)!

/// One input: an .ics export's bytes, read as `boardcal import` reads them (UTF-8 or refused,
/// then outlined and read through libical with every recurrence expanded).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  do {
    let calendar = try ICalendarReader.read(
      bytes, file: "fuzz.ics", timeZone: "Europe/London", through: lastDay)
    for event in calendar.events { _ = (event.date.iso, event.time, event.summary) }
  } catch {
    _ = error.description
  }
  return 0
}
