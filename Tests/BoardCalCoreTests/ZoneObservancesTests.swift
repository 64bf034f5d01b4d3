import Foundation
import Testing

@testable import BoardCalCore

/// The VTIMEZONE of a feed, read from the zone data.
@Suite struct ZoneObservancesTests {
  @Test(
    "London since 1996: one DAYLIGHT and one STANDARD rule, the last Sundays of March and October")
  func london() throws {
    let zone = try #require(ZoneObservances.of("Europe/London", from: 2016, to: 2031))
    #expect(zone.observances.count == 2)
    let summer = try #require(zone.observances.first { $0.isDaylight })
    let winter = try #require(zone.observances.first { !$0.isDaylight })
    #expect(summer.yearly == .init(month: 3, ordinal: -1, weekday: .sunday))
    #expect(winter.yearly == .init(month: 10, ordinal: -1, weekday: .sunday))
    // 01:00 UTC both times: 01:00 on the winter clock, 02:00 on the summer one.
    #expect(summer.start == CivilDate(iso: "2016-03-27") && summer.time.description == "01:00")
    #expect(winter.start == CivilDate(iso: "2016-10-30") && winter.time.description == "02:00")
    #expect((summer.offsetFrom, summer.offsetTo) == (0, 3600))
    #expect((winter.offsetFrom, winter.offsetTo) == (3600, 0))
  }

  @Test("a zone whose rules changed within the span gets each change on its own date")
  func changedRules() throws {
    // Brazil kept summer time until February 2019 and then stopped.
    let zone = try #require(ZoneObservances.of("America/Sao_Paulo", from: 2016, to: 2021))
    #expect(zone.observances.allSatisfy { $0.yearly == nil })
    // Feb 2016, Oct 2016, Feb 2017, Oct 2017, Feb 2018, Nov 2018, Feb 2019 (as zoneinfo has it).
    #expect(zone.observances.count == 7)
    #expect(zone.observances.last?.start.year == 2019)
  }

  @Test("a zone without summer time: one standard observance")
  func noChanges() throws {
    let zone = try #require(ZoneObservances.of("Asia/Tokyo", from: 2020, to: 2025))
    #expect(zone.observances.count == 1)
    #expect(zone.observances[0].offsetFrom == 9 * 3600 && zone.observances[0].offsetTo == 9 * 3600)
    #expect(ZoneObservances.of("Mars/Olympus_Mons", from: 2020, to: 2025) == nil)
  }
}
