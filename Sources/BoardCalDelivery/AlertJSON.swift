import BoardCalCore
import Foundation

/// An alert as JSON: the shape of `boardcal alerts --json` and of the webhook's body.
///
/// `{"key", "status", "since", "escalated", "reason", "subject", "obligation": OBLIGATION (as in
/// `boardcal schedule --json`), "recipients":
/// [{"person", "role", "name", "email", "capacity"}], "unaddressed": [text], "deliveries":
/// [{"recipient", "channel", "state", "claimed_at", "sent_at"}]}` (deliveries only when the alert
/// log was read); the webhook adds
/// `"partnership"`, `"partnership_name"`, `"as_of"` and `"text"` (what Slack and Teams show).
/// Optional keys are absent when they do not apply.
public struct AlertJSON: Encodable, Sendable {

  /// One line of the alert log about this alert.
  public struct DeliveryView: Encodable, Sendable {
    public let recipient: String
    public let channel: String
    /// `sending` (claimed; if left so, the run died mid-send) or `sent`.
    public let state: String
    public let claimedAt: String
    public let sentAt: String?

    enum CodingKeys: String, CodingKey {
      case recipient, channel, state
      case claimedAt = "claimed_at"
      case sentAt = "sent_at"
    }

    public init(
      recipient: String, channel: String, state: String, claimedAt: String, sentAt: String?
    ) {
      self.recipient = recipient
      self.channel = channel
      self.state = state
      self.claimedAt = claimedAt
      self.sentAt = sentAt
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
  public let recipients: [AlertRecipient]
  public let unaddressed: [String]
  /// What the alert log holds for this alert, when a log was read.
  public var deliveries: [DeliveryView]?

  enum CodingKeys: String, CodingKey {
    case partnership, text, key, status, since, escalated, reason, subject, obligation,
      recipients, unaddressed, deliveries
    case partnershipName = "partnership_name"
    case asOf = "as_of"
  }

  /// The alert alone, as `boardcal alerts --json` lists it.
  public init(_ alert: Alert, _ p: Partnership) {
    self.init(alert, p, webhookAsOf: nil)
  }

  /// With `webhookAsOf`, the webhook body: the partnership, the day and a one-paragraph `text`.
  public init(_ alert: Alert, _ p: Partnership, webhookAsOf: CivilDate?) {
    partnership = webhookAsOf == nil ? nil : p.id
    partnershipName = webhookAsOf == nil ? nil : p.name
    asOf = webhookAsOf
    text = webhookAsOf == nil ? nil : Self.summary(alert, p)
    key = alert.key
    status = alert.status
    since = alert.since
    escalated = alert.escalated
    reason = alert.reason
    subject = alert.subject(p)
    obligation = ObligationJSON(alert.obligation, p, status: alert.status)
    recipients = alert.recipients
    unaddressed = alert.unaddressed
    deliveries = nil
  }

  /// What a chat channel shows: the subject, why, since when and who is told.
  public static func summary(_ alert: Alert, _ p: Partnership) -> String {
    let told = alert.recipients.map { "\($0.name ?? $0.role) (\($0.capacity))" }
    var text =
      "\(alert.subject(p))\n\(alert.status.rawValue) since \(alert.since): \(alert.reason)."
    if !told.isEmpty { text += "\nTold: " + told.joined(separator: ", ") + "." }
    if !alert.unaddressed.isEmpty {
      text += "\nNobody named as: " + alert.unaddressed.joined(separator: ", ") + "."
    }
    return text
  }

  /// Pretty-printed with sorted keys, as every boardcal JSON.
  public static func jsonData<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }
}
