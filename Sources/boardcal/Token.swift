import ArgumentParser
import BoardCalCore
import BoardCalOutput
import BoardCalProtocols
import BoardCalStore
import Foundation

/// `boardcal token`: tokens that open one person's, or one board's, private feeds and pages.
struct TokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract:
      "Issue, list and revoke the tokens that open a person's or a board's private feeds and pages.",
    discussion: """
      A token is 32 random bytes (base64url), shown once when it is issued; the records database \
      keeps only its SHA-256. 'boardcal serve' accepts it as ?token=T (calendar apps), as \
      'Authorization: Bearer T' (scripts), or from the cookie a page opened with ?token=T sets. \
      It shows its person (or the members of its board) what Disclosure lets them see in their \
      own partnership: their private feeds, pages and API answers; elsewhere the public's. A \
      revoked token stops working within a second, without restarting the server. The shared \
      --token of 'serve' stays the officer's.

      Issue:   boardcal token issue FILE --person ID | --board ID [--label TEXT] [--base-url URL]
      List:    boardcal token list FILE [--json]    (never the tokens themselves)
      Revoke:  boardcal token revoke FILE TOKEN-ID

      The database is --db PATH, else $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, \
      else ~/.local/share/boardcal/records.sqlite.
      """,
    subcommands: [TokenIssue.self, TokenList.self, TokenRevoke.self]
  )
}

/// `boardcal token issue`: a new token for a person or a board, printed once.
struct TokenIssue: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "issue",
    abstract:
      "Issue a token for a person or role (--person) or a board's members (--board); it is printed once."
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Option(help: "A person or role of the protocol.") var person: String?
  @Option(help: "A board of the protocol.") var board: String?
  @Option(help: "What to remember the token by, e.g. whose device it is on.") var label: String?
  @Option(
    help:
      "The address the server is reached at, for the links printed (default: http://127.0.0.1:8080, serve's own)."
  )
  var baseURL: String = "http://127.0.0.1:8080"
  @OptionGroup var db: DatabaseOption

  func validate() throws {
    guard (person == nil) != (board == nil) else {
      throw ValidationError("give either --person ID or --board ID.")
    }
    guard let url = URLComponents(string: baseURL), url.host != nil,
      ["http", "https"].contains(url.scheme?.lowercased() ?? "")
    else { throw ValidationError("--base-url '\(baseURL)' is not an http:// or https:// URL.") }
  }

  func run() throws {
    let p = try loadPartnership(file)
    let holder: TokenHolder
    if let person {
      guard p.person(person) != nil else {
        throw ValidationError("\(file): \(unknownPerson(person, p))")
      }
      holder = .person(person)
    } else {
      let id = board ?? ""
      guard p.board(id) != nil else {
        throw ValidationError("\(file): \(unknownBoard(id, p).message)")
      }
      holder = .board(id)
    }
    let token = AccessToken.generate()
    let issued: IssuedToken
    do {
      issued = try db.database.open().issue(
        token: token, partnership: p.id, holder: holder, label: label,
        at: RecordStore.timestamp(Date()))
    } catch {
      complain("boardcal: \(error.message)")
      complain("No token was issued.")
      throw ExitCode(1)
    }
    let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    let (feeds, page): ([String], String)
    switch holder {
    case .person(let id): (feeds, page) = (["\(p.id)/people/\(id).ics"], "\(p.id)/")
    case .board(let id):
      (feeds, page) = (
        ["\(p.id)/boards/\(id).ics", "\(p.id)/duties/\(id).ics"], "\(p.id)/boards/\(id)"
      )
    }
    say(
      "issued token \(issued.id) for \(describe(holder, p)) in \(p.id)"
        + (issued.label.map { " (\($0))" } ?? "") + ":")
    say()
    say("  \(token)")
    say()
    say(
      "This is the only time it is shown: the database keeps only its SHA-256. Give it to its holder privately."
    )
    say("Calendar apps (the token stays in the address; webcal:// works the same):")
    for feed in feeds { say("  \(base)/\(feed)?token=\(token)") }
    say("Pages (the link sets a cookie, then the address no longer shows the token):")
    say("  \(base)/\(page)?token=\(token)")
    say("Scripts and the API:")
    say(
      "  Authorization: Bearer \(token)    e.g. curl -H 'Authorization: Bearer \(token)' \(base)/api/\(p.id)/schedule"
    )
    say("Revoke it with: boardcal token revoke \(file) \(issued.id)")
  }
}

