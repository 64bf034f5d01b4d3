import BoardCalCore
import Foundation

/// A mailbox: an address with an optional display name, written `Name <local@domain>`.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
  /// The display name, if any; encoded (RFC 2047) or quoted when the header is written.
  public var name: String?
  /// The bare address, `local@domain`.
  public var email: String

  public init(name: String? = nil, email: String) {
    self.name = name
    self.email = email
  }

  /// Reads `local@domain`, `<local@domain>` or `Name <local@domain>` (the name may be quoted).
  /// Nil when there is no `@` with something on both sides.
  public init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    var name: String?
    var address = trimmed
    if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
      address = String(
        trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
      var display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
      if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
        display = String(display.dropFirst().dropLast()).replacingOccurrences(
          of: "\\\"", with: "\"")
      }
      name = display.isEmpty ? nil : display
    }
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
      !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    else { return nil }
    self.init(name: name, email: address)
  }

  /// A bare address, `local@domain` as `init(parsing:)` reads it, with no name and nothing
  /// around it: what a contact's email must be. Nil for anything else.
  public init?(bare text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let parsed = MailAddress(parsing: trimmed), parsed.name == nil, parsed.email == trimmed
    else { return nil }
    self = parsed
  }

  /// The part after `@`: the domain of Message-IDs made for this sender.
  public var domain: String { String(email.split(separator: "@").last ?? "localhost") }

  /// As written in a header: `Name <email>`, the name quoted or encoded as needed.
  public var header: String {
    guard let name, !name.isEmpty else { return email }
    return "\(MIME.phrase(name)) <\(email)>"
  }

  public var description: String { header }
}

/// A file attached to a message, sent base64-encoded.
public struct MailAttachment: Hashable, Sendable {
  /// The full media type with its parameters, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
  public var contentType: String
  /// The file name offered to the reader (ASCII).
  public var filename: String
  public var data: Data

  public init(contentType: String, filename: String, data: Data) {
    self.contentType = contentType
    self.filename = filename
    self.data = data
  }
}

/// An Internet message (RFC 5322, MIME RFC 2045-2047): a plain-text body and attachments.
///
/// `render()` is pure: the date and the Message-ID are given, never read from the clock, so
/// the same message renders to the same bytes. Lines end in CRLF and none is longer than 998
/// octets; the body is quoted-printable UTF-8, attachments base64, the subject and display names
/// RFC 2047 encoded-words when they are not ASCII.
public struct MailMessage: Sendable {
  public var from: MailAddress
  public var to: [MailAddress]
  public var subject: String
  public var date: Date
  /// Without the angle brackets: `local@domain`.
  public var messageID: String
  public var textBody: String
  public var attachments: [MailAttachment]
  /// Further headers, in order (`Auto-Submitted`, `X-Boardcal-Alert`); values must be ASCII.
  public var extraHeaders: [(String, String)]

  public init(
    from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String,
    textBody: String, attachments: [MailAttachment] = [], extraHeaders: [(String, String)] = []
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.date = date
    self.messageID = messageID
    self.textBody = textBody
    self.attachments = attachments
    self.extraHeaders = extraHeaders
  }

  /// The MIME boundary: `=_` never occurs in quoted-printable or base64 text.
  public var boundary: String { "=_boardcal_\(MIME.hashHex(messageID))" }

