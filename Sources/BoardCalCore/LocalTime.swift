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
    let zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
    let seconds = instant.secondsSince1970
    let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
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
    let zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
    let localSeconds = date.dayNumber * 86_400 + time.minutesSinceMidnight * 60
    func offset(at seconds: Int) -> Int {
      zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    // The offsets in force a day either side bound any change of the clocks; an offset fits
    // when the instant it gives is in fact under that offset.
    let before = offset(at: localSeconds - 86_400)
    let after = offset(at: localSeconds + 86_400)
    return (
      Array(Set([before, after].filter { offset(at: localSeconds - $0) == $0 })).sorted(), before
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
    let (fitting, before) = offsets(date: date, time: time, timeZone: identifier)
    // None fits: the time is in a gap. Both fit: it happens twice; the larger offset is the earlier.
    let chosen = fitting.max() ?? before
    let localSeconds = date.dayNumber * 86_400 + time.minutesSinceMidnight * 60
    let instant = UTCInstant(secondsSince1970: localSeconds - chosen)
    return (instant.date, TimeOfDay(hour: instant.hour, minute: instant.minute)!)
  }

}