/// `boardcal token list`: the tokens of a partnership, never the tokens themselves.
struct TokenList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract:
      "List the tokens issued for the protocol's partnership (id, for whom, label, issued, revoked).",
    discussion: """
      --json prints {partnership, tokens: [{id, person | board, label, issued_at, revoked_at}]}; \
      absent fields are left out. The tokens themselves are not kept, so never shown.
      """
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Flag(help: "Print JSON instead of a table.") var json = false
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    let tokens: [IssuedToken]
    do {
      tokens = try db.database.openIfExists()?.tokens(partnership: p.id) ?? []
    } catch {
      complain("boardcal: \(error.message)")
      throw ExitCode(1)
    }
    if json { return try sayJSON(TokenListJSON(partnership: p.id, tokens: tokens)) }
    if tokens.isEmpty {
      say("No token is issued for \(p.id) in \(db.database.path).")
      return
    }
    say(
      TextTable.render(
        header: ["id", "for", "label", "issued", "revoked"],
        rows: tokens.map { t in
          [t.id, describe(t.holder, p), t.label ?? "", t.issuedAt, t.revokedAt ?? ""]
        }))
    let live = tokens.filter { !$0.isRevoked }.count
    say(
      "\(tokens.count) token\(tokens.count == 1 ? "" : "s") for \(p.id), \(live) in use, in \(db.database.path)."
    )
  }
}

/// `boardcal token revoke`: a token stops working.
struct TokenRevoke: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revoke",
    abstract:
      "Revoke a token by its id ('token list' shows them): a running server refuses it within a second."
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Argument(help: "The token's id, as 'token list' shows it.") var id: String
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    let revoked: IssuedToken?
    var known: [String] = []
    do {
      let store = try db.database.open()
      revoked = try store.revokeToken(id, partnership: p.id, at: RecordStore.timestamp(Date()))
      if revoked == nil { known = try store.tokens(partnership: p.id).map(\.id) }
    } catch {
      complain("boardcal: \(error.message)")
      throw ExitCode(1)
    }
    guard let revoked else {
      throw ValidationError(
        "no token '\(id)' in \(p.id)." + didYouMean(id, known)
          + (known.isEmpty ? " It has none." : " Tokens: \(known.joined(separator: ", ")).")
          + " 'boardcal token list \(file)' lists them.")
    }
    say(
      "revoked token \(revoked.id) for \(describe(revoked.holder, p))"
        + (revoked.label.map { " (\($0))" } ?? "") + " at \(revoked.revokedAt ?? "")."
    )
  }
}

/// `token list --json`.
struct TokenListJSON: Encodable {
  struct Entry: Encodable {
    let id: String
    let person: String?
    let board: String?
    let label: String?
    let issuedAt: String
    let revokedAt: String?
  }

  let partnership: String
  let tokens: [Entry]

  init(partnership: String, tokens: [IssuedToken]) {
    self.partnership = partnership
    self.tokens = tokens.map { t in
      var person: String?
      var board: String?
      switch t.holder {
      case .person(let id): person = id
      case .board(let id): board = id
      }
      return Entry(
        id: t.id, person: person, board: board, label: t.label, issuedAt: t.issuedAt,
        revokedAt: t.revokedAt)
    }
  }
}

extension ParsableArguments {
  /// "person hwb-chair (Chair of the HWB)", "board hwb (Health and Wellbeing Board)".
  func describe(_ holder: TokenHolder, _ p: Partnership) -> String {
    switch holder {
    case .person(let id):
      return "person \(id)" + (p.person(id).map { " (\($0.displayName))" } ?? "")
    case .board(let id): return "board \(id)" + (p.board(id).map { " (\($0.name))" } ?? "")
    }
  }
}
