// The JSON shapes of `boardcal alerts --json`, `notify --json` and the webhook's body.

import BoardCalCore

/// An alert as JSON: the shape of `boardcal alerts --json` and of the webhook's body.
///
/// `{"key", "status", "since", "escalated", "reason", "subject", "obligation": OBLIGATION (as in
/// `boardcal schedule --json`), "recipients": [{"person", "role", "name", "email", "capacity"}],
/// "unaddressed": [text], "deliveries": [{"recipient", "channel", "state", "claimed_at",
/// "sent_at"}]}` (deliveries only when the alert log was read; recipients, unaddressed and
/// deliveries only for an audience that sees the alert in full); the webhook adds
/// `"partnership"`, `"partnership_name"`, `"as_of"` and `"text"` (what Slack and Teams show).
/// Optional keys are absent when they do not apply.
public struct AlertJSON: Encodable, Sendable {
  /// One line of the alert log about this alert.
  public struct DeliveryView: Encodable, Sendable {
    public let recipient: String
    public let channel: String
    /// `sending` (claimed; if left so, the run died mid-send) or `sent`.
    public let state: DeliveryState
    public let claimedAt: String
    public let sentAt: String?

    public init(_ entry: AlertLogEntry) {
      recipient = entry.delivery.recipient
      channel = entry.delivery.channel
      state = entry.state
      claimedAt = entry.claimedAt
      sentAt = entry.sentAt
    }
  }

  public let partnership: String?
  public let partnershipName: String?
  public let asOf: CivilDate?
  public let text: String?
  public let key: String
  public let status: ObligationStatus
  public let since: CivilDate
  public let escalated: Bool
  public let reason: String
  public let subject: String
  public let obligation: ObligationJSON
  /// Absent for an audience that may not see who is told.
  public let recipients: [AlertRecipient]?
  public let unaddressed: [String]?
  /// What the alert log holds for this alert, when a log was read.
  public let deliveries: [DeliveryView]?

  /// The alert as `boardcal alerts --json` lists it, with the alert log's lines about it when a
  /// log was read.
  public init(_ alert: Alert, _ p: Partnership, log: [AlertLogEntry]? = nil) {
    self.init(alert, p, webhookAsOf: nil, log: log, detail: .full)
  }

  /// The alert as `disclosure`'s audience may see it (`Disclosure.alert`); nil when it may not
  /// see it at all.
  public static func visible(
    _ alert: Alert, _ p: Partnership, log: [AlertLogEntry]?, to disclosure: Disclosure
  ) -> AlertJSON? {
    let detail = disclosure.alert(alert)
    guard detail > .hidden else { return nil }
    return AlertJSON(alert, p, webhookAsOf: nil, log: log, detail: detail)
  }

  /// The webhook body: the alert with the partnership, the day and a one-paragraph `text`.
  public static func webhook(_ alert: Alert, _ p: Partnership, asOf: CivilDate) -> AlertJSON {
    AlertJSON(alert, p, webhookAsOf: asOf, log: nil, detail: .full)
  }

  private init(
    _ alert: Alert, _ p: Partnership, webhookAsOf: CivilDate?, log: [AlertLogEntry]?,
    detail: Detail
  ) {
    let full = detail == .full
    partnership = webhookAsOf == nil ? nil : p.id
    partnershipName = webhookAsOf == nil ? nil : p.name
    asOf = webhookAsOf
    text = webhookAsOf == nil ? nil : alert.chatText(p)
    key = alert.key
    status = alert.status
    since = alert.since
    escalated = alert.escalated
    reason = alert.reason
    subject = alert.subject(p)
    // Alerts go to the partnership's own officers (lead officers and chairs) and to the chat
    // channel officers configure: they see the obligation as officers do. Another audience sees
    // it as `Disclosure.alert` lets it.
    obligation = ObligationJSON(alert.obligation, p, status: alert.status, detail: detail)
    recipients = full ? alert.recipients : nil
    unaddressed = full ? alert.unaddressed : nil
    deliveries =
      full
      ? log.map { entries in
        entries.filter { $0.delivery.alertKey == alert.key }.map(DeliveryView.init)
      } : nil
  }
}

/// `boardcal alerts --json`.
public struct AlertsJSON: Encodable, Sendable {
  public let partnership: String
  public let partnershipName: String
  public let asOf: CivilDate
  public let alerts: [AlertJSON]

  /// `log` is the partnership's alert log when one was read (each alert then lists its lines);
  /// each alert as much as `disclosure` lets its audience see (default: officers, everything).
  public init(
    _ alerts: [Alert], _ p: Partnership, asOf: CivilDate, log: [AlertLogEntry]?,
    disclosure: Disclosure? = nil
  ) {
    partnership = p.id
    partnershipName = p.name
    self.asOf = asOf
    let disclosure = disclosure ?? .officer(p)
    self.alerts = alerts.compactMap { AlertJSON.visible($0, p, log: log, to: disclosure) }
  }
}

/// What happened to one alert for one recipient on one channel, in a notify run.
public struct NotifyOutcome: Encodable, Sendable, Hashable {
  /// What became of the delivery.
  public enum Result: String, Encodable, Sendable {
    /// Handed to the mailer, or posted to the webhook, and logged as sent.
    case sent
    /// Dry run: written to a file, nothing logged.
    case written
    /// A run that died mid-send had claimed it; claimed again and sent (the recipient may get it
    /// twice, with the same Message-ID).
    case retried
    /// The log says it was sent, or a live run is sending it: not sent again.
    case alreadySent = "already-sent"
    /// The send failed; the claim was released so that the next run tries again.
    case failed
    /// The recipient is named but no address is known for them (records database, contacts
    /// file, protocol): `boardcal contact set` gives one.
    case noEmail = "no-email"
    /// The protocol names nobody for this role of this board.
    case unaddressed
  }

  public let alert: String
  public let status: ObligationStatus
  public let channel: String
  /// A person id, the webhook's log name, or for `unaddressed` the missing role.
  public let recipient: String
  public let name: String?
  public let capacity: String?
  public let email: String?
  public let result: Result
  /// The file written, where the mail went, or what went wrong.
  public let detail: String?

  public init(
    alert: String, status: ObligationStatus, channel: String, recipient: String, name: String?,
    capacity: String?, email: String?, result: Result, detail: String?
  ) {
    self.alert = alert
    self.status = status
    self.channel = channel
    self.recipient = recipient
    self.name = name
    self.capacity = capacity
    self.email = email
    self.result = result
    self.detail = detail
  }
}

/// `boardcal notify --json`.
public struct NotifyJSON: Encodable, Sendable {
  public let partnership: String
  public let asOf: CivilDate
  public let dryRun: Bool
  public let alerts: Int
  public let outcomes: [NotifyOutcome]

  public init(
    partnership: String, asOf: CivilDate, dryRun: Bool, alerts: Int, outcomes: [NotifyOutcome]
  ) {
    self.partnership = partnership
    self.asOf = asOf
    self.dryRun = dryRun
    self.alerts = alerts
    self.outcomes = outcomes
  }
}
