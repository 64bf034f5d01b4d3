import BoardCalCore
import Foundation
import GRDB

/// A problem with the records database, said with which file, what went wrong and why.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// What kind of problem, for callers that treat them differently.
  public enum Kind: String, Sendable {
    /// The file or its folder cannot be created or opened.
    case cannotOpen = "cannot-open"
    /// The schema cannot be brought up to date.
    case cannotMigrate = "cannot-migrate"
    /// A stored row cannot be read back as a record.
    case unreadableRow = "unreadable-row"
    /// A read or a write failed (locked past the timeout, disk full, not a database).
    case failed
    /// An alert was marked sent that was never claimed.
    case notClaimed = "not-claimed"
    /// The file is another program's SQLite database: nothing is written to it.
    case foreign
    /// The file was written by a newer boardcal, whose schema this one does not know.
    case newer
  }

  public let kind: Kind
  /// The database file.
  public let path: String
  public let message: String

  public init(_ kind: Kind, path: String, _ message: String) {
    self.kind = kind
    self.path = path
    self.message = message
  }

  public var description: String { message }
}

/// Records to write together: all of them or none.
public typealias RecordBatch = Records

/// The records database: what actually happened (meetings held, moved, cancelled or added;
/// obligations fulfilled; papers submitted) and the alert log, in one SQLite file.
///
/// - The file is opened as a GRDB `DatabasePool` in WAL mode, so readers never block the writer.
/// - `PRAGMA synchronous = FULL`: every commit syncs the write-ahead log to disk before `save`
///   returns. With WAL, NORMAL survives a crash of the process but may lose the last commits on
///   power loss or an OS crash; a record the tool has acknowledged must survive both, so FULL.
/// - Every writing transaction is `BEGIN IMMEDIATE` (GRDB 7's choice for writes), and the
///   connection waits up to `busyTimeout` seconds for a lock held by another process, so several
///   `boardcal` processes can record into the same file at once: they queue rather than fail.
/// - The schema is built by named, versioned migrations (`RecordStore.migrator`); opening an
///   older file upgrades it, and opening a fresh one from several processes at once is safe.
/// - The file says whose it is: `PRAGMA application_id` is boardcal's and `user_version` the
///   schema's version. Another program's database is refused before anything is written to it,
///   and so is one from a newer boardcal. Read-only opens (`readOnly`) never write.
public final class RecordStore: Sendable {
  /// Where the database file is.
  public let path: String
  let pool: any DatabaseWriter
  /// Opened for reading only: every write is refused before it reaches SQLite.
  let readOnly: Bool

  /// `PRAGMA application_id` of a boardcal records database: "BCRD".
  public static let applicationID: Int32 = 0x4243_5244
  /// `PRAGMA user_version`: the schema's version, which each migration from `v3-identity` on sets
  /// to its own number.
  public static let schemaVersion = 5
  /// The tables boardcal's migrations make (and SQLite's own for AUTOINCREMENT).
  static let ownTables: Set<String> = [
    "record", "alert_log", "token", "contact", "grdb_migrations", "sqlite_sequence",
  ]

  /// How long a writer waits for another process's lock before giving up.
  public static let busyTimeout: TimeInterval = 30

