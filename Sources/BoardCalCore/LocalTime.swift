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
  /// The wall-clock date and time `minutes` after a local date and time.
  public static func add(minutes: Int, to date: CivilDate, _ time: TimeOfDay)
    -> (date: CivilDate, time: TimeOfDay)
  {
    let total = time.minutesSinceMidnight + minutes
    let days = Int((Double(total) / 1440).rounded(.down))
    let rest = total - days * 1440
    return (date.adding(days: days), TimeOfDay(hour: rest / 60, minute: rest % 60)!)
  }

  /// The UTC date and time of a local date and time in `identifier` (e.g. Europe/London),
  /// read as RFC 5545 (3.3.5) reads a time with a TZID, as the feeds give it: a time in the
  /// spring-forward gap (01:30 on London's last Sunday of March) takes the offset before the gap
  /// (01:30Z); a time that happens twice in the autumn (01:30 on the last Sunday of October) is
  /// its first occurrence (00:30Z, still in summer time).
  public static func utc(date: CivilDate, time: TimeOfDay, timeZone identifier: String)
    -> (date: CivilDate, time: TimeOfDay)
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
    let fitting = [before, after].filter { offset(at: localSeconds - $0) == $0 }
    // None fits: the time is in a gap. Both fit: it happens twice; the larger offset is the earlier.
    let chosen = fitting.max() ?? before
    let instant = UTCInstant(secondsSince1970: localSeconds - chosen)
    return (instant.date, TimeOfDay(hour: instant.hour, minute: instant.minute)!)
  }
}
