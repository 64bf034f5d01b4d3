import BoardCalCore
import BoardCalICal
import BoardCalOutput
import Foundation

/// Something went wrong handing an alert on: what kind of thing, and what and why.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
  /// Where delivery failed.
  public enum Kind: String, Sendable {
    /// The recipient has no usable email address.
    case noAddress = "no-address"
    /// The calendar attached to the alert could not be written.
    case calendar
    /// The mailer could not be run, failed or took too long.
    case mailer
    /// The webhook could not be reached or refused the post.
    case webhook
    /// A file (a dry run's message, a webhook body) could not be written.
    case file
  }

  public let kind: Kind
  public let message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

/// Writes the email of an alert to one recipient: the subject and plain text the core gives, a
/// greeting that says in which capacity the reader is told, and the obligation's calendar entries
/// attached as `obligation.ics` (`text/calendar; method=PUBLISH`, rendered by libical).
///
/// Pure apart from libical: the date is passed in, the Message-ID is derived from the alert key,
/// the recipient and the sender's domain, so a message composed twice is the same message.
public struct AlertMailComposer: Sendable {
  public var partnership: Partnership
  public var schedule: Schedule
  public var sender: MailAddress
  /// The day the alerts were worked out for: where a slipped obligation can be re-slotted.
  public var asOf: CivilDate
  /// The versions the feeds give the events the records changed, so that the attached calendar
  /// says SEQUENCE and DTSTAMP as the subscribed feeds do.
  public var eventVersions: [String: EventVersion]

  public init(
    partnership: Partnership, schedule: Schedule, sender: MailAddress, asOf: CivilDate,
    eventVersions: [String: EventVersion] = [:]
  ) {
    self.partnership = partnership
    self.schedule = schedule
    self.sender = sender
    self.asOf = asOf
    self.eventVersions = eventVersions
  }

  /// The partnership's own address (its `address`), named after it; `boardcal@localhost` without one.
  public static func defaultSender(for p: Partnership) -> MailAddress {
    MailAddress(name: p.name, email: p.address ?? "boardcal@localhost")
  }

  /// `<hash>.<person>@domain`: one id per alert and recipient, the same on every run.
  public func messageID(for alert: Alert, to recipient: AlertRecipient) -> String {
    let hash = MIME.hashHex("\(partnership.id)|\(alert.key)|\(recipient.person)")
    let person = recipient.person.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    return "boardcal.\(hash).\(person.isEmpty ? "recipient" : person)@\(sender.domain)"
  }

  /// The message to one recipient; throws when the recipient has no email address or the
  /// calendar cannot be rendered.
  public func message(for alert: Alert, to recipient: AlertRecipient, date: Date)
    throws(DeliveryError)
    -> MailMessage
  {
    guard let email = recipient.email, let to = MailAddress(parsing: email) else {
      throw DeliveryError(
        .noAddress,
        "\(recipient.name ?? recipient.role) (\(recipient.capacity)) has no usable email address")
    }
    var attachments: [MailAttachment] = []
    if let ics = try calendar(for: alert, date: date) {
      attachments.append(
        MailAttachment(
          contentType: "text/calendar; charset=utf-8; method=PUBLISH", filename: "obligation.ics",
          data: Data(ics.utf8)))
    }
    return MailMessage(
      from: sender, to: [MailAddress(name: recipient.name ?? recipient.role, email: to.email)],
      subject: alert.subject(partnership), date: date,
      messageID: messageID(for: alert, to: recipient),
      textBody: body(for: alert, to: recipient, attached: !attachments.isEmpty),
      attachments: attachments,
      extraHeaders: [
        ("Auto-Submitted", "auto-generated"),
        ("X-Boardcal-Alert", MIME.isPlainASCII(alert.key) ? alert.key : MIME.hashHex(alert.key)),
      ])
  }

  /// The plain text a lead officer reads: greeting, capacity, the alert, where it came from.
  public func body(for alert: Alert, to recipient: AlertRecipient, attached: Bool) -> String {
    var lines = [
      "Dear \(recipient.name ?? recipient.role),",
      "",
      "You are told this as \(recipient.capacity), under the \(partnership.name) protocol.",
      "",
      alert.plainText(partnership),
      "",
      "-- ",
      "Sent by boardcal as of \(asOf), once for this alert and recipient.",
    ]
    if attached {
      lines.append("The attached calendar (obligation.ics) holds the duty and its meeting.")
    }
    return lines.joined(separator: "\n")
  }

  /// The calendar attached to an alert's email: the obligation on its slot, its meeting, the
  /// next meeting it can move to and cancelled meetings in its window. Nil when there is none
  /// (an unschedulable duty whose receiver has no meeting at all in the window).
  public func calendar(for alert: Alert, date: Date) throws(DeliveryError) -> String? {
    let p = partnership
    // Alerts go to the partnership's own officers (lead officers and chairs): the calendar
    // shows the obligation and its meetings as officers see them.
    var feed = FeedPlanner.obligationFeed(
      for: alert.obligation, in: p, schedule: schedule, asOf: asOf, disclosure: .officer(p))
    feed.events = feed.events.map { $0.at(eventVersions[$0.uid]) }
    let events = feed.events
    guard !events.isEmpty else { return nil }
    // DTSTAMP as the feeds give it: the protocol's last revision, or the record that changed it.
    let head = CalendarHead(
      partnershipName: p.name, timeZone: p.timeZone, organizerEmail: p.address ?? sender.email,
      stamp: UTCInstant(date: p.lastRevised))
    do {
      return try ICalendarWriter.render(feed, head: head)
    } catch {
      throw DeliveryError(.calendar, "the calendar for \(alert.key) could not be written: \(error)")
    }
  }
}
