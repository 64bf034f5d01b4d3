import Foundation

/// How a time zone's clocks change over a span of years, read from the system's zone data: what a
/// feed's VTIMEZONE says. Where every change in the span follows one yearly rule ("the last Sunday
/// of March at 01:00"), the rule is given once, open-ended; where the rules changed within the
/// span, each change is given on its own date.
public struct ZoneObservances: Hashable, Sendable {
  /// A yearly rule: the `ordinal` `weekday` of `month` (ordinal -1: the last).
  public struct YearlyRule: Hashable, Sendable {
    public let month: Int
    public let ordinal: Int
    public let weekday: Weekday
  }

  /// One observance: from `start` (wall-clock time under `offsetFrom`), clocks read `offsetTo`.
  public struct Observance: Hashable, Sendable {
    /// Summer time (DAYLIGHT) rather than standard time (STANDARD).
    public let isDaylight: Bool
    /// Seconds east of UTC before the change, and after it.
    public let offsetFrom: Int
    public let offsetTo: Int
    /// The first change, on the wall clock as it read before the change.
    public let start: CivilDate
    public let time: TimeOfDay
    /// The rule the change follows every year from `start`, when it does; nil: only on `start`.
    public let yearly: YearlyRule?
  }

  /// The zone's IANA id, e.g. `Europe/London`.
  public let identifier: String
  public let observances: [Observance]

  /// The observances of `identifier` from 1 January of `firstYear` to 31 December of `lastYear`;
  /// nil for a zone the system does not know.
  public static func of(_ identifier: String, from firstYear: Int, to lastYear: Int)
    -> ZoneObservances?
  {
    guard let zone = TimeZone(identifier: identifier), firstYear <= lastYear,
      let first = CivilDate(year: firstYear, month: 1, day: 1),
      let last = CivilDate(year: lastYear + 1, month: 1, day: 1)
    else { return nil }
    let begin = Date(timeIntervalSince1970: TimeInterval(first.dayNumber * 86_400))
    let end = Date(timeIntervalSince1970: TimeInterval(last.dayNumber * 86_400))
    var changes: [Observance] = []
    var cursor = begin
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
      let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
      let after = zone.secondsFromGMT(for: next)
      let wall = UTCInstant(
        secondsSince1970: Int(next.timeIntervalSince1970.rounded(.down)) + before)
      changes.append(
        Observance(
          isDaylight: zone.isDaylightSavingTime(for: next), offsetFrom: before, offsetTo: after,
          start: wall.date,
          time: TimeOfDay(hour: wall.hour, minute: wall.minute)!, yearly: nil))
      cursor = next
    }
    guard !changes.isEmpty else {
      // No change of the clocks in the span: one standard observance.
      let offset = zone.secondsFromGMT(for: begin)
      return ZoneObservances(
        identifier: identifier,
        observances: [
          Observance(
            isDaylight: false, offsetFrom: offset, offsetTo: offset,
            start: CivilDate(year: 1970, month: 1, day: 1)!, time: TimeOfDay(hour: 0, minute: 0)!,
            yearly: nil)
        ])
    }
    // One yearly rule per kind of change, when each year of the span has exactly one change of
    // that kind and all of them follow the same rule.
    let years = lastYear - firstYear + 1
    var ruled: [Observance] = []
    for daylight in [true, false] {
      let kind = changes.filter { $0.isDaylight == daylight }
      guard let firstChange = kind.first else { continue }
      let rules = Set(kind.map { rule(of: $0.start) })
      let sameOffsets = Set(kind.map { [$0.offsetFrom, $0.offsetTo] }).count == 1
      let sameTime = Set(kind.map(\.time)).count == 1
      let oncePerYear = kind.count == years && Set(kind.map(\.start.year)).count == years
      guard rules.count == 1, sameOffsets, sameTime, oncePerYear else {
        return ZoneObservances(identifier: identifier, observances: changes)
      }
      ruled.append(
        Observance(
          isDaylight: daylight, offsetFrom: firstChange.offsetFrom, offsetTo: firstChange.offsetTo,
          start: firstChange.start, time: firstChange.time, yearly: rules.first))
    }
    return ZoneObservances(identifier: identifier, observances: ruled)
  }

  /// "The last Sunday of March" for a day in the last seven of its month, else "the second
  /// Sunday of March".
  static func rule(of day: CivilDate) -> YearlyRule {
    let length = day.yearMonth.lastDay.day
    let ordinal = day.day + 7 > length ? -1 : (day.day - 1) / 7 + 1
    return YearlyRule(month: day.month, ordinal: ordinal, weekday: day.weekday)
  }
}
