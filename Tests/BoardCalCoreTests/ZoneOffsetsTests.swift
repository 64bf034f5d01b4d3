import BoardCalSynth
import Foundation
import Testing

@testable import BoardCalCore

/// The zone offsets read once and looked up give what the system's zone data gives, at every
/// change of the clocks and between them.
@Suite("zone offsets read once")
struct ZoneOffsetsTests {
  /// Zones with summer time, none, half-hour and 45-minute offsets, a 30-minute summer shift,
  /// a change of standard offset, and a day skipped (Samoa, 2011).
  static let zones = [
    "Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe",
    "Pacific/Apia", "Europe/Dublin", "America/Sao_Paulo",
  ]

  @Test("every offset as the system gives it, 1900 to 2199", arguments: zones)
  func sameAsTheSystem(_ identifier: String) {
    let zone = TimeZone(identifier: identifier)!
    let table = ZoneOffsets.of(identifier)
    func system(_ seconds: Int) -> Int {
      zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    // Either side of every change.
    for change in table.changes {
      for probe in [change - 3_601, change - 1, change, change + 1, change + 3_601] {
        #expect(table.offset(at: probe) == system(probe), "\(identifier) at \(probe)")
      }
    }
    // And at random instants over the three centuries.
    var rng = SeededGenerator(seed: 7)
    let span = table.covered
    for _ in 0..<5_000 {
      let probe = Int.random(in: span, using: &rng)
      #expect(table.offset(at: probe) == system(probe), "\(identifier) at \(probe)")
    }
  }

  @Test("London's clocks change twice a year: 600 changes over three centuries, and none lost")
  func londonChanges() {
    let table = ZoneOffsets.of("Europe/London")
    // 1916 to 2201: summer time every year but 1968-71 (British Standard Time) and the war years'
    // double summer time, which add changes.
    #expect(table.changes.count > 500)
    let march2021 = CivilDate(year: 2021, month: 3, day: 28)!.dayNumber * 86_400 + 3_600
    #expect(table.offset(at: march2021 - 1) == 0)
    #expect(table.offset(at: march2021) == 3_600)
  }
}
