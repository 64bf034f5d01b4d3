// The BoardCalSynth module: made-up protocols for measuring and testing at scale, the same on
// every machine for the same seed.
import BoardCalCore

/// A national-scale input, generated in memory and deterministically: one partnership per
/// upper-tier council in England, each with about 12 boards (meeting patterns of every kind), 15
/// reports (every cadence) and 60 duties (every window), over a five-year horizon. Partnership
/// `n` depends only on the seed and `n`, so the quick run's partnerships are the first of the
/// full run's.
public enum NationalInput {
  /// England has 153 upper-tier councils (county, unitary, metropolitan and London boroughs).
  public static let fullCount = 150
  public static let quickCount = 15

  /// The benchmark's seed, and `boardcal synth`'s unless told otherwise.
  public static let defaultSeed: UInt64 = 20_250_401

  /// Partnerships 1 to `count` of the input for `seed`.
  public static func partnerships(count: Int, seed: UInt64) -> [Partnership] {
    (1...count).map { partnership(number: $0, seed: seed) }
  }

  /// Partnership `number` (from 1) of the input for `seed`: `area-001` and so on.
  public static func partnership(number n: Int, seed: UInt64) -> Partnership {
    var rng = SeededGenerator(seed: seed ^ (UInt64(n) &* 0x2545_F491_4F6C_DD1D))
    return Builder(number: n, rng: &rng).partnership(&rng)
  }

  /// Partnership `number`'s id: `area-001`.
  public static func id(number: Int) -> String { "area-\(CivilDate.pad(number, 3))" }

  /// The name of partnership `number`'s protocol file: `area-001.yaml`.
  public static func fileName(number: Int) -> String { "\(id(number: number)).yaml" }

  /// One generated partnership as a protocol file (what `boardcal synth` writes): the file loads
  /// back to `partnership`, so `boardcal emit` on the files does what the benchmark measures.
  public struct ProtocolFile: Sendable {
    /// The file's name in its folder: `area-001.yaml`.
    public let name: String
    /// The YAML, headed by a comment saying that it is made up.
    public let text: String
    /// The partnership it holds.
    public let partnership: Partnership
  }

  /// Partnership `number` of the input for `seed`, as a protocol file.
  public static func protocolFile(number: Int, seed: UInt64) -> ProtocolFile {
    let p = partnership(number: number, seed: seed)
    let comment = """
      \(p.area ?? p.id): made up by `boardcal synth --seed \(seed)`, partnership \(number) of the
      benchmark's national input. Not a real partnership: every name, person, date and quoted
      source sentence is invented.
      """
    return ProtocolFile(
      name: fileName(number: number), text: ProtocolText.yaml(p, comment: comment), partnership: p)
  }

  /// Partnerships 1 to `count` of the input for `seed`, as protocol files.
  public static func protocolFiles(count: Int, seed: UInt64) -> [ProtocolFile] {
    (1...count).map { protocolFile(number: $0, seed: seed) }
  }

  struct BoardTemplate {
    let id: String
    let name: String
    let short: String
    let kind: BoardKind
    let councilCommittee: Bool
    let isPublic: Bool
  }

