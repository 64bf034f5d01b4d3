import BoardCalCore
import BoardCalServer
@_exported import BoardCalTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting

let protocolsFolder = packageRoot.appendingPathComponent("Protocols")
let feedToken = "test-token-3f9a"
/// Inside the seed protocols' horizons (MK Together and Medway: April 2021 to March 2023).
let testDay = CivilDate(year: 2021, month: 5, day: 1)!

struct FixtureError: Error, CustomStringConvertible {
  let description: String
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
