import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `notify` killed with SIGKILL in the middle of its sends, over and over, as a machine that
/// loses power or an operator's `kill -9` would leave it: every alert still reaches every
/// recipient at least once, and a message sent twice carries the same Message-ID both times.
@Suite("notify survives kill -9")
struct NotifyKillTests {
  /// MK with an email for every person, so that its alerts have somewhere to go.
  func protocolWithEmails(in folder: URL) throws -> URL {
    let text = try String(contentsOf: URL(fileURLWithPath: mkProtocolPath), encoding: .utf8)
    var lines: [String] = []
    var inPeople = false
    var count = 0
    for line in text.components(separatedBy: "\n") {
      if line.hasPrefix("people:") {
        inPeople = true
      } else if !line.hasPrefix(" ") && !line.isEmpty {
        inPeople = false
      }
      lines.append(line)
      if inPeople, line.hasPrefix("    role:") {
        count += 1
        lines.append("    email: person\(count)@example.org")
      }
    }
    let url = folder.appendingPathComponent("milton-keynes.yaml")
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// A mailer that takes a moment per message and logs the Message-ID and To of each one it
  /// accepts, once it has read the whole message.
  func fakeSendmail(in folder: URL, log: URL) throws -> URL {
    let url = folder.appendingPathComponent("sendmail")
    let script = """
      #!/bin/sh
      tmp=$(mktemp)
      cat > "$tmp"
      sleep 0.02
      id=$(grep -m1 '^Message-ID:' "$tmp" | tr -d '\\r')
      to=$(grep -m1 '^To:' "$tmp" | tr -d '\\r')
      echo "$id|$to" >> '\(log.path)'
      rm -f "$tmp"
      """
    try script.write(to: url, atomically: true, encoding: .utf8)
    chmod(url.path, 0o755)
    return url
  }

  @Test("killed mid-send twelve times, then run once more: every alert delivered at least once")
  func killedMidSend() async throws {
    let folder = try scratchFolder("kill")
    defer { try? FileManager.default.removeItem(at: folder) }
    let protocolFile = try protocolWithEmails(in: folder)
    let log = folder.appendingPathComponent("mail.log")
    let sendmail = try fakeSendmail(in: folder, log: log)
    let db = folder.appendingPathComponent("records.sqlite").path
    let asOf = "2026-11-30"

    // What should arrive: the dry run's messages, by Message-ID.
    let dry = folder.appendingPathComponent("dry")
    let planned = try runBoardcal([
      "notify", protocolFile.path, "--as-of", asOf, "--dry-run", "--out", dry.path,
    ])
    #expect(planned.status == 0, "\(planned.stderr)")
    var expected: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dry.path)
    where name.hasSuffix(".eml") {
      let text = try String(contentsOf: dry.appendingPathComponent(name), encoding: .utf8)
      let headers = text.components(separatedBy: "\r\n")
      let id = try #require(headers.first { $0.hasPrefix("Message-ID:") })
      let to = try #require(headers.first { $0.hasPrefix("To:") })
      expected[id] = to
    }
    #expect(expected.count >= 20, "enough deliveries to interrupt: \(expected.count)")

    // Kill runs at staggered moments, from just after start to well into the sends.
    let arguments = [
      "notify", protocolFile.path, "--as-of", asOf, "--db", db, "--sendmail", sendmail.path,
      "--send-timeout", "1",
    ]
    for round in 0..<12 {
      let process = Process()
      process.executableURL = boardcalBinary
      process.arguments = arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      try await Task.sleep(for: .milliseconds(150 + 90 * round))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    // Claims left by the killed runs are taken over once older than a live send can be
    // (--send-timeout 1, the grace before a kill and a margin: 11 s).
    try await Task.sleep(for: .seconds(12))
    let last = try runBoardcal(arguments)
    #expect(last.status == 0, "\(last.stdout)\n\(last.stderr)")

    let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    var delivered: [String: Set<String>] = [:]
    for line in lines {
      let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      delivered[parts[0], default: []].insert(parts[1])
    }
    let missing = Set(expected.keys).subtracting(delivered.keys)
    #expect(missing.isEmpty, "never delivered: \(missing.sorted())")
    for (id, recipients) in delivered {
      #expect(recipients.count == 1, "\(id) went to \(recipients)")
      #expect(recipients.first == expected[id], "\(id): \(recipients) vs \(expected[id] ?? "?")")
    }
    let duplicates = lines.count - delivered.count
    #expect(lines.count >= expected.count)
    // Nothing is left half-sent: the alert log shows every delivery sent.
    let again = try runBoardcal(arguments)
    #expect(again.stdout.contains("Nothing new to send"), "\(again.stdout)")
    print(
      "kill test: \(expected.count) deliveries, \(lines.count) messages accepted, \(duplicates) duplicates (same Message-ID)"
    )
  }
}
