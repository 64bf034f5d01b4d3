import BoardCalCore
import BoardCalDelivery
import Foundation
import Testing

/// 2021-11-29 09:00:00 UTC: the day the strategic assessment's missed alert escalates.
let escalationMorning = Date(timeIntervalSince1970: 1_638_176_400)

/// The escalated missed alert of the CSP's October 2021 strategic assessment, and its composer.
func escalatedStrategicAssessment() throws -> (Alert, AlertMailComposer) {
  let p = try miltonWithContacts()
  let (schedule, all) = alerts(p, asOf: day("2021-11-29"))
  let alert = try #require(
    all.first { $0.key == "strategic-assessment-to-csp-2021-22/csp/2021-22#missed" })
  let composer = AlertMailComposer(
    partnership: p, schedule: schedule, sender: AlertMailComposer.defaultSender(for: p),
    asOf: day("2021-11-29"))
  return (alert, composer)
}

/// The header block of a rendered message, unfolded, by lower-cased name.
func headers(_ text: String) -> [String: String] {
  let head = text.components(separatedBy: "\r\n\r\n")[0]
  var result: [String: String] = [:]
  var last: String?
  for line in head.components(separatedBy: "\r\n") {
    if line.hasPrefix(" ") || line.hasPrefix("\t"), let name = last {
      result[name, default: ""] += line
    } else if let colon = line.firstIndex(of: ":") {
      let name = line[..<colon].lowercased()
      result[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      last = name
    }
  }
  return result
}

/// Undoes base64 body lines.
func decodeBase64Lines(_ lines: [String]) -> String {
  String(decoding: Data(base64Encoded: lines.joined())!, as: UTF8.self)
}

/// Undoes quoted-printable: soft breaks, then =XX escapes.
func decodeQuotedPrintable(_ text: String) -> String {
  let joined = text.replacingOccurrences(of: "=\r\n", with: "")
  var bytes: [UInt8] = []
  var utf8 = Array(joined.utf8)[...]
  while let byte = utf8.first {
    if byte == UInt8(ascii: "="), utf8.count >= 3,
      let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16)
    {
      bytes.append(value)
      utf8 = utf8.dropFirst(3)
    } else {
      bytes.append(byte)
      utf8 = utf8.dropFirst()
    }
  }
  return String(decoding: bytes, as: UTF8.self)
}

