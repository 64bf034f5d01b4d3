import ArgumentParser
import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import BoardCalPipeline
import BoardCalStore
import Foundation

/// `boardcal notify`: sends each new alert once per recipient and channel, remembered in the log.
struct Notify: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Send each new alert by email (sendmail -t) and webhook, once, remembered in the alert log.",
    discussion: """
      For every alert of `boardcal alerts` and every recipient with an email address, the delivery \
      is first claimed in the alert log of the records database (skipped when it was claimed \
      before), then the message is handed to `SENDMAIL -t -i` and marked sent; when the send \
      fails the claim is released, the failure is reported and the exit status is 1, so the next \
      run tries again. A run that dies mid-send leaves its claim, and that delivery is never \
      repeated. Running notify twice sends nothing the second time.

      The message is RFC 5322: From the partnership's address (or boardcal@localhost) unless \
      --from is given, To the recipient, a plain-text body a lead officer can act on, and the \
      duty with its meeting attached as obligation.ics (text/calendar; method=PUBLISH).

      --sendmail takes a path, or a path and its own arguments separated by spaces \
      (e.g. "/usr/bin/msmtp -C /etc/msmtprc"); -t -i are added. --webhook posts each alert once as \
      JSON (the `alerts --json` alert with "partnership", "partnership_name", "as_of" and a \
      "text" that Slack and Teams show). Recipients without an email address and roles nobody is \
      named for are reported, not dropped. Each recipient's address is the one found first in \
      the records database ('boardcal contact set'), the contacts file (--contacts, default \
      contacts.yaml when it exists) and the protocol; a contacts file with problems stops the \
      run before anything is sent. --dry-run --out DIR writes one .eml per alert and \
      recipient (and one .json per alert for the webhook) and records nothing; deliveries the \
      log already holds are still skipped.

      --json prints {"partnership", "as_of", "dry_run", "alerts", "outcomes": [{"alert", \
      "status", "channel", "recipient", "name", "capacity", "email", "result": \
      "sent"|"written"|"already-sent"|"failed"|"no-email"|"unaddressed", "detail"}]}.

      Several protocol files (say Protocols/*.yaml, from cron) are one run: every partnership's \
      alerts are worked out side by side, one per core, then sent partnership by partnership in \
      the order given, each reported as one file would be (with --json, an array of the \
      objects above).
      """
  )

  @Argument(help: "One or more protocol files.") var files: [String]
  @OptionGroup var standing: AsOfOption
  @OptionGroup var db: DatabaseOption
  @OptionGroup var contacts: ContactsOption
  @Option(help: "The sendmail program, optionally with its own arguments.") var sendmail: String =
    "/usr/sbin/sendmail"
  @Option(help: "The sender, 'address' or 'Name <address>' (default: the partnership's address).")
  var from: String?
  @Option(help: "A webhook URL (Slack, Teams) to POST each alert to as JSON.") var webhook: String?
  @Flag(help: "Write the messages to --out instead of sending them; record nothing.")
  var dryRun = false
  @Option(help: "With --dry-run: the folder for the .eml files.") var out: String?
  @Option(
    help:
      "Seconds a send (the mailer, the webhook) may take before it is stopped; a send left unfinished by a run that died is retried once its claim is older than this and a margin."
  )
  var sendTimeout: Int = Int(Sendmail.defaultTimeout)
  @Flag(help: "Print JSON instead of text.") var json = false

  func validate() throws {
    guard (1...3600).contains(sendTimeout) else {
      throw ValidationError("--send-timeout must be 1 to 3600 seconds.")
    }
    if dryRun, out == nil { throw ValidationError("--dry-run needs --out DIR for the .eml files.") }
    if out != nil, !dryRun { throw ValidationError("--out is only used with --dry-run.") }
    if let from, MailAddress(parsing: from) == nil {
      throw ValidationError("--from '\(from)' is not an address or 'Name <address>'.")
    }
    if !dryRun, let problem = Sendmail(command: sendmail).problem {
      throw ValidationError("\(problem); give the sendmail program with --sendmail PATH.")
    }
    if let webhook, Webhook(webhook) == nil {
      throw ValidationError("--webhook '\(webhook)' is not an http or https URL.")
    }
  }

  func run() async throws {
    let database = db.database
    // Every file is read and checked before the database is opened.
    var standing: [(file: String, p: Partnership, asOf: CivilDate)] = []
    for file in files {
      let p = try loadPartnership(file)
      let asOf = try standingDay(self.standing.day ?? today(in: p.timeZone), for: p, file: file)
      standing.append((file, p, asOf))
    }
    // A real run keeps its log in the database (created when missing); a dry run reads what
    // the database holds and never creates it.
    let store: RecordStore?
    do {
      store = dryRun ? try database.openIfExists() : try database.open()
    } catch {
      complain("boardcal: \(error)")
      throw ExitCode(1)
    }
    var states: [PartnershipState] = []
    for (_, p, asOf) in standing {
      let state: PartnershipState
      do {
        state = try PartnershipState(p, asOf: asOf, store: store)
      } catch {
        complain("boardcal: \(error)")
        throw ExitCode(1)
      }
      states.append(state.with(contacts: try contacts.book(for: p, store: store)))
    }
    var mailer = Sendmail(command: sendmail)
    mailer.timeout = TimeInterval(sendTimeout)
    let round = AlertRound(
      mailer: mailer, from: from.flatMap { MailAddress(parsing: $0) },
      webhook: webhook.flatMap { Webhook($0, timeout: TimeInterval(sendTimeout)) },
      dryRunFolder: dryRun ? URL(fileURLWithPath: out ?? ".") : nil)
    var failed = false
    var reports: [NotifyJSON] = []
    var index = 0
    await AlertRound.each(states) { work in
      let file = files[index]
      defer { index += 1 }
      let (alerts, outcomes) = round.send(work, store: store, now: Date())
      failed = failed || outcomes.contains { $0.result == .failed }
      let p = work.state.partnership
      if json {
        reports.append(
          NotifyJSON(
            partnership: p.id, asOf: work.state.asOf, dryRun: dryRun, alerts: alerts.count,
            outcomes: outcomes))
      } else {
        if index > 0 { say("") }
        report(outcomes, alerts: alerts.count, p: p, asOf: work.state.asOf, file: file)
      }
    }
    if json {
      if reports.count == 1 { try sayJSON(reports[0]) } else { try sayJSON(reports) }
    }
    if failed { throw ExitCode(1) }
  }

  func report(
    _ outcomes: [NotifyOutcome], alerts: Int, p: Partnership, asOf: CivilDate, file: String
  ) {
    say(
      "\(p.name) — \(alerts) alert\(alerts == 1 ? "" : "s") as of \(asOf)\(dryRun ? " (dry run: nothing is sent or recorded)" : "")"
    )
    func who(_ o: NotifyOutcome) -> String {
      if o.channel == "webhook" { return "the webhook" }
      return "\(o.name ?? o.recipient) (\(o.capacity ?? "?"))" + (o.email.map { " <\($0)>" } ?? "")
    }
    for o in outcomes {
      switch o.result {
      case .sent: say("  sent     [\(o.status.rawValue)] \(o.alert) to \(who(o))")
      case .retried:
        say("  RETRIED  [\(o.status.rawValue)] \(o.alert) to \(who(o)): \(o.detail ?? "")")
      case .written:
        say("  written  [\(o.status.rawValue)] \(o.alert) for \(who(o)): \(o.detail ?? "")")
      case .failed:
        say("  FAILED   [\(o.status.rawValue)] \(o.alert) to \(who(o)): \(o.detail ?? "")")
      case .alreadySent, .noEmail, .unaddressed: break
      }
    }
    var noEmail: [String: (who: String, count: Int)] = [:]
    var nobody: [String: Int] = [:]
    for o in outcomes {
      if o.result == .noEmail {
        noEmail[o.recipient, default: ("\(o.name ?? o.recipient) (\(o.capacity ?? "?"))", 0)]
          .count += 1
      }
      if o.result == .unaddressed { nobody[o.recipient, default: 0] += 1 }
    }
    for (person, entry) in noEmail.sorted(by: { $0.key < $1.key }) {
      say(
        "  not sent: \(entry.who) has no email address (\(entry.count) alert\(entry.count == 1 ? "" : "s")); set one with: boardcal contact set \(file) \(person) --email ADDRESS"
      )
    }
    for (role, count) in nobody.sorted(by: { $0.key < $1.key }) {
      say("  not sent: nobody is named as \(role) (\(count) alert\(count == 1 ? "" : "s"))")
    }
    let count = { (r: NotifyOutcome.Result) in outcomes.filter { $0.result == r }.count }
    let done = dryRun ? count(.written) : count(.sent)
    let already = count(.alreadySent)
    let retried = count(.retried)
    if done == 0 && retried == 0 && count(.failed) == 0 {
      say(
        already > 0
          ? "Nothing new to send: all \(already) deliver\(already == 1 ? "y was" : "ies were") sent before."
          : "Nothing to send.")
    } else {
      say(
        "\(done) \(dryRun ? "written" : "sent"), \(retried > 0 ? "\(retried) retried after an interrupted send, " : "")\(already) already sent, \(count(.failed)) failed."
      )
    }
  }
}
