import ArgumentParser
import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import BoardCalProtocols
import BoardCalStore
import Foundation

/// `boardcal contact`: the names and addresses behind the protocol's roles, in the records
/// database, so that the protocol (a public document) needs none.
struct ContactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contact",
    abstract: "Set, list and remove the name and email address of a person or role of a protocol.",
    discussion: """
      Alerts ('boardcal alerts', 'notify') write to a person at the address found first in: the \
      records database (these commands), the contacts file (--contacts FILE, default \
      contacts.yaml when it exists; see contacts.example.yaml), then the protocol's own 'email'. \
      A protocol never needs an address.

      Set:     boardcal contact set FILE PERSON --email ADDRESS [--name NAME]
      List:    boardcal contact list FILE [--json]
      Remove:  boardcal contact remove FILE PERSON

      The database is --db PATH, else $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, \
      else ~/.local/share/boardcal/records.sqlite.
      """,
    subcommands: [ContactSet.self, ContactList.self, ContactRemove.self]
  )
}

/// `boardcal contact set`: a person's name and address, replacing what was set before.
struct ContactSet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Set the email address (and name) alerts use for a person or role of the protocol."
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Argument(help: "A person or role of the protocol.") var person: String
  @Option(help: "The address, local@domain.") var email: String
  @Option(help: "The name to write to (default: the protocol's name or role).") var name: String?
  @OptionGroup var db: DatabaseOption

  func validate() throws {
    guard MailAddress(bare: email) != nil else {
      throw ValidationError(
        "--email '\(email)' is not an email address; write it as local@domain, without a name.")
    }
  }

  func run() throws {
    let p = try loadPartnership(file)
    guard p.person(person) != nil else {
      throw ValidationError("\(file): \(unknownPerson(person, p))")
    }
    let address = MailAddress(bare: email)!
    let given = name?.trimmingCharacters(in: .whitespacesAndNewlines)
    let contact = Contact(
      person: person, name: given.flatMap { $0.isEmpty ? nil : $0 }, email: address.email)
    do {
      try db.database.open().setContact(
        contact, partnership: p.id, at: RecordStore.timestamp(Date()))
    } catch {
      complain("boardcal: \(error.message)")
      complain("Nothing was written.")
      throw ExitCode(1)
    }
    let shown = MailAddress(name: contact.name ?? p.person(person)?.name, email: contact.email)
    say("set the contact of \(person) in \(p.id): \(shown.header)")
  }
}

/// `boardcal contact list`: the contacts the database holds for a partnership.
struct ContactList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the contacts the records database holds for the protocol's partnership.",
    discussion: """
      --json prints {partnership, contacts: [{person, name, email, updated_at}]}; absent fields \
      are left out.
      """
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Flag(help: "Print JSON instead of a table.") var json = false
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    let contacts: [StoredContact]
    do {
      contacts = try db.database.openIfExists()?.contacts(partnership: p.id) ?? []
    } catch {
      complain("boardcal: \(error.message)")
      throw ExitCode(1)
    }
    if json { return try sayJSON(ContactListJSON(partnership: p.id, contacts: contacts)) }
    if contacts.isEmpty {
      say("No contact is set for \(p.id) in \(db.database.path).")
      return
    }
    say(
      TextTable.render(
        header: ["person", "role", "name", "email", "updated"],
        rows: contacts.map { c in
          [
            c.contact.person, p.person(c.contact.person)?.role ?? "(not in the protocol)",
            c.contact.name ?? "", c.contact.email, c.updatedAt,
          ]
        }))
    say(
      "\(contacts.count) contact\(contacts.count == 1 ? "" : "s") for \(p.id) in \(db.database.path)."
    )
  }
}

/// `boardcal contact remove`: a person's contact is removed from the database.
struct ContactRemove: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Remove the contact of a person or role from the records database."
  )

  @Argument(help: "The protocol file of the partnership.") var file: String
  @Argument(help: "A person or role with a contact.") var person: String
  @OptionGroup var db: DatabaseOption

  func run() throws {
    let p = try loadPartnership(file)
    var removed = false
    var known: [String] = []
    do {
      if let store = try db.database.openIfExists() {
        let contacts = try store.contacts(partnership: p.id).map(\.contact.person)
        if contacts.contains(person) {
          removed = try db.database.open().removeContact(person: person, partnership: p.id)
        }
        known = contacts
      }
    } catch {
      complain("boardcal: \(error.message)")
      throw ExitCode(1)
    }
    guard removed else {
      throw ValidationError(
        "no contact for '\(person)' in \(p.id)." + didYouMean(person, known)
          + (known.isEmpty
            ? " None is set." : " Contacts: \(known.joined(separator: ", ")).")
      )
    }
    say("removed the contact of \(person) in \(p.id).")
  }
}

/// `contact list --json`.
struct ContactListJSON: Encodable {
  struct Entry: Encodable {
    let person: String
    let name: String?
    let email: String
    let updatedAt: String
  }

  let partnership: String
  let contacts: [Entry]

  init(partnership: String, contacts: [StoredContact]) {
    self.partnership = partnership
    self.contacts = contacts.map {
      Entry(
        person: $0.contact.person, name: $0.contact.name, email: $0.contact.email,
        updatedAt: $0.updatedAt)
    }
  }
}

/// `--contacts FILE`: the contacts file `alerts` and `notify` read, and how they find everyone's
/// address (`ContactBook`: the database, then this file, then the protocol).
struct ContactsOption: ParsableArguments {
  @Option(
    name: .customLong("contacts"),
    help: ArgumentHelp(
      "The contacts file: names and addresses behind the protocol's roles (default: contacts.yaml when it exists).",
      valueName: "file"))
  var path: String?

  /// The contacts of `p` from `store` and the file; every problem in the file is said (file,
  /// line, field) and the command ends with status 1 before anything is sent.
  func book(for p: Partnership, store: RecordStore?) throws -> ContactBook {
    let file =
      path
      ?? (FileManager.default.fileExists(atPath: ContactsFile.defaultPath)
        ? ContactsFile.defaultPath : nil)
    var fromFile: [Contact] = []
    if let file {
      switch ContactsFile.read(path: file, for: p) {
      case .success(let contacts): fromFile = contacts
      case .failure(let error):
        for diagnostic in error.diagnostics {
          BoardCal.Console.current.err(diagnostic.description + "\n")
        }
        BoardCal.Console.current.err(
          "\(file) has problems; nothing was sent or recorded. Fix it, or name another with --contacts.\n"
        )
        throw ExitCode(1)
      }
    }
    do {
      return ContactBook(
        database: try store?.contacts(partnership: p.id).map(\.contact) ?? [], file: fromFile)
    } catch {
      BoardCal.Console.current.err("boardcal: \(error.message)\n")
      throw ExitCode(1)
    }
  }
}