@Suite("Alert email: RFC 5322 and MIME structure")
struct MailMessageTests {
  @Test("the message has CRLF line ends, no line over 998 octets, and the headers it needs")
  func structure() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    let lead = try #require(alert.recipients.first { $0.person == "csp-lead" })
    let text = try composer.message(for: alert, to: lead, date: escalationMorning).render()
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    #expect(text.hasSuffix("\r\n"))
    for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
    let head = text.components(separatedBy: "\r\n\r\n")[0]
    for line in head.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
    #expect(head.utf8.allSatisfy { $0 < 128 }, "headers are 7-bit")
    let h = headers(text)
    #expect(
      h["from"] == "\"MK Together\" <mktogether@milton-keynes.gov.uk>"
        || h["from"] == "MK Together <mktogether@milton-keynes.gov.uk>")
    // A non-ASCII display name is an encoded-word; the address stays plain.
    #expect(h["to"] == "=?UTF-8?B?VG9tw6FzIMOTIEJyaWFpbg==?= <tomas.obriain@example.org>")
    #expect(h["subject"]?.hasPrefix("=?UTF-8?B?") == true)
    #expect(h["date"] == "Mon, 29 Nov 2021 09:00:00 +0000")
    #expect(h["mime-version"] == "1.0")
    #expect(h["auto-submitted"] == "auto-generated")
    #expect(h["x-boardcal-alert"] == "strategic-assessment-to-csp-2021-22/csp/2021-22#missed")
    let messageID = try #require(h["message-id"])
    #expect(
      messageID.hasPrefix("<boardcal.") && messageID.hasSuffix(".csp-lead@milton-keynes.gov.uk>"))
    let contentType = try #require(h["content-type"])
    #expect(contentType.hasPrefix("multipart/mixed; boundary=\"=_boardcal_"))
  }

  @Test("the subject's encoded-words decode to the core's subject, each word within 75 characters")
  func subjectEncoding() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    let text = try composer.message(for: alert, to: alert.recipients[0], date: escalationMorning)
      .render()
    let subject = try #require(headers(text)["subject"])
    let words = subject.split(separator: " ")
    var bytes = Data()
    for word in words {
      #expect(word.count <= 75)
      #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
      bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
    }
    #expect(String(decoding: bytes, as: UTF8.self) == alert.subject(composer.partnership))
    #expect(
      alert.subject(composer.partnership)
        == "[MK Together] Missed (escalated): Annual community safety strategic assessment — Assurance to CSP"
    )
  }

  @Test("two parts: quoted-printable text a lead officer can act on, and the calendar in base64")
  func parts() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    let lead = try #require(alert.recipients.first { $0.person == "csp-lead" })
    let message = try composer.message(for: alert, to: lead, date: escalationMorning)
    let text = message.render()
    let pieces = text.components(separatedBy: "--\(message.boundary)")
    #expect(pieces.count == 4, "preamble, two parts, closing")
    #expect(pieces[3] == "--\r\n")
    let plain = pieces[1].components(separatedBy: "\r\n\r\n")
    #expect(plain[0].contains("Content-Type: text/plain; charset=utf-8"))
    #expect(plain[0].contains("Content-Transfer-Encoding: quoted-printable"))
    let encodedBody = plain.dropFirst().joined(separator: "\r\n\r\n")
    for line in encodedBody.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
    let body = decodeQuotedPrintable(encodedBody)
    #expect(body.hasPrefix("Dear Tomás Ó Briain,"))
    #expect(body.contains("You are told this as lead officer of CSP"))
    #expect(body.contains("Status: missed since 2021-11-01 (escalated to the chairs)."))
    #expect(body.contains("What to do:"))
    #expect(body.contains("Obligation id: strategic-assessment-to-csp-2021-22/csp/2021-22"))
    let calendarPart = pieces[2].components(separatedBy: "\r\n\r\n")
    #expect(
      calendarPart[0].contains(
        "Content-Type: text/calendar; charset=utf-8; method=PUBLISH; name=\"obligation.ics\""))
    #expect(
      calendarPart[0].contains("Content-Disposition: attachment; filename=\"obligation.ics\""))
    #expect(calendarPart[0].contains("Content-Transfer-Encoding: base64"))
    let lines = calendarPart[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
    for line in lines { #expect(line.count <= 76) }
    let ics = decodeBase64Lines(lines)
    #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n"))
    #expect(ics.contains("METHOD:PUBLISH\r\n"))
    #expect(ics.contains("TZID:Europe/London\r\n"))
    #expect(ics.contains("UID:milton-keynes-csp-2021-10@boardcal\r\n"))
    #expect(ics.contains("RELATED-TO:milton-keynes-csp-2021-10@boardcal\r\n"))
    #expect(ics.contains("DTSTART;TZID=Europe/London:20211005T140000\r\n"))
    // The same UIDs as the subscribed feeds, so the same version: DTSTAMP is the protocol's last
    // revision (1 November 2021) where no record changed the event, as in the feeds.
    #expect(ics.contains("DTSTAMP:20211101T000000Z\r\n"), "DTSTAMP as the feeds give it")
  }

  @Test("the same alert, recipient and date give the same bytes; Message-IDs differ by recipient")
  func deterministic() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    #expect(alert.recipients.count == 4)
    let a = try composer.message(for: alert, to: alert.recipients[0], date: escalationMorning)
    let b = try composer.message(for: alert, to: alert.recipients[0], date: escalationMorning)
    #expect(a.render() == b.render())
    let ids = Set(alert.recipients.map { composer.messageID(for: alert, to: $0) })
    #expect(ids.count == 4)
    // The Message-ID does not depend on the date: a resend is the same message to mail software.
    let later = try composer.message(
      for: alert, to: alert.recipients[0], date: escalationMorning.addingTimeInterval(86_400))
    #expect(later.messageID == a.messageID)
  }

  @Test("a recipient without an email address is an error, not a message")
  func noEmail() throws {
    let p = try milton()
    let (schedule, all) = alerts(p, asOf: day("2021-11-29"))
    let alert = try #require(all.first { $0.key == "\(strategicAssessment)#missed" })
    let chair = try #require(alert.recipients.first { $0.person == "independent-scrutineer" })
    #expect(chair.email == nil)
    let composer = AlertMailComposer(
      partnership: p, schedule: schedule, sender: AlertMailComposer.defaultSender(for: p),
      asOf: day("2021-11-29"))
    #expect(throws: DeliveryError.self) {
      _ = try composer.message(for: alert, to: chair, date: escalationMorning)
    }
  }

  @Test("Python's email library and icalendar read the message as meant")
  func pythonReadsIt() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    let folder = try temporaryFolder("eml")
    defer { try? FileManager.default.removeItem(at: folder) }
    let writer = EmlWriter(directory: folder)
    var files: [String] = []
    for recipient in alert.recipients {
      let message = try composer.message(for: alert, to: recipient, date: escalationMorning)
      files.append(
        try writer.deliver(
          message,
          name: EmlWriter.fileName(
            partnership: "milton-keynes", alertKey: alert.key, recipient: recipient.person)))
    }
    let result = try runProgram(
      python3, [packageRoot.appendingPathComponent("Tests/eml_check.py").path] + files)
    #expect(result.status == 0, "\(result.output)")
    let parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
    #expect(parsed.count == 4)
    var addresses: Set<String> = []
    for (summary, recipient) in zip(parsed, alert.recipients) {
      let to = try #require(summary["to"] as? [[String]])
      #expect(to.count == 1)
      #expect(to.first?[1] == recipient.email)
      #expect(to.first?[0] == recipient.name ?? recipient.role)
      addresses.insert(to.first?[1] ?? "")
      #expect(summary["subject"] as? String == alert.subject(composer.partnership))
      #expect((summary["defects"] as? [String])?.isEmpty == true)
      #expect(summary["long_lines"] as? Int == 0)
      #expect(summary["bare_lf"] as? Bool == false)
      #expect(summary["content_type"] as? String == "multipart/mixed")
      let parts = try #require(summary["parts"] as? [[String: Any]])
      #expect(parts.map { $0["content_type"] as? String } == ["text/plain", "text/calendar"])
      #expect(parts[1]["filename"] as? String == "obligation.ics")
      #expect(parts[1]["method"] as? String == "PUBLISH")
      let text = (summary["text"] as? String ?? "").replacingOccurrences(of: "\r\n", with: "\n")
      #expect(
        text
          == composer.body(for: alert, to: recipient, attached: true))
      let calendar = try #require(summary["calendar"] as? [String: Any])
      #expect(calendar["method"] as? String == "PUBLISH")
      #expect(calendar["timezones"] as? [String] == ["Europe/London"])
      let events = try #require(calendar["events"] as? [[String: Any]])
      let byUID = Dictionary(
        uniqueKeysWithValues: events.map { ($0["uid"] as? String ?? "", $0) })
      let duty = try #require(
        byUID["milton-keynes-strategic-assessment-to-csp-2021-22-csp-2021-22@boardcal"])
      #expect(duty["dtstart"] as? String == "2021-10-05T14:00:00+01:00")
      #expect(duty["tzid"] as? String == "Europe/London")
      #expect(duty["categories"] as? [String] == ["PRESENT"])
      #expect(duty["related_to"] as? String == "milton-keynes-csp-2021-10@boardcal")
      #expect(duty["organizer"] as? String == "mailto:mktogether@milton-keynes.gov.uk")
      let meeting = try #require(byUID["milton-keynes-csp-2021-10@boardcal"])
      #expect(meeting["summary"] as? String == "Community Safety Partnership meeting")
    }
    #expect(
      addresses == [
        "priya.shah@example.org", "tomas.obriain@example.org", Contacts.scrutineerEmail,
        Contacts.cabinetMemberEmail,
      ])
  }
}

