import BoardCalCore
import Foundation
import Testing

@testable import BoardCalStore

/// A fresh database in a scratch folder (remove `folder` afterwards).
private func scratchStore() throws -> (store: RecordStore, path: String, folder: URL) {
  let folder = try scratchFolder("access")
  let path = folder.appendingPathComponent("records.sqlite").path
  return (try RecordStore(path: path), path, folder)
}

@Suite("Tokens and contacts in the records database")
struct AccessRecordsTests {
  @Test("an issued token is kept as its SHA-256 only, with a short id that says nothing of it")
  func issueKeepsOnlyTheHash() throws {
    let (store, path, folder) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    // "abc" is FIPS 180-2's first SHA-256 example.
    let issued = try store.issue(
      token: "abc", partnership: "p", holder: .person("hwb-chair"), label: "laptop",
      at: "2021-05-01T09:00:00.000Z")
    #expect(issued.digest == AccessToken.digest("abc"))
    // Read back by SQLite itself (Python's sqlite3), not through the store.
    let read = try runProgram(
      python3,
      [
        "-c",
        "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT sha256 FROM token WHERE id = ?', (sys.argv[2],)).fetchone()[0])",
        path, issued.id,
      ])
    #expect(read.stdout == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")
    #expect(issued.id.count == 8 && issued.id.allSatisfy(\.isHexDigit))
    #expect(issued.holder == .person("hwb-chair"))
    #expect(issued.label == "laptop")
    #expect(!issued.isRevoked)

    // A real token: 32 random bytes, base64url; neither the file nor its log holds it.
    let token = AccessToken.generate()
    #expect(token.count == 43)
    #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    #expect(AccessToken.generate() != token)
    try store.issue(
      token: token, partnership: "p", holder: .board("hwb"), label: nil, at: "2021-05-01T09:01:00Z")
    for file in [path, path + "-wal"] {
      let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
      #expect(bytes.range(of: Data(token.utf8)) == nil, "\(file) holds the token")
    }
  }

  @Test("tokens are listed by partnership in the order issued; a revoked one stops being live")
  func listAndRevoke() throws {
    let (store, _, folder) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try store.issue(
      token: "one", partnership: "p", holder: .person("a"), label: nil, at: "2021-05-01T09:00:00Z")
    let second = try store.issue(
      token: "two", partnership: "p", holder: .board("hwb"), label: "members",
      at: "2021-05-02T09:00:00Z")
    let other = try store.issue(
      token: "three", partnership: "q", holder: .person("a"), label: nil,
      at: "2021-05-03T09:00:00Z")
    #expect(try store.tokens(partnership: "p").map(\.id) == [first.id, second.id])
    #expect(try store.liveTokens().map(\.id) == [first.id, second.id, other.id])

    let revoked = try store.revokeToken(first.id, partnership: "p", at: "2021-06-01T10:00:00Z")
    #expect(revoked?.revokedAt == "2021-06-01T10:00:00Z")
    #expect(try store.liveTokens().map(\.id) == [second.id, other.id])
    // Revoked twice: the first time stands.
    let again = try store.revokeToken(first.id, partnership: "p", at: "2021-07-01T10:00:00Z")
    #expect(again?.revokedAt == "2021-06-01T10:00:00Z")
    // Another partnership's token, or an unknown id, is not this partnership's to revoke.
    #expect(try store.revokeToken(other.id, partnership: "p", at: "2021-06-01T10:00:00Z") == nil)
    #expect(try store.revokeToken("00000000", partnership: "p", at: "2021-06-01T10:00:00Z") == nil)
    #expect(try store.tokens(partnership: "q").first?.isRevoked == false)
  }

  @Test("contacts: set, replaced, listed by person, removed")
  func contacts() throws {
    let (store, _, folder) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: folder) }
    try store.setContact(
      Contact(person: "hwb-chair", name: "Jane Example", email: "jane@example.org"),
      partnership: "p", at: "2021-05-01T09:00:00Z")
    try store.setContact(
      Contact(person: "csp-lead", name: nil, email: "csp@example.org"), partnership: "p",
      at: "2021-05-01T09:05:00Z")
    try store.setContact(
      Contact(person: "hwb-chair", name: nil, email: "other@example.org"), partnership: "q",
      at: "2021-05-01T09:06:00Z")
    #expect(
      try store.contacts(partnership: "p").map(\.contact.person) == ["csp-lead", "hwb-chair"])
    try store.setContact(
      Contact(person: "hwb-chair", name: "Jane Example", email: "jane.example@example.org"),
      partnership: "p", at: "2021-06-01T09:00:00Z")
    let replaced = try store.contacts(partnership: "p").first { $0.contact.person == "hwb-chair" }
    #expect(replaced?.contact.email == "jane.example@example.org")
    #expect(replaced?.updatedAt == "2021-06-01T09:00:00Z")
    #expect(try store.removeContact(person: "hwb-chair", partnership: "p"))
    #expect(try !store.removeContact(person: "hwb-chair", partnership: "p"))
    #expect(try store.contacts(partnership: "p").map(\.contact.person) == ["csp-lead"])
    #expect(try store.contacts(partnership: "q").map(\.contact.email) == ["other@example.org"])
  }

  @Test(
    "a database from schema version 3 is brought up to date and keeps its records and alert log")
  func fromVersion3() throws {
    let folder = try scratchFolder("v3")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("records.sqlite").path
    let entry = RecordEntry(
      .meeting(MeetingRecord(meetingID: "p-hwb-2021-06", event: .cancelled(reason: "not quorate"))))
    do {
      let old = try RecordStore(path: path, upTo: "v3-identity")
      try old.save([entry], partnership: "p", recordedBy: "clerk", at: "2021-06-01T09:00:00Z")
      #expect(try old.pragma("user_version") == "3")
    }
    // A command that only reads brings it up to date once.
    let reader = try RecordStore(readingOnly: path)
    #expect(try reader.records(partnership: "p").entries == [entry])
    let upgraded = try RecordStore(path: path)
    #expect(
      try upgraded.appliedMigrations() == [
        "v1-records", "v2-alert-log", "v3-identity", "v4-tokens-and-contacts", "v5-event-records",
      ])
    #expect(try upgraded.pragma("user_version") == String(RecordStore.schemaVersion))
    #expect(try upgraded.pragma("application_id") == String(RecordStore.applicationID))
    #expect(try upgraded.list(partnership: "p").map(\.recordedBy) == ["clerk"])
    try upgraded.setContact(
      Contact(person: "a", name: nil, email: "a@example.org"), partnership: "p",
      at: "2021-06-02T09:00:00Z")
    #expect(try upgraded.contacts(partnership: "p").count == 1)
  }
}
