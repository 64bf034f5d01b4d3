/// When the server sends a partnership's alerts: once a day, at a wall-clock time in the
/// partnership's own time zone (`serve --notify-at 07:00`). The round of a day is due from that
/// time to the end of that local day until it has run, so a server that was down at 07:00 sends
/// the day's alerts when it comes back; the alert log keeps any delivery from going twice.
public struct DailyRound: Hashable, Sendable {
  /// The local time the round runs at.
  public let time: TimeOfDay

  public init(at time: TimeOfDay) { self.time = time }

  /// The instant the round of local `day` runs, read as the feeds read a local time (a time the
  /// clocks skip runs at the moment they skip to; one they repeat, the first time).
  public func instant(of day: CivilDate, timeZone: String) -> UTCInstant {
    let utc = LocalTime.utc(date: day, time: time, timeZone: timeZone)
    return UTCInstant(date: utc.date, hour: utc.time.hour, minute: utc.time.minute)
  }

  /// The local day whose round is due at `now` and has not run (`lastRun` is the day of the last
  /// round run), or nil when none is.
  public func due(at now: UTCInstant, lastRun: CivilDate?, timeZone: String) -> CivilDate? {
    let today = LocalTime.local(now, timeZone: timeZone).date
    guard now >= instant(of: today, timeZone: timeZone), lastRun != today else { return nil }
    return today
  }

  /// The next instant after `now` at which a round becomes due.
  public func next(after now: UTCInstant, timeZone: String) -> UTCInstant {
    var day = LocalTime.local(now, timeZone: timeZone).date
    while instant(of: day, timeZone: timeZone) <= now { day = day.adding(days: 1) }
    return instant(of: day, timeZone: timeZone)
  }
}
