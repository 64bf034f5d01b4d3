import ArgumentParser
import BoardCalCore
import BoardCalPipeline
import BoardCalServer
import Foundation

/// `boardcal serve`: the feeds, pages and JSON API over HTTP.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the calendar feeds for subscription, with pages and a JSON API.",
    discussion: """
      Serves the feeds `boardcal emit` wrote (public ones to anyone, private ones only with a \
      token: the shared one, or one 'boardcal token issue' made, as ?token=T or 'Authorization: \
      Bearer T'), an index page with subscribe links, a page per partnership with its boards' next \
      meetings, and GET /api/P/schedule and /api/P/upcoming. Pages and the API apply the records \
      database (--db, else $BOARDCAL_DB, else the default path) as the command line does. Feeds \
      are read from disk on each request, so re-running emit needs no restart; protocol files are \
      reloaded when they change. \
      The token is best given in BOARDCAL_FEED_TOKEN (an option shows in the process list). See \
      the README, "HTTP server".
      """
  )

  @Option(help: "The folder `boardcal emit` wrote.") var calendars = "Calendars"
  @Option(help: "The folder of protocol files (*.yaml), for the pages and the API.")
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

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535.") }
    if let baseURL {
      guard let url = URLComponents(string: baseURL), url.host != nil,
        ["http", "https"].contains(url.scheme?.lowercased() ?? "")
      else { throw ValidationError("--base-url '\(baseURL)' is not an http:// or https:// URL.") }
    }
  }

  func run() async throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: calendars, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      complain("\(calendars) is not a folder; run 'boardcal emit Protocols/*.yaml' first.")
      throw ExitCode(1)
    }
    let secret = token ?? ProcessInfo.processInfo.environment["BOARDCAL_FEED_TOKEN"]
    let fixed = standing.day
    let server: BoardCalApp
    do {
      server = try BoardCalApp(
        ServerConfiguration(
          calendars: calendars,
          protocols: FileManager.default.fileExists(atPath: protocols) ? protocols : nil,
          database: db.database, baseURL: baseURL, access: FeedAccess(token: secret),
          today: { zone in fixed ?? Self.clockToday(in: zone) }))
    } catch {
      for line in error.diagnostics { complain(line) }
      complain("\(protocols) has problems; run 'boardcal validate \(protocols)/*.yaml'.")
      throw ExitCode(1)
    }
    let privateFeeds = server.configuration.access.isEnabled
    let app = server.application(host: host, port: port) { url in
      var lines = ["boardcal: serving \(calendars) on \(url)"]
      if let sample = server.sampleSubscription(listeningOn: url) {
        lines.append("Subscribe to \(sample.name): \(sample.webcal)")
        lines.append("  (Google Calendar, From URL: \(sample.web))")
      }
      lines.append(
        privateFeeds
          ? "Private feeds and pages open with the shared token or one 'boardcal token issue' made."
          : "Private feeds and pages open only with a token 'boardcal token issue' made (no --token or BOARDCAL_FEED_TOKEN)."
      )
      // Unbuffered, so a supervisor or a test reading the pipe sees it at once.
      say(lines.joined(separator: "\n"))
    }
    try await app.runService()
  }

  /// Today's date on the wall clock of a time zone: read here, at the edge, never in the core.
  static func clockToday(in zone: String) -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
}