  /// The four statutory partnerships come first and every partnership has them.
  static let boardTemplates: [BoardTemplate] = [
    .init(
      id: "hwb", name: "Health and Wellbeing Board", short: "HWB", kind: .committee,
      councilCommittee: true, isPublic: true),
    .init(
      id: "sab", name: "Safeguarding Adults Board", short: "SAB", kind: .statutory,
      councilCommittee: false, isPublic: false),
    .init(
      id: "scp", name: "Safeguarding Children Partnership", short: "SCP", kind: .statutory,
      councilCommittee: false, isPublic: false),
    .init(
      id: "csp", name: "Community Safety Partnership", short: "CSP", kind: .statutory,
      councilCommittee: false, isPublic: true),
    .init(
      id: "cpp", name: "Corporate Parenting Panel", short: "CPP", kind: .committee,
      councilCommittee: true, isPublic: true),
    .init(
      id: "cdop", name: "Child Death Overview Panel", short: "CDOP", kind: .panel,
      councilCommittee: false, isPublic: false),
    .init(
      id: "dapb", name: "Domestic Abuse Partnership Board", short: "DAPB", kind: .affiliated,
      councilCommittee: false, isPublic: false),
    .init(
      id: "channel", name: "Prevent and Channel Panel", short: "Channel", kind: .panel,
      councilCommittee: false, isPublic: false),
    .init(
      id: "hosc", name: "Health Overview and Scrutiny Committee", short: "HOSC",
      kind: .selectCommittee, councilCommittee: true, isPublic: true),
    .init(
      id: "exec", name: "Safeguarding Executive Group", short: "Executive", kind: .executive,
      councilCommittee: false, isPublic: false),
    .init(
      id: "icp", name: "Integrated Care Partnership", short: "ICP", kind: .external,
      councilCommittee: false, isPublic: true),
    .init(
      id: "yjmb", name: "Youth Justice Management Board", short: "YJMB", kind: .informal,
      councilCommittee: false, isPublic: false),
    .init(
      id: "sarg", name: "Safeguarding Adults Review Group", short: "SAR Group", kind: .panel,
      councilCommittee: false, isPublic: false),
    .init(
      id: "lig", name: "Learning and Improvement Group", short: "LIG", kind: .informal,
      councilCommittee: false, isPublic: false),
  ]

  static let roles = [
    "Independent Chair of the Safeguarding Adults Board", "Independent Scrutineer",
    "Director of Adult Social Services", "Director of Children's Services",
    "Director of Public Health", "Leader of the Council", "Cabinet Member for Adult Social Care",
    "Cabinet Member for Children's Services", "Cabinet Member for Community Safety",
    "Chief Executive of the Council", "Chief Superintendent, Local Policing Area",
    "ICB Chief Nursing Officer", "Designated Doctor for Safeguarding Children",
    "Healthwatch Chair", "Head of Community Safety", "Safeguarding Adults Board Manager",
    "Safeguarding Children Partnership Business Manager", "Health and Wellbeing Board Lead Officer",
    "Democratic Services Officer", "Head of Youth Justice",
    "Designated Nurse for Safeguarding Children", "Chair of the Overview and Scrutiny Committee",
    "Fire and Rescue Service Group Manager", "Probation Service Head of Delivery",
  ]

  static let firstNames = [
    "Amira", "Ben", "Chloe", "Dev", "Eleanor", "Fatima", "Gareth", "Hannah", "Imran", "Joanna",
    "Kwame", "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sarah", "Tomás", "Yasmin",
  ]
  static let lastNames = [
    "Adeyemi", "Brennan", "Chowdhury", "Davies", "Evans", "Fletcher", "Gallagher", "Hughes",
    "Iqbal", "Jones", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Connor", "Patel", "Roberts",
    "Singh", "Taylor", "Williams",
  ]

  static let standingItems = [
    "Apologies and declarations of interest", "Minutes of the last meeting and action log",
    "Risk register", "Performance dashboard", "Partner updates", "Forward plan",
    "Voice of people with lived experience", "Learning from reviews",
  ]

  static let locations = [
    "Council Chamber, Civic Offices", "Committee Room 2, Town Hall", "Microsoft Teams",
    "Conference Room A, Police Headquarters", "Board Room, Integrated Care Board",
  ]

  static let seasonNames = ["spring", "summer", "autumn", "winter"]

  /// Builds one partnership; every rule cites a (made-up) sentence, as the seed files do.
  struct Builder {
    let number: Int
    let id: String
    let area: String
    let file: String
    let fyStart: Month
    let horizon: DateSpan
    let versions: [ProtocolVersion]

