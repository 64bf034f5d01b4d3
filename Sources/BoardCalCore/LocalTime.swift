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

  /// The UTC date and time of a local date and time in `identifier` (e.g. Europe/London).
  /// A time in the spring-forward gap is read as the first valid time after it.
  public static func utc(date: CivilDate, time: TimeOfDay, timeZone identifier: String)
    -> (date: CivilDate, time: TimeOfDay)
  {
    let zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
    let localSeconds = date.dayNumber * 86_400 + time.minutesSinceMidnight * 60
    // Guess with the offset at the local time read as UTC, then correct once.
    var offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localSeconds)))
    offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localSeconds - offset)))
    let utcSeconds = localSeconds - offset
    let day = Int((Double(utcSeconds) / 86_400).rounded(.down))
    let minutes = (utcSeconds - day * 86_400) / 60
    return (CivilDate(dayNumber: day), TimeOfDay(hour: minutes / 60, minute: minutes % 60)!)
  }
}
