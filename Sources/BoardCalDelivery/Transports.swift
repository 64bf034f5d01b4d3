import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Where an alert's email goes: handed to the system's mailer, or written to a folder.
public protocol MailTransport: Sendable {
  /// Hands the message on; returns where it went (the file written, or the mailer's name).
  func deliver(_ message: MailMessage, name: String) throws(DeliveryError) -> String
}

/// The Unix way to send mail: the message on the standard input of `sendmail -t -i`, which reads
/// the recipients from the To header (postfix, exim, msmtp and others all provide it).
public struct Sendmail: MailTransport {
  /// The program and any arguments of its own, before `-t -i`.
  public let command: [String]
  /// How long the mailer may take with one message before it is stopped (then killed after
  /// `killGrace` more).
  public var timeout: TimeInterval = Sendmail.defaultTimeout
  /// The default send timeout, for the mailer and the webhook alike.
  public static let defaultTimeout: TimeInterval = 60
  /// How long a stopped mailer has to exit before it is killed.
  public static let killGrace: TimeInterval = 5

  /// `command` is a path (default `/usr/sbin/sendmail`), or a path followed by arguments
  /// separated by spaces (`/usr/bin/msmtp -C /etc/msmtprc`) when the whole text is not itself an
  /// executable file.
  public init(command: String = "/usr/sbin/sendmail") {
    if FileManager.default.isExecutableFile(atPath: command) || !command.contains(" ") {
      self.command = [command]
    } else {
      self.command = command.split(separator: " ").map(String.init)
    }
  }

  /// Runs the mailer with the message on its standard input (through a file, so neither side can
  /// block on a full pipe); a non-zero exit is an error carrying what the mailer printed.
  public func deliver(_ message: MailMessage, name: String) throws(DeliveryError) -> String {
    try send(raw: message.render())
    return command[0]
  }

  /// Nil when the program can be run, else why not.
  public var problem: String? {
    FileManager.default.isExecutableFile(atPath: command[0])
      ? nil : "the mailer '\(command[0])' does not exist or cannot be run"
  }

  /// Hands already rendered message text to the mailer.
  public func send(raw: String) throws(DeliveryError) {
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent(
      "boardcal-sendmail-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: scratch) }
    let program = command[0]
    guard fm.isExecutableFile(atPath: program) else {
      throw DeliveryError(
        .mailer,
        "the mailer '\(program)' does not exist or cannot be run (give its path with --sendmail)")
    }
    do {
      // The message passes through a folder and files only their owner can read: an alert may
      // name people and duties that other local users should not see.
      try fm.createDirectory(
        at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let input = scratch.appendingPathComponent("message.eml")
      let output = scratch.appendingPathComponent("output.txt")
      guard
        fm.createFile(
          atPath: input.path, contents: Data(raw.utf8), attributes: [.posixPermissions: 0o600]),
        fm.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600])
      else {
        throw DeliveryError(
          .mailer, "could not write the message for \(program) in \(scratch.path)")
      }
      let stdin = try FileHandle(forReadingFrom: input)
      let out = try FileHandle(forWritingTo: output)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = Array(command.dropFirst()) + ["-t", "-i"]
      process.standardInput = stdin
      process.standardOutput = out
      process.standardError = out
      let finished = DispatchSemaphore(value: 0)
      process.terminationHandler = { _ in finished.signal() }
      try process.run()
      if finished.wait(timeout: .now() + timeout) == .timedOut {
        // A mailer that never returns must not hold the alert (and every later one) forever:
        // stop it, and report the delivery as failed so that the claim is released and retried.
        process.terminate()
        if finished.wait(timeout: .now() + Self.killGrace) == .timedOut {
          kill(process.processIdentifier, SIGKILL)
          finished.wait()
        }
        try? stdin.close()
        try? out.close()
        throw DeliveryError(
          .mailer,
          "\(command.joined(separator: " ")) -t -i did not finish within \(Int(timeout)) seconds")
      }
      try? stdin.close()
      try? out.close()
      guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        let said = ((try? String(contentsOf: output, encoding: .utf8)) ?? "")
          .split(whereSeparator: \.isNewline)
          .map { $0.trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty }
          .joined(separator: "; ")
        let how =
          process.terminationReason == .exit
          ? "exited with status \(process.terminationStatus)"
          : "was killed by signal \(process.terminationStatus)"
        throw DeliveryError(
          .mailer,
          "\(command.joined(separator: " ")) -t -i \(how)\(said.isEmpty ? "" : ": \(said)")")
      }
    } catch let error as DeliveryError {
      throw error
    } catch {
      throw DeliveryError(.mailer, "could not run \(program): \(error.localizedDescription)")
    }
  }
}

