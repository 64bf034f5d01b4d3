import BoardCalCore
import Crypto
import Foundation
import GRDB

/// Who a token is for: one of the people or roles of the partnership's protocol, or one of its
/// boards (for everyone who sits on it).
public enum TokenHolder: Hashable, Sendable, CustomStringConvertible {
  case person(String)
  case board(String)

  /// `person hwb-chair`, `board hwb`.
  public var description: String {
    switch self {
    case .person(let id): return "person \(id)"
    case .board(let id): return "board \(id)"
    }
  }
}

/// A token as the records database keeps it: who it is for and when it was issued and revoked,
/// and the SHA-256 of the token, never the token itself (a copy of the database opens nothing).
public struct IssuedToken: Hashable, Sendable {
  /// The short public id that `token list` shows and `token revoke` takes; it says nothing about
  /// the token.
  public let id: String
  public let partnership: String
  public let holder: TokenHolder
  /// What the officer wrote to remember it by ("Jane's phone").
  public let label: String?
  /// ISO 8601, UTC.
  public let issuedAt: String
  /// ISO 8601, UTC; nil while the token is good.
  public let revokedAt: String?
  /// SHA-256 of the token (32 bytes).
  public let digest: [UInt8]

  public var isRevoked: Bool { revokedAt != nil }
}

/// Per-person tokens: made from 32 random bytes, kept only as their SHA-256, compared as digests
/// in constant time.
public enum AccessToken {
  /// A new token: 32 bytes from the system's generator, as base64url without padding (43
  /// characters, safe in a URL, a header and a cookie).
  public static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    return generate(using: &generator)
  }

  /// A new token from `generator`.
  public static func generate(using generator: inout some RandomNumberGenerator) -> String {
    base64URL((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }

  /// SHA-256 of the token's UTF-8 bytes.
  public static func digest(_ token: String) -> [UInt8] {
    Array(SHA256.hash(data: Array(token.utf8)))
  }

  /// Whether two digests are equal, in a time that depends only on their lengths.
  public static func sameDigest(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<a.count { difference |= a[i] ^ b[i] }
    return difference == 0
  }

  /// Lower-case hexadecimal, as the `token` table keeps digests.
  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  static func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count.isMultiple(of: 2) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    for i in stride(from: 0, to: digits.count, by: 2) {
      guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16)
      else { return nil }
      out.append(byte)
    }
    return out
  }

  static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  /// A short public id: 4 random bytes in hexadecimal.
  static func publicID(using generator: inout some RandomNumberGenerator) -> String {
    hex((0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }
}

/// A contact as the records database keeps it, with when it was last set.
public struct StoredContact: Hashable, Sendable {
  public let partnership: String
  public let contact: Contact
  /// ISO 8601, UTC.
  public let updatedAt: String
}

/// A row of the `token` table.
struct TokenRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "token"
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns, for queries.
  enum Columns: String, ColumnExpression {
    case id, sha256, partnership, person, board, label
    case issuedAt = "issued_at"
    case revokedAt = "revoked_at"
  }

  var id: String
  var sha256: String
  var partnership: String
  var person: String?
  var board: String?
  var label: String?
  var issuedAt: String
  var revokedAt: String?

  /// The token the row holds, or nil when it is malformed.
  var issued: IssuedToken? {
    guard let digest = AccessToken.bytes(hex: sha256), digest.count == 32 else { return nil }
    let holder: TokenHolder
    switch (person, board) {
    case (let person?, nil): holder = .person(person)
    case (nil, let board?): holder = .board(board)
    default: return nil
    }
    return IssuedToken(
      id: id, partnership: partnership, holder: holder, label: label, issuedAt: issuedAt,
      revokedAt: revokedAt, digest: digest)
  }
}

/// A row of the `contact` table.
struct ContactRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "contact"
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns, for queries.
  enum Columns: String, ColumnExpression {
    case partnership, person, name, email
    case updatedAt = "updated_at"
  }

  var partnership: String
  var person: String
  var name: String?
  var email: String
  var updatedAt: String

  var stored: StoredContact {
    StoredContact(
      partnership: partnership, contact: Contact(person: person, name: name, email: email),
      updatedAt: updatedAt)
  }
}

extension RecordStore {
  // MARK: tokens

