import Foundation

extension Meeting {
  /// The meeting's start as an instant, `YYYY-MM-DDTHH:MM:SSZ`, reading its wall-clock time in
  /// the partnership's zone (a 14:00 meeting in London is 13:00Z in July, 14:00Z in January).
  public func startUTC(timeZone identifier: String) -> String {
    let utc = LocalTime.utc(date: date, time: time, timeZone: identifier)
    return
      "\(utc.date.iso)T\(CivilDate.pad(utc.time.hour, 2)):\(CivilDate.pad(utc.time.minute, 2)):00Z"
  }
}

/// Converts wall-clock times in a zone to UTC, using the system's time-zone database.
public enum LocalTime {
  /// How a wall-clock time reads on a day the clocks may change.
  public enum Reading: Sendable, Equatable {
    /// It happens once.
    case ordinary
    /// It does not exist: the clocks skip it (01:30 on London's last Sunday of March).
    case skipped
    /// It happens twice: the clocks go back over it (01:30 on London's last Sunday of October).
    case repeated
  }

  /// Whether a local date and time exists once, never or twice in `identifier`.
  public static func reading(date: CivilDate, time: TimeOfDay, timeZone identifier: String)
    -> Reading
  {
    let fitting = offsets(date: date, time: time, timeZone: identifier).fitting
    return fitting.isEmpty ? .skipped : Set(fitting).count > 1 ? .repeated : .ordinary
  }

  /// The local wall-clock date and time of a UTC instant in `identifier`.
  public static func local(_ instant: UTCInstant, timeZone identifier: String)
    -> (date: CivilDate, time: TimeOfDay)
  {
    let seconds = instant.secondsSince1970
    let offset = ZoneOffsets.of(identifier).offset(at: seconds)
    let local = UTCInstant(secondsSince1970: seconds + offset)
    return (local.date, TimeOfDay(hour: local.hour, minute: local.minute)!)
  }

  /// The wall-clock end of something that starts at a local date and time and lasts `minutes`
  /// on the real timeline: a 120-minute meeting from 01:30 on the night the clocks go back ends
  /// at 02:30, not 03:30; the start is read as `utc` reads it.
  public static func end(
    of date: CivilDate, _ time: TimeOfDay, minutes: Int, timeZone identifier: String
  ) -> (date: CivilDate, time: TimeOfDay) {
    let start = utc(date: date, time: time, timeZone: identifier)
    let startSeconds = start.date.dayNumber * 86_400 + start.time.minutesSinceMidnight * 60
    return local(UTCInstant(secondsSince1970: startSeconds + minutes * 60), timeZone: identifier)
  }

  /// The offsets (seconds east of UTC) under which a local date and time is a real instant
  /// (none in a gap, two when the clocks go back over it), and the offset in force the day before.
  static func offsets(date: CivilDate, time: TimeOfDay, timeZone identifier: String)
    -> (fitting: [Int], before: Int)
  {
    let sides = sides(date: date, time: time, zone: ZoneOffsets.of(identifier))
    var fitting: [Int] = []
    if sides.beforeFits { fitting.append(sides.before) }
    if sides.afterFits, !sides.beforeFits || sides.after != sides.before {
      fitting.append(sides.after)
    }
    return (fitting.sorted(), sides.before)
  }

  /// The offsets in force a day either side of a local date and time, which bound any change of
  /// the clocks, and whether each fits: gives an instant that is in fact under that offset.
  static func sides(date: CivilDate, time: TimeOfDay, zone: ZoneOffsets)
    -> (before: Int, beforeFits: Bool, after: Int, afterFits: Bool)
  {
    let localSeconds = date.dayNumber * 86_400 + time.minutesSinceMidnight * 60
    let before = zone.offset(at: localSeconds - 86_400)
    let after = zone.offset(at: localSeconds + 86_400)
    return (
      before, zone.offset(at: localSeconds - before) == before,
      after, zone.offset(at: localSeconds - after) == after
    )
  }

  /// The UTC date and time of a local date and time in `identifier` (e.g. Europe/London),
  /// read as RFC 5545 (3.3.5) reads a time with a TZID, as the feeds give it: a time in the
  /// spring-forward gap (01:30 on London's last Sunday of March) takes the offset before the gap
  /// (01:30Z); a time that happens twice in the autumn (01:30 on the last Sunday of October) is
  /// its first occurrence (00:30Z, still in summer time).
  public static func utc(date: CivilDate, time: TimeOfDay, timeZone identifier: String)
    -> (date: CivilDate, time: TimeOfDay)
  {
    // The offsets that fit, worked out without lists (this is asked for every meeting of every
    // feed). None fits: the time is in a gap. Both fit: it happens twice; the larger offset is
    // the earlier.
    let sides = sides(date: date, time: time, zone: ZoneOffsets.of(identifier))
    let chosen =
      sides.beforeFits && sides.afterFits
      ? max(sides.before, sides.after)
      : sides.afterFits ? sides.after : sides.before
    let localSeconds = date.dayNumber * 86_400 + time.minutesSinceMidnight * 60
    let instant = UTCInstant(secondsSince1970: localSeconds - chosen)
    return (instant.date, TimeOfDay(hour: instant.hour, minute: instant.minute)!)
  }

}

/// A zone's offsets from UTC, read once from the system's zone data for the years boardcal works
/// in (`DateBounds`, with a year either side) and then looked up without it: the system's zone
/// answers one caller at a time, which made partnerships worked on side by side wait for each
/// other. Outside those years the system is asked as before.
public struct ZoneOffsets: Sendable {
  /// The instants (seconds since 1970) at which the offset changes, ascending.
  let changes: [Int]
  /// The offset in force before the first change, then after each: one more than `changes`.
  let offsets: [Int]
  let zone: TimeZone
  let covered: ClosedRange<Int>

  init(_ zone: TimeZone) {
    self.zone = zone
    let first = (DateBounds.years.lowerBound - 1 - 1970) * 31_556_952
    let last = (DateBounds.years.upperBound + 2 - 1970) * 31_556_952
    covered = first...last
    var changes: [Int] = []
    var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(first)))]
    var at = Date(timeIntervalSince1970: TimeInterval(first))
    while let next = zone.nextDaylightSavingTimeTransition(after: at),
      next.timeIntervalSince1970 <= TimeInterval(last)
    {
      let offset = zone.secondsFromGMT(for: next)
      if offset != offsets.last {
        changes.append(Int(next.timeIntervalSince1970.rounded(.down)))
        offsets.append(offset)
      }
      at = next
    }
    self.changes = changes
    self.offsets = offsets
  }

  /// The offset (seconds east of UTC) in force at an instant.
  public func offset(at seconds: Int) -> Int {
    guard covered.contains(seconds) else {
      return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    // The number of changes at or before `seconds`.
    var low = 0
    var high = changes.count
    while low < high {
      let mid = (low + high) / 2
      if changes[mid] <= seconds { low = mid + 1 } else { high = mid }
    }
    return offsets[low]
  }

  /// The offsets of a zone by its IANA id (UTC for an id the system does not know), read once
  /// per process.
  public static func of(_ identifier: String) -> ZoneOffsets {
    known.lock.lock()
    defer { known.lock.unlock() }
    if let zone = known.zones[identifier] { return zone }
    let zone = ZoneOffsets(TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!)
    known.zones[identifier] = zone
    return zone
  }

  /// The zones read so far.
  private final class Known: @unchecked Sendable {
    let lock = NSLock()
    var zones: [String: ZoneOffsets] = [:]
  }
  private static let known = Known()
}