    init(number: Int, rng: inout SeededGenerator) {
      self.number = number
      area = "Area \(CivilDate.pad(number, 3))"
      id = NationalInput.id(number: number)
      file = "synthetic-\(id)-protocol.txt"
      fyStart = rng.chance(0.07) ? .january : .april
      let start = CivilDate(year: 2025, month: fyStart.rawValue, day: 1)!
      let startMonth = YearMonth(year: 2025, month: fyStart.rawValue)
      horizon = DateSpan(start: start, end: startMonth.adding(months: 59).lastDay)
      if number % 3 == 0 {
        // A revised protocol takes over after two cycles.
        let switchMonth = startMonth.adding(months: 24)
        versions = [
          ProtocolVersion(
            id: "protocol-2025", title: "\(area) Joint Working Protocol 2025", from: start,
            until: switchMonth.adding(months: -1).lastDay,
            provenance: Self.cite(
              file, "This protocol governs until the revised protocol takes effect.", "Status")),
          ProtocolVersion(
            id: "protocol-2027", title: "\(area) Joint Working Protocol, revised",
            adopted: switchMonth.adding(months: -4).firstDay.adding(days: 14),
            from: switchMonth.firstDay,
            provenance: Self.cite(
              file,
              "The revised protocol takes effect from \(switchMonth.monthName.name) \(switchMonth.year).",
              "Status")),
        ]
      } else {
        versions = []
      }
    }

    func cite(_ quote: String, _ section: String) -> Provenance {
      Self.cite(file, quote, section)
    }

    static func cite(_ file: String, _ quote: String, _ section: String) -> Provenance {
      Provenance(sources: [SourceCitation(file: file, quote: quote, section: section)])
    }

    func partnership(_ rng: inout SeededGenerator) -> Partnership {
      let people = makePeople(&rng)
      let boards = makeBoards(&rng, people: people)
      let reports = makeReports(&rng, boards: boards)
      let duties = makeDuties(&rng, boards: boards, reports: reports, people: people)
      let themes = [
        ("exploitation", "Exploitation and contextual safeguarding", "scp", ["sab", "csp"]),
        ("domestic-abuse", "Domestic abuse", "csp", ["sab", "scp"]),
        ("transitions", "Transitions to adulthood", "sab", ["scp"]),
      ].map { id, name, lead, contributors in
        Theme(
          id: id, name: name, lead: lead, contributors: contributors,
          provenance: cite("\(name) is a shared priority of the partnership.", "Shared priorities"))
      }
      return Partnership(
        id: id, name: "\(area) Safeguarding and Wellbeing Partnership", area: area,
        financialYearStart: fyStart,
        defaults: PartnershipDefaults(
          meetingTime: rng.pick([TimeOfDay(hour: 10, minute: 0)!, TimeOfDay(hour: 14, minute: 0)!]),
          meetingLengthMinutes: rng.pick([90, 120, 150]),
          meetingDay: .nth(rng.int(1...3), rng.pick([.tuesday, .wednesday, .thursday])),
          paperLeadWorkingDays: rng.int(5...15)),
        horizon: Horizon(horizon),
        address: rng.chance(0.8) ? "partnerships@\(id).example" : nil,
        versions: versions, people: people, boards: boards, reports: reports, duties: duties,
        themes: themes,
        review: ProtocolReview(
          cadence: .everyYears(3), next: horizon.start.adding(days: 3 * 365), by: ["hwb"],
          provenance: cite(
            "The Health and Wellbeing Board will review this protocol every three years.",
            "Review")),
        provenance: cite(
          "This protocol sets out how the strategic partnerships of \(area) work together.",
          "Introduction"))
    }

    func makePeople(_ rng: inout SeededGenerator) -> [Person] {
      NationalInput.roles.enumerated().map { k, role in
        let named = rng.chance(0.6)
        let name =
          named ? "\(rng.pick(NationalInput.firstNames)) \(rng.pick(NationalInput.lastNames))" : nil
        return Person(
          id: "role-\(k + 1)", role: role, name: name,
          email: named ? "role\(k + 1)@\(id).example" : nil,
          organisation: k % 4 == 2 ? "Integrated Care Board" : "\(area) Council",
          provenance: cite("The \(role) is a member of the partnership.", "Membership"))
      }
    }

