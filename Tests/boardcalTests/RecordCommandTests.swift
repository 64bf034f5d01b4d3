import BoardCalCore
import BoardCalProtocols
import BoardCalStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `boardcal record …` as an officer runs it, against a database in a scratch folder.
@Suite("boardcal record")
struct RecordCommandTests {
  @Test(
    "the MK Together 2021-22 actuals: the meetings the annual report says were held, and no more")
  func mkActuals() async throws {
    let folder = try scratchFolder("mk")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path

    let run = await boardcal([
      "record", mkProtocolPath, "--from", mkActualsPath, "--db", db, "--recorded-by", "test",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let acks = run.stdout.split(separator: "\n").filter { $0.hasPrefix("recorded: ") }
    // Appendix A: four Management Board meetings (April, July and November 2021, February 2022);
    // the Assurance Board "held regular monthly meetings": twelve.
    #expect(acks.count == 16)
    for month in ["2021-04", "2021-07", "2021-11", "2022-02"] {
      #expect(
        acks.contains { $0.hasPrefix("recorded: held milton-keynes-management-board-\(month)") })
    }

    let p = try ProtocolLoader.load(path: mkProtocolPath)
    let store = try RecordStore(path: db)
    let stored = try store.list(partnership: p.id)
    #expect(stored.count == 16)
    #expect(stored.allSatisfy { !($0.entry.source ?? "").isEmpty }, "every row cites its source")
    #expect(stored.allSatisfy { $0.recordedBy == "test" })
    let held = stored.compactMap { r -> String? in
      if case .meeting(let m) = r.entry.fact, case .held = m.event { return m.meetingID }
      return nil
    }
    #expect(held.count == 16)
    #expect(
      held.filter { $0.contains("-assurance-") }.count == 12, "the Assurance Board met monthly")

    // The report places no item at a meeting: nothing is fulfilled, and the year's end finds the
    // items it does not evidence missed.
    let records = try store.records(partnership: p.id)
    #expect(records.fulfilled.isEmpty)
    let schedule = Schedule.derive(p, span: p.referenceSpan, records: records)
    func status(_ id: String) throws -> ObligationStatus {
      let o = try #require(schedule.obligations.first { $0.id == id }, "\(id)")
      return schedule.status(
        of: o, asOf: CivilDate(iso: "2022-04-01")!, fulfilled: records.fulfilled,
        calendar: p.holidayCalendar, warningWorkingDays: p.defaults.warningWorkingDays,
        trackingFrom: p.tracking)
    }
    #expect(try status("annual-survey-to-csp/csp/2021-22") == .missed)
    #expect(try status("partnership-annual-report-to-hwb-csp/hwb/2021-22") == .missed)

    // Importing the file again writes nothing new.
    let again = await boardcal(["record", mkProtocolPath, "--from", mkActualsPath, "--db", db])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(
      again.stdout.split(separator: "\n").filter { $0.hasPrefix("already recorded: ") }.count == 16)
    #expect(try store.list(partnership: p.id).count == 16)

    // The listing shows them.
    let list = await boardcal(["record", "list", mkProtocolPath, "--db", db, "--json"])
    #expect(list.status == 0, "\(list.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
    #expect(json?["partnership"] as? String == "milton-keynes")
    #expect((json?["records"] as? [[String: Any]])?.count == 16)
    let table = await boardcal(["record", "list", mkProtocolPath, "--db", db])
    #expect(table.stdout.contains("16 records for milton-keynes"))
  }

