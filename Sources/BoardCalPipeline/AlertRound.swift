import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import BoardCalStore
import Foundation

/// One partnership's round of alerts: each alert of the state, to each recipient with an
/// address and to the webhook, sent once through the alert log. What `boardcal notify` runs, and
/// what `boardcal serve --notify-at` runs every morning.
public struct AlertRound: Sendable {
  /// The mailer (`sendmail -t -i`), with its timeout.
  public var mailer: Sendmail
  /// The sender; nil: the partnership's address (`AlertMailComposer.defaultSender`).
  public var from: MailAddress?
  /// Where each alert is also posted as JSON.
  public var webhook: Webhook?
  /// Write `.eml` and `.json` files here instead of sending; nothing is recorded.
  public var dryRunFolder: URL?

  public init(
    mailer: Sendmail, from: MailAddress? = nil, webhook: Webhook? = nil,
    dryRunFolder: URL? = nil
  ) {
    self.mailer = mailer
    self.from = from
    self.webhook = webhook
    self.dryRunFolder = dryRunFolder
  }

  /// Sends the alerts of `state` as of its day; `store` keeps the log (a dry run, or no store,
  /// only reads the log the state holds). Gives the alerts and what became of each delivery.
  public func run(_ state: PartnershipState, store: RecordStore?, now: Date) -> (
    alerts: [Alert], outcomes: [NotifyOutcome]
  ) {
    let p = state.partnership
    let asOf = state.asOf
    let (schedule, alerts) = state.alerts(asOf: asOf)
    var sender = AlertMailComposer.defaultSender(for: p)
    if let from { sender = MailAddress(name: from.name ?? p.name, email: from.email) }
    let composer = AlertMailComposer(
      partnership: p, schedule: schedule, sender: sender, asOf: asOf,
      eventVersions: state.eventVersions())
    let transport: any MailTransport = dryRunFolder.map { EmlWriter(directory: $0) } ?? mailer
    let notifier = AlertNotifier(
      composer: composer, transport: transport, webhook: webhook,
      webhookFolder: dryRunFolder, staleAfter: mailer.timeout + Sendmail.killGrace + 5)
    let log: any AlertLog =
      if dryRunFolder == nil, let store {
        store
      } else {
        MemoryAlertLog(alreadyLogged: (state.alertLog ?? []).map(\.delivery))
      }
    return (alerts, notifier.notify(alerts, log: log, now: now))
  }
}
