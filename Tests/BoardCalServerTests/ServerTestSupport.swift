import BoardCalCore
import BoardCalPipeline
import BoardCalServer
@_exported import BoardCalTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting

#if canImport(Glibc)
  import Glibc
#endif

let protocolsFolder = packageRoot.appendingPathComponent("Protocols")
let feedToken = "test-token-3f9a"
/// What a browser sends once a page opened with `?token=` has set its cookie (pages opened with
/// the token itself answer 303 to the same page without it).
let officerCookie: HTTPFields = [.cookie: "boardcal_token=\(feedToken)"]
/// Inside the seed protocols' horizons (MK Together and Medway: April 2021 to March 2023).
let testDay = CivilDate(year: 2021, month: 5, day: 1)!

struct FixtureError: Error, CustomStringConvertible {
  let description: String
}

/// Where the emitted fixture lives; removed when the test process exits.
let emittedRoot = FileManager.default.temporaryDirectory.appendingPathComponent(
  "boardcal-server-emitted-\(UUID().uuidString)")

/// The seed protocols emitted once per test run by the built tool, as an officer would, as of
/// the test day: what the server must serve for the same inputs, byte for byte.
let emittedCalendars: Result<URL, FixtureError> = {
  do {
    guard FileManager.default.isExecutableFile(atPath: boardcalBinary.path) else {
      return .failure(FixtureError(description: "build the tool first: \(boardcalBinary.path)"))
    }
    try FileManager.default.createDirectory(at: emittedRoot, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: emittedRoot) }
    let out = emittedRoot.appendingPathComponent("Calendars")
    let protocols = try FileManager.default.contentsOfDirectory(atPath: protocolsFolder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map {
        protocolsFolder.appendingPathComponent($0).path
      }
    let result = try runBoardcal(
      ["emit"] + protocols + ["--out", out.path, "--quiet", "--as-of", testDay.iso])
    guard result.status == 0 else {
      return .failure(FixtureError(description: "boardcal emit failed: \(result.stderr)"))
    }
    return .success(out)
  } catch {
    return .failure(FixtureError(description: "\(error)"))
  }
}()

/// The server over the seed protocols (or `protocols`), with the test token and a fixed day.
func makeTestServer(
  protocols: URL = protocolsFolder, baseURL: String? = nil, token: String? = feedToken,
  database: String? = nil
) throws -> BoardCalApp {
  try BoardCalApp(
    ServerConfiguration(
      protocols: protocols.path, database: database.map { RecordsDatabase(path: $0) },
      baseURL: baseURL, access: FeedAccess(token: token), today: { _ in testDay }))
}

/// Runs `test` against the server's router, with no network port; `test` also gets the folder
/// `boardcal emit` wrote for the seed protocols on the same day, to compare with.
func withServer<Value: Sendable>(
  protocols: URL = protocolsFolder, baseURL: String? = nil, token: String? = feedToken,
  database: String? = nil,
  _ test: @Sendable (any TestClientProtocol, URL) async throws -> Value
) async throws -> Value {
  let folder = try emittedCalendars.get()
  let app = try makeTestServer(
    protocols: protocols, baseURL: baseURL, token: token, database: database
  ).application()
  return try await app.test(.router) { client in try await test(client, folder) }
}

/// Asks `probe` again every 50 ms until it is true or `seconds` have passed; whether it became
/// true. What "within a second" means for the live state.
func within(
  seconds: Double = 1, _ probe: @Sendable () async throws -> Bool
) async rethrows -> Bool {
  let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
  while true {
    if try await probe() { return true }
    if ContinuousClock.now >= deadline { return false }
    try? await Task.sleep(for: .milliseconds(50))
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }
  var bytes: [UInt8] { Array(body.readableBytesView) }
}

/// Parses a JSON body into a dictionary.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
  guard
    let object = try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any]
  else { throw FixtureError(description: "not a JSON object: \(response.text)") }
  return object
}

/// A real `boardcal serve` process on a free loopback port, with the test token in
/// `BOARDCAL_FEED_TOKEN` and its output in files: for what only a process shows (signals, curl,
/// raw sockets, the log). Killed, and its files removed, when the test lets go of it.
final class ServeProcess {
  let process = Process()
  let scratch: URL
  let stdout: URL
  let stderr: URL
  /// The address it printed once listening: `http://127.0.0.1:PORT/`.
  let url: String
  let port: Int

  /// Starts `boardcal serve` with `arguments` (after `serve`) and waits, up to 30 s, for the
  /// address it prints.
  init(_ arguments: [String]) async throws {
    scratch = try scratchFolder("serve")
    stdout = scratch.appendingPathComponent("stdout.txt")
    stderr = scratch.appendingPathComponent("stderr.txt")
    FileManager.default.createFile(atPath: stdout.path, contents: nil)
    FileManager.default.createFile(atPath: stderr.path, contents: nil)
    process.executableURL = boardcalBinary
    process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["BOARDCAL_FEED_TOKEN"] = feedToken
    process.environment = environment
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
    var found: (String, Int)?
    let deadline = Date().addingTimeInterval(30)
    while found == nil, Date() < deadline, process.isRunning {
      let printed = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
      if let range = printed.range(
        of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression)
      {
        let address = String(printed[range])
        found = (address, Int(address.dropFirst("http://127.0.0.1:".count).dropLast()) ?? 0)
      } else {
        try await Task.sleep(for: .milliseconds(100))
      }
    }
    guard let found else {
      let said = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      throw FixtureError(description: "boardcal serve printed no address; stderr: \(said)")
    }
    (url, port) = found
  }

  /// What it has printed on standard output and standard error.
  var printed: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
  var log: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

  /// Waits up to `seconds` for the process to end; whether it did.
  func exited(within seconds: Double) async throws -> Bool {
    let stopBy = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
    return !process.isRunning
  }

  deinit {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: scratch)
  }
}
