import Foundation
import Testing

/// Bad input as a clumsy or hostile user gives it: every class ends with exit status 1, a message
/// that names where and why, no crash, and nothing written.
@Suite("bad input: located errors, exit 1, nothing written")
struct BadInputTests {
  /// One class of bad input: the command line (with `$DB` and `$OUT` standing for a scratch
  /// database and output folder, and `$FILE` for a scratch file of the given name and bytes) and
  /// a fragment the message must hold (where `$FILE` stands for the file's path too).
  struct BadInput: CustomTestStringConvertible, Sendable {
    let name: String
    let arguments: [String]
    let says: String
    var file: (name: String, bytes: [UInt8])? = nil
    var testDescription: String { name }
  }

  static let medway = seedProtocol("medway")

  static let dates: [BadInput] = [
    BadInput(
      name: "--days past the longest look-ahead",
      arguments: ["upcoming", medway, "--board", "hwb", "--days", "9223372036854775807"],
      says: "--days must be 1 to 36600"),
    BadInput(
      name: "--days of nought",
      arguments: ["upcoming", medway, "--board", "hwb", "--days", "0"],
      says: "--days must be 1 to"),
    BadInput(
      name: "--as-of in a year boardcal does not work with",
      arguments: ["upcoming", medway, "--board", "hwb", "--as-of", "9999-12-31"],
      says: "9999-12-31 is outside the years boardcal works with (1900 to 2199)"),
    BadInput(
      name: "--as-of in year 0",
      arguments: ["alerts", medway, "--as-of", "0000-01-01"],
      says: "0000-01-01 is outside the years"),
    BadInput(
      name: "--as-of that makes the span longer than a century",
      arguments: ["upcoming", medway, "--board", "hwb", "--as-of", "2150-01-01"],
      says: "is longer than 100 years"),
    BadInput(
      name: "--from and --to a century and more apart",
      arguments: ["schedule", medway, "--from", "1901-01-01", "--to", "2199-01-01"],
      says: "1901-01-01 to 2199-01-01 is longer than 100 years"),
    BadInput(
      name: "a day that does not exist",
      arguments: ["schedule", medway, "--to", "2021-02-30"],
      says: "'2021-02-30' is not a date that exists"),
    BadInput(
      name: "--to before --from",
      arguments: ["schedule", medway, "--from", "2022-01-01", "--to", "2021-01-01"],
      says: "--to (2021-01-01) is before --from (2022-01-01)"),
    BadInput(
      name: "emit as of a year out of bounds",
      arguments: ["emit", medway, "--out", "$OUT", "--as-of", "2300-01-01"],
      says: "2300-01-01 is outside the years"),
    BadInput(
      name: "notify as of a century ahead",
      arguments: ["notify", medway, "--as-of", "2199-01-01", "--dry-run", "--out", "$OUT"],
      says: "is longer than 100 years"),
    BadInput(
      name: "a record moved to 9999",
      arguments: [
        "record", "moved", medway, "--meeting", "medway-hwb-2021-10", "--date", "9999-12-31",
        "--db", "$DB",
      ],
      says: "9999-12-31 is outside the days a record of medway may speak of"),
    BadInput(
      name: "a meeting moved to a time the clocks skip",
      arguments: [
        "record", "moved", mkProtocolPath, "--meeting", "milton-keynes-hwb-2022-06", "--date",
        "2022-03-27", "--time", "01:30", "--db", "$DB",
      ],
      says: "01:30 does not exist on 2022-03-27 in Europe/London"),
    BadInput(
      name: "a usage error: an option that does not exist",
      arguments: ["schedule", medway, "--frmo", "2021-01-01"],
      says: "Unknown option '--frmo'"),
  ]

