import BoardCalCore
import BoardCalOutput
import BoardCalStore
import Foundation

/// The alert log as delivery uses it: claim before sending, mark sent afterwards, release the
/// claim when the send failed so that the next run tries again. A claim left behind by a run
/// that died mid-send is taken over once it is older than `staleAfter` (no live send lasts that
/// long: sends are killed at their timeout), so an interrupted alert is sent at least once.
public protocol AlertLog {
  func claim(_ delivery: DeliveryKey, at time: Date, staleAfter: TimeInterval) throws
    -> ClaimOutcome
  func markSent(_ delivery: DeliveryKey, at time: Date) throws
  func release(_ delivery: DeliveryKey) throws
}

/// An alert log in memory: for tests, and for dry runs seeded with what the real log holds.
public final class MemoryAlertLog: AlertLog, @unchecked Sendable {
  private let lock = NSLock()
  private var states: [DeliveryKey: (state: DeliveryState, claimedAt: Date)] = [:]

  /// Starts with these deliveries already claimed or sent.
  public init(alreadyLogged: [DeliveryKey] = []) {
    for key in alreadyLogged { states[key] = (.sent, .distantPast) }
  }

  public func claim(_ delivery: DeliveryKey, at time: Date, staleAfter: TimeInterval) throws
    -> ClaimOutcome
  {
    lock.lock()
    defer { lock.unlock() }
    guard let line = states[delivery] else {
      states[delivery] = (.sending, time)
      return .claimed
    }
    guard line.state == .sending, line.claimedAt < time.addingTimeInterval(-staleAfter) else {
      return .taken
    }
    states[delivery] = (.sending, time)
    return .reclaimed(since: RecordStore.timestamp(line.claimedAt))
  }

  public func markSent(_ delivery: DeliveryKey, at time: Date) throws {
    lock.lock()
    defer { lock.unlock() }
    states[delivery] = (.sent, states[delivery]?.claimedAt ?? time)
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
    return Set(states.filter { $0.value.state == .sent }.keys)
  }
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
  /// How old a `sending` claim must be before it is taken as left by a run that died mid-send:
  /// longer than any live send can take (the send timeout, the grace before a kill, a margin).
  public var staleAfter: TimeInterval

  public init(
    composer: AlertMailComposer, transport: any MailTransport, webhook: Webhook? = nil,
    webhookFolder: URL? = nil, staleAfter: TimeInterval = Sendmail.defaultTimeout + 15
  ) {
    self.composer = composer
    self.transport = transport
    self.webhook = webhook
    self.webhookFolder = webhookFolder
    self.staleAfter = staleAfter
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
              person.person, "email", .noEmail,
              "no email address for \(person.person) in the records database, the contacts file or the protocol; set one with 'boardcal contact set PROTOCOL \(person.person) --email ADDRESS'",
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
            body = try JSONOutput.data(AlertJSON.webhook(alert, p, asOf: composer.asOf))
          } catch {
            throw DeliveryError(.webhook, "could not encode the webhook body: \(error)")
          }
          if let folder = webhookFolder {
            let url = folder.appendingPathComponent(
              EmlWriter.fileName(partnership: p.id, alertKey: alert.key, recipient: "webhook")
                + ".json")
            do {
              try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true)
              try writeOwnerOnly(body, to: url)
            } catch {
              throw DeliveryError(
                .file, "could not write \(url.path): \(error.localizedDescription)")
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
    var retried: String?
    do {
      switch try log.claim(delivery, at: now, staleAfter: staleAfter) {
      case .claimed: break
      case .reclaimed(let since): retried = since
      case .taken: return (.alreadySent, nil)
      }
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
    if let since = retried {
      return (.retried, "retried after an interrupted send (claimed \(since)); sent via \(sentTo)")
    }
    return (.sent, sentTo)
  }
}

/// The records database's alert log, as delivery uses it: times in UTC ISO 8601.
extension RecordStore: AlertLog {
  public func claim(_ delivery: DeliveryKey, at time: Date, staleAfter: TimeInterval) throws
    -> ClaimOutcome
  {
    try claim(
      delivery, at: Self.timestamp(time),
      staleBefore: Self.timestamp(time.addingTimeInterval(-staleAfter)))
  }

  public func markSent(_ delivery: DeliveryKey, at time: Date) throws {
    try markSent(delivery, at: Self.timestamp(time))
  }

  public func release(_ delivery: DeliveryKey) throws {
    let _: Bool = try release(delivery)
  }
}
