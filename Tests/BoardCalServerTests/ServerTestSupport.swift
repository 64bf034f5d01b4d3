import BoardCalCore
import BoardCalServer
import Foundation
import Hummingbird
import HummingbirdTesting

/// The package root, three levels above this file (Tests/BoardCalServerTests/…).
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built command-line tool, beside the test bundle (or in .build/debug).
let boardcalBinary: URL = {
  let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("boardcal")
  return FileManager.default.isExecutableFile(atPath: beside.path)
    ? beside : packageRoot.appendingPathComponent(".build/debug/boardcal")
}()

let protocolsFolder = packageRoot.appendingPathComponent("Protocols")
let feedToken = "test-token-3f9a"
/// Inside the seed protocols' horizons (MK Together and Medway: April 2021 to March 2023).
let testDay = CivilDate(year: 2021, month: 5, day: 1)!

struct FixtureError: Error, CustomStringConvertible {
  let description: String
}

/// A fresh folder under the system's temporary folder.
func scratchFolder(_ label: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-server-\(label)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Runs the built tool with output captured in files (a long output cannot block it).
@discardableResult
func runBoardcal(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
  let scratch = try scratchFolder("run")
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout.txt")
  let errURL = scratch.appendingPathComponent("stderr.txt")
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = boardcalBinary
  process.arguments = arguments
  process.currentDirectoryURL = packageRoot
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return (
    process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8),
    try String(contentsOf: errURL, encoding: .utf8)
  )
}

/// Where the emitted fixture lives; removed when the test process exits.
let emittedRoot = FileManager.default.temporaryDirectory.appendingPathComponent(
  "boardcal-server-emitted-\(UUID().uuidString)")

/// The seed protocols emitted once per test run by the built tool, as an officer would.
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
    let result = try runBoardcal(["emit"] + protocols + ["--out", out.path, "--quiet"])
    guard result.status == 0 else {
      return .failure(FixtureError(description: "boardcal emit failed: \(result.stderr)"))
    }
    return .success(out)
  } catch {
    return .failure(FixtureError(description: "\(error)"))
  }
}()

/// A copy of the emitted calendars that one test may change.
func freshCalendars() throws -> URL {
  let source = try emittedCalendars.get()
  let copy = try scratchFolder("calendars").appendingPathComponent("Calendars")
  try FileManager.default.copyItem(at: source, to: copy)
  return copy
}

/// The server over `calendars`, with the seed protocols, the test token and a fixed day.
func makeTestServer(
  calendars: URL, protocols: URL = protocolsFolder, baseURL: String? = nil,
  token: String? = feedToken
) throws -> BoardCalApp {
  try BoardCalApp(
    ServerConfiguration(
      calendars: calendars.path, protocols: protocols.path, baseURL: baseURL,
      access: FeedAccess(token: token), today: { _ in testDay }))
}

/// Runs `test` against the server's router, with no network port.
func withServer<Value: Sendable>(
  calendars: URL? = nil, protocols: URL = protocolsFolder, baseURL: String? = nil,
  token: String? = feedToken,
  _ test: @Sendable (any TestClientProtocol, URL) async throws -> Value
) async throws -> Value {
  let folder = try calendars ?? emittedCalendars.get()
  let app = try makeServer(
    ServerConfiguration(
      calendars: folder.path, protocols: protocols.path, baseURL: baseURL,
      access: FeedAccess(token: token), today: { _ in testDay }))
  return try await app.test(.router) { client in try await test(client, folder) }
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
