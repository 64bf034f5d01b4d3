import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `boardcal serve --notify-at`: the service sends the day's alerts itself, through the same
/// once-only log as `boardcal notify`, to the addresses the contacts give.
@Suite("serve --notify-at")
struct ServeNotifyAtTests {
  @Test(
    "a server started after the round's time sends the day's alerts once; notify then finds nothing new",
    .timeLimit(.minutes(2)))
  func sendsOnce() async throws {
    let folder = try scratchFolder("notify-at")
    defer { try? FileManager.default.removeItem(at: folder) }
    let protocols = folder.appendingPathComponent("Protocols")
    try FileManager.default.createDirectory(at: protocols, withIntermediateDirectories: true)
    let protocolFile = protocols.appendingPathComponent("milton-keynes.yaml")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: mkProtocolPath), to: protocolFile)
    // Addresses from a contacts file, never the protocol: every person of the MK protocol.
    let text = try String(contentsOf: protocolFile, encoding: .utf8)
    // The ids under `people:`.
    var people: [String] = []
    var inPeople = false
    for line in text.components(separatedBy: "\n") {
      if line.hasPrefix("people:") {
        inPeople = true
      } else if !line.hasPrefix(" ") && !line.isEmpty {
        inPeople = false
      }
      if inPeople, line.hasPrefix("  - id: ") { people.append(String(line.dropFirst(8))) }
    }
    #expect(people.count > 10)
    let contacts = folder.appendingPathComponent("contacts.yaml")
    try
      (["milton-keynes:"]
      + people.flatMap { ["  \($0):", "    email: \($0)@milton-keynes.example"] })
      .joined(separator: "\n").write(to: contacts, atomically: true, encoding: .utf8)
    let log = folder.appendingPathComponent("mail.log")
    let sendmail = folder.appendingPathComponent("sendmail")
    try """
    #!/bin/sh
    tmp=$(mktemp)
    cat > "$tmp"
    id=$(grep -m1 '^Message-ID:' "$tmp" | tr -d '\\r')
    echo "$id" >> '\(log.path)'
    rm -f "$tmp"
    """.write(to: sendmail, atomically: true, encoding: .utf8)
    chmod(sendmail.path, 0o755)
    let db = folder.appendingPathComponent("records.sqlite").path
    let asOf = "2026-11-30"

    // What should arrive: the dry run's messages, by Message-ID.
    let dry = folder.appendingPathComponent("dry")
    let planned = try runBoardcal([
      "notify", protocolFile.path, "--as-of", asOf, "--contacts", contacts.path, "--dry-run",
      "--out", dry.path,
    ])
    #expect(planned.status == 0, "\(planned.stderr)")
    var expected: Set<String> = []
    for name in try FileManager.default.contentsOfDirectory(atPath: dry.path)
    where name.hasSuffix(".eml") {
      let message = try String(contentsOf: dry.appendingPathComponent(name), encoding: .utf8)
      if let id = message.components(separatedBy: "\r\n").first(where: {
        $0.hasPrefix("Message-ID:")
      }) {
        expected.insert(id)
      }
    }
    #expect(expected.count >= 5, "\(planned.stdout)")

    // 00:00: the day's round is due as soon as the server starts.
    let server = Process()
    server.executableURL = boardcalBinary
    server.arguments = [
      "serve", "--protocols", protocols.path, "--db", db, "--as-of", asOf, "--port", "0",
      "--notify-at", "00:00", "--sendmail", sendmail.path, "--contacts", contacts.path,
      "--log-level", "warning",
    ]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
      if server.isRunning {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
      }
    }
    func sent() -> [String] {
      ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(
        String.init)
    }
    let deadline = Date().addingTimeInterval(60)
    while sent().count < expected.count, Date() < deadline {
      try await Task.sleep(for: .milliseconds(200))
    }
    // A moment more: nothing is sent twice.
    try await Task.sleep(for: .seconds(1))
    #expect(Set(sent()) == expected)
    #expect(sent().count == expected.count)
    kill(server.processIdentifier, SIGTERM)
    server.waitUntilExit()
    #expect(server.terminationStatus == 0)

    // The same log as notify's: a notify run afterwards has nothing new to send.
    let again = try runBoardcal([
      "notify", protocolFile.path, "--as-of", asOf, "--contacts", contacts.path, "--db", db,
      "--sendmail", sendmail.path,
    ])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout.contains("Nothing new to send"), "\(again.stdout)")
    #expect(sent().count == expected.count)
  }
}
