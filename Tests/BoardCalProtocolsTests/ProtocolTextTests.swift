import BoardCalCore
import BoardCalProtocols
import BoardCalSynth
import Testing

/// A partnership written as a protocol file (`ProtocolText`, what `boardcal synth` writes) reads
/// back as the same partnership: the generated national input as files is the input the
/// benchmark measures in memory.
@Suite("protocol text: a partnership written as a file reads back the same")
struct ProtocolTextTests {
  /// Every partnership of the first few of two seeds, among them ones with a revised protocol
  /// (every third), loads without a problem and says what the generated one says.
  @Test(
    "the generated national input, written and loaded, is the same partnership and schedule",
    arguments: [NationalInput.defaultSeed, 7])
  func nationalInput(seed: UInt64) throws {
    for file in NationalInput.protocolFiles(count: 6, seed: seed) {
      let loaded = try ProtocolLoader.load(text: file.text, name: file.name)
      #expect(loaded.withoutPositions == file.partnership, "\(file.name)")
      let span = file.partnership.referenceSpan
      let fromFile = Schedule.derive(loaded.withoutPositions, span: span)
      let inMemory = Schedule.derive(file.partnership, span: span)
      #expect(fromFile.meetings.count > 100 && fromFile.obligations.count > 100)
      #expect(fromFile == inMemory, "\(file.name)")
    }
  }

  @Test("the files say they are made up, and every rule cites an invented source")
  func madeUp() throws {
    let file = NationalInput.protocolFile(number: 3, seed: NationalInput.defaultSeed)
    #expect(file.name == "area-003.yaml")
    #expect(
      file.text.hasPrefix(
        "# Area 003: made up by `boardcal synth --seed 20250401`, partnership 3 of the\n"
      ))
    #expect(file.text.contains("Not a real partnership"))
    let p = file.partnership
    let rules: [Provenance] =
      [p.provenance] + p.versions.map(\.provenance) + p.boards.map(\.provenance)
      + p.boards.flatMap { $0.patterns.map(\.provenance) }
      + p.boards.flatMap { $0.patterns.flatMap { $0.suspensions.map(\.provenance) } }
      + p.boards.flatMap { $0.dates.map(\.provenance) }
      + p.boards.flatMap { $0.cancellations.map(\.provenance) } + p.reports.map(\.provenance)
      + p.duties.map(\.provenance) + p.themes.map(\.provenance) + [p.review!.provenance]
    #expect(p.versions.count == 2)
    #expect(rules.allSatisfy { $0.sources.map(\.file) == ["synthetic-area-003-protocol.txt"] })
  }

  /// Text a YAML reader would take for something else (a comment, a list, nothing, true, a
  /// mapping, a line break) and every key of the format the generator leaves out.
  @Test("every key of the format and awkward text read back as written")
  func everyKey() throws {
    var p = NationalInput.partnership(number: 3, seed: 1)
    p.name = "Yes: \"quoted\" # not a comment\n- second line\tand a \\ backslash"
    p.area = "null"
    p.timeZone = "Europe/Dublin"
    p.holidays = .northernIreland
    p.seasons["wet season"] = MonthRange(from: .october, to: .march)
    p.trackingFrom = p.horizon.start.adding(days: 40)
    p.defaults.meetingCapacity = 6
    p.defaults.warningWorkingDays = 7
    p.provenance.sources.append(
      SourceCitation(file: "[second] file.txt", quote: "- a dash, {braces}", section: nil))
    p.provenance.inconsistency = "The two sentences disagree: the first is followed."
    p.provenance.assumption = "yes"
    p.provenance.note = "~"
    p.boards[0].name = "@Home: Board #1"
    p.boards[0].chairRotation = "yearly"
    p.boards[0].capacity = 3
    p.boards[0].memberRoles.append("'quoted' role, with a comma")
    p.boards[0].patterns[0].agenda[.june] = ["{cycle} plan", "Tomás's — item \u{7}"]
    p.reports[0].covers = .previousCycle
    p.reports[0].theme = p.themes[0].id
    p.duties[1].after = [p.duties[0].id]
    p.duties[2].window = .season("wet season")
    // A copy to a person beside a board, and a publication (no `to`).
    let annual = try #require(p.reports.first { $0.cadence != .everyMeeting })
    p.people.append(Person(id: "copy-receiver", role: "Chief Executive, a council"))
    p.duties.append(
      Duty(
        id: "copy-to-chief-executive", report: annual.id,
        receivers: [p.boards[0].id, "copy-receiver"], action: .inform, window: .by(.september, 30),
        provenance: p.duties[0].provenance))
    p.duties.append(
      Duty(
        id: "publish-annual", report: annual.id, receivers: [], action: .publish,
        window: .by(.july, 30), provenance: p.duties[0].provenance))
    // A board's life, and a meeting of its first pattern moved to another day of its month.
    let cite = Provenance(sources: [SourceCitation(file: "life.txt", quote: "It changed.")])
    let start = p.horizon.start
    p.boards[0].life = BoardLifecycle(
      established: BoardEstablishment(on: start.adding(days: -30), provenance: cite),
      renamed: [
        BoardRenaming(
          on: start.adding(days: 100), name: "New: name", shortName: "NN", provenance: cite)
      ],
      dissolved: BoardDissolution(
        on: start.adding(days: 3000), reason: "wound up", provenance: cite))
    p.boards[1].life.replacedBy = BoardReplacement(
      board: p.boards[2].id, on: start.adding(days: 200), provenance: cite)
    let meeting = try #require(
      MeetingPlanner.meetings(
        of: p.boards[0], in: p, span: DateSpan(start: start, end: start.adding(days: 400)),
        rules: p.deadlineRules
      ).first { $0.provenance == p.boards[0].patterns[0].provenance && !$0.isCancelled })
    let day = meeting.date.day == 10 ? 11 : 10
    p.boards[0].patterns[0].moved = [
      PatternMove(
        month: meeting.slotMonth,
        to: CivilDate(year: meeting.slotMonth.year, month: meeting.slotMonth.month, day: day)!,
        time: TimeOfDay(hour: 9, minute: 30), reason: "a room: booked", provenance: cite)
    ]
    let text = ProtocolText.yaml(p, comment: "A test.\n\nTwo paragraphs.")
    let loaded = try ProtocolLoader.load(text: text, name: "every-key.yaml")
    #expect(loaded.withoutPositions == p)
    #expect(text.hasPrefix("# A test.\n#\n# Two paragraphs.\n\npartnership:\n"))
  }
}