  /// A council's export with one event whose DTSTART line (line 7) is `start`.
  static func export(start: String, summary: String = "MK Together Management Board") -> (
    name: String, bytes: [UInt8]
  ) {
    let lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Council//Committee calendar//EN",
      "BEGIN:VEVENT", "UID:e1", "DTSTAMP:20210101T000000Z", start, "SUMMARY:\(summary)",
      "END:VEVENT", "END:VCALENDAR",
    ]
    return ("export.ics", Array(lines.map { $0 + "\r\n" }.joined().utf8))
  }

  /// `import --record` of the export `file`, which must record nothing.
  static func importing(_ name: String, _ file: (name: String, bytes: [UInt8]), says: String)
    -> BadInput
  {
    BadInput(
      name: name,
      arguments: [
        "import", mk, "--ics", "$FILE", "--board", "management-board", "--record", "--db", "$DB",
      ],
      says: says, file: file)
  }

  static let mk = seedProtocol("milton-keynes")

  static let imports: [BadInput] = [
    importing(
      "a zoned date-time that does not exist",
      export(start: "DTSTART;TZID=Europe/London:20210230T140000"),
      says:
        "$FILE:7:28: event 'e1': DTSTART '20210230T140000' is not a date and time that exists: February 2021 has 28 days."
    ),
    importing(
      "a floating date-time that does not exist", export(start: "DTSTART:20210230T140000"),
      says: "$FILE:7:9: event 'e1': DTSTART '20210230T140000' is not a date and time that exists"),
    // libical alone would roll this over to 2 March and propose a meeting on the wrong day.
    importing(
      "a UTC date-time that does not exist", export(start: "DTSTART:20210230T140000Z"),
      says: "$FILE:7:9: event 'e1': DTSTART '20210230T140000Z' is not a date and time that exists"),
    importing(
      "an all-day date that does not exist", export(start: "DTSTART;VALUE=DATE:20210230"),
      says: "$FILE:7:20: event 'e1': DTSTART '20210230' is not a date that exists"),
    importing(
      "month 13", export(start: "DTSTART:20211301T140000Z"),
      says:
        "$FILE:7:9: event 'e1': DTSTART '20211301T140000Z' is not a date and time that exists: there is no month 13."
    ),
    importing(
      "hour 25", export(start: "DTSTART:20210406T250000Z"),
      says:
        "$FILE:7:9: event 'e1': DTSTART '20210406T250000Z' is not a time that exists: there is no hour 25."
    ),
    importing(
      "minute 60", export(start: "DTSTART:20210406T146000"),
      says:
        "$FILE:7:9: event 'e1': DTSTART '20210406T146000' is not a time that exists: there is no minute 60."
    ),
    importing(
      "a year boardcal does not work with", export(start: "DTSTART:99990406T130000Z"),
      says:
        "$FILE:7:9: event 'e1': DTSTART '99990406T130000Z' is refused: 9999-04-06 is outside the years boardcal works with (1900 to 2199)."
    ),
    importing(
      "a TZID neither the file nor libical defines",
      export(start: "DTSTART;TZID=Borsetshire Time:20210406T140000"),
      says: "$FILE:7:14: event 'e1': DTSTART has TZID 'Borsetshire Time', which no VTIMEZONE"),
    importing(
      "30,000 nested components",
      (
        "deep.ics",
        Array(
          ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            + String(repeating: "BEGIN:VEVENT\r\n", count: 30_000)
            + String(repeating: "END:VEVENT\r\n", count: 30_000) + "END:VCALENDAR\r\n").utf8)
      ),
      says:
        "$FILE:12: BEGIN:VEVENT is nested 11 components deep; boardcal reads components nested at most 10 deep."
    ),
    importing(
      "an export in Latin-1",
      (
        "latin1.ics",
        export(start: "DTSTART:20210406T130000Z", summary: "Caf_ board").bytes.map {
          $0 == UInt8(ascii: "_") ? 0xE9 : $0
        }
      ),
      says: "$FILE:8:12: the file is not UTF-8 text: the byte 0xE9 here is not UTF-8"),
    importing(
      "a recurring event of more than 5000 occurrences",
      export(start: "DTSTART:20210406T130000Z\r\nRRULE:FREQ=HOURLY"),
      says: "$FILE:8:7: event 'e1' repeats more than 5000 times"),
    importing(
      "events more than a century apart",
      export(
        start:
          "DTSTART:19010406T130000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:e2\r\nDTSTART:21990406T130000Z"
      ),
      says:
        "$FILE: the events run from 1901-04-06 to 2199-04-06, longer than 100 years, the most one command derives"
    ),
    BadInput(
      name: "a records file in Latin-1",
      arguments: ["record", mk, "--from", "$FILE", "--db", "$DB"],
      says: "$FILE:2:32: the file is not UTF-8 text: the byte 0xE9 here is not UTF-8",
      file: (
        "records.csv",
        Array("kind,meeting,date,reason\nheld,milton-keynes-hwb-2021-06,".utf8) + [0xE9]
          + Array("\n".utf8)
      )),
  ]

  /// A records file (`record MK --from $FILE`) with one class of problem.
  static func recording(_ name: String, _ file: String, _ text: String, says: String) -> BadInput {
    BadInput(
      name: name, arguments: ["record", mkProtocolPath, "--from", "$FILE", "--db", "$DB"],
      says: says, file: (file, Array(text.utf8)))
  }

  static let hwbJune = "milton-keynes-hwb-2021-06"

  static let records: [BadInput] = [
    recording(
      "CSV: a quoted cell never closed", "r.csv",
      "kind,meeting\nheld,\(hwbJune)\nheld,\"unterminated\n",
      says: "$FILE:3:6: a quoted cell opened here is never closed."),
    recording(
      "CSV: text after a closing quote", "r.csv", "kind,meeting\nheld,\"a\"b\n",
      says: "$FILE:2:9: text after a closing quote"),
    recording(
      "CSV: an unknown column", "r.csv", "kind,meeting,bogus\nheld,\(hwbJune),x\n",
      says: "$FILE:1:14: header, column 3: unknown column 'bogus'."),
    recording(
      "CSV: a column given twice", "r.csv", "kind,meeting,meeting\nheld,\(hwbJune),x\n",
      says: "$FILE:1:14: header, column 3: the column 'meeting' is given twice."),
    recording(
      "CSV: no kind column", "r.csv", "meeting\n\(hwbJune)\n",
      says: "$FILE:1: header: a 'kind' column is required."),
    recording(
      "CSV: more cells than columns", "r.csv", "kind,meeting\nheld,\(hwbJune),extra\n",
      says: "$FILE:2:32: row 1: 3 cells, but the header has 2 columns"),
    recording(
      "CSV: a date that does not exist", "r.csv",
      "kind,meeting,date\nheld,\(hwbJune), 2021-13-01\n",
      says: "$FILE:2:33: row 1 (held), date: '2021-13-01' is not a date that exists"),
    recording(
      "CSV: an empty file", "r.csv", "",
      says: "$FILE:1: the file is empty; it needs a header row"),
    recording(
      "a kind of record that does not exist", "r.csv", "kind,meeting\nheldd,\(hwbJune)\n",
      says: "'heldd' is not a kind of record"),
    recording(
      "a meeting the protocol does not derive", "r.csv",
      "kind,meeting\nheld,milton-keynes-hwb-2021-07\n",
      says: "row 1 (held), meeting: no meeting 'milton-keynes-hwb-2021-07' in the schedule"),
    recording(
      "an obligation the protocol does not derive", "r.csv",
      "kind,obligation,date\nfulfilled,nothing/hwb/2021-22,2021-06-01\n",
      says: "row 1 (fulfilled), obligation: no obligation 'nothing/hwb/2021-22'"),
    recording(
      "a meeting added to a board that does not exist", "r.csv",
      "kind,board,date\nadded,hwbb,2021-06-15\n",
      says: "row 1 (added), board: no board 'hwbb' in milton-keynes. Did you mean 'hwb'?"),
    recording(
      "a move without its new day", "r.csv", "kind,meeting\nmoved,\(hwbJune)\n",
      says: "row 1 (moved): a moved record needs a date (YYYY-MM-DD)."),
    recording(
      "a time that is not a time", "r.csv",
      "kind,meeting,date,time\nmoved,\(hwbJune),2021-06-08,25:00\n",
      says: "row 1 (moved), time: '25:00' is not a time"),
    recording(
      "a field that does not apply to the kind", "r.csv",
      "kind,meeting,title\nheld,\(hwbJune),Extra\n",
      says: "row 1 (held), title: 'title' does not apply to a held record"),
    recording(
      "a meeting held and cancelled in one file", "r.csv",
      "kind,meeting\nheld,\(hwbJune)\ncancelled,\(hwbJune)\n",
      says:
        "$FILE:3:11: row 2 (cancelled), meeting: '\(hwbJune)' is already recorded as held by $FILE:2"
    ),
    recording(
      "a record dated outside the protocol's days", "r.csv",
      "kind,board,date\nadded,hwb,2199-06-15\n",
      says:
        "row 1 (added), date: 2199-06-15 is outside the days a record of milton-keynes may speak of"
    ),
    recording(
      "YAML: a NUL in a value", "r.yaml",
      "- kind: held\n  meeting: \(hwbJune)\n  note: \"a\u{0}b\"\n",
      says: "$FILE:3:11: YAML cannot read this: control characters are not allowed (U+0000)"),
    recording(
      "YAML: a quote never closed", "r.yaml", "- kind: held\n  meeting: \"\(hwbJune)\n",
      says: "$FILE:2:12: YAML syntax error"),
    recording(
      "YAML: an empty file", "r.yaml", "", says: "$FILE:1:1: the file is empty."),
    recording(
      "YAML: a key given twice", "r.yaml",
      "- kind: held\n  meeting: \(hwbJune)\n  kind: cancelled\n",
      says: "is given twice in the same mapping"),
    recording(
      "YAML: records for another partnership", "r.yaml",
      "partnership: medway\nrecords:\n  - kind: held\n    meeting: \(hwbJune)\n",
      says: "$FILE:1:14"),
    recording(
      "YAML: an unknown field", "r.yaml",
      "- kind: held\n  meeting: \(hwbJune)\n  dat: 2021-06-01\n",
      says: "unknown field 'dat'. Did you mean 'date'?"),
    recording(
      "a records file of another format", "r.txt", "held \(hwbJune)\n",
      says: "r.txt"),
    BadInput(
      name: "a records file that does not exist",
      arguments: ["record", mkProtocolPath, "--from", "/nonexistent/records.yaml", "--db", "$DB"],
      says: "/nonexistent/records.yaml"),
    BadInput(
      name: "a record kind mistyped on the command line",
      arguments: ["record", "heldx", mkProtocolPath, "--meeting", hwbJune, "--db", "$DB"],
      says: "'heldx' is not a kind of record; use one of held, moved"),
    BadInput(
      name: "a whole-file record without --from",
      arguments: ["record", mkProtocolPath, "--db", "$DB"],
      says: "--from RECORDS is needed to record a whole file"),
  ]

  @Test(
    "a records file with a problem is refused at its place and records nothing", arguments: records)
  func badRecords(_ input: BadInput) async throws {
    try await refuses(input)
  }

  /// A copy of MK's protocol with one edit (`old` must occur in it), checked by `validate`.
  static func protocolEdit(_ name: String, _ old: String, _ new: String, says: String) -> BadInput {
    let text =
      (try? String(contentsOf: URL(fileURLWithPath: mkProtocolPath), encoding: .utf8)) ?? ""
    return BadInput(
      name: name, arguments: ["validate", "$FILE"], says: says,
      file: ("p.yaml", Array(text.replacingOccurrences(of: old, with: new).utf8)))
  }

  static let protocols: [BadInput] = [
    BadInput(
      name: "serve --notify-at at a time that does not exist",
      arguments: ["serve", "--notify-at", "25:00", "--db", "$DB", "--port", "0"],
      says: "--notify-at '25:00' is not a time of day (HH:MM, 24-hour)"),
    BadInput(
      name: "serve with a contacts file naming someone the protocol does not",
      arguments: ["serve", "--contacts", "$FILE", "--db", "$DB", "--port", "0"],
      says: "$FILE:2:3: medway.nobody-here: medway names no person or role 'nobody-here'",
      file: ("contacts.yaml", Array("medway:\n  nobody-here:\n    email: a@b.example\n".utf8))
    ),
    protocolEdit(
      "an unknown time zone", "time_zone: Europe/London", "time_zone: Europe/Londn",
      says: "$FILE:17:14"),
    protocolEdit(
      "a start that does not exist", "horizon: {from: 2021-04-01}", "horizon: {from: 2021-02-30}",
      says: "$FILE:27:19: partnership.horizon.from: '2021-02-30' is not a date that exists"),
    protocolEdit(
      "a start in a year boardcal does not work with", "horizon: {from: 2021-04-01}",
      "horizon: {from: 2300-04-01}",
      says: "2300-04-01 is outside the years boardcal works with (1900 to 2199)"),
    protocolEdit(
      "an unknown key", "  financial_year_start: April", "  financial_year_strat: April",
      says:
        "$FILE:18:3: partnership.financial_year_strat: unknown key 'financial_year_strat'. Did you mean 'financial_year_start'?"
    ),
    protocolEdit(
      "a month that is not a month", "  financial_year_start: April",
      "  financial_year_start: Aprill",
      says: "$FILE:18:25"),
    protocolEdit(
      "a time that is not a time", "meeting_time: \"14:00\"", "meeting_time: \"14:70\"",
      says: "$FILE:21:19"),
    protocolEdit(
      "an agenda item naming a year the scheduler does not know", "for {next-cycle}",
      "for {the-year-after}", says: "'{the-year-after}' in an agenda item is not a year"),
    protocolEdit(
      "a NUL in the protocol", "  area: Milton Keynes", "  area: Milton\u{0}Keynes",
      says: "$FILE:16:15: YAML cannot read this: control characters are not allowed (U+0000)"),
    protocolEdit(
      "a bracket never closed", "  name: MK Together", "  name: [MK Together",
      says: "$FILE:15:9: YAML syntax error"),
    protocolEdit(
      "a tab where YAML wants spaces", "  area: Milton Keynes", "\tarea: Milton Keynes",
      says: "$FILE:16:1: YAML syntax error"),
    BadInput(
      name: "a protocol in Latin-1", arguments: ["validate", "$FILE"],
      says: "$FILE:1:10: the file is not UTF-8 text: the byte 0xE9 here is not UTF-8",
      file: ("p.yaml", Array("# Protocol".utf8).prefix(9) + [0xE9] + Array("\n".utf8))),
    BadInput(
      name: "an empty protocol", arguments: ["validate", "$FILE"],
      says: "$FILE:1:1: the file is empty.",
      file: ("p.yaml", [])),
    BadInput(
      name: "a protocol that does not exist", arguments: ["schedule", "/nonexistent/p.yaml"],
      says: "/nonexistent/p.yaml:1:1: cannot read the file"),
    BadInput(
      name: "a board the protocol does not have",
      arguments: ["upcoming", mkProtocolPath, "--board", "hbw"],
      says: "no board 'hbw' in milton-keynes. Did you mean 'hwb'?"),
    BadInput(
      name: "an audience that is not one",
      arguments: ["schedule", mkProtocolPath, "--audience", "publik"],
      says:
        "--audience 'publik' is not officer, public, person:ID or board:ID. Did you mean 'public'?"),
    BadInput(
      name: "a notify sender that is not an address",
      arguments: [
        "notify", mkProtocolPath, "--from", "not an address", "--dry-run", "--out", "$OUT",
      ],
      says: "--from 'not an address' is not an address"),
    BadInput(
      name: "a webhook that is not a URL",
      arguments: ["notify", mkProtocolPath, "--webhook", "ftp://x", "--dry-run", "--out", "$OUT"],
      says: "--webhook 'ftp://x' is not an http or https URL"),
    BadInput(
      name: "a send timeout out of range",
      arguments: ["notify", mkProtocolPath, "--send-timeout", "0", "--dry-run", "--out", "$OUT"],
      says: "--send-timeout must be 1 to 3600 seconds"),
    BadInput(
      name: "an emit stamp that is not a time",
      arguments: ["emit", mkProtocolPath, "--out", "$OUT", "--generated-at", "yesterday"],
      says: "--generated-at 'yesterday' is not YYYY-MM-DD"),
    BadInput(
      name: "emit into a file, not a folder",
      arguments: ["emit", mkProtocolPath, "--out", mkProtocolPath],
      says: "it is a file, not a folder; give --out a folder to write into. Nothing was written."),
  ]

  @Test("a protocol or an option with a problem is refused at its place", arguments: protocols)
  func badProtocols(_ input: BadInput) async throws {
    try await refuses(input)
  }

  /// Records files that name what is not there, as many times and at such length as 64 KB
  /// allows (found by Fuzz/ FuzzRecords): each name is refused where it is, and the "Did you
  /// mean" offered for it costs little however long or numerous the names.
  static let unknownNames: [BadInput] = [
    BadInput(
      name: "a meeting id 65,000 characters long",
      arguments: ["record", mk, "--from", "$FILE", "--db", "$DB"],
      says: "$FILE:2:6: row 1 (held), meeting: no meeting 'xxxxxxxxxx",
      file: (
        "records.csv",
        Array(("kind,meeting\nheld," + String(repeating: "x", count: 65_000) + "\n").utf8)
      )),
    BadInput(
      name: "2,000 rows of mistyped meeting ids (64 KB)",
      arguments: ["record", mk, "--from", "$FILE", "--db", "$DB"],
      says:
        "$FILE:2001:6: row 2000 (held), meeting: no meeting 'milton-keynes-hwb-2021-1999' in the schedule of milton-keynes",
      file: (
        "records.csv",
        Array(
          ("kind,meeting\n" + (0..<2000).map { "held,milton-keynes-hwb-2021-\($0)\n" }.joined())
            .utf8)
      )),
    BadInput(
      name: "750 rows of mistyped obligation ids (64 KB)",
      arguments: ["record", mk, "--from", "$FILE", "--db", "$DB"],
      says:
        "$FILE:751:8: row 750 (papers), obligation: no obligation 'risk-highlight-to-management-board/management-board/2021-22/749'",
      file: (
        "records.csv",
        Array(
          ("kind,obligation,date\n"
            + (0..<750).map {
              "papers,risk-highlight-to-management-board/management-board/2021-22/\($0),2021-06-01\n"
            }.joined()).utf8)
      )),
  ]

  @Test(
    "a records file of unknown names, long or many, is refused quickly", arguments: unknownNames)
  func unknownNamesQuickly(_ input: BadInput) async throws {
    try await refuses(input)
  }

  @Test(
    "an export that cannot be read faithfully is refused at its place and records nothing",
    arguments: imports)
  func unfaithfulImports(_ input: BadInput) async throws {
    try await refuses(input)
  }

  @Test("dates and counts out of bounds are refused quickly", arguments: dates)
  func outOfBounds(_ input: BadInput) async throws {
    try await refuses(input)
  }

  @Test("an emit that fails part-way leaves the whole old folder as it was, and no staging")
  func emitAllOrNothing() async throws {
    let folder = try scratchFolder("emit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("Calendars")
    let first = await boardcal([
      "emit", mkProtocolPath, "--out", out.path, "--as-of", "2026-11-30", "--quiet",
    ])
    #expect(first.status == 0, "\(first.stderr)")
    // An old MK feed edited by hand, and a file where Medway's boards folder must go.
    let hwb = out.appendingPathComponent("milton-keynes/boards/hwb.ics")
    try Data("edited by hand".utf8).write(to: hwb)
    try FileManager.default.createDirectory(
      at: out.appendingPathComponent("medway"), withIntermediateDirectories: true)
    try Data("in the way".utf8).write(to: out.appendingPathComponent("medway/boards"))

    let run = await boardcal([
      "emit", mkProtocolPath, Self.medway, "--out", out.path, "--as-of", "2026-11-30",
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("medway/boards"), "\(run.stderr)")
    #expect(run.stderr.contains("Nothing was written."), "\(run.stderr)")
    // MK was rendered before Medway failed, yet its old feed is untouched.
    #expect(try String(contentsOf: hwb, encoding: .utf8) == "edited by hand")
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(left == ["Calendars"], "staging left behind: \(left)")
  }

  @Test("validate of several files, read side by side, reports each in the order given")
  func validateSeveralInOrder() async throws {
    let folder = try scratchFolder("validate")
    defer { try? FileManager.default.removeItem(at: folder) }
    // Two files with a problem each, between and after good ones.
    let medway = try String(contentsOfFile: Self.medway, encoding: .utf8)
    let first = folder.appendingPathComponent("first.yaml").path
    let second = folder.appendingPathComponent("second.yaml").path
    try Data(medway.replacingOccurrences(of: "\n  name: ", with: "\n  nmae: ").utf8)
      .write(to: URL(fileURLWithPath: first))
    try Data("partnership: [\n".utf8).write(to: URL(fileURLWithPath: second))
    let files = [Self.mk, first, Self.medway, second, Self.mk]
    let run = await boardcal(["validate"] + files)
    #expect(run.status == 1)
    let oks = run.stdout.split(separator: "\n").filter { !$0.hasPrefix("  ") }
      .map { String($0.prefix { $0 != ":" }) }
    #expect(oks == [Self.mk, Self.medway, Self.mk])
    let complaints = run.stderr.split(separator: "\n")
    #expect(complaints.count == 4, "\(run.stderr)")
    #expect(complaints.first?.hasPrefix(first + ":") == true, "\(run.stderr)")
    #expect(complaints.dropFirst().first?.hasPrefix(first + ":") == true, "\(run.stderr)")
    #expect(complaints.dropFirst(2).first?.hasPrefix(second + ":") == true, "\(run.stderr)")
    #expect(complaints.last == "3 problems found.")
  }

  @Test(
    "emit swaps the new set in whole: other files kept, stale feeds gone, unchanged files keep their time"
  )
  func emitSwap() async throws {
    let folder = try scratchFolder("emit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("Calendars")
    let emit = ["emit", Self.medway, "--out", out.path, "--as-of", "2026-11-30", "--quiet"]
    #expect(await boardcal(emit).status == 0)
    let fm = FileManager.default
    try Data("2026-11-30\n".utf8).write(to: out.appendingPathComponent("AS-OF"))
    let stale = out.appendingPathComponent("medway/boards/old-board.ics")
    try Data("BEGIN:VCALENDAR".utf8).write(to: stale)
    let hwb = out.appendingPathComponent("medway/boards/hwb.ics")
    let longAgo = Date(timeIntervalSince1970: 1_600_000_000)
    try fm.setAttributes([.modificationDate: longAgo], ofItemAtPath: hwb.path)

    let run = await boardcal(["emit", Self.medway, "--out", out.path, "--as-of", "2026-11-30"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1 stale removed"))
    #expect(!fm.fileExists(atPath: stale.path))
    #expect(
      try String(contentsOf: out.appendingPathComponent("AS-OF"), encoding: .utf8) == "2026-11-30\n"
    )
    let time = try fm.attributesOfItem(atPath: hwb.path)[.modificationDate] as? Date
    #expect(time == longAgo, "an unchanged feed was rewritten")
    #expect(try fm.contentsOfDirectory(atPath: folder.path) == ["Calendars"])
  }

  @Test("emit keeps the folder's permissions and clears what killed runs left beside it")
  func emitKeepsModeAndClearsAbandoned() async throws {
    let folder = try scratchFolder("emit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("Calendars")
    let emit = ["emit", Self.medway, "--out", out.path, "--as-of", "2026-11-30", "--quiet"]
    #expect(await boardcal(emit).status == 0)
    let fm = FileManager.default
    // A folder of private feeds closed to others, and a staging folder a killed run left
    // (its process long gone; pid_max is at most 4,194,304).
    try fm.setAttributes([.posixPermissions: 0o750], ofItemAtPath: out.path)
    let abandoned = folder.appendingPathComponent(".Calendars.staging-4194999")
    try fm.createDirectory(at: abandoned, withIntermediateDirectories: false)
    try Data("half".utf8).write(to: abandoned.appendingPathComponent("feed.ics"))
    try Data("x".utf8).write(to: out.appendingPathComponent("medway/public.ics"))

    let run = await boardcal(emit)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      try fm.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int == 0o750,
      "the folder's permissions were not kept")
    #expect(try fm.contentsOfDirectory(atPath: folder.path) == ["Calendars"])
  }

  @Test("another program's database given to --db is refused by every command, untouched")
  func foreignDatabase() async throws {
    let folder = try scratchFolder("foreign")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("accounts.sqlite")
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = [
      "python3", "-c",
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE invoice (n)'); c.commit()",
      db.path,
    ]
    try python.run()
    python.waitUntilExit()
    let before = try Data(contentsOf: db)
    for arguments in [
      ["record", "held", mkProtocolPath, "--meeting", "milton-keynes-hwb-2021-06"],
      ["record", mkProtocolPath, "--from", mkActualsPath],
      ["schedule", mkProtocolPath],
      ["alerts", mkProtocolPath],
      ["notify", mkProtocolPath, "--dry-run", "--out", folder.appendingPathComponent("out").path],
    ] {
      let run = await boardcal(arguments + ["--db", db.path])
      #expect(run.status == 1, "\(arguments[0]): \(run.stdout)")
      #expect(
        run.stderr.contains("is another program's SQLite database"),
        "\(arguments[0]): \(run.stderr)")
    }
    #expect(try Data(contentsOf: db) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["accounts.sqlite"])
  }

  /// Runs a bad input against scratch files and checks the status, the message, and that the
  /// database and the output folder were not created.
  func refuses(_ input: BadInput) async throws {
    let folder = try scratchFolder("bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let out = folder.appendingPathComponent("out").path
    let file = folder.appendingPathComponent(input.file?.name ?? "input").path
    if let given = input.file {
      #expect(FileManager.default.createFile(atPath: file, contents: Data(given.bytes)))
    }
    let arguments = input.arguments.map {
      $0 == "$DB" ? db : $0 == "$OUT" ? out : $0 == "$FILE" ? file : $0
    }
    let says = input.says.replacingOccurrences(of: "$FILE", with: file)
    let started = Date()
    let run = await boardcal(arguments)
    #expect(run.status == 1, "\(input.name): status \(run.status)\n\(run.stdout)")
    #expect(run.stderr.contains(says), "\(input.name): said \(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out), "\(input.name) wrote \(out)")
    #expect(!FileManager.default.fileExists(atPath: db), "\(input.name) created \(db)")
    #expect(Date().timeIntervalSince(started) < 10, "\(input.name) took too long")
  }
}
