import BoardCalCore
import BoardCalPipeline
import BoardCalProtocols
@_exported import BoardCalTestSupport
import Foundation

/// The MK Together protocol as committed (it names chairs but no lead officers and no emails).
func milton() throws -> Partnership {
  try ProtocolLoader.load(
    path: packageRoot.appendingPathComponent("Protocols/milton-keynes.yaml").path)
}

/// The people the scenarios add to MK: lead officers (the protocol names none) and emails.
enum Contacts {
  static let assuranceLead = Person(
    id: "assurance-lead", role: "Assurance Board lead officer", name: "Priya Shah",
    email: "priya.shah@example.org")
  /// A non-ASCII name: the To header needs an RFC 2047 encoded-word.
  static let cspLead = Person(
    id: "csp-lead", role: "Community Safety Partnership manager", name: "Tomás Ó Briain",
    email: "tomas.obriain@example.org")
  static let hwbLead = Person(
    id: "hwb-lead", role: "Health and Wellbeing Board officer", name: "Alex Morgan",
    email: "alex.morgan@example.org")
  /// Named, but without an email: reported, not sent to.
  static let mktmbLead = Person(
    id: "mktmb-lead", role: "MK Together partnership manager", name: "Sam Carter")
  static let scrutineerEmail = "jane.held@example.org"
  static let cabinetMemberEmail = "cabinet.community-safety@example.org"
}

/// MK with lead officers for Assurance, CSP, HWB and the Management Board, and emails for the
/// chairs of Assurance (the independent scrutineer) and of the CSP.
func miltonWithContacts() throws -> Partnership {
  var p = try milton()
  p.people += [Contacts.assuranceLead, Contacts.cspLead, Contacts.hwbLead, Contacts.mktmbLead]
  for i in p.people.indices {
    switch p.people[i].id {
    case "independent-scrutineer": p.people[i].email = Contacts.scrutineerEmail
    case "cabinet-member-community-safety": p.people[i].email = Contacts.cabinetMemberEmail
    default: break
    }
  }
  let leads = [
    "assurance": "assurance-lead", "csp": "csp-lead", "hwb": "hwb-lead",
    "management-board": "mktmb-lead",
  ]
  for i in p.boards.indices {
    if let lead = leads[p.boards[i].id] { p.boards[i].leadOfficer = lead }
  }
  return p
}

/// A day written out in a test.
func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

/// The schedule and alerts of a partnership as of a day: the pipeline `boardcal alerts` uses.
func alerts(_ p: Partnership, asOf: CivilDate, records: Records = .none) -> (Schedule, [Alert]) {
  let worked = PartnershipState(p, asOf: asOf, records: records).alerts(asOf: asOf)
  return (worked.schedule, worked.alerts)
}

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL { try scratchFolder(name) }
