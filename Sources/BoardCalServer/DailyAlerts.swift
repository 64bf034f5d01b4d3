import BoardCalCore
import BoardCalPipeline
import Foundation
import Logging
import ServiceLifecycle

/// The alerts the service sends itself (`serve --notify-at 07:00`): once a day, at that time in
/// each partnership's own time zone, what `boardcal notify` would send for the partnership as it
/// stands, through the same once-only alert log.
public struct DailyAlerts: Sendable {
  public let round: DailyRound
  /// Sends one partnership's alerts as of its state's day; gives the lines to log (what was sent,
  /// what failed). The command line supplies it: it is `notify`'s own work.
  public let send: @Sendable (PartnershipState) async -> [String]

  public init(
    round: DailyRound, send: @escaping @Sendable (PartnershipState) async -> [String]
  ) {
    self.round = round
    self.send = send
  }
}

/// Runs the daily rounds while the server runs: wakes when the next round is due (or every
/// minute, to see new partnerships and a clock that was set), sends what is due, and remembers
/// each partnership's last round so that a day's round runs once.
final class DailyAlertRounds: Service, @unchecked Sendable {
  let live: LiveState
  let alerts: DailyAlerts
  let now: @Sendable () -> Date
  let logger: Logger
  /// Each partnership's last round, by id; touched only by `run`'s one task (or a test).
  private var lastRun: [String: CivilDate] = [:]

  init(live: LiveState, alerts: DailyAlerts, now: @escaping @Sendable () -> Date, logger: Logger) {
    self.live = live
    self.alerts = alerts
    self.now = now
    self.logger = logger
  }

  func run() async {
    // Shutting down is not a failure: the rounds stop when their sleep is cancelled.
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        let wake = await self.pass(at: UTCInstant(self.now()))
        let seconds = max(
          1, min(60, wake.secondsSince1970 - UTCInstant(self.now()).secondsSince1970))
        do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
      }
    }
  }

  /// Sends every round due at `instant`; gives when the next one is due.
  @discardableResult
  func pass(at instant: UTCInstant) async -> UTCInstant {
    var wake = UTCInstant(secondsSince1970: instant.secondsSince1970 + 60)
    for p in live.current().partnerships where p.unavailable == nil {
      let id = p.state.partnership.id
      let zone = p.state.partnership.timeZone
      if let day = alerts.round.due(at: instant, lastRun: lastRun[id], timeZone: zone) {
        logger.info("daily alerts for \(id), \(day.iso)")
        for line in await alerts.send(p.state) { logger.info("\(id): \(line)") }
        lastRun[id] = day
      }
      wake = min(wake, alerts.round.next(after: instant, timeZone: zone))
    }
    return wake
  }
}
