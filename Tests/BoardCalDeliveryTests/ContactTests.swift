import BoardCalCore
import BoardCalDelivery
import Foundation
import Testing

@Suite("Contacts: where an alert's address comes from")
struct ContactTests {
  @Test("the database's contact first, then the contacts file's, then the protocol's email")
  func precedence() throws {
    let p = try miltonWithContacts()
    let lead = Contacts.assuranceLead.id
    func email(_ book: ContactBook) -> String? { book.address(of: lead, in: p).email }
    #expect(email(.none) == Contacts.assuranceLead.email)
    #expect(ContactBook.none.address(of: lead, in: p).source == .protocol)
    let file = Contact(person: lead, name: nil, email: "from.file@example.org")
    let stored = Contact(person: lead, name: "Priya S.", email: "from.db@example.org")
    #expect(email(ContactBook(file: [file])) == "from.file@example.org")
    #expect(email(ContactBook(database: [stored], file: [file])) == "from.db@example.org")
    #expect(
      ContactBook(database: [stored], file: [file]).address(of: lead, in: p).source == .database)
    // A contact without a name keeps the protocol's.
    #expect(ContactBook(file: [file]).address(of: lead, in: p).name == "Priya Shah")
    #expect(ContactBook(database: [stored]).address(of: lead, in: p).name == "Priya S.")
    // Someone named nowhere with an address has none.
    let mktmb = ContactBook.none.address(of: Contacts.mktmbLead.id, in: p)
    #expect(mktmb.email == nil && mktmb.source == nil)
  }

  @Test("an alert addressed through the book goes to the contact's address, and only that changes")
  func addressedAlerts() throws {
    let p = try miltonWithContacts()
    let (_, found) = alerts(p, asOf: day("2021-11-15"))
    let alert = try #require(
      found.first { $0.recipients.contains { $0.person == Contacts.assuranceLead.id } })
    let book = ContactBook(database: [
      Contact(person: Contacts.assuranceLead.id, name: nil, email: "assurance@example.org")
    ])
    let addressed = book.addressed(alert, in: p)
    #expect(addressed.key == alert.key)
    #expect(addressed.recipients.map(\.person) == alert.recipients.map(\.person))
    #expect(addressed.recipients.map(\.capacity) == alert.recipients.map(\.capacity))
    let lead = addressed.recipients.first { $0.person == Contacts.assuranceLead.id }
    #expect(lead?.email == "assurance@example.org")
    #expect(lead?.name == "Priya Shah")
  }

  @Test("a contacts file: this partnership's entries, others checked for form, problems located")
  func contactsFile() throws {
    let p = try milton()
    let text = """
      milton-keynes:
        director-public-health:
          name: A Name
          email: " dph@milton-keynes.example "
        independent-scrutineer:
          email: scrutineer@milton-keynes.example
      medway:
        anyone:
          email: someone@medway.example

      """
    let read = try ContactsFile.read(text, file: "contacts.yaml", for: p).get()
    #expect(
      read == [
        Contact(
          person: "director-public-health", name: "A Name", email: "dph@milton-keynes.example"),
        Contact(
          person: "independent-scrutineer", name: nil, email: "scrutineer@milton-keynes.example"),
      ])
    let bad = """
      milton-keynes:
        director-public-health:
          name: A Name
      medway:
        anyone:
          email: Someone <someone@medway.example>
      - a list

      """
    switch ContactsFile.read(bad, file: "contacts.yaml", for: p) {
    case .success: Issue.record("a bad file was read")
    case .failure(let error):
      #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
      #expect(error.diagnostics.first?.description.hasPrefix("contacts.yaml:") == true)
    }
    let problems = """
      milton-keynes:
        director-public-health:
          name: A Name
      medway:
        anyone:
          email: Someone <someone@medway.example>

      """
    switch ContactsFile.read(problems, file: "contacts.yaml", for: p) {
    case .success: Issue.record("a bad file was read")
    case .failure(let error):
      #expect(
        error.diagnostics.map(\.description) == [
          "contacts.yaml:3:5: milton-keynes.director-public-health: no email: an entry needs one.",
          "contacts.yaml:6:12: medway.anyone.email: 'Someone <someone@medway.example>' is not an email address; write it as local@domain, without a name.",
        ])
    }
  }
}