    /// The months a board's patterns meet in, in its first cycle (for realistic "the May
    /// meeting" windows and sign-off months).
    static func months(of board: Board, fyStart: Month) -> [Month] {
      let first = YearMonth(year: 2025, month: fyStart.rawValue)
      return (0..<12).map { first.adding(months: $0) }.filter { month in
        board.patterns.contains { $0.months.includes(month, fyStart: fyStart) }
      }.map(\.monthName)
    }

    func monthRule(_ kind: Int, _ rng: inout SeededGenerator) -> MonthRule {
      switch kind % 3 {
      case 0:
        let k = rng.pick([3, 4, 4, 6])
        let start = rng.pick(Month.allCases)
        return .named((0..<k).map { start.advanced(by: $0 * 12 / k) })
      case 1:
        return .every(
          rng.pick([1, 2, 2, 3]), starting: rng.chance(0.6) ? rng.pick(Month.allCases) : nil)
      default:
        return .timesAYear(rng.pick([4, 5, 6, 10]))
      }
    }

    func dayRule(_ rng: inout SeededGenerator) -> DayRule? {
      if rng.chance(0.15) { return nil }  // the partnership's default day
      if rng.chance(0.25) { return .dayOfMonth(rng.int(1...31)) }
      return .nth(
        rng.pick([1, 2, 3, 4, -1]), rng.pick([.monday, .tuesday, .wednesday, .thursday, .friday]))
    }

    func pattern(
      _ kind: Int, board: String, _ rng: inout SeededGenerator, from: CivilDate? = nil,
      until: CivilDate? = nil, versions tags: [String] = []
    ) -> MeetingPattern {
      let months = monthRule(kind, &rng)
      var agenda: [Month?: [String]] = [
        nil: rng.sample(NationalInput.standingItems, rng.int(2...4))
      ]
      agenda[rng.pick(Month.allCases)] = ["Annual report: sign-off"]
      if rng.chance(0.5) { agenda[rng.pick(Month.allCases)] = ["Business plan and budget"] }
      var suspensions: [Suspension] = []
      if rng.chance(0.2) {
        let start = YearMonth(year: rng.int(2025...2029), month: rng.int(1...12))
        suspensions.append(
          Suspension(
            span: DateSpan(
              start: start.firstDay, end: start.adding(months: rng.int(0...2)).lastDay),
            reason: rng.pick(["pre-election period", "summer recess", "review of arrangements"]),
            provenance: cite("Meetings of the board are suspended during the review.", "Meetings")))
      }
      return MeetingPattern(
        months: months, day: dayRule(&rng),
        time: rng.chance(0.6)
          ? rng.pick([
            TimeOfDay(hour: 9, minute: 30)!, TimeOfDay(hour: 13, minute: 30)!,
            TimeOfDay(hour: 16, minute: 0)!, TimeOfDay(hour: 18, minute: 0)!,
          ]) : nil,
        lengthMinutes: rng.chance(0.4) ? rng.pick([90, 150, 180]) : nil,
        validFrom: from, validUntil: until, versions: tags, suspensions: suspensions,
        agenda: agenda, location: rng.chance(0.3) ? rng.pick(NationalInput.locations) : nil,
        provenance: cite("The \(board) will meet \(Self.phrase(months)).", "Terms of reference"))
    }

    /// How a terms of reference would say a month rule: "in June, October and February each
    /// year", "every 2 months from June", "at least 4 times a year".
    static func phrase(_ months: MonthRule) -> String {
      switch months {
      case .named(let list):
        let names = list.map(\.name)
        let joined =
          names.count == 1
          ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "in \(joined) each year"
      case .every(1, let starting):
        return "every month" + (starting.map { " from \($0.name)" } ?? "")
      case .every(let n, let starting):
        return "every \(n) months" + (starting.map { " from \($0.name)" } ?? "")
      case .timesAYear(let n):
        return "at least \(n) times a year"
      case .before(let board, let lead):
        return "\(lead) before each meeting of \(board)"
      }
    }