  /// The whole message, as handed to `sendmail -t`: headers, blank line, MIME body; CRLF line ends.
  public func render() -> String {
    var lines: [String] = []
    lines.append("From: \(from.header)")
    lines += MIME.foldAddressList("To", to.map(\.header))
    lines += MIME.subjectLines(subject)
    lines.append("Date: \(MIME.rfc5322Date(date))")
    lines.append("Message-ID: <\(messageID)>")
    for (name, value) in extraHeaders { lines.append("\(name): \(value)") }
    lines.append("MIME-Version: 1.0")
    let text = [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      MIME.quotedPrintable(textBody),
    ]
    if attachments.isEmpty {
      lines += text
    } else {
      lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
      lines.append("")
      lines.append("This is a multi-part message in MIME format.")
      lines.append("")
      lines.append("--\(boundary)")
      lines += text
      for attachment in attachments {
        lines.append("--\(boundary)")
        lines.append("Content-Type: \(attachment.contentType); name=\"\(attachment.filename)\"")
        lines.append("Content-Disposition: attachment; filename=\"\(attachment.filename)\"")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("")
        lines += MIME.base64Lines(attachment.data)
      }
      lines.append("--\(boundary)--")
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}

/// The encodings of RFC 2045-2047 and the RFC 5322 date, written out: Foundation has none of them.
public enum MIME {
  /// Quoted-printable (RFC 2045 6.7) of UTF-8 text, lines ending CRLF, soft breaks keeping every
  /// encoded line within 76 characters.
  public static func quotedPrintable(_ text: String) -> String {
    let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
    var out: [String] = []
    for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
      let bytes = Array(line.utf8)
      var encoded: [String] = []
      for (i, byte) in bytes.enumerated() {
        let last = i == bytes.count - 1
        let plain =
          (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
        encoded.append(
          plain ? String(UnicodeScalar(byte)) : "=" + String(format: "%02X", Int(byte)))
      }
      var current = ""
      for token in encoded {
        if current.count + token.count > 75 {
          out.append(current + "=")
          current = ""
        }
        current += token
      }
      out.append(current)
    }
    return out.joined(separator: "\r\n")
  }

  /// Base64 in lines of 76 characters.
  public static func base64Lines(_ data: Data) -> [String] {
    let text = data.base64EncodedString()
    var lines: [String] = []
    var index = text.startIndex
    while index < text.endIndex {
      let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
      lines.append(String(text[index..<end]))
      index = end
    }
    return lines
  }

  /// True when the text is printable US-ASCII (space included), so it can go in a header as is.
  static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
  }

  /// RFC 2047 B encoded-words of at most 39 UTF-8 octets each, never splitting a character.
  public static func encodedWords(_ text: String) -> [String] {
    var words: [String] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if !chunk.isEmpty, chunk.count + bytes.count > 39 {
        words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
    return words
  }

  /// A display name as an RFC 5322 phrase: an atom run as is, a quoted string when it holds
  /// specials, encoded-words when it is not ASCII.
  public static func phrase(_ name: String) -> String {
    guard isPlainASCII(name) else { return encodedWords(name).joined(separator: " ") }
    let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
    if name.unicodeScalars.allSatisfy({ atext.contains($0) && $0.isASCII }) { return name }
    let escaped = name.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\""
  }

  /// The Subject header, folded: ASCII at spaces within 78 characters, otherwise as encoded-words
  /// one per line.
  static func subjectLines(_ subject: String) -> [String] {
    let oneLine = subject.replacingOccurrences(of: "\r", with: " ")
      .replacingOccurrences(of: "\n", with: " ")
    if isPlainASCII(oneLine) {
      return fold("Subject: " + oneLine)
    }
    let words = encodedWords(oneLine)
    return ["Subject: " + words[0]] + words.dropFirst().map { " " + $0 }
  }

  /// An address header with one address per continuation line when it would run past 78.
  static func foldAddressList(_ name: String, _ addresses: [String]) -> [String] {
    let single = "\(name): " + addresses.joined(separator: ", ")
    if single.count <= 78 || addresses.count < 2 { return [single] }
    var lines = ["\(name): " + addresses[0] + ","]
    for (i, address) in addresses.enumerated().dropFirst() {
      lines.append(" " + address + (i == addresses.count - 1 ? "" : ","))
    }
    return lines
  }

  /// Folds an unstructured ASCII header at spaces so that lines stay within 78 characters where
  /// a space allows it (and always within 998).
  static func fold(_ line: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in line.split(separator: " ", omittingEmptySubsequences: false) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count > 78 {
        lines.append(current)
        current = " " + word
      } else {
        current += " " + word
      }
    }
    lines.append(current)
    return lines.flatMap { line -> [String] in
      guard line.utf8.count > 998 else { return [line] }
      var pieces: [String] = []
      var rest = Substring(line)
      while rest.utf8.count > 998 {
        pieces.append(String(rest.prefix(990)))
        rest = " " + rest.dropFirst(990)
      }
      return pieces + [String(rest)]
    }
  }

  /// `Tue, 02 Nov 2021 09:30:00 +0000`: the instant in UTC, English names, as RFC 5322 3.3 has it.
  public static func rfc5322Date(_ date: Date) -> String {
    UTCInstant(date).internetDate(zone: "+0000")
  }

  /// 64-bit FNV-1a of the text's UTF-8, as 16 hex digits: stable across runs and platforms.
  public static func hashHex(_ text: String) -> String {
    StableHash.hex(StableHash.fnv1a(text.utf8))
  }
}
