import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import Foundation
import Testing

/// A transport that keeps what it is given, and can be told to fail.
final class RecordingTransport: MailTransport, @unchecked Sendable {
  private let lock = NSLock()
  private var kept: [MailMessage] = []
  let failing: Bool

  init(failing: Bool = false) { self.failing = failing }

  func deliver(_ message: MailMessage, name: String) throws(DeliveryError) -> String {
    if failing { throw DeliveryError(.mailer, "the mailer is down") }
    lock.lock()
    defer { lock.unlock() }
    kept.append(message)
    return "memory"
  }

  var messages: [MailMessage] {
    lock.lock()
    defer { lock.unlock() }
    return kept
  }
}

/// A notifier for MK with contacts as of a day, with its alerts.
func notifier(asOf: String, transport: any MailTransport) throws -> (AlertNotifier, [Alert]) {
  let p = try miltonWithContacts()
  let (schedule, all) = alerts(p, asOf: day(asOf))
  let composer = AlertMailComposer(
    partnership: p, schedule: schedule, sender: AlertMailComposer.defaultSender(for: p),
    asOf: day(asOf))
  return (AlertNotifier(composer: composer, transport: transport), all)
}

@Suite("Notify: once per alert, recipient and channel")
struct NotifierTests {
  @Test("a second run sends nothing; escalation later reaches only the chairs")
  func onceOnly() throws {
    let log = MemoryAlertLog()
    let sink = RecordingTransport()
    let (first, november) = try notifier(asOf: "2021-11-01", transport: sink)
    let outcomes = first.notify(november, log: log, now: escalationMorning)
    let sent = outcomes.filter { $0.result == .sent }
    #expect(!sent.isEmpty)
    #expect(sink.messages.count == sent.count)
    #expect(
      sent.contains { $0.alert == "\(strategicAssessment)#missed" && $0.recipient == "csp-lead" })
    // Sam Carter (the Management Board's lead officer here) has no email: reported every time.
    #expect(outcomes.contains { $0.result == .noEmail && $0.recipient == "mktmb-lead" })

    let again = first.notify(november, log: log, now: escalationMorning.addingTimeInterval(60))
    #expect(sink.messages.count == sent.count, "nothing sent the second time")
    #expect(!again.contains { $0.result == .sent })
    #expect(again.filter { $0.result == .alreadySent }.count == sent.count)

