/// The name and address of the person behind one of a protocol's people or roles. A protocol is
/// a public document and an address is personal data, so contacts live apart from it: in a
/// contacts file outside `Protocols/`, or in the records database (`boardcal contact set`).
public struct Contact: Hashable, Sendable {
  /// The person or role's id in the protocol.
  public let person: String
  /// The name to write to, when known (else the protocol's name or role is used).
  public let name: String?
  /// The bare address, `local@domain`.
  public let email: String

  public init(person: String, name: String?, email: String) {
    self.person = person
    self.name = name
    self.email = email
  }
}

/// Where the address an alert goes to was found.
public enum ContactSource: String, Sendable, Codable {
  /// The records database (`boardcal contact set`).
  case database
  /// The contacts file (`contacts.yaml`).
  case contactsFile = "contacts-file"
  /// The protocol's own `email` (still read, never needed).
  case `protocol`
}

/// Who to write to for each person of one partnership, in one order of precedence: a contact in
/// the records database, then one in the contacts file, then whatever the protocol says. Every
/// channel that addresses someone (alerts, notify) asks here.
public struct ContactBook: Sendable {
  let database: [String: Contact]
  let file: [String: Contact]

  /// The contacts of one partnership from the database and from the contacts file.
  public init(database: [Contact] = [], file: [Contact] = []) {
    self.database = Dictionary(
      database.map { ($0.person, $0) }, uniquingKeysWith: { _, last in last })
    self.file = Dictionary(file.map { ($0.person, $0) }, uniquingKeysWith: { _, last in last })
  }

  /// The database's contacts of this book with `file`'s as the contacts file's.
  public func with(file: [Contact]) -> ContactBook {
    ContactBook(database: Array(database.values), file: file)
  }

  /// No contacts: the protocol alone.
  public static let none = ContactBook()

  /// The name and address to use for `person` (an id of `p`), and where the address came from;
  /// no address when neither the contacts nor the protocol give one.
  public func address(of person: String, in p: Partnership) -> (
    name: String?, email: String?, source: ContactSource?
  ) {
    let named = p.person(person) { (name: $0.name, email: $0.email) }
    if let c = database[person] ?? file[person] {
      return (
        c.name ?? named?.name, c.email, database[person] != nil ? .database : .contactsFile
      )
    }
    return (named?.name, named?.email, named?.email == nil ? nil : .protocol)
  }

  /// The alert with each recipient's name and address taken from the contacts (`address(of:in:)`).
  public func addressed(_ alert: Alert, in p: Partnership) -> Alert {
    var alert = alert
    alert.recipients = addressed(alert.recipients, in: p)
    return alert
  }

  /// Each alert addressed (`addressed(_:in:)`) where it lies in the list, without copying it.
  public func address(_ alerts: inout [Alert], in p: Partnership) {
    for i in alerts.indices { alerts[i].recipients = addressed(alerts[i].recipients, in: p) }
  }

  /// The recipients with the name and address `address(of:in:)` gives each.
  func addressed(_ recipients: [AlertRecipient], in p: Partnership) -> [AlertRecipient] {
    recipients.map { r in
      let found = address(of: r.person, in: p)
      return AlertRecipient(
        person: r.person, role: r.role, name: found.name, email: found.email,
        capacity: r.capacity)
    }
  }
}
