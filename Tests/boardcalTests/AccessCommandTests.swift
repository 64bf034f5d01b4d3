import Foundation
import Testing

private let bucks = seedProtocol("buckinghamshire")
/// A day on which the BSAB annual report for 2016-17 cannot reach the SSBPB (README, "A worked
/// example"): an alert to the lead officers of both boards, the BSAB's being
/// `bsab-business-manager` (Protocols/buckinghamshire.yaml).
private let alertDay = "2017-10-20"
private let unschedulable = "bsab-annual-report-to-ssbpb/ssbpb/2017-18#unschedulable"

/// A scratch folder with a records database path in it (not created).
private func scratchDatabase(_ label: String) throws -> (folder: URL, db: String) {
  let folder = try scratchFolder(label)
  return (folder, folder.appendingPathComponent("records.sqlite").path)
}

private func json(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The email `alerts --json` gives the BSAB business manager on the unschedulable alert.
private func bsabManagerEmail(_ arguments: [String]) async throws -> String? {
  let run = await boardcal(["alerts", bucks, "--as-of", alertDay, "--json"] + arguments)
  #expect(run.status == 0, "\(run.stderr)")
  let alerts = try json(run.stdout)["alerts"] as? [[String: Any]] ?? []
  let alert = try #require(alerts.first { $0["key"] as? String == unschedulable })
  let recipients = alert["recipients"] as? [[String: Any]] ?? []
  let manager = try #require(
    recipients.first { $0["person"] as? String == "bsab-business-manager" })
  return manager["email"] as? String
}