@Suite("MIME encodings")
struct MIMETests {
  @Test(
    "quoted-printable keeps lines within 76, escapes '=' and trailing spaces, round-trips UTF-8")
  func quotedPrintable() {
    let text =
      "a=b \(String(repeating: "é", count: 60)) end \nline with trailing space \n\n.\nFrom here"
    let encoded = MIME.quotedPrintable(text)
    for line in encoded.components(separatedBy: "\r\n") {
      #expect(line.count <= 76)
      #expect(!line.hasSuffix(" "))
    }
    #expect(encoded.hasPrefix("a=3Db "))
    #expect(decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
  }

  @Test("encoded-words never split a character and decode back")
  func encodedWords() {
    let text = String(repeating: "Ó€😀a", count: 12)
    let words = MIME.encodedWords(text)
    #expect(words.count > 1)
    var decoded = ""
    for word in words {
      #expect(word.count <= 75)
      let payload = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
      let piece = String(data: payload, encoding: .utf8)
      #expect(piece != nil, "each word holds whole characters")
      decoded += piece ?? ""
    }
    #expect(decoded == text)
  }

  @Test("display names: atoms as they are, specials quoted, non-ASCII encoded")
  func phrases() {
    #expect(MailAddress(name: "Jane Held", email: "j@x.org").header == "Jane Held <j@x.org>")
    #expect(
      MailAddress(name: "Director of Public Health, MKC", email: "d@x.org").header
        == "\"Director of Public Health, MKC\" <d@x.org>")
    #expect(
      MailAddress(name: "Dr. \"Al\" Smith", email: "a@x.org").header
        == "\"Dr. \\\"Al\\\" Smith\" <a@x.org>")
    #expect(
      MailAddress(name: "Tomás", email: "t@x.org").header == "=?UTF-8?B?VG9tw6Fz?= <t@x.org>")
    #expect(MailAddress(email: "t@x.org").header == "t@x.org")
  }

  @Test("addresses parse from 'a@b', '<a@b>' and 'Name <a@b>'; junk does not")
  func parsing() {
    #expect(MailAddress(parsing: "a@b.org") == MailAddress(email: "a@b.org"))
    #expect(MailAddress(parsing: "<a@b.org>") == MailAddress(email: "a@b.org"))
    #expect(
      MailAddress(parsing: "MK Together <mk@b.org>")
        == MailAddress(name: "MK Together", email: "mk@b.org"))
    #expect(
      MailAddress(parsing: "\"Boards, MK\" <mk@b.org>")
        == MailAddress(name: "Boards, MK", email: "mk@b.org"))
    #expect(MailAddress(parsing: "not an address") == nil)
    #expect(MailAddress(parsing: "@b.org") == nil)
    #expect(MailAddress(parsing: "a@") == nil)
    #expect(MailAddress(parsing: "a@b.org").map(\.domain) == "b.org")
  }

  @Test("RFC 5322 dates in UTC with English names")
  func dates() {
    #expect(MIME.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    #expect(MIME.rfc5322Date(escalationMorning) == "Mon, 29 Nov 2021 09:00:00 +0000")
    #expect(
      MIME.rfc5322Date(Date(timeIntervalSince1970: 1_709_251_199))
        == "Thu, 29 Feb 2024 23:59:59 +0000")
  }

  @Test("a long ASCII subject is folded at spaces within 78 characters")
  func asciiFolding() {
    let message = MailMessage(
      from: MailAddress(email: "a@b.org"), to: [MailAddress(email: "c@d.org")],
      subject: Array(repeating: "word", count: 40).joined(separator: " "), date: escalationMorning,
      messageID: "x@b.org", textBody: "hi")
    let text = message.render()
    let head = text.components(separatedBy: "\r\n\r\n")[0]
    for line in head.components(separatedBy: "\r\n") { #expect(line.count <= 78) }
    #expect(headers(text)["subject"]?.replacingOccurrences(of: "  ", with: " ") == message.subject)
    #expect(!text.contains("multipart"), "without attachments the message is a single text part")
  }
}