  @Test("each kind from the command line, with --date taken from the meeting when left out")
  func singleRecords() async throws {
    let folder = try scratchFolder("single")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let obligation = "partnership-annual-report-to-hwb-csp/csp/2021-22"
    let runs: [([String], String)] = [
      (
        ["held", "--meeting", "milton-keynes-hwb-2021-06", "--date", "2021-06-08"],
        "recorded: held milton-keynes-hwb-2021-06 on 2021-06-08 (record 1)"
      ),
      (
        [
          "moved", "--meeting", "milton-keynes-csp-2021-07", "--date", "2021-07-13", "--time",
          "18:00", "--reason", "Council",
        ],
        "recorded: moved milton-keynes-csp-2021-07 to 2021-07-13 18:00 (record 2)"
      ),
      (
        ["cancelled", "--meeting", "milton-keynes-risk-2021-08", "--reason", "Summer"],
        "recorded: cancelled milton-keynes-risk-2021-08 (record 3)"
      ),
      (
        ["added", "--board", "risk", "--date", "2021-09-14", "--title", "Extraordinary"],
        "recorded: added a meeting of risk on 2021-09-14 (record 4)"
      ),
      (
        ["papers", "--obligation", obligation, "--date", "2021-06-28", "--by", "Business manager"],
        "recorded: papers \(obligation) on 2021-06-28 by Business manager (record 5)"
      ),
      (
        [
          "fulfilled", "--obligation", obligation, "--meeting", "milton-keynes-csp-2021-07", "--by",
          "Chair, MKTMB", "--link", "https://example.org/csp-minutes.pdf",
        ],
        "recorded: fulfilled \(obligation) on 2021-07-13 at milton-keynes-csp-2021-07 by Chair, MKTMB (record 6)"
      ),
    ]
    for (arguments, expected) in runs {
      let run = await boardcal(
        ["record", arguments[0], mkProtocolPath] + arguments.dropFirst() + ["--db", db])
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      #expect(run.stdout == expected + "\n")
    }
    let records = try RecordStore(path: db).records(partnership: "milton-keynes")
    #expect(records.meetings.count == 3 && records.added.count == 1)
    #expect(records.fulfilments.first?.link == "https://example.org/csp-minutes.pdf")

    // The added meeting can take an obligation too.
    let added = await boardcal([
      "record", "fulfilled", mkProtocolPath, "--obligation",
      "risk-highlight-to-management-board/management-board/2021-22/2021-07", "--meeting",
      "milton-keynes-risk-2021-09-14-added", "--db", db,
    ])
    #expect(added.status == 1, "a Risk meeting cannot take what MKTMB receives")
    #expect(added.stderr.contains("is a meeting of Risk, but"))
  }

