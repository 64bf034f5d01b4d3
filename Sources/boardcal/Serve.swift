import ArgumentParser
import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import BoardCalPipeline
import BoardCalServer
import BoardCalStore
import Foundation
import Logging
import ServiceLifecycle

/// `boardcal serve`: the feeds, pages and JSON API over HTTP.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the calendar feeds for subscription, with pages and a JSON API.",
    discussion: """
      Derives every protocol in --protocols as of today, with the records database applied (--db, \
      else $BOARDCAL_DB, else the default path) as the command line does, and serves from memory: \
      the feeds (public ones to anyone, private ones only with a token: the shared one, or one \
      'boardcal token issue' made, as ?token=T, 'Authorization: Bearer T' or the cookie a page \
      opened with ?token=T sets), an index page with \
      subscribe links, a page per partnership (what needs action first, its boards' next \
      meetings), a chair's page per board (what it owes, with statuses, and what is coming to its \
      meetings), the overdue and planning-conflicts pages, the forward plan (/P/forward-plan, also \
      .csv and .ics), and the JSON API under /api. A change to a protocol file or to the records \
      (a cancellation recorded with `boardcal record`) is served within a second, with no \
      restart; so is a new day. Calendars/ is the static export `emit` writes for any web \
      server; serve does not read it. \
      /api/openapi.yaml describes the API; /healthz answers ok and, with the token, /metrics gives \
      Prometheus metrics. A client that sends a request slower than --read-timeout or sits idle \
      longer than --idle-timeout is dropped. One log line per request goes to standard error. \
      SIGTERM or SIGINT stops the server gracefully: requests under way are answered, then it \
      exits 0. \
      The token is best given in BOARDCAL_FEED_TOKEN (an option shows in the process list). See \
      the README, "HTTP server".
      """
  )

  @Option(help: "The folder of protocol files (*.yaml) to derive and serve.")
  var protocols = "Protocols"
  @OptionGroup var db: DatabaseOption
  @Option(help: "The address to listen on.") var host = "127.0.0.1"
  @Option(help: "The port to listen on (0: any free port).") var port = 8080
  @Option(
    help:
      "The address the server is reached at, e.g. https://boards.example.gov.uk (default: each request's Host)."
  )
  var baseURL: String?
  @Option(help: "The token that opens private feeds (default: $BOARDCAL_FEED_TOKEN).")
  var token: String?
  @OptionGroup var standing: AsOfOption
  @Option(
    help: ArgumentHelp(
      "Seconds a client has to send a whole request from its first byte (the header-read timeout).",
      valueName: "seconds"))
  var readTimeout = 10.0
  @Option(
    help: ArgumentHelp(
      "Seconds a connection may sit with no request under way before it is closed.",
      valueName: "seconds"))
  var idleTimeout = 30.0
  @Option(
    help: ArgumentHelp(
      "The least level logged to standard error: trace, debug, info (one line per request), notice, warning, error or critical.",
      valueName: "level"))
  var logLevel = "info"
  @OptionGroup var contacts: ContactsOption
  @Option(
    help: ArgumentHelp(
      "Send every partnership's alerts once a day at this time in its own time zone, as `boardcal notify` does (the same once-only log); without it, run notify from cron.",
      valueName: "HH:MM"))
  var notifyAt: String?
  @Option(help: "With --notify-at: the sendmail program, optionally with its own arguments.")
  var sendmail = "/usr/sbin/sendmail"
  @Option(
    help:
      "With --notify-at: the sender, 'address' or 'Name <address>' (default: the partnership's address)."
  )
  var from: String?
  @Option(help: "With --notify-at: a webhook URL (Slack, Teams) to POST each alert to as JSON.")
  var webhook: String?
  @Option(help: "With --notify-at: seconds a send (the mailer, the webhook) may take.")
  var sendTimeout: Int = Int(Sendmail.defaultTimeout)

  func validate() throws {
    if let notifyAt {
      guard TimeOfDay(text: notifyAt) != nil else {
        throw ValidationError("--notify-at '\(notifyAt)' is not a time of day (HH:MM, 24-hour).")
      }
      if let problem = Sendmail(command: sendmail).problem {
        throw ValidationError("\(problem); give the sendmail program with --sendmail PATH.")
      }
    }
    guard (1...3600).contains(sendTimeout) else {
      throw ValidationError("--send-timeout must be 1 to 3600 seconds.")
    }
    if let from, MailAddress(parsing: from) == nil {
      throw ValidationError("--from '\(from)' is not an address or 'Name <address>'.")
    }
    if let webhook, Webhook(webhook) == nil {
      throw ValidationError("--webhook '\(webhook)' is not an http or https URL.")
    }
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535.") }
    for (name, seconds) in [("--read-timeout", readTimeout), ("--idle-timeout", idleTimeout)] {
      guard seconds > 0, seconds <= 3600 else {
        throw ValidationError("\(name) must be more than 0 and at most 3600 seconds.")
      }
    }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError(
        "--log-level '\(logLevel)' is not trace, debug, info, notice, warning, error or critical.")
    }
    if let baseURL {
      guard let url = URLComponents(string: baseURL), url.host != nil,
        ["http", "https"].contains(url.scheme?.lowercased() ?? "")
      else { throw ValidationError("--base-url '\(baseURL)' is not an http:// or https:// URL.") }
    }
  }

  func run() async throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: protocols, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      complain("\(protocols) is not a folder of protocol files; give --protocols FOLDER.")
      throw ExitCode(1)
    }
    // Every logger of the server (requests, the live state, the daily alerts) at --log-level.
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in LogLines(label: label, logLevel: level) }
    let secret = token ?? ProcessInfo.processInfo.environment["BOARDCAL_FEED_TOKEN"]
    let fixed = standing.day
    let server: BoardCalApp
    do {
      server = try BoardCalApp(
        ServerConfiguration(
          protocols: protocols,
          database: db.database, baseURL: baseURL, access: FeedAccess(token: secret),
          today: { zone in fixed ?? Self.clockToday(in: zone) },
          contactsFile: contacts.path ?? ContactsFile.defaultPath, dailyAlerts: dailyAlerts()))
    } catch {
      for line in error.diagnostics { complain(line) }
      let contactsFile = contacts.path ?? ContactsFile.defaultPath
      if error.diagnostics.contains(where: { $0.hasPrefix(contactsFile) }) {
        complain("\(contactsFile) has problems; fix it, or name another with --contacts.")
      } else {
        complain("\(protocols) has problems; run 'boardcal validate \(protocols)/*.yaml'.")
      }
      throw ExitCode(1)
    }
    let privateFeeds = server.configuration.access.isEnabled
    var logger = Logger(label: "boardcal")
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
    let timeouts = ConnectionTimeouts(
      read: .milliseconds(Int64(readTimeout * 1000)), idle: .milliseconds(Int64(idleTimeout * 1000))
    )
    let app = server.application(host: host, port: port, timeouts: timeouts, logger: logger) {
      url in
      var lines = ["boardcal: serving \(protocols) on \(url)"]
      if let sample = server.sampleSubscription(listeningOn: url) {
        lines.append("Subscribe to \(sample.name): \(sample.webcal)")
        lines.append("  (Google Calendar, From URL: \(sample.web))")
      }
      let database = db.database
      lines.append(
        "Records: \(database.path)\(database.exists ? "" : " (none yet: 'boardcal record' makes it)")"
      )
      lines.append(
        notifyAt.map { "Daily alerts: at \($0) in each partnership's time zone, by \(sendmail)." }
          ?? "Daily alerts: off (serve --notify-at 07:00, or 'boardcal notify' from cron).")
      lines.append(
        privateFeeds
          ? "Private feeds and pages open with the shared token or one 'boardcal token issue' made."
          : "Private feeds and pages open only with a token 'boardcal token issue' made (no --token or BOARDCAL_FEED_TOKEN)."
      )
      // Unbuffered, so a supervisor or a test reading the pipe sees it at once.
      say(lines.joined(separator: "\n"))
    }
    // As Hummingbird's runService does: the server is a service of a group that, on SIGTERM or
    // SIGINT, stops accepting, lets the requests under way be answered, and returns; the
    // command then exits 0.
    let services = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await services.run()
  }

  /// What `--notify-at` sends each morning: each partnership's `AlertRound`, logged in the
  /// records database as `boardcal notify` logs it; nil without `--notify-at`.
  func dailyAlerts() -> DailyAlerts? {
    guard let notifyAt, let time = TimeOfDay(text: notifyAt) else { return nil }
    var mailer = Sendmail(command: sendmail)
    mailer.timeout = TimeInterval(sendTimeout)
    let round = AlertRound(
      mailer: mailer, from: from.flatMap { MailAddress(parsing: $0) },
      webhook: webhook.flatMap { Webhook($0, timeout: TimeInterval(sendTimeout)) })
    let database = db.database
    return DailyAlerts(round: DailyRound(at: time)) { state in
      let store: RecordStore
      do {
        store = try database.open()
      } catch {
        return ["not sent: the records database cannot be opened: \(error)"]
      }
      let (alerts, outcomes) = round.run(state, store: store, now: Date())
      let count = { (r: NotifyOutcome.Result) in outcomes.filter { $0.result == r }.count }
      var lines = outcomes.filter { $0.result == .failed || $0.result == .retried }.map {
        "\($0.result.rawValue): \($0.alert) to \($0.recipient) by \($0.channel): \($0.detail ?? "")"
      }
      lines.append(
        "\(alerts.count) alerts as of \(state.asOf.iso): \(count(.sent)) sent, \(count(.retried)) retried, \(count(.alreadySent)) already sent, \(count(.failed)) failed, \(count(.noEmail) + count(.unaddressed)) without an address"
      )
      return lines
    }
  }

  /// Today's date on the wall clock of a time zone: read here, at the edge, never in the core.
  static func clockToday(in zone: String) -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
}
