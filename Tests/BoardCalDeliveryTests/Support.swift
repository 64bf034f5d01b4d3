import BoardCalCore
import BoardCalProtocols
import Foundation

/// The package root, three levels above this file (Tests/BoardCalDeliveryTests/…).
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built command-line tool, beside the test bundle (or in .build/debug).
let boardcalBinary: URL = {
  let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("boardcal")
  return FileManager.default.isExecutableFile(atPath: beside.path)
    ? beside : packageRoot.appendingPathComponent(".build/debug/boardcal")
}()

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

/// The schedule and alerts of a partnership as of a day, as `boardcal alerts` derives them.
func alerts(_ p: Partnership, asOf: CivilDate, records: Records = .none) -> (Schedule, [Alert]) {
  let cycle = p.cycle(containing: asOf)
  let span = DateSpan(
    start: max(p.horizon.start, p.cycleSpan(cycle - 1).start), end: p.cycleSpan(cycle).end)
  let schedule = Schedule.derive(p, span: span, records: records)
  return (schedule, AlertPlanner.alerts(p, schedule: schedule, records: records, asOf: asOf))
}

/// What a program printed and how it ended.
struct ProgramResult {
  let status: Int32
  let output: String
}

/// Runs a program with arguments, its output (stdout and stderr together) captured in a file.
func runProgram(
  _ path: String, _ arguments: [String], environment: [String: String]? = nil,
  in directory: URL = packageRoot
) throws -> ProgramResult {
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-delivery-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("output.txt")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.currentDirectoryURL = directory
  if let environment { process.environment = environment }
  process.standardOutput = out
  process.standardError = out
  try process.run()
  process.waitUntilExit()
  try out.close()
  return ProgramResult(
    status: process.terminationStatus,
    output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "")
}

/// The first `python3` on the PATH.
let python3: String = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for folder in path.split(separator: ":") {
    let candidate = "\(folder)/python3"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return "/usr/bin/python3"
}()

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "boardcal-\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