    func makeBoards(_ rng: inout SeededGenerator, people: [Person]) -> [Board] {
      let templates = NationalInput.boardTemplates
      let count = rng.int(11...13)
      let chosen =
        Array(templates.prefix(4)) + rng.sample(Array(templates.dropFirst(4)), count - 4)
      return chosen.enumerated().map { index, t in
        let name = "\(area) \(t.name)"
        let kind = number + index
        var patterns: [MeetingPattern]
        if versions.count == 2 && rng.chance(0.4) {
          // The revised protocol changes how often the board meets.
          patterns = [
            pattern(kind, board: name, &rng, versions: [versions[0].id]),
            pattern(kind + 1, board: name, &rng, versions: [versions[1].id]),
          ]
        } else if rng.chance(0.3) {
          // A change of arrangements part-way through the horizon.
          let change = horizon.start.yearMonth.adding(months: rng.int(18...40))
          patterns = [
            pattern(kind, board: name, &rng, until: change.adding(months: -1).lastDay),
            pattern(kind + 1, board: name, &rng, from: change.firstDay),
          ]
        } else {
          patterns = [pattern(kind, board: name, &rng)]
        }
        var dates: [ExplicitMeeting] = []
        if rng.chance(0.3) {
          for _ in 0..<rng.int(1...2) {
            var day = horizon.start.adding(
              days: rng.int(0...(horizon.start.days(until: horizon.end))))
            while day.weekday.isWeekend { day = day.adding(days: 1) }
            dates.append(
              ExplicitMeeting(
                date: day, time: TimeOfDay(hour: 17, minute: 0)!, lengthMinutes: 60,
                title: "Extraordinary meeting of the \(name)",
                agenda: [
                  "Single item: \(rng.pick(["budget", "inspection outcome", "review findings"]))"
                ],
                confidential: rng.chance(0.3),
                provenance: cite("An extraordinary meeting may be called by the Chair.", "Meetings")
              ))
          }
        }
        var cancellations: [Cancellation] = []
        if rng.chance(0.25) {
          let month = horizon.start.yearMonth.adding(months: rng.int(0...59))
          cancellations.append(
            Cancellation(
              target: .month(month), reason: rng.pick(["not quorate", "pre-election period"]),
              provenance: cite("The meeting was cancelled.", "Minutes")))
        }
        if let first = dates.first, rng.chance(0.5) {
          cancellations.append(
            Cancellation(
              target: .date(first.date), reason: "withdrawn",
              provenance: cite("The extraordinary meeting was withdrawn.", "Minutes")))
        }
        let members = rng.sample(people.map(\.id), rng.int(3...8))
        return Board(
          id: t.id, name: name, shortName: t.short, kind: t.kind, chair: members[0],
          viceChair: rng.chance(0.5) ? members[1] : nil, leadOfficer: members[2],
          sponsor: rng.chance(0.3) ? rng.pick(people).id : nil,
          members: Array(members.dropFirst(3)),
          memberRoles: ["local authority", "police", "integrated care board"],
          accountableTo: index == 0 ? [] : ["hwb"], isPublic: t.isPublic,
          isCouncilCommittee: t.councilCommittee, quorum: "one member from each statutory partner",
          location: rng.pick(NationalInput.locations), versions: [], patterns: patterns,
          dates: dates, cancellations: cancellations,
          provenance: cite("The \(t.name) is established under the protocol.", "Structure"))
      }
    }

