import Foundation
import Testing

/// The VEVENT blocks of every feed under `folder`, by feed path and UID.
private func events(in folder: URL) throws -> [String: [String: String]] {
  var out: [String: [String: String]] = [:]
  let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
  while let url = walker?.nextObject() as? URL {
    guard url.pathExtension == "ics" else { continue }
    let text = try String(contentsOf: url, encoding: .utf8)
    let path = String(url.path.dropFirst(folder.path.count + 1))
    for block in text.components(separatedBy: "BEGIN:VEVENT\r\n").dropFirst() {
      let body = block.components(separatedBy: "END:VEVENT\r\n")[0]
      let unfolded = body.replacingOccurrences(of: "\r\n ", with: "")
      guard let uid = unfolded.split(separator: "\r\n").first(where: { $0.hasPrefix("UID:") })
      else { continue }
      out[path, default: [:]][String(uid.dropFirst(4))] = unfolded
    }
  }
  return out
}

/// A property's value in an unfolded VEVENT block.
private func value(_ name: String, _ block: String) -> String? {
  block.split(separator: "\r\n").first { $0.hasPrefix("\(name):") }.map {
    String($0.dropFirst(name.count + 1))
  }
}

/// The block without its version (SEQUENCE and DTSTAMP): what a change would change.
private func content(_ block: String) -> String {
  block.split(separator: "\r\n").filter { !$0.hasPrefix("SEQUENCE:") && !$0.hasPrefix("DTSTAMP:") }
    .joined(separator: "\r\n")
}

@Suite("feed versions")
struct FeedVersionTests {
  @Test(
    "after each record, every changed event has a higher SEQUENCE and a later DTSTAMP; nothing else changes"
  )
  func successiveEmits() async throws {
    let folder = try scratchFolder("versions")
    let db = folder.appendingPathComponent("records.sqlite").path
    func emit(_ name: String) async throws -> [String: [String: String]] {
      let out = folder.appendingPathComponent(name)
      let run = await boardcal(["emit", mkProtocolPath, "--out", out.path, "--db", db, "--quiet"])
      #expect(run.status == 0, "\(run.stderr)")
      return try events(in: out)
    }
    func record(_ arguments: [String]) async {
      let run = await boardcal(["record"] + arguments + [mkProtocolPath, "--db", db])
      #expect(run.status == 0, "\(run.stderr)")
    }
    var previous = try await emit("0")
    var changedSomewhere: [Set<String>] = []
    let steps: [[String]] = [
      ["cancelled", "--meeting", "milton-keynes-hwb-2021-06", "--reason", "not quorate"],
      [
        "moved", "--meeting", "milton-keynes-csp-2021-10", "--date", "2021-10-12", "--reason",
        "room",
      ],
      ["moved", "--meeting", "milton-keynes-hwb-2021-09", "--date", "2021-09-14"],
    ]
    for (index, step) in steps.enumerated() {
      // The record's time (DTSTAMP) is to the second: make each later than the one before.
      try await Task.sleep(for: .milliseconds(1100))
      await record(step)
      let next = try await emit("\(index + 1)")
      #expect(Set(next.keys) == Set(previous.keys), "step \(index + 1) changed which feeds exist")
      var changed: Set<String> = []
      for (path, before) in previous {
        let after = next[path] ?? [:]
        #expect(Set(after.keys) == Set(before.keys), "\(path): step \(index + 1) changed the UIDs")
        for (uid, old) in before {
          guard let new = after[uid] else { continue }
          if content(old) == content(new) {
            #expect(new == old, "\(path): \(uid) did not change but its version did")
            continue
          }
          changed.insert(uid)
          let (oldSequence, newSequence) = (
            Int(value("SEQUENCE", old) ?? "") ?? -1, Int(value("SEQUENCE", new) ?? "") ?? -1
          )
          #expect(newSequence > oldSequence, "\(path): \(uid) changed at SEQUENCE \(newSequence)")
          #expect(
            (value("DTSTAMP", new) ?? "") > (value("DTSTAMP", old) ?? ""),
            "\(path): \(uid) changed but its DTSTAMP did not advance")
        }
      }
      changedSomewhere.append(changed)
      previous = next
    }
    // The changes are the ones the records make, not none.
    #expect(changedSomewhere[0].contains("milton-keynes-hwb-2021-06@boardcal"))
    #expect(changedSomewhere[0].contains("milton-keynes-hwb-2021-06-public@boardcal"))
    #expect(
      changedSomewhere[0].contains("milton-keynes-hwb-2021-09@boardcal"), "the re-slotted item")
    #expect(changedSomewhere[1].contains("milton-keynes-csp-2021-10@boardcal"))
    #expect(changedSomewhere[2].contains("milton-keynes-hwb-2021-09@boardcal"))
    #expect(changedSomewhere.allSatisfy { !$0.contains("milton-keynes-csp-2022-03@boardcal") })
  }
}
