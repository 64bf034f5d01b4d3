import BoardCalCore
import Foundation

/// One delivery the alert log remembers: one alert, to one recipient, over one channel.
public struct DeliveryKey: Hashable, Sendable, Codable {
  public let partnership: String
  /// `Alert.key`: the obligation and the status.
  public let alertKey: String
  public let obligation: String
  public let status: String
  /// A person id, or the webhook's log name.
  public let recipient: String
  /// `email` or `webhook`.
  public let channel: String

  public init(
    partnership: String, alertKey: String, obligation: String, status: String, recipient: String,
    channel: String
  ) {
    self.partnership = partnership
    self.alertKey = alertKey
    self.obligation = obligation
    self.status = status
    self.recipient = recipient
    self.channel = channel
  }
}

/// The alert log as delivery uses it: claim before sending (false when the delivery was already
/// sent or is being sent), mark sent afterwards, release the claim when the send failed so that
/// the next run tries again. A claim left behind by a crash mid-send is never sent again.
public protocol AlertLog {
  func claim(_ delivery: DeliveryKey, at time: Date) throws -> Bool
  func markSent(_ delivery: DeliveryKey, at time: Date) throws
  func release(_ delivery: DeliveryKey) throws
}

/// An alert log in memory: for tests, and for dry runs seeded with what the real log holds.
public final class MemoryAlertLog: AlertLog, @unchecked Sendable {
  private let lock = NSLock()
  private var states: [DeliveryKey: String] = [:]

  /// Starts with these deliveries already claimed or sent.
  public init(alreadyLogged: [DeliveryKey] = []) {
    for key in alreadyLogged { states[key] = "sent" }
  }

  public func claim(_ delivery: DeliveryKey, at time: Date) throws -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard states[delivery] == nil else { return false }
    states[delivery] = "sending"
    return true
  }

  public func markSent(_ delivery: DeliveryKey, at time: Date) throws {
    lock.lock()
    defer { lock.unlock() }
    states[delivery] = "sent"
  }

  public func release(_ delivery: DeliveryKey) throws {
    lock.lock()
    defer { lock.unlock() }
    states[delivery] = nil
  }

  /// The deliveries marked sent.
  public var sent: Set<DeliveryKey> {
    lock.lock()
    defer { lock.unlock() }
    return Set(states.filter { $0.value == "sent" }.keys)
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
    /// The log says it was sent (or claimed by a run that died mid-send): not sent again.
    case alreadySent = "already-sent"
    /// The send failed; the claim was released so that the next run tries again.
    case failed
    /// The recipient is named but the protocol gives no email address.
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
}

/// Sends each alert to each recipient with an email, once: claim in the log, compose, send, mark
/// sent (or release and report the failure), and posts each alert once to the webhook if there
/// is one. Recipients without an email and roles nobody fills are reported, never dropped.
public struct AlertNotifier: Sendable {
  public var composer: AlertMailComposer
  public var transport: any MailTransport
  public var webhook: Webhook?
  /// Writes files (through an `EmlWriter` transport, webhook bodies beside them) instead of
  /// sending; `webhookFolder` is where the JSON bodies go.
  public var webhookFolder: URL?

  public init(
    composer: AlertMailComposer, transport: any MailTransport, webhook: Webhook? = nil,
    webhookFolder: URL? = nil
  ) {
    self.composer = composer
    self.transport = transport
    self.webhook = webhook
    self.webhookFolder = webhookFolder
  }

  /// Delivers every alert not delivered yet; `now` is the Date header and the log's time.
  public func notify(_ alerts: [Alert], log: any AlertLog, now: Date) -> [NotifyOutcome] {
    let p = composer.partnership
    let writing = transport is EmlWriter
    var outcomes: [NotifyOutcome] = []
    for alert in alerts {
      func key(_ recipient: String, _ channel: String) -> DeliveryKey {
        DeliveryKey(
          partnership: p.id, alertKey: alert.key, obligation: alert.obligation.id,
          status: alert.status.rawValue, recipient: recipient, channel: channel)
      }
      func outcome(
        _ recipient: String, _ channel: String, _ result: NotifyOutcome.Result, _ detail: String?,
        person: AlertRecipient? = nil
      ) -> NotifyOutcome {
        NotifyOutcome(
          alert: alert.key, status: alert.status, channel: channel, recipient: recipient,
          name: person?.name ?? person?.role, capacity: person?.capacity, email: person?.email,
          result: result, detail: detail)
      }
      for missing in alert.unaddressed {
        outcomes.append(outcome(missing, "email", .unaddressed, "nobody is named as \(missing)"))
      }
      for person in alert.recipients {
        guard person.email != nil else {
          outcomes.append(
            outcome(
              person.person, "email", .noEmail, "the protocol gives no email address",
              person: person))
          continue
        }
        let delivery = key(person.person, "email")
        let (result, detail) = deliver(delivery, log: log, now: now) {
          () throws(DeliveryError) -> String in
          let message = try composer.message(for: alert, to: person, date: now)
          let name = EmlWriter.fileName(
            partnership: p.id, alertKey: alert.key, recipient: person.person)
          return try transport.deliver(message, name: name)
        }
        outcomes.append(
          outcome(
            person.person, "email", result == .sent && writing ? .written : result, detail,
            person: person))
      }
      if let webhook {
        let delivery = key(webhook.recipient, "webhook")
        let result = deliver(delivery, log: log, now: now) { () throws(DeliveryError) -> String in
          let body: Data
          do {
            body = try AlertJSON.jsonData(AlertJSON(alert, p, webhookAsOf: composer.asOf))
          } catch {
            throw DeliveryError("could not encode the webhook body: \(error)")
          }
          if let folder = webhookFolder {
            let url = folder.appendingPathComponent(
              EmlWriter.fileName(partnership: p.id, alertKey: alert.key, recipient: "webhook")
                + ".json")
            do {
              try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true)
              try body.write(to: url, options: .atomic)
            } catch {
              throw DeliveryError("could not write \(url.path): \(error.localizedDescription)")
            }
            return url.path
          }
          try webhook.post(body)
          return webhook.url.host ?? "webhook"
        }
        outcomes.append(
          outcome(
            webhook.recipient, "webhook",
            result.0 == .sent && webhookFolder != nil ? .written : result.0, result.1))
      }
    }
    return outcomes
  }

  /// Claim, send, then mark sent; on failure release the claim. Returns the result and its detail.
  func deliver(
    _ delivery: DeliveryKey, log: any AlertLog, now: Date,
    send: () throws(DeliveryError) -> String
  ) -> (NotifyOutcome.Result, String?) {
    do {
      guard try log.claim(delivery, at: now) else { return (.alreadySent, nil) }
    } catch {
      return (.failed, "the alert log could not be written: \(error)")
    }
    let sentTo: String
    do {
      sentTo = try send()
    } catch {
      do {
        try log.release(delivery)
      } catch let releaseError {
        return (.failed, "\(error); and the claim could not be released: \(releaseError)")
      }
      return (.failed, error.message)
    }
    do {
      try log.markSent(delivery, at: now)
    } catch {
      return (
        .failed,
        "sent via \(sentTo), but the log could not mark it sent (it stays claimed and will not be sent again): \(error)"
      )
    }
    return (.sent, sentTo)
  }
}