  /// `$BOARDCAL_DB` when set, else `$XDG_DATA_HOME/boardcal/records.sqlite`, else
  /// `~/.local/share/boardcal/records.sqlite`.
  public static func defaultPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let db = environment["BOARDCAL_DB"], !db.isEmpty { return db }
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
      return (data as NSString).appendingPathComponent("boardcal/records.sqlite")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return (home as NSString).appendingPathComponent(".local/share/boardcal/records.sqlite")
  }

  /// Opens (creating the file and its folder when missing) and migrates the database at `path`.
  public convenience init(path: String) throws(StoreError) {
    try self.init(path: path, upTo: nil)
  }

  /// Opens an existing database for reading only: nothing is written, not even the journal mode.
  /// A file from an older boardcal, whose schema is not yet up to date, is opened for writing
  /// once, to be brought up to date.
  public convenience init(readingOnly path: String) throws(StoreError) {
    let identity = try Self.identity(of: path)
    try self.init(path: path, upTo: nil, readOnly: identity == .current)
  }

  /// Opens the database and applies the migrations up to `lastMigration` (all when nil): tests
  /// use it to make a file as an older version of boardcal left it.
  init(path: String, upTo lastMigration: String?, readOnly: Bool = false) throws(StoreError) {
    self.path = path
    if readOnly {
      var config = Configuration()
      config.busyMode = .timeout(Self.busyTimeout)
      let folder = (path as NSString).deletingLastPathComponent
      // A file and folder this user can write are opened as SQLite's writer, reading only (every
      // read runs under `query_only`, and `writing` refuses writes), so that as the last
      // connection it tidies away the -wal and -shm files when it closes; others in SQLite's
      // read-only mode.
      config.readonly =
        access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
      config.label = "boardcal.records.read"
      do {
        pool = try DatabaseQueue(path: path, configuration: config)
        self.readOnly = true
      } catch {
        throw StoreError(
          .cannotOpen, path: path,
          "cannot open the records database '\(path)': \(Self.explain(error))")
      }
      return
    }
    self.readOnly = false
    _ = try Self.identity(of: path)
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw StoreError(
          .cannotOpen, path: path,
          "cannot create the folder '\(folder)' for the records database: \(error.localizedDescription)"
        )
      }
    }
    var config = Configuration()
    config.busyMode = .timeout(Self.busyTimeout)
    config.label = "boardcal.records"
    do {
      pool = try DatabasePool(path: path, configuration: config)
      // GRDB sets NORMAL when it switches to WAL; the writer connection is the pool's only one.
      try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    } catch {
      throw StoreError(
        .cannotOpen, path: path,
        "cannot open the records database '\(path)': \(Self.explain(error))")
    }
    try migrate(upTo: lastMigration)
  }

  // MARK: schema

  /// The named migrations, oldest first. Never edit one that has shipped: add another.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-records") { db in
      try db.execute(
        sql: """
          CREATE TABLE record (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partnership TEXT NOT NULL CHECK (partnership <> ''),
            kind TEXT NOT NULL
              CHECK (kind IN ('held', 'moved', 'cancelled', 'added', 'fulfilled', 'papers')),
            meeting TEXT CHECK (meeting <> ''),
            obligation TEXT CHECK (obligation <> ''),
            board TEXT CHECK (board <> ''),
            date TEXT CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            time TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
            reason TEXT,
            by TEXT,
            link TEXT,
            title TEXT,
            source TEXT,
            note TEXT,
            recorded_by TEXT,
            recorded_at TEXT NOT NULL,
            CHECK (kind NOT IN ('held', 'moved', 'cancelled') OR meeting IS NOT NULL),
            CHECK (kind <> 'moved' OR date IS NOT NULL),
            CHECK (kind <> 'added' OR (board IS NOT NULL AND date IS NOT NULL)),
            CHECK (kind NOT IN ('fulfilled', 'papers') OR (obligation IS NOT NULL AND date IS NOT NULL))
          );
          CREATE INDEX record_by_partnership ON record (partnership, id);
          """)
    }
    migrator.registerMigration("v2-alert-log") { db in
      try db.execute(
        sql: """
          CREATE TABLE alert_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partnership TEXT NOT NULL,
            alert_key TEXT NOT NULL,
            obligation TEXT NOT NULL,
            status TEXT NOT NULL,
            recipient TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            acknowledged_at TEXT,
            UNIQUE (partnership, alert_key, recipient, channel)
          );
          """)
    }
    migrator.registerMigration("v3-identity") { db in
      // The file says whose it is and at which schema version.
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      // 3 as shipped (it once read `schemaVersion`, which was 3): each later migration sets its own.
      try db.execute(sql: "PRAGMA user_version = 3")
    }
    migrator.registerMigration("v4-tokens-and-contacts") { db in
      // Per-person tokens, kept only as their SHA-256, and the contacts behind the protocols'
      // roles (personal data that stays out of the protocol files).
      try db.execute(
        sql: """
          CREATE TABLE token (
            id TEXT PRIMARY KEY NOT NULL CHECK (id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            partnership TEXT NOT NULL CHECK (partnership <> ''),
            person TEXT CHECK (person <> ''),
            board TEXT CHECK (board <> ''),
            label TEXT,
            issued_at TEXT NOT NULL,
            revoked_at TEXT,
            CHECK ((person IS NULL) <> (board IS NULL))
          );
          CREATE INDEX token_by_partnership ON token (partnership, issued_at);
          CREATE TABLE contact (
            partnership TEXT NOT NULL CHECK (partnership <> ''),
            person TEXT NOT NULL CHECK (person <> ''),
            name TEXT,
            email TEXT NOT NULL CHECK (email LIKE '%_@_%'),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (partnership, person)
          );
          PRAGMA user_version = 4;
          """)
    }
    migrator.registerMigration("v5-event-records") { db in
      // Events that relative windows and reviews count from: a record of kind 'event', named by
      // its title. SQLite cannot change a CHECK in place: the table is made again, rows, ids
      // and the AUTOINCREMENT counter kept.
      try db.execute(
        sql: """
          CREATE TABLE record_v5 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partnership TEXT NOT NULL CHECK (partnership <> ''),
            kind TEXT NOT NULL
              CHECK (kind IN ('held', 'moved', 'cancelled', 'added', 'fulfilled', 'papers', 'event')),
            meeting TEXT CHECK (meeting <> ''),
            obligation TEXT CHECK (obligation <> ''),
            board TEXT CHECK (board <> ''),
            date TEXT CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            time TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
            reason TEXT,
            by TEXT,
            link TEXT,
            title TEXT,
            source TEXT,
            note TEXT,
            recorded_by TEXT,
            recorded_at TEXT NOT NULL,
            CHECK (kind NOT IN ('held', 'moved', 'cancelled') OR meeting IS NOT NULL),
            CHECK (kind <> 'moved' OR date IS NOT NULL),
            CHECK (kind <> 'added' OR (board IS NOT NULL AND date IS NOT NULL)),
            CHECK (kind NOT IN ('fulfilled', 'papers') OR (obligation IS NOT NULL AND date IS NOT NULL)),
            CHECK (kind <> 'event' OR (title IS NOT NULL AND date IS NOT NULL))
          );
          INSERT INTO record_v5 SELECT * FROM record;
          DELETE FROM sqlite_sequence WHERE name = 'record_v5';
          INSERT INTO sqlite_sequence (name, seq)
            SELECT 'record_v5', seq FROM sqlite_sequence WHERE name = 'record';
          DROP TABLE record;
          ALTER TABLE record_v5 RENAME TO record;
          CREATE INDEX record_by_partnership ON record (partnership, id);
          PRAGMA user_version = 5;
          """)
    }
    return migrator
  }

  /// Whose a file is, as far as boardcal is concerned.
  enum Identity: Equatable {
    /// No file, or an empty one: boardcal makes it its own.
    case fresh
    /// Made by a boardcal before databases said whose they were, or by one with an older schema.
    case older
    /// Boardcal's, at this schema version.
    case current
  }

  /// Reads the file's header and tables without writing anything; refuses another program's
  /// database and one from a newer boardcal.
  static func identity(of path: String) throws(StoreError) -> Identity {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else { return .fresh }
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(Self.busyTimeout)
    let facts: (application: Int32, version: Int, tables: [String], migrations: [String])
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      facts = try queue.read { db in
        (
          try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
          try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
          try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
          try db.tableExists("grdb_migrations")
            ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        )
      }
      try queue.close()
    } catch {
      throw StoreError(
        .cannotOpen, path: path,
        "cannot open the records database '\(path)': \(Self.explain(error)). Give --db a boardcal records database, or a new path."
      )
    }
    if facts.application == applicationID {
      guard facts.version <= schemaVersion else {
        throw StoreError(
          .newer, path: path,
          "'\(path)' was written by a newer boardcal (schema version \(facts.version); this one knows up to \(schemaVersion)). Nothing was read or written: upgrade boardcal to use it."
        )
      }
      return facts.version == schemaVersion ? .current : .older
    }
    let others = facts.tables.filter { !ownTables.contains($0) }
    let known = Set(migrator.migrations)
    // A boardcal file from before the identity: its tables are boardcal's, made by its migrations.
    // Only an empty `grdb_migrations`: another boardcal process is making the file right now (GRDB
    // creates that table before the first migration's transaction), so it is fresh.
    let beingMade = facts.tables == ["grdb_migrations"] && facts.migrations.isEmpty
    let madeByBoardcal =
      facts.tables.isEmpty || beingMade
      || (!facts.migrations.isEmpty && facts.migrations.allSatisfy(known.contains))
    guard facts.application == 0, others.isEmpty, madeByBoardcal else {
      let whose =
        facts.application != 0
        ? "its application id is \(String(format: "0x%08X", UInt32(bitPattern: facts.application))), not boardcal's"
        : others.isEmpty
          ? "its tables (\(facts.tables.joined(separator: ", "))) were not made by boardcal"
          : "it holds tables boardcal does not make (\(others.joined(separator: ", ")))"
      throw StoreError(
        .foreign, path: path,
        "'\(path)' is another program's SQLite database: \(whose). Nothing was written to it; give --db a boardcal records database, or a new path."
      )
    }
    return facts.tables.isEmpty || beingMade ? .fresh : .older
  }

  /// The migrations applied to this file, in order.
  public func appliedMigrations() throws(StoreError) -> [String] {
    try attempt("reading the migrations") { try pool.read(Self.migrator.appliedMigrations) }
  }

  private func migrate(upTo lastMigration: String?) throws(StoreError) {
    let migrator = Self.migrator
    let target = lastMigration ?? Self.migrator.migrations.last!
    // Two processes opening a fresh file race to create the tables: one wins (each migration is
    // an IMMEDIATE transaction), the other fails on "table already exists" and finds the work done.
    for attemptNumber in 1...5 {
      do {
        try migrator.migrate(pool, upTo: target)
        return
      } catch {
        let applied = try? pool.read(migrator.appliedIdentifiers)
        if applied?.contains(target) == true { return }
        if attemptNumber == 5 {
          throw StoreError(
            .cannotMigrate, path: path,
            "cannot prepare the records database '\(path)': \(Self.explain(error))")
        }
        Thread.sleep(forTimeInterval: 0.05 * Double(attemptNumber))
      }
    }
  }

  // MARK: records

  /// The time of recording as the database keeps it: ISO 8601 in UTC, to the millisecond. The
  /// caller passes the instant in (the core never reads a clock).
  public static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// Writes the batch in one transaction: every record or none. `at` is the ISO 8601 time of
  /// recording. A record identical to one already stored (for a meeting: identical to its
  /// latest record) is not written twice.
  @discardableResult
  public func save(_ batch: RecordBatch, partnership: String, recordedBy: String?, at: String)
    throws(StoreError) -> [SaveOutcome]
  {
    try save(batch.entries, partnership: partnership, recordedBy: recordedBy, at: at)
  }

  /// Writes the entries, in order, in one transaction: every entry or none.
  @discardableResult
  public func save(
    _ entries: [RecordEntry], partnership: String, recordedBy: String?, at: String
  ) throws(StoreError) -> [SaveOutcome] {
    try save(entries, partnership: partnership, recordedBy: recordedBy, at: at, afterEach: nil)
  }

  /// `afterEach` runs inside the transaction after each entry is written (tests use it to fail
  /// half-way and see that nothing stays).
  func save(
    _ entries: [RecordEntry], partnership: String, recordedBy: String?, at: String,
    afterEach: ((Int) throws -> Void)?
  ) throws(StoreError) -> [SaveOutcome] {
    try attempt("saving \(entries.count) record\(entries.count == 1 ? "" : "s")") {
      try writing { db in
        try Self.insert(
          entries, partnership: partnership, recordedBy: recordedBy, at: at, db,
          afterEach: afterEach)
      }
    }
  }

  /// Checks and writes in one transaction, so that no other process records in between: `check`
  /// gets what is stored for the partnership and gives the entries to write, or a refusal (then
  /// nothing is written and the refusal is returned).
  public func save<Refusal: Error>(
    partnership: String, recordedBy: String?, at: String,
    checking check: ([StoredRecord]) -> Result<[RecordEntry], Refusal>
  ) throws(StoreError) -> Result<[SaveOutcome], Refusal> {
    var refusal: Refusal?
    let path = self.path
    let outcomes = try attempt("saving records") {
      try writing { db -> [SaveOutcome] in
        switch check(try Self.stored(partnership: partnership, db, path: path)) {
        case .failure(let refused):
          refusal = refused
          return []
        case .success(let entries):
          return try Self.insert(
            entries, partnership: partnership, recordedBy: recordedBy, at: at, db, afterEach: nil)
        }
      }
    }
    if let refusal { return .failure(refusal) }
    return .success(outcomes)
  }

  static func insert(
    _ entries: [RecordEntry], partnership: String, recordedBy: String?, at: String,
    _ db: Database, afterEach: ((Int) throws -> Void)?
  ) throws -> [SaveOutcome] {
    var outcomes: [SaveOutcome] = []
    for (index, entry) in entries.enumerated() {
      var row = RecordRow(entry, partnership: partnership, recordedBy: recordedBy, at: at)
      if let existing = try identical(to: row, db) {
        outcomes.append(SaveOutcome(id: existing, entry: entry, isNew: false))
      } else {
        try row.insert(db)
        outcomes.append(SaveOutcome(id: row.id ?? db.lastInsertedRowID, entry: entry, isNew: true))
      }
      try afterEach?(index)
    }
    return outcomes
  }

  /// The id of a stored record identical to `row`: for a meeting, only when it is the meeting's
  /// latest record (a move back and forth must be written each time, in order).
  static func identical(to row: RecordRow, _ db: Database) throws -> Int64? {
    typealias C = RecordRow.Columns
    let mine = RecordRow.filter(C.partnership == row.partnership)
    switch RecordKind(rawValue: row.kind) {
    case .held, .moved, .cancelled:
      let latest = try mine.filter(
        C.meeting == row.meeting && ["held", "moved", "cancelled"].contains(C.kind)
      ).order(C.id.desc).fetchOne(db)
      return latest?.texts == row.texts ? latest?.id : nil
    default:
      // Every field equal (`==` with nil is `IS NULL`): found by the index, not by reading all.
      let columns: [C] = [
        .kind, .meeting, .obligation, .board, .date, .time, .reason, .by, .link, .title,
      ]
      var same = mine
      for (column, value) in zip(columns, row.texts) { same = same.filter(column == value) }
      return try same.order(C.id).fetchOne(db)?.id
    }
  }

  /// Everything recorded for a partnership, in the order recorded.
  public func records(partnership: String) throws(StoreError) -> Records {
    Records(try list(partnership: partnership).map(\.entry))
  }

  /// Every stored record of a partnership, in the order recorded.
  public func list(partnership: String) throws(StoreError) -> [StoredRecord] {
    let path = self.path
    return try attempt("reading the records of \(partnership)") {
      try pool.read { db in try Self.stored(partnership: partnership, db, path: path) }
    }
  }

  static func stored(partnership: String, _ db: Database, path: String) throws -> [StoredRecord] {
    let rows = try RecordRow.filter(RecordRow.Columns.partnership == partnership)
      .order(RecordRow.Columns.id).fetchAll(db)
    return try rows.map { row in
      guard let stored = row.stored else {
        throw StoreError(
          .unreadableRow, path: path,
          "record \(row.id ?? 0) in '\(path)' cannot be read (kind '\(row.kind)', a missing or malformed field); fix or delete that row."
        )
      }
      return stored
    }
  }

  // MARK: alert log (each delivery once)

  /// Claims the right to send one alert to one recipient on one channel: adds a `sending` line
  /// and returns `.claimed`; takes over a `sending` line claimed before `staleBefore` (a run that
  /// died or was killed mid-send: no live send lasts that long) and returns `.reclaimed` with
  /// its time; returns `.taken` when the log has a line for it that is sent or being sent.
  public func claim(_ delivery: DeliveryKey, at: String, staleBefore: String? = nil)
    throws(StoreError) -> ClaimOutcome
  {
    try attempt(
      "claiming alert \(delivery.alertKey) for \(delivery.recipient) by \(delivery.channel)"
    ) {
      try writing { db in
        // Only a line for the same delivery is passed over; any other failure is an error.
        let row = AlertLogRow(claiming: delivery, at: at)
        try db.execute(
          literal: """
            INSERT INTO alert_log (partnership, alert_key, obligation, status, recipient, channel,
              state, claimed_at)
            VALUES (\(row.partnership), \(row.alertKey), \(row.obligation), \(row.status),
              \(row.recipient), \(row.channel), \(row.state), \(row.claimedAt))
            ON CONFLICT (partnership, alert_key, recipient, channel) DO NOTHING
            """)
        if db.changesCount == 1 { return .claimed }
        guard let staleBefore else { return .taken }
        typealias C = AlertLogRow.Columns
        let stale = AlertLogRow.of(delivery).filter(
          C.state == DeliveryState.sending.rawValue && C.claimedAt < staleBefore)
        guard let earlier = try stale.fetchOne(db) else { return .taken }
        // In the same transaction: of two runs that find it stale, one takes it over.
        try stale.updateAll(db, C.claimedAt.set(to: at))
        return .reclaimed(since: earlier.claimedAt)
      }
    }
  }

  /// Marks a claimed delivery as sent. Throws when there is no such claim.
  public func markSent(_ delivery: DeliveryKey, at: String) throws(StoreError) {
    typealias C = AlertLogRow.Columns
    let changed = try attempt("marking alert \(delivery.alertKey) sent") {
      try writing { db in
        try AlertLogRow.of(delivery).updateAll(
          db, C.state.set(to: DeliveryState.sent.rawValue), C.sentAt.set(to: at))
      }
    }
    if changed == 0 {
      throw StoreError(
        .notClaimed, path: path,
        "alert \(delivery.alertKey) for \(delivery.recipient) by \(delivery.channel) was never claimed in \(delivery.partnership)."
      )
    }
  }

  /// Gives up a claim whose send failed, so that the alert is tried again next time. A sent
  /// delivery is never released. Returns whether a claim was released.
  @discardableResult
  public func release(_ delivery: DeliveryKey) throws(StoreError) -> Bool {
    try attempt("releasing alert \(delivery.alertKey)") {
      try writing { db in
        try AlertLogRow.of(delivery)
          .filter(AlertLogRow.Columns.state == DeliveryState.sending.rawValue).deleteAll(db) == 1
      }
    }
  }

  /// Records that a recipient acknowledged an alert (on every channel it went by). Returns how
  /// many log lines were acknowledged now; an earlier acknowledgement is kept.
  @discardableResult
  public func acknowledge(partnership: String, alertKey: String, recipient: String, at: String)
    throws(StoreError) -> Int
  {
    typealias C = AlertLogRow.Columns
    return try attempt("acknowledging alert \(alertKey)") {
      try writing { db in
        try AlertLogRow.filter(
          C.partnership == partnership && C.alertKey == alertKey && C.recipient == recipient
            && C.acknowledgedAt == nil
        ).updateAll(db, C.acknowledgedAt.set(to: at))
      }
    }
  }

  /// The alert log of a partnership, in the order claimed.
  public func alertLog(partnership: String) throws(StoreError) -> [AlertLogEntry] {
    try attempt("reading the alert log of \(partnership)") {
      try pool.read { db in
        try AlertLogRow.filter(AlertLogRow.Columns.partnership == partnership)
          .order(AlertLogRow.Columns.id).fetchAll(db).map(\.entry)
      }
    }
  }

  // MARK: upkeep

  /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else SQLite's list of problems.
  public func integrityCheck() throws(StoreError) -> [String] {
    try attempt("checking the database") {
      try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
  }

  /// A PRAGMA's value on the writing connection, e.g. `synchronous` (2 = FULL), `journal_mode`.
  func pragma(_ name: String) throws(StoreError) -> String? {
    try attempt("reading PRAGMA \(name)") {
      try pool.writeWithoutTransaction { db in
        try String.fetchOne(db, sql: "PRAGMA \(name)")
      }
    }
  }

  /// A write transaction, or a refusal when the store was opened for reading only.
  func writing<T>(_ updates: (Database) throws -> T) throws -> T {
    guard !readOnly else {
      throw StoreError(.failed, path: path, "'\(path)' was opened for reading only.")
    }
    return try pool.write(updates)
  }

  func attempt<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(.failed, path: path, "\(what) in '\(path)' failed: \(Self.explain(error))")
    }
  }

  static func explain(_ error: any Error) -> String {
    if let db = error as? DatabaseError {
      return "SQLite error \(db.resultCode.rawValue): \(db.message ?? "\(db)")"
    }
    return "\(error)"
  }
}