    let (later, escalated) = try notifier(asOf: "2021-11-29", transport: sink)
    let third = later.notify(escalated, log: log, now: escalationMorning)
    let strategic = third.filter { $0.alert == "\(strategicAssessment)#missed" }
    #expect(
      strategic.filter { $0.result == .sent }.map(\.recipient) == [
        "independent-scrutineer", "cabinet-member-community-safety",
      ])
    #expect(
      strategic.filter { $0.result == .alreadySent }.map(\.recipient) == [
        "assurance-lead", "csp-lead",
      ])
  }

  @Test("a failed send is reported and released, so the next run sends it")
  func failureReleases() throws {
    let log = MemoryAlertLog()
    let (broken, all) = try notifier(
      asOf: "2021-11-01", transport: RecordingTransport(failing: true))
    let failed = broken.notify(all, log: log, now: escalationMorning)
    #expect(failed.contains { $0.result == .failed && $0.detail == "the mailer is down" })
    #expect(!failed.contains { $0.result == .sent })
    #expect(log.sent.isEmpty)
    let sink = RecordingTransport()
    let (working, _) = try notifier(asOf: "2021-11-01", transport: sink)
    let retried = working.notify(all, log: log, now: escalationMorning)
    #expect(
      retried.filter { $0.result == .sent }.count == failed.filter { $0.result == .failed }.count)
    #expect(log.sent.count == sink.messages.count)
  }

  @Test("a claim left by a run that died mid-send is retried once stale, with the same Message-ID")
  func crashedClaim() throws {
    let log = MemoryAlertLog()
    let sink = RecordingTransport()
    let (n, all) = try notifier(asOf: "2021-11-01", transport: sink)
    let alert = try #require(all.first { $0.obligation.id == strategicAssessment })
    let key = DeliveryKey(
      partnership: "milton-keynes", alertKey: alert.key, obligation: alert.obligation.id,
      status: "missed", recipient: "csp-lead", channel: "email")
    // Claimed, then the process died before it could mark the send.
    #expect(try log.claim(key, at: escalationMorning, staleAfter: n.staleAfter) == .claimed)
    let soon = n.notify([alert], log: log, now: escalationMorning.addingTimeInterval(10))
    #expect(
      soon.first { $0.recipient == "csp-lead" }?.result == .alreadySent,
      "a claim younger than any live send may be a send in progress")
    #expect(!sink.messages.contains { $0.to[0].email == "tomas.obriain@example.org" })

    let later = n.notify(
      [alert], log: log, now: escalationMorning.addingTimeInterval(n.staleAfter + 1))
    let retried = try #require(later.first { $0.recipient == "csp-lead" })
    #expect(retried.result == .retried)
    #expect(retried.detail?.contains("retried after an interrupted send") == true)
    let message = try #require(
      sink.messages.first { $0.to[0].email == "tomas.obriain@example.org" })
    let csp = try #require(alert.recipients.first { $0.person == "csp-lead" })
    #expect(message.messageID == n.composer.messageID(for: alert, to: csp), "the same Message-ID")
    #expect(log.sent.contains(key))
    let after = n.notify(
      [alert], log: log, now: escalationMorning.addingTimeInterval(n.staleAfter * 3))
    #expect(after.first { $0.recipient == "csp-lead" }?.result == .alreadySent)
  }

  @Test("a dry run writes one .eml per alert and recipient, with stable names and contents")
  func dryRun() throws {
    let folder = try temporaryFolder("dry")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (n, all) = try notifier(asOf: "2021-11-29", transport: EmlWriter(directory: folder))
    let log = MemoryAlertLog()
    let outcomes = n.notify(all, log: log, now: escalationMorning)
    let written = outcomes.filter { $0.result == .written }
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(files.count == written.count)
    #expect(
      files.contains(
        "milton-keynes--strategic-assessment-to-csp-2021-22_csp_2021-22_missed--independent-scrutineer.eml"
      ))
    let path = folder.appendingPathComponent(files[0]).path
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    _ = n.notify(all, log: MemoryAlertLog(), now: escalationMorning)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test("sendmail gets -t -i and the whole message on its standard input")
  func sendmailHandsOn() throws {
    let folder = try temporaryFolder("sendmail")
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("fake-sendmail")
    try """
    #!/bin/sh
    printf '%s\\n' "$@" > "\(folder.path)/args"
    cat > "\(folder.path)/stdin"
    """.write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    let (alert, composer) = try escalatedStrategicAssessment()
    let message = try composer.message(
      for: alert, to: alert.recipients[0], date: escalationMorning)
    let sendmail = Sendmail(command: "\(script.path) -C some.conf")
    #expect(sendmail.command == [script.path, "-C", "some.conf"])
    _ = try sendmail.deliver(message, name: "x")
    let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
    #expect(args == "-C\nsome.conf\n-t\n-i\n")
    let stdin = try Data(contentsOf: folder.appendingPathComponent("stdin"))
    #expect(stdin == Data(message.render().utf8))
  }

  @Test("a mailer that fails gives an error with its exit status and what it said")
  func sendmailFails() throws {
    let folder = try temporaryFolder("sendmail-fail")
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("broken-sendmail")
    try "#!/bin/sh\ncat >/dev/null\necho 'no route to smarthost' >&2\nexit 75\n"
      .write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    let (alert, composer) = try escalatedStrategicAssessment()
    let message = try composer.message(
      for: alert, to: alert.recipients[0], date: escalationMorning)
    do {
      _ = try Sendmail(command: script.path).deliver(message, name: "x")
      Issue.record("a failing mailer must throw")
    } catch {
      #expect(error.message.contains("exited with status 75"))
      #expect(error.message.contains("no route to smarthost"))
    }
    #expect(Sendmail(command: "/nonexistent/sendmail").problem != nil)
    #expect(throws: DeliveryError.self) {
      _ = try Sendmail(command: "/nonexistent/sendmail").deliver(message, name: "x")
    }
  }

  @Test("the webhook: one POST per alert, logged per URL; an unreachable URL fails and is released")
  func webhook() throws {
    #expect(Webhook("ftp://x") == nil)
    #expect(Webhook("not a url") == nil)
    let hook = try #require(Webhook("http://127.0.0.1:9/hooks/secret-token", timeout: 5))
    #expect(hook.recipient.hasPrefix("webhook:127.0.0.1:"))
    #expect(!hook.recipient.contains("secret-token"))
    let (n, all) = try notifier(asOf: "2021-11-01", transport: RecordingTransport())
    var withHook = n
    withHook.webhook = hook
    let log = MemoryAlertLog()
    let alert = try #require(all.first { $0.obligation.id == strategicAssessment })
    let outcomes = withHook.notify([alert], log: log, now: escalationMorning)
    let posted = try #require(outcomes.first { $0.channel == "webhook" })
    #expect(posted.result == .failed)
    #expect(!log.sent.contains { $0.channel == "webhook" })
  }

  @Test("the webhook body is the alert's JSON with the partnership and a text to show")
  func webhookBody() throws {
    let (alert, composer) = try escalatedStrategicAssessment()
    let data = try JSONOutput.data(
      AlertJSON.webhook(alert, composer.partnership, asOf: day("2021-11-29")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["partnership"] as? String == "milton-keynes")
    #expect(json["as_of"] as? String == "2021-11-29")
    #expect(json["key"] as? String == "\(strategicAssessment)#missed")
    #expect(json["status"] as? String == "missed")
    #expect(json["since"] as? String == "2021-11-01")
    #expect(json["escalated"] as? Bool == true)
    #expect((json["recipients"] as? [[String: Any]])?.count == 4)
    let obligation = try #require(json["obligation"] as? [String: Any])
    #expect(obligation["owner"] as? String == "assurance")
    #expect(obligation["receiver"] as? String == "csp")
    #expect((obligation["window"] as? [String: Any])?["end"] as? String == "2021-10-31")
    #expect((json["text"] as? String)?.hasPrefix(alert.subject(composer.partnership)) == true)
    // The plain alert (alerts --json) has no partnership, as_of or text.
    let plain =
      try JSONSerialization.jsonObject(
        with: JSONOutput.data(AlertJSON(alert, composer.partnership))) as? [String: Any]
    #expect(plain?["text"] == nil && plain?["partnership"] == nil)
  }
}

@Suite("Mail end to end: msmtp's sendmail -t to a local SMTP server")
struct MailEndToEndTests {
  @Test("notify through msmtp to aiosmtpd, read back with Python's email and icalendar")
  func throughRealMTA() throws {
    if ProcessInfo.processInfo.environment["BOARDCAL_SKIP_MAIL_E2E"] == "1" { return }
    #expect(
      FileManager.default.isExecutableFile(atPath: boardcalBinary.path),
      "build the tool first: swift build")
    let result = try runProgram(
      python3,
      [
        packageRoot.appendingPathComponent("Tests/mail_e2e.py").path, "--boardcal",
        boardcalBinary.path,
      ])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("mail end-to-end: all checks passed"), "\(result.output)")
  }
}