@Suite("token and contact commands")
struct AccessCommandTests {
  @Test("token issue prints the token once with its links; list never shows it; revoke ends it")
  func tokenLifecycle() async throws {
    let (folder, db) = try scratchDatabase("token-cli")
    defer { try? FileManager.default.removeItem(at: folder) }
    let issue = try runBoardcal([
      "token", "issue", mkProtocolPath, "--person", "leader-of-council", "--label",
      "Leader's laptop",
      "--base-url", "https://boards.example.gov.uk", "--db", db,
    ])
    #expect(issue.status == 0, "\(issue.stderr)")
    let lines = issue.stdout.split(separator: "\n").map(String.init)
    let token = try #require(
      lines.map { $0.trimmingCharacters(in: .whitespaces) }.first {
        $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
      })
    #expect(
      issue.stdout.contains(
        "https://boards.example.gov.uk/milton-keynes/people/leader-of-council.ics?token=\(token)"))
    #expect(issue.stdout.contains("https://boards.example.gov.uk/milton-keynes/?token=\(token)"))
    #expect(issue.stdout.contains("Authorization: Bearer \(token)"))
    let id = try #require(
      lines.first?.split(separator: " ").dropFirst(2).first.map(String.init), "\(issue.stdout)")
    #expect(lines.first?.hasPrefix("issued token \(id) for person leader-of-council") == true)
    // The database keeps the hash alone.
    let bytes =
      try Data(contentsOf: URL(fileURLWithPath: db))
      + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
    #expect(bytes.range(of: Data(token.utf8)) == nil)

    let board = await boardcal(["token", "issue", mkProtocolPath, "--board", "hwb", "--db", db])
    #expect(board.status == 0, "\(board.stderr)")
    #expect(board.stdout.contains("http://127.0.0.1:8080/milton-keynes/boards/hwb.ics?token="))

    let list = await boardcal(["token", "list", mkProtocolPath, "--db", db])
    #expect(list.status == 0)
    #expect(list.stdout.contains(id))
    #expect(list.stdout.contains("person leader-of-council"))
    #expect(list.stdout.contains("board hwb"))
    #expect(list.stdout.contains("Leader's laptop"))
    #expect(!list.stdout.contains(token))
    #expect(list.stdout.contains("2 tokens for milton-keynes, 2 in use"))

    let revoke = await boardcal(["token", "revoke", mkProtocolPath, id, "--db", db])
    #expect(revoke.status == 0, "\(revoke.stderr)")
    #expect(revoke.stdout.hasPrefix("revoked token \(id) for person leader-of-council"))
    let listed = try json(
      await boardcal(["token", "list", mkProtocolPath, "--json", "--db", db]).stdout)
    let tokens = listed["tokens"] as? [[String: Any]] ?? []
    #expect(tokens.count == 2)
    #expect(tokens.first?["id"] as? String == id)
    #expect(tokens.first?["person"] as? String == "leader-of-council")
    #expect(tokens.first?["revoked_at"] is String)
    #expect(tokens.last?["board"] as? String == "hwb")
    #expect(tokens.last?["revoked_at"] == nil)
    #expect(!String(describing: listed).contains(token))

    // Another partnership's list does not show them; an unknown id is refused with the known ones.
    let medway = await boardcal(["token", "list", seedProtocol("medway"), "--db", db])
    #expect(medway.stdout.contains("No token is issued for medway"))
    let unknown = await boardcal(["token", "revoke", mkProtocolPath, "zzzzzzzz", "--db", db])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no token 'zzzzzzzz' in milton-keynes."))
  }

  @Test("token issue refuses a person or board the protocol does not name, with a did-you-mean")
  func tokenForUnknown() async throws {
    let (folder, db) = try scratchDatabase("token-unknown")
    defer { try? FileManager.default.removeItem(at: folder) }
    let person = await boardcal([
      "token", "issue", mkProtocolPath, "--person", "leader-of-counsil", "--db", db,
    ])
    #expect(person.status == 1)
    #expect(person.stderr.contains("\(mkProtocolPath): no person or role 'leader-of-counsil'"))
    #expect(person.stderr.contains("Did you mean 'leader-of-council'?"))
    let board = await boardcal(["token", "issue", mkProtocolPath, "--board", "hwbb", "--db", db])
    #expect(board.status == 1)
    #expect(board.stderr.contains("no board 'hwbb' in milton-keynes. Did you mean 'hwb'?"))
    let both = await boardcal([
      "token", "issue", mkProtocolPath, "--board", "hwb", "--person", "leader-of-council",
      "--db", db,
    ])
    #expect(both.status == 1)
    #expect(both.stderr.contains("either --person ID or --board ID"))
    #expect(!FileManager.default.fileExists(atPath: db), "a refused issue created the database")
  }

  @Test(
    "contact set, list and remove; an address must be local@domain and the person the protocol's")
  func contacts() async throws {
    let (folder, db) = try scratchDatabase("contacts")
    defer { try? FileManager.default.removeItem(at: folder) }
    let set = await boardcal([
      "contact", "set", bucks, "bsab-business-manager", "--name", "Pat Example", "--email",
      "pat@buckinghamshire.example", "--db", db,
    ])
    #expect(set.status == 0, "\(set.stderr)")
    #expect(
      set.stdout
        == "set the contact of bsab-business-manager in buckinghamshire: Pat Example <pat@buckinghamshire.example>\n"
    )
    for bad in ["pat@", "Pat <pat@buckinghamshire.example>", "pat example@x.example", "@x"] {
      let refused = await boardcal([
        "contact", "set", bucks, "bsab-business-manager", "--email", bad, "--db", db,
      ])
      #expect(refused.status == 1, "\(bad)")
      #expect(refused.stderr.contains("is not an email address"), "\(bad)")
    }
    let unknown = await boardcal([
      "contact", "set", bucks, "bsab-busines-manager", "--email", "x@y.example", "--db", db,
    ])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("Did you mean 'bsab-business-manager'?"))

    let list = await boardcal(["contact", "list", bucks, "--json", "--db", db])
    let contacts = try json(list.stdout)["contacts"] as? [[String: Any]] ?? []
    #expect(contacts.count == 1)
    #expect(contacts.first?["person"] as? String == "bsab-business-manager")
    #expect(contacts.first?["name"] as? String == "Pat Example")
    #expect(contacts.first?["email"] as? String == "pat@buckinghamshire.example")
    let table = await boardcal(["contact", "list", bucks, "--db", db])
    #expect(table.stdout.contains("BSAB Business Manager (BSAB lead officer)"))

    let remove = await boardcal(["contact", "remove", bucks, "bsab-business-manager", "--db", db])
    #expect(remove.status == 0, "\(remove.stderr)")
    let again = await boardcal(["contact", "remove", bucks, "bsab-business-manager", "--db", db])
    #expect(again.status == 1)
    #expect(again.stderr.contains("no contact for 'bsab-business-manager' in buckinghamshire"))
  }

  @Test("alerts take an address from the database first, then the contacts file, then none")
  func alertsUseContacts() async throws {
    let (folder, db) = try scratchDatabase("alert-contacts")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("contacts.yaml")
    try Data(
      """
      buckinghamshire:
        bsab-business-manager:
          name: From The File
          email: from.file@buckinghamshire.example

      """.utf8
    ).write(to: file)
    // The protocol gives no address (the seeds keep none).
    #expect(try await bsabManagerEmail(["--db", db]) == nil)
    let text = await boardcal(["alerts", bucks, "--as-of", alertDay, "--db", db])
    #expect(
      text.stdout.contains(
        "no email address: boardcal contact set \(bucks) bsab-business-manager --email ADDRESS"))

    #expect(
      try await bsabManagerEmail(["--db", db, "--contacts", file.path])
        == "from.file@buckinghamshire.example")
    let set = await boardcal([
      "contact", "set", bucks, "bsab-business-manager", "--email",
      "from.database@buckinghamshire.example", "--db", db,
    ])
    #expect(set.status == 0)
    #expect(
      try await bsabManagerEmail(["--db", db, "--contacts", file.path])
        == "from.database@buckinghamshire.example")

    // notify writes the message to the database's address.
    let out = folder.appendingPathComponent("out")
    let notify = await boardcal([
      "notify", bucks, "--as-of", alertDay, "--db", db, "--contacts", file.path, "--dry-run",
      "--out", out.path, "--json",
    ])
    #expect(notify.status == 0, "\(notify.stderr)")
    let outcomes = try json(notify.stdout)["outcomes"] as? [[String: Any]] ?? []
    let written = outcomes.filter {
      $0["alert"] as? String == unschedulable
        && $0["recipient"] as? String == "bsab-business-manager"
    }
    #expect(written.first?["result"] as? String == "written")
    #expect(written.first?["email"] as? String == "from.database@buckinghamshire.example")
    // Someone with no address anywhere: the outcome says how to give one.
    let noEmail = outcomes.first { $0["result"] as? String == "no-email" }
    #expect((noEmail?["detail"] as? String)?.contains("boardcal contact set") == true)
  }

  @Test("a contacts file with problems is refused at its lines, and nothing is sent or written")
  func badContactsFile() async throws {
    let (folder, db) = try scratchDatabase("bad-contacts")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("contacts.yaml")
    try Data(
      """
      buckinghamshire:
        bsab-busines-manager:
          email: a@buckinghamshire.example
        hwb-lead-officer:
          email: not an address
        bscb-business-manager:
          mail: b@buckinghamshire.example

      """.utf8
    ).write(to: file)
    let out = folder.appendingPathComponent("out")
    for command in [
      ["alerts", bucks, "--as-of", alertDay, "--db", db, "--contacts", file.path],
      [
        "notify", bucks, "--as-of", alertDay, "--db", db, "--contacts", file.path, "--dry-run",
        "--out", out.path,
      ],
    ] {
      let run = await boardcal(command)
      #expect(run.status == 1, "\(command[0])")
      let path = file.path
      #expect(
        run.stderr.contains(
          "\(path):2:3: buckinghamshire.bsab-busines-manager: buckinghamshire names no person or role 'bsab-busines-manager'. Did you mean 'bsab-business-manager'?"
        ), "\(run.stderr)")
      #expect(
        run.stderr.contains(
          "\(path):5:12: buckinghamshire.hwb-lead-officer.email: 'not an address' is not an email address"
        ), "\(run.stderr)")
      #expect(
        run.stderr.contains(
          "\(path):7:5: buckinghamshire.bscb-business-manager.mail: unknown key 'mail'. Did you mean 'email'?"
        ), "\(run.stderr)")
      #expect(run.stdout.isEmpty)
    }
    #expect(!FileManager.default.fileExists(atPath: out.path), "notify wrote messages")
    #expect(!FileManager.default.fileExists(atPath: db), "notify created the database")
  }

  @Test("contacts.yaml in the working folder is read without --contacts; the example is valid")
  func defaultContactsFile() throws {
    let (folder, db) = try scratchDatabase("default-contacts")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("contacts.example.yaml"),
      to: folder.appendingPathComponent("contacts.yaml"))
    let run = try runBoardcal(
      ["alerts", bucks, "--as-of", alertDay, "--db", db], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains("(lead officer of BSAB) <bsab.business.manager@buckinghamshire.example>"))
    #expect(
      run.stdout.contains(
        "Example Name (lead officer of HWB) <hwb.lead.officer@buckinghamshire.example>"))
    for seed in ["milton-keynes", "medway"] {
      let other = try runBoardcal(
        ["alerts", seedProtocol(seed), "--as-of", "2022-01-10", "--db", db], in: folder)
      #expect(other.status == 0, "\(seed): \(other.stderr)")
    }
  }

  @Test(
    "--audience board:ID shows what the board's token shows: that board in full, no other private one"
  )
  func boardAudience() async throws {
    func meetings(of board: String, as audience: String) async throws -> [[String: Any]] {
      let run = await boardcal([
        "schedule", mkProtocolPath, "--json", "--from", "2021-04-01", "--to", "2022-03-31",
        "--as-of", "2021-05-01", "--audience", audience, "--db", "/nonexistent/none.sqlite",
      ])
      #expect(run.status == 0, "\(run.stderr)")
      let all = try json(run.stdout)["meetings"] as? [[String: Any]] ?? []
      return all.filter { $0["board"] as? String == board }
    }
    // The Management Board meets in private (Protocols/milton-keynes.yaml gives it no `public`).
    let own = try await meetings(of: "management-board", as: "board:management-board")
    #expect(!own.isEmpty)
    #expect(own.allSatisfy { $0["paper_deadline"] is String })
    #expect(try await meetings(of: "management-board", as: "board:risk").isEmpty)
    #expect(try await meetings(of: "management-board", as: "public").isEmpty)
    let unknown = await boardcal(["schedule", mkProtocolPath, "--audience", "board:mgmt"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no board 'mgmt' in milton-keynes."))
  }
}
