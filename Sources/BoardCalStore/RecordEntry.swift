// The BoardCalStore module: the records database (what actually happened) and the alert log, in
// one SQLite file through GRDB. The record values themselves are the core's (`RecordEntry`,
// `StoredRecord`, `AlertLogEntry`); here they become rows and back.
import BoardCalCore
import GRDB

/// A row of the `record` table.
struct RecordRow: Codable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "record"
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns, for queries.
  enum Columns: String, ColumnExpression {
    case id, partnership, kind, meeting, obligation, board, date, time, reason, by, link, title
    case source, note
    case recordedBy = "recorded_by"
    case recordedAt = "recorded_at"
  }

  var id: Int64?
  var partnership: String
  var kind: String
  var meeting: String?
  var obligation: String?
  var board: String?
  var date: String?
  var time: String?
  var reason: String?
  var by: String?
  var link: String?
  var title: String?
  var source: String?
  var note: String?
  var recordedBy: String?
  var recordedAt: String

  init(_ entry: RecordEntry, partnership: String, recordedBy: String?, at: String) {
    let fields = RecordFields(entry.fact)
    let texts = fields.texts
    id = nil
    self.partnership = partnership
    kind = fields.kind.rawValue
    (meeting, obligation, board, date, time) = (texts[1], texts[2], texts[3], texts[4], texts[5])
    (reason, by, link, title) = (texts[6], texts[7], texts[8], texts[9])
    source = entry.source
    note = entry.note
    self.recordedBy = recordedBy
    recordedAt = at
  }

  /// The fields as text, in the order of `RecordFields.names`.
  var texts: [String?] { [kind, meeting, obligation, board, date, time, reason, by, link, title] }

  /// The record the row holds, or nil when it is malformed (an unknown kind, a bad date or
  /// time, a field its kind needs missing).
  var stored: StoredRecord? {
    guard let id, let kind = RecordKind(rawValue: kind) else { return nil }
    let day = date.flatMap(CivilDate.init(iso:))
    let clock = time.flatMap(TimeOfDay.init(text:))
    if (date != nil && day == nil) || (time != nil && clock == nil) { return nil }
    let fields = RecordFields(
      kind: kind, meeting: meeting, obligation: obligation, board: board, date: day, time: clock,
      reason: reason, by: by, link: link, title: title)
    guard let fact = fields.fact else { return nil }
    return StoredRecord(
      id: id, partnership: partnership, entry: RecordEntry(fact, source: source, note: note),
      recordedBy: recordedBy, recordedAt: recordedAt)
  }

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of the `alert_log` table: one delivery and where it stands.
struct AlertLogRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "alert_log"
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns, for queries.
  enum Columns: String, ColumnExpression {
    case id, partnership, obligation, status, recipient, channel, state
    case alertKey = "alert_key"
    case claimedAt = "claimed_at"
    case sentAt = "sent_at"
    case acknowledgedAt = "acknowledged_at"
  }

  var partnership: String
  var alertKey: String
  var obligation: String
  var status: String
  var recipient: String
  var channel: String
  var state: String
  var claimedAt: String
  var sentAt: String?
  var acknowledgedAt: String?

  init(claiming d: DeliveryKey, at: String) {
    (partnership, alertKey, obligation, status) = (
      d.partnership, d.alertKey, d.obligation, d.status
    )
    (recipient, channel, state, claimedAt) = (
      d.recipient, d.channel, DeliveryState.sending.rawValue, at
    )
  }

  var entry: AlertLogEntry {
    AlertLogEntry(
      delivery: DeliveryKey(
        partnership: partnership, alertKey: alertKey, obligation: obligation, status: status,
        recipient: recipient, channel: channel),
      state: DeliveryState(rawValue: state) ?? .sending, claimedAt: claimedAt, sentAt: sentAt,
      acknowledgedAt: acknowledgedAt)
  }

  /// The rows of one delivery: its partnership, alert, recipient and channel.
  static func of(_ d: DeliveryKey) -> QueryInterfaceRequest<AlertLogRow> {
    filter(
      Columns.partnership == d.partnership && Columns.alertKey == d.alertKey
        && Columns.recipient == d.recipient && Columns.channel == d.channel)
  }
}