  /// Keeps a new token's SHA-256 for `holder` of `partnership` under a fresh public id; the token
  /// itself is not written anywhere. `at` is the ISO 8601 time of issue.
  @discardableResult
  public func issue(
    token: String, partnership: String, holder: TokenHolder, label: String?, at: String
  ) throws(StoreError) -> IssuedToken {
    var generator = SystemRandomNumberGenerator()
    let path = self.path
    let row = try attempt("issuing a token for \(holder) of \(partnership)") {
      try writing { db -> TokenRow in
        var id = AccessToken.publicID(using: &generator)
        while try TokenRow.exists(db, key: id) { id = AccessToken.publicID(using: &generator) }
        var person: String?
        var board: String?
        switch holder {
        case .person(let p): person = p
        case .board(let b): board = b
        }
        let row = TokenRow(
          id: id, sha256: AccessToken.hex(AccessToken.digest(token)), partnership: partnership,
          person: person, board: board, label: label.flatMap { $0.isEmpty ? nil : $0 },
          issuedAt: at, revokedAt: nil)
        try row.insert(db)
        return row
      }
    }
    guard let issued = row.issued else {
      throw StoreError(.unreadableRow, path: path, "token \(row.id) in '\(path)' cannot be read.")
    }
    return issued
  }

  /// The tokens of a partnership, revoked ones too, in the order issued.
  public func tokens(partnership: String) throws(StoreError) -> [IssuedToken] {
    let path = self.path
    return try attempt("reading the tokens of \(partnership)") {
      try pool.read { db in
        try Self.tokens(
          TokenRow.filter(TokenRow.Columns.partnership == partnership), db, path: path)
      }
    }
  }

  /// Every token not revoked, of every partnership: what the server accepts.
  public func liveTokens() throws(StoreError) -> [IssuedToken] {
    let path = self.path
    return try attempt("reading the tokens") {
      try pool.read { db in
        try Self.tokens(TokenRow.filter(TokenRow.Columns.revokedAt == nil), db, path: path)
      }
    }
  }

  static func tokens(_ request: QueryInterfaceRequest<TokenRow>, _ db: Database, path: String)
    throws -> [IssuedToken]
  {
    try request.order(TokenRow.Columns.issuedAt, TokenRow.Columns.id).fetchAll(db).map { row in
      guard let issued = row.issued else {
        throw StoreError(
          .unreadableRow, path: path,
          "token \(row.id) in '\(path)' cannot be read (a malformed hash or holder); revoke or delete that row."
        )
      }
      return issued
    }
  }

  /// Revokes the token `id` of `partnership` at `at` (ISO 8601). Returns the token as it now
  /// stands (a token revoked before keeps its first revocation time), or nil when the partnership
  /// has no token with that id.
  @discardableResult
  public func revokeToken(_ id: String, partnership: String, at: String) throws(StoreError)
    -> IssuedToken?
  {
    let path = self.path
    return try attempt("revoking token \(id)") {
      try writing { db -> IssuedToken? in
        typealias C = TokenRow.Columns
        let mine = TokenRow.filter(C.id == id && C.partnership == partnership)
        try mine.filter(C.revokedAt == nil).updateAll(db, C.revokedAt.set(to: at))
        return try Self.tokens(mine, db, path: path).first
      }
    }
  }

  // MARK: contacts

  /// Sets the name and address of `contact.person` in `partnership`, replacing what was there.
  public func setContact(_ contact: Contact, partnership: String, at: String) throws(StoreError) {
    try attempt("setting the contact of \(contact.person)") {
      try writing { db in
        try ContactRow(
          partnership: partnership, person: contact.person, name: contact.name,
          email: contact.email, updatedAt: at
        ).save(db)
      }
    }
  }

  /// Removes the contact of `person` in `partnership`; returns whether there was one.
  @discardableResult
  public func removeContact(person: String, partnership: String) throws(StoreError) -> Bool {
    try attempt("removing the contact of \(person)") {
      try writing { db in
        try ContactRow.deleteOne(db, key: ["partnership": partnership, "person": person])
      }
    }
  }

  /// The contacts of a partnership, by person id.
  public func contacts(partnership: String) throws(StoreError) -> [StoredContact] {
    try attempt("reading the contacts of \(partnership)") {
      try pool.read { db in
        try ContactRow.filter(ContactRow.Columns.partnership == partnership)
          .order(ContactRow.Columns.person).fetchAll(db).map(\.stored)
      }
    }
  }
}