/// `--dry-run`: each message written as `NAME.eml` in a folder instead of being sent.
public struct EmlWriter: MailTransport {
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  /// A file name from the partnership, alert key and recipient: the same alert gives the same
  /// name, and only letters, digits, `.`, `_` and `-` are used.
  public static func fileName(partnership: String, alertKey: String, recipient: String) -> String {
    func clean(_ s: String) -> String {
      String(
        s.map { c in
          c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-") ? c : "_"
        })
    }
    return "\(clean(partnership))--\(clean(alertKey))--\(clean(recipient))"
  }

  /// Writes `name.eml` (CRLF line ends, as sent) and returns its path.
  public func deliver(_ message: MailMessage, name: String) throws(DeliveryError) -> String {
    let url = directory.appendingPathComponent(name + ".eml")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try writeOwnerOnly(Data(message.render().utf8), to: url)
    } catch {
      throw DeliveryError(.file, "could not write \(url.path): \(error.localizedDescription)")
    }
    return url.path
  }
}

/// A JSON POST to a chat webhook (Slack, Teams, or anything that takes JSON), sent with
/// URLSession from FoundationNetworking and waited for: a reply other than 2xx is an error.
public struct Webhook: Sendable {
  public let url: URL
  public let timeout: TimeInterval

  /// Nil when the text is not an http or https URL.
  public init?(_ text: String, timeout: TimeInterval = Sendmail.defaultTimeout) {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", url.host != nil
    else { return nil }
    self.url = url
    self.timeout = timeout
  }

  /// The log's recipient for this channel: the host and a hash of the whole URL, so that the
  /// log does not store the secret a webhook URL usually carries.
  public var recipient: String { "webhook:\(url.host ?? "?"):\(MIME.hashHex(url.absoluteString))" }

  /// POSTs the body as `application/json; charset=utf-8` and waits for the answer.
  public func post(_ body: Data) throws(DeliveryError) {
    var request = URLRequest(url: url, timeoutInterval: timeout)
    request.httpMethod = "POST"
    request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
    request.setValue("boardcal", forHTTPHeaderField: "User-Agent")
    request.httpBody = body
    let box = ResultBox()
    let session = URLSession(configuration: .ephemeral)
    defer { session.finishTasksAndInvalidate() }
    let task = session.dataTask(with: request) { data, response, error in
      if let error {
        box.set(
          .failure(
            DeliveryError(.webhook, "POST \(url.host ?? "") failed: \(error.localizedDescription)"))
        )
      } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
        let text = data.map { String(decoding: $0.prefix(300), as: UTF8.self) } ?? ""
        box.set(
          .failure(
            DeliveryError(
              .webhook,
              "POST \(url.host ?? "") answered \(http.statusCode)\(text.isEmpty ? "" : ": \(text)")"
            )))
      } else {
        box.set(.success(()))
      }
    }
    task.resume()
    if box.wait(timeout: timeout + 5) == false {
      task.cancel()
      throw DeliveryError(
        .webhook, "POST \(url.host ?? "") did not answer within \(Int(timeout)) seconds")
    }
    if case .failure(let error) = box.result { throw error }
  }

  /// The outcome of one request, handed from URLSession's queue to the waiting thread.
  final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var stored: Result<Void, DeliveryError>?

    func set(_ value: Result<Void, DeliveryError>) {
      lock.lock()
      stored = value
      lock.unlock()
      done.signal()
    }

    func wait(timeout: TimeInterval) -> Bool {
      done.wait(timeout: .now() + timeout) == .success
    }

    var result: Result<Void, DeliveryError>? {
      lock.lock()
      defer { lock.unlock() }
      return stored
    }
  }
}

/// Writes a file only its owner can read (an alert names people and duties), replacing any file
/// of that name whole.
func writeOwnerOnly(_ data: Data, to url: URL) throws {
  let fm = FileManager.default
  let temporary = url.deletingLastPathComponent().appendingPathComponent(
    ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
  guard
    fm.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
  else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
  if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
  try fm.moveItem(at: temporary, to: url)
}
