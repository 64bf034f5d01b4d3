import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation
import Logging
import Synchronization
import Testing

@testable import BoardCalServer

/// The partnerships a round was sent for, in order.
final class SentRounds: Sendable {
  let sent = Mutex<[String]>([])
  var ids: [String] { sent.withLock { $0 } }
}

@Suite("the daily alert rounds of serve --notify-at")
struct DailyAlertsTests {
  func rounds(_ sent: SentRounds) throws -> DailyAlertRounds {
    let live = try LiveState(
      folder: protocolsFolder.path, database: nil, options: FeedOptions(),
      today: { _ in testDay }, now: { Date() }, logger: Logger(label: "test"))
    let alerts = DailyAlerts(round: DailyRound(at: TimeOfDay(hour: 7, minute: 0)!)) { state in
      sent.sent.withLock { $0.append(state.partnership.id) }
      return ["sent nothing"]
    }
    return DailyAlertRounds(
      live: live, alerts: alerts, now: { Date() }, logger: Logger(label: "test"))
  }

  func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> UTCInstant {
    UTCInstant(date: CivilDate(iso: iso)!, hour: hour, minute: minute)
  }

  @Test("every partnership's round runs once a day from 07:00 in its time zone")
  func oncePerDay() async throws {
    let sent = SentRounds()
    let rounds = try rounds(sent)
    // 06:59 BST on 1 May 2021 (05:59 UTC): nothing yet; the next round is at 06:00 UTC.
    #expect(await rounds.pass(at: at("2021-05-01", 5, 59)) == at("2021-05-01", 6))
    #expect(sent.ids.isEmpty)
    // 07:00 BST: each seed partnership once, in protocol file order.
    await rounds.pass(at: at("2021-05-01", 6))
    #expect(sent.ids == ["buckinghamshire", "medway", "milton-keynes"])
    // Later the same day: nothing more.
    await rounds.pass(at: at("2021-05-01", 12))
    #expect(sent.ids.count == 3)
    // The next morning, again.
    await rounds.pass(at: at("2021-05-02", 6, 1))
    #expect(sent.ids.count == 6)
  }

  @Test("a server started after 07:00 sends the day's round at once")
  func startedLate() async throws {
    let sent = SentRounds()
    let rounds = try rounds(sent)
    await rounds.pass(at: at("2021-05-01", 15))
    #expect(sent.ids.count == 3)
  }
}