  @Test("a record naming what the protocol does not have is refused, and nothing is written")
  func unknownIdsAreRefused() async throws {
    let folder = try scratchFolder("unknown")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let cases: [([String], String)] = [
      (
        ["held", "--meeting", "milton-keynes-management-board-2021-05"],
        "). Did you mean 'milton-keynes-management-board-2021-04'?"
      ),
      (
        [
          "fulfilled", "--obligation",
          "child-death-annual-report-to-management-bord/management-board/2021-22", "--date",
          "2021-07-06",
        ],
        "Did you mean 'child-death-annual-report-to-management-board/management-board/2021-22'?"
      ),
      (["added", "--board", "asurance", "--date", "2021-07-06"], "Did you mean 'assurance'?"),
      (
        ["moved", "--meeting", "milton-keynes-assurance-2021-05", "--date", "2021-05-32"],
        "--date: '2021-05-32' is not a date that exists"
      ),
      (
        [
          "fulfilled", "--obligation",
          "child-death-annual-report-to-management-board/management-board/2021-22",
        ],
        "a fulfilled record needs a date"
      ),
    ]
    for (arguments, message) in cases {
      let run = await boardcal(
        ["record", arguments[0], mkProtocolPath] + arguments.dropFirst() + ["--db", db])
      #expect(run.status == 1, "\(arguments)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
      #expect(run.stderr.contains("nothing was recorded"))
      #expect(run.stdout.isEmpty)
    }
    #expect(
      !FileManager.default.fileExists(atPath: db), "a refused record does not even create the file")
  }

  @Test(
    "a records file with one bad row writes nothing and names the row, line and field",
    arguments: ["yaml", "csv"])
  func bulkAllOrNothing(format: String) async throws {
    let folder = try scratchFolder("bulk")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let first = await boardcal([
      "record", "held", mkProtocolPath, "--meeting", "milton-keynes-hwb-2021-06", "--db", db,
    ])
    #expect(first.status == 0, "\(first.stderr)")
    let before = try RecordStore(path: db).list(partnership: "milton-keynes")

    let file = folder.appendingPathComponent("actuals.\(format)")
    let expectedLocation: String
    if format == "yaml" {
      try """
      - kind: held
        meeting: milton-keynes-management-board-2021-04
      - kind: papers
        obligation: risk-highlight-to-management-board/management-board/2021-22/2021-07
        date: 2021-06-20
      - kind: fulfilled
        obligation: risk-highlight-to-management-board/management-board/2021-22/2021-7
        meeting: milton-keynes-management-board-2021-07
      - kind: cancelled
        meeting: milton-keynes-csp-2021-10
        reason: Not quorate
      """.write(to: file, atomically: true, encoding: .utf8)
      expectedLocation = "\(file.path):7:15: row 3 (fulfilled), obligation: no obligation"
    } else {
      try """
      kind,meeting,obligation,date,reason,note
      held,milton-keynes-management-board-2021-04,,,,"a note, with a comma"
      papers,,risk-highlight-to-management-board/management-board/2021-22/2021-07,2021-06-20,,
      fulfilled,milton-keynes-management-board-2021-07,risk-highlight-to-management-board/management-board/2021-22/2021-7,,,
      cancelled,milton-keynes-csp-2021-10,,,Not quorate,

      """.write(to: file, atomically: true, encoding: .utf8)
      expectedLocation = "\(file.path):4:50: row 3 (fulfilled), obligation: no obligation"
    }
    let run = await boardcal(["record", mkProtocolPath, "--from", file.path, "--db", db])
    #expect(run.status == 1)
    #expect(run.stderr.contains(expectedLocation), "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "Did you mean 'risk-highlight-to-management-board/management-board/2021-22/2021-07'?"))
    #expect(run.stderr.contains("1 problem in \(file.path); nothing was recorded."))
    #expect(!run.stdout.contains("recorded:"))
    #expect(try RecordStore(path: db).list(partnership: "milton-keynes") == before)

    // Put right, the same file goes in whole.
    let fixed = try String(contentsOf: file, encoding: .utf8)
      .replacingOccurrences(of: "2021-22/2021-7\n", with: "2021-22/2021-07\n")
      .replacingOccurrences(of: "2021-22/2021-7,", with: "2021-22/2021-07,")
    try fixed.write(to: file, atomically: true, encoding: .utf8)
    let good = await boardcal(["record", mkProtocolPath, "--from", file.path, "--db", db])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.split(separator: "\n").filter { $0.hasPrefix("recorded: ") }.count == 4)
    let after = try RecordStore(path: db).list(partnership: "milton-keynes")
    #expect(after.count == before.count + 4)
    if format == "csv" { #expect(after[1].entry.note == "a note, with a comma") }
  }

  @Test("records files: unknown fields and columns, wrong partnership, bad CSV quoting")
  func fileProblems() async throws {
    let folder = try scratchFolder("problems")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let cases: [(String, String, [String])] = [
      (
        "wrong.yaml",
        "partnership: medway\nrecords:\n  - kind: held\n    meeting: milton-keynes-hwb-2021-06\n",
        [":1:14: partnership: this records file is for 'medway'"]
      ),
      (
        "fields.yaml",
        "- kind: held\n  meeting: milton-keynes-hwb-2021-06\n  reason: why\n  colour: red\n- kind: fulfiled\n",
        [
          ":3:11: row 1 (held), reason: 'reason' does not apply to a held record",
          ":4:11: row 1 (held), colour: unknown field 'colour'.",
          ":5:9: row 2 (fulfiled), kind: 'fulfiled' is not a kind of record",
          "Did you mean 'fulfilled'?", "3 problems",
        ]
      ),
      (
        "columns.csv", "kind,meting\nheld,x\n",
        [":1:6: header, column 2: unknown column 'meting'. Did you mean 'meeting'?"]
      ),
      (
        "quote.csv", "kind,meeting,note\nheld,milton-keynes-hwb-2021-06,\"never closed\n",
        [":2:32: a quoted cell opened here is never closed."]
      ),
      ("syntax.yaml", "- kind: held\n  meeting: [unclosed\n", ["YAML syntax error"]),
      ("records.txt", "kind,meeting\n", ["must end in .yaml, .yml or .csv"]),
    ]
    for (name, text, messages) in cases {
      let file = folder.appendingPathComponent(name)
      try text.write(to: file, atomically: true, encoding: .utf8)
      let run = await boardcal(["record", mkProtocolPath, "--from", file.path, "--db", db])
      #expect(run.status == 1, "\(name)")
      for message in messages { #expect(run.stderr.contains(message), "\(name): \(run.stderr)") }
    }
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test("several processes recording into a fresh database at once all succeed")
  func concurrentFirstUse() throws {
    let folder = try scratchFolder("concurrent")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    let months = ["2021-04", "2021-05", "2021-06", "2021-07", "2021-08", "2021-09"]
    let processes = try months.map { month -> Process in
      let process = Process()
      process.executableURL = boardcalBinary
      process.arguments = [
        "record", "held", mkProtocolPath, "--meeting", "milton-keynes-assurance-\(month)", "--db",
        db,
      ]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      return process
    }
    for process in processes { process.waitUntilExit() }
    #expect(processes.allSatisfy { $0.terminationStatus == 0 })
    let store = try RecordStore(path: db)
    #expect(try store.list(partnership: "milton-keynes").count == months.count)
    #expect(
      try store.appliedMigrations() == [
        "v1-records", "v2-alert-log", "v3-identity", "v4-tokens-and-contacts", "v5-event-records",
      ])
  }

  @Test(
    "killed with SIGKILL while four processes record at once: every acknowledged record is there")
  func crashWhileRecording() throws {
    let folder = try scratchFolder("crash")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("records.sqlite").path
    _ = try RecordStore(path: db)
    let obligation = "risk-highlight-to-management-board/management-board/2021-22/2021-07"
    // Four loops, each running `boardcal record` again and again, appending its acknowledgements
    // to a file of its own. The shell is a session (and process group) leader: killing the
    // group kills the loops and whichever `boardcal` processes are writing at that instant.
    let script = """
      echo $$ > "$DIR/pgid"
      for w in 1 2 3 4; do
        (
          i=0
          while [ $i -lt 400 ]; do
            i=$((i+1))
            if [ $((i % 2)) -eq 0 ]; then
              "$BOARDCAL" record papers "$PROTOCOL" --obligation "$OBLIGATION" --date 2021-06-20 \\
                --by "w$w-$i" --db "$DB" >> "$DIR/ack-$w.txt" 2>> "$DIR/err-$w.txt"
            else
              "$BOARDCAL" record fulfilled "$PROTOCOL" --obligation "$OBLIGATION" \\
                --meeting milton-keynes-management-board-2021-07 --by "w$w-$i" --db "$DB" \\
                >> "$DIR/ack-$w.txt" 2>> "$DIR/err-$w.txt"
            fi
          done
        ) &
      done
      wait
      """
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    shell.arguments = ["/bin/bash", "-c", script]
    var environment = ProcessInfo.processInfo.environment
    environment["DIR"] = folder.path
    environment["DB"] = db
    environment["BOARDCAL"] = boardcalBinary.path
    environment["PROTOCOL"] = mkProtocolPath
    environment["OBLIGATION"] = obligation
    shell.environment = environment
    try shell.run()

    let pgidFile = folder.appendingPathComponent("pgid")
    var pgid: Int32 = 0
    for _ in 0..<100 where pgid == 0 {
      Thread.sleep(forTimeInterval: 0.02)
      pgid =
        (try? String(contentsOf: pgidFile, encoding: .utf8))
        .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }
    try #require(pgid > 1, "the shell did not start")
    // Kill once a dozen records are acknowledged (about a second), with writers in full flight.
    func acknowledgements() -> Int {
      (1...4).map { w in
        ((try? String(
          contentsOf: folder.appendingPathComponent("ack-\(w).txt"), encoding: .utf8)) ?? "")
          .filter { $0 == "\n" }.count
      }.reduce(0, +)
    }
    let deadline = Date().addingTimeInterval(15)
    while acknowledgements() < 12 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    Thread.sleep(forTimeInterval: 0.2)
    #expect(kill(-pgid, SIGKILL) == 0)
    for _ in 0..<250 where kill(-pgid, 0) == 0 { Thread.sleep(forTimeInterval: 0.02) }
    #expect(kill(-pgid, 0) != 0, "every process of the group is gone")
    shell.waitUntilExit()

    // Reopen: the file is sound, and each acknowledgement names a record that is there.
    let store = try RecordStore(path: db)
    #expect(try store.integrityCheck() == ["ok"])
    let stored = Dictionary(
      uniqueKeysWithValues: try store.list(partnership: "milton-keynes").map { ($0.id, $0) })
    var acknowledged = 0
    for w in 1...4 {
      let text =
        (try? String(contentsOf: folder.appendingPathComponent("ack-\(w).txt"), encoding: .utf8))
        ?? ""
      // A line cut off by the kill was never a whole acknowledgement.
      let complete =
        text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
      for line in complete.split(separator: "\n") {
        guard line.hasPrefix("recorded: "),
          let open = line.range(of: " (record ", options: .backwards),
          let id = Int64(line[open.upperBound...].dropLast())
        else {
          Issue.record("not an acknowledgement: \(line)")
          continue
        }
        acknowledged += 1
        let record = try #require(stored[id], "acknowledged record \(id) is missing: \(line)")
        #expect("recorded: \(record.entry.summary)" == line[..<open.lowerBound])
      }
      let errors =
        (try? String(contentsOf: folder.appendingPathComponent("err-\(w).txt"), encoding: .utf8))
        ?? ""
      #expect(!errors.contains("SQLite error"), "writers wait for each other: \(errors)")
    }
    #expect(acknowledged >= 8, "the loops recorded something before the kill (\(acknowledged))")
    #expect(stored.count >= acknowledged)
  }
}