    func makeReports(_ rng: inout SeededGenerator, boards: [Board]) -> [Report] {
      let first = horizon.start.year
      // The owners' annual reports, then the partnership's other products: every cadence.
      var specs: [(String, String, String, Cadence)] = boards.prefix(6).map {
        ("\($0.id)-annual-report", "\($0.label) Annual Report", $0.id, .annual)
      }
      let others: [(String, String, String, Cadence)] = [
        ("jsna", "Joint Strategic Needs Assessment", "hwb", .annual),
        ("pna", "Pharmaceutical Needs Assessment", "hwb", .everyYears(3)),
        ("jhws", "Joint Local Health and Wellbeing Strategy", "hwb", .everyYears(4)),
        ("strategic-assessment", "Community Safety Strategic Assessment", "csp", .annual),
        ("dashboard", "Safeguarding Performance Dashboard", "sab", .quarterly),
        ("assurance", "Multi-agency Assurance Report", "scp", .sixMonthly),
        ("highlight", "Subgroup Highlight Report", "exec", .everyMeeting),
        ("sar-update", "Safeguarding Adults Reviews Update", "sab", .sixMonthly),
        ("business-plan", "Joint Business Plan", "scp", .annual),
        ("da-needs", "Domestic Abuse Needs Assessment", "csp", .everyYears(3)),
        ("budget", "Partner Contributions and Budget", "sab", .annual),
      ]
      let ids = Set(boards.map(\.id))
      for spec in others {
        // A product of a board this partnership lacks goes to one of the statutory four.
        let owner = ids.contains(spec.2) ? spec.2 : boards[rng.int(0...3)].id
        specs.append((spec.0, spec.1, owner, spec.3))
      }
      let count = min(specs.count, rng.int(14...16))
      return specs.prefix(count).map { id, name, owner, cadence in
        let board = boards.first { $0.id == owner }!
        let meets = Self.months(of: board, fyStart: fyStart)
        var anchor: Int? = nil
        if case .everyYears(let n) = cadence { anchor = first - rng.int(0...(n - 1)) }
        return Report(
          id: id, name: name, owner: owner, cadence: cadence, anchorYear: anchor,
          signedOff: cadence == .annual && !meets.isEmpty && rng.chance(0.5)
            ? rng.pick(meets) : nil,
          provenance: cite("The \(board.label) will produce the \(name).", "Reporting"))
      }
    }

    func window(_ kind: Int, receiver: Board, _ rng: inout SeededGenerator) -> DutyWindow {
      switch kind % 6 {
      case 0: return .cycle
      case 1: return .season(rng.pick(NationalInput.seasonNames))
      case 2:
        let from = rng.pick(Month.allCases)
        return .months(MonthRange(from: from, to: from.advanced(by: rng.int(1...5))))
      case 3: return .month(rng.pick(Month.allCases))
      case 4:
        let meets = Self.months(of: receiver, fyStart: fyStart)
        return .meeting(meets.isEmpty ? rng.pick(Month.allCases) : rng.pick(meets))
      default:
        // A day that exists every year (2025 is not a leap year): "by 30 February" cannot be
        // written.
        let month = rng.pick(Month.allCases)
        let day = rng.pick([15, 28, 30, 31])
        return .by(month, min(day, CivilDate.daysIn(year: 2025, month: month.rawValue)))
      }
    }

    func makeDuties(
      _ rng: inout SeededGenerator, boards: [Board], reports: [Report], people: [Person]
    ) -> [Duty] {
      let count = rng.int(55...65)
      return (0..<count).map { k in
        let report = reports[(k + rng.int(0...2)) % reports.count]
        let others = boards.filter { $0.id != report.owner }
        let n = rng.chance(0.5) ? 1 : rng.chance(0.7) ? 2 : 3
        let receivers = rng.sample(others, n)
        var cadence: Cadence? = nil
        var anchor: Int? = nil
        if report.cadence == .annual && k % 9 == 4 { cadence = .sixMonthly }
        if report.cadence == .annual && k % 17 == 8 {
          cadence = .everyYears(2)
          anchor = horizon.start.year
        }
        let action = rng.pick([DutyAction.present, .present, .inform, .inform, .consult])
        return Duty(
          id: "d\(k + 1)-\(report.id)", report: report.id, receivers: receivers.map(\.id),
          action: action, window: window(k, receiver: receivers[0], &rng), cadence: cadence,
          anchorYear: anchor, presentedBy: rng.chance(0.3) ? rng.pick(people).id : nil,
          confidential: rng.chance(0.1),
          versions: versions.count == 2 && rng.chance(0.1) ? [versions[1].id] : [],
          provenance: cite(
            "The \(report.name) will be \(action == .inform ? "shared with" : "presented to") the \(receivers.map(\.label).joined(separator: ", ")).",
            "Reporting arrangements"))
      }
    }
  }
}
