/// Where in a protocol file a rule was written, so that every problem and
/// every derived date can be traced back to a line an officer can open.
public struct FilePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }

  public static func < (a: FilePosition, b: FilePosition) -> Bool {
    (a.file, a.line, a.column) < (b.file, b.line, b.column)
  }
}

/// The sentence of a source document that a rule encodes.
public struct SourceCitation: Hashable, Sendable, Codable {
  public let file: String
  public let quote: String
  public let section: String?

  public init(file: String, quote: String, section: String? = nil) {
    self.file = file
    self.quote = quote
    self.section = section
  }
}

/// Why a rule is in the file: the sentences it encodes, the default chosen
/// where the documents are silent, and where the rule was written.
public struct Provenance: Hashable, Sendable {
  public var sources: [SourceCitation]
  public var assumption: String?
  public var note: String?
  /// Where the sources disagree (a sentence says "March 2022", a table "Feb 2022"): what the
  /// rule chose and why; `conflicts` reports it.
  public var inconsistency: String?
  public var position: FilePosition?

  public init(
    sources: [SourceCitation] = [], assumption: String? = nil, note: String? = nil,
    position: FilePosition? = nil
  ) {
    self.sources = sources
    self.assumption = assumption
    self.note = note
    self.position = position
  }
}

/// A local partnership of boards bound by one protocol: its calendar
/// conventions and everything the protocol says about its boards.
public struct Partnership: Hashable, Sendable {
  public var id: String
  public var name: String
  public var area: String?
  public var timeZone: String
  public var financialYearStart: Month
  public var holidays: HolidayCalendarID
  public var seasons: [String: MonthRange]
  public var defaults: PartnershipDefaults
  /// From when the protocol governs, and until when if it was replaced.
  public var horizon: Horizon
  /// From when the partnership tracks its duties (`tracking_from`): nothing whose window closed
  /// before it is ever missed, slipped or alerted. Nil: from the first version's start.
  public var trackingFrom: CivilDate?
  public var address: String?
  public var versions: [ProtocolVersion]
  public var people: [Person]
  public var boards: [Board]
  public var reports: [Report]
  public var duties: [Duty]
  public var themes: [Theme]
  public var review: ProtocolReview?
  public var provenance: Provenance

  public init(
    id: String, name: String, area: String? = nil, timeZone: String = "Europe/London",
    financialYearStart: Month = .april, holidays: HolidayCalendarID = .englandAndWales,
    seasons: [String: MonthRange] = MonthRange.meteorologicalSeasons,
    defaults: PartnershipDefaults = PartnershipDefaults(), horizon: Horizon,
    address: String? = nil, versions: [ProtocolVersion] = [], people: [Person] = [],
    boards: [Board] = [], reports: [Report] = [], duties: [Duty] = [], themes: [Theme] = [],
    review: ProtocolReview? = nil, provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.name = name
    self.area = area
    self.timeZone = timeZone
    self.financialYearStart = financialYearStart
    self.holidays = holidays
    self.seasons = seasons
    self.defaults = defaults
    self.horizon = horizon
    self.address = address
    self.versions = versions
    self.people = people
    self.boards = boards
    self.reports = reports
    self.duties = duties
    self.themes = themes
    self.review = review
    self.provenance = provenance
  }

  public func board(_ id: String) -> Board? { boards.first { $0.id == id } }
  public func report(_ id: String) -> Report? { reports.first { $0.id == id } }
  public func person(_ id: String) -> Person? { people.first { $0.id == id } }
  public func version(_ id: String) -> ProtocolVersion? { versions.first { $0.id == id } }

  /// What `read` gives of board `id`, read where the board is held; nil when no board has that
  /// id. `board(_:)` hands back a copy of the whole board (some twenty texts and lists), which
  /// the planners' inner loops cannot afford for one field.
  public func board<T>(_ id: String, _ read: (borrowing Board) -> T) -> T? {
    guard let i = boards.firstIndex(where: { $0.id == id }) else { return nil }
    return read(boards[i])
  }

  /// What `read` gives of person `id`, read where the person is held (as `board(_:_:)`).
  public func person<T>(_ id: String, _ read: (borrowing Person) -> T) -> T? {
    guard let i = people.firstIndex(where: { $0.id == id }) else { return nil }
    return read(people[i])
  }
}

/// The days a protocol governs: from its start, until it was replaced (a protocol in force has no
/// end: it governs until something replaces it).
public struct Horizon: Hashable, Sendable, CustomStringConvertible {
  public var start: CivilDate
  /// The last day it governed, when it was replaced or lapsed; nil while it is in force.
  public var end: CivilDate?

  public init(start: CivilDate, end: CivilDate? = nil) {
    self.start = start
    self.end = end
  }

  /// A horizon with a stated end.
  public init(_ span: DateSpan) { self.init(start: span.start, end: span.end) }

  public var description: String { "\(start.iso) to \(end?.iso ?? "(in force)")" }
}

extension Partnership {
  /// The day tracking starts: `tracking_from`, else the first version's start, else the
  /// protocol's start.
  public var tracking: CivilDate {
    trackingFrom ?? versions.map(\.from).min() ?? horizon.start
  }

  /// The days every view covers as of a day (Semantics 16): from the protocol's start to the end
  /// of the financial year after the one `asOf` falls in (a look-ahead of one to two years), or to
  /// the protocol's end when it ended before that. Never shorter than the protocol's first cycle.
  public func span(asOf: CivilDate) -> DateSpan {
    let lookAhead = cycleSpan(cycle(containing: max(asOf, horizon.start)) + 1).end
    let end = horizon.end.map { min($0, lookAhead) } ?? lookAhead
    return DateSpan(
      start: horizon.start, end: max(end, cycleSpan(cycle(containing: horizon.start)).end))
  }
}

/// Which country's bank holidays the partnership does not meet on.
public enum HolidayCalendarID: String, CaseIterable, Sendable, Codable {
  case englandAndWales = "england-and-wales"
  case scotland
  case northernIreland = "northern-ireland"
}

/// What a partnership assumes when a rule does not say.
public struct PartnershipDefaults: Hashable, Sendable {
  public var meetingTime: TimeOfDay
  public var meetingLengthMinutes: Int
  public var meetingDay: DayRule
  public var paperLeadWorkingDays: Int
  public var warningWorkingDays: Int
  public var escalationWorkingDays: Int
  /// How many protocol items a meeting can take (nil: no limit); a board may say otherwise.
  public var meetingCapacity: Int? = nil

  public init(
    meetingTime: TimeOfDay = TimeOfDay(hour: 14, minute: 0)!, meetingLengthMinutes: Int = 120,
    meetingDay: DayRule = .nth(1, .tuesday), paperLeadWorkingDays: Int = 10,
    warningWorkingDays: Int = 10, escalationWorkingDays: Int = 20
  ) {
    self.meetingTime = meetingTime
    self.meetingLengthMinutes = meetingLengthMinutes
    self.meetingDay = meetingDay
    self.paperLeadWorkingDays = paperLeadWorkingDays
    self.warningWorkingDays = warningWorkingDays
    self.escalationWorkingDays = escalationWorkingDays
  }
}

/// A run of months, possibly across the year end ("December to February").
public struct MonthRange: Hashable, Sendable {
  public let from: Month
  public let to: Month

  public init(from: Month, to: Month) {
    self.from = from
    self.to = to
  }

  /// How many months the range spans (1...12).
  public var length: Int { from.distance(to: to) + 1 }

  public var months: [Month] { (0..<length).map { from.advanced(by: $0) } }

  public static let meteorologicalSeasons: [String: MonthRange] = [
    "spring": MonthRange(from: .march, to: .may),
    "summer": MonthRange(from: .june, to: .august),
    "autumn": MonthRange(from: .september, to: .november),
    "winter": MonthRange(from: .december, to: .february),
  ]
}

/// A period in which one text of the protocol governs (MK's 2021/22
/// COVID handbook, then its November 2021 revision).
public struct ProtocolVersion: Hashable, Sendable {
  public var id: String
  public var title: String?
  public var adopted: CivilDate?
  public var from: CivilDate
  public var until: CivilDate?
  public var provenance: Provenance

  public init(
    id: String, title: String? = nil, adopted: CivilDate? = nil, from: CivilDate,
    until: CivilDate? = nil, provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.title = title
    self.adopted = adopted
    self.from = from
    self.until = until
    self.provenance = provenance
  }

  public func governs(_ date: CivilDate) -> Bool {
    from <= date && (until.map { date <= $0 } ?? true)
  }
}

/// A person or a role (the Director of Adult Services) that sits on boards.
public struct Person: Hashable, Sendable {
  public var id: String
  public var role: String
  public var name: String?
  public var email: String?
  public var organisation: String?
  public var provenance: Provenance

  public init(
    id: String, role: String, name: String? = nil, email: String? = nil,
    organisation: String? = nil, provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.role = role
    self.name = name
    self.email = email
    self.organisation = organisation
    self.provenance = provenance
  }

  /// The name if known, else the role.
  public var displayName: String { name.map { "\($0) (\(role))" } ?? role }
}

/// What sort of body a board is: it decides defaults such as whether the
/// agenda is published under the Local Government Act.
public enum BoardKind: String, CaseIterable, Sendable, Codable {
  case statutory, affiliated, panel, committee
  case selectCommittee = "select-committee"
  case executive, informal, external
}

/// Any body that meets or receives reports under the protocol.
public struct Board: Hashable, Sendable {
  public var id: String
  public var name: String
  public var shortName: String?
  public var kind: BoardKind
  public var chair: String?
  public var viceChair: String?
  public var leadOfficer: String?
  public var sponsor: String?
  public var chairRotation: String?
  public var members: [String]
  public var memberRoles: [String]
  public var accountableTo: [String]
  public var isPublic: Bool
  public var isCouncilCommittee: Bool
  public var quorum: String?
  public var location: String?
  /// How many protocol items one of its meetings can take (nil: the partnership's default).
  public var capacity: Int? = nil
  public var versions: [String]
  public var patterns: [MeetingPattern]
  public var dates: [ExplicitMeeting]
  public var cancellations: [Cancellation]
  /// The shared file a board was imported from, if it serves several partnerships.
  public var sharedFrom: String?
  /// When it was set up, renamed, replaced or dissolved (empty: it lives as long as the protocol).
  public var life = BoardLifecycle()
  public var provenance: Provenance
  /// For a board imported from a shared file: that file and the areas it serves
  /// (`SharedBoards.swift`).
  public var shared: SharedOrigin? = nil

  public init(
    id: String, name: String, shortName: String? = nil, kind: BoardKind,
    chair: String? = nil, viceChair: String? = nil, leadOfficer: String? = nil,
    sponsor: String? = nil, chairRotation: String? = nil, members: [String] = [],
    memberRoles: [String] = [], accountableTo: [String] = [], isPublic: Bool = false,
    isCouncilCommittee: Bool = false, quorum: String? = nil, location: String? = nil,
    versions: [String] = [], patterns: [MeetingPattern] = [], dates: [ExplicitMeeting] = [],
    cancellations: [Cancellation] = [], sharedFrom: String? = nil,
    provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.name = name
    self.shortName = shortName
    self.kind = kind
    self.chair = chair
    self.viceChair = viceChair
    self.leadOfficer = leadOfficer
    self.sponsor = sponsor
    self.chairRotation = chairRotation
    self.members = members
    self.memberRoles = memberRoles
    self.accountableTo = accountableTo
    self.isPublic = isPublic
    self.isCouncilCommittee = isCouncilCommittee
    self.quorum = quorum
    self.location = location
    self.versions = versions
    self.patterns = patterns
    self.dates = dates
    self.cancellations = cancellations
    self.sharedFrom = sharedFrom
    self.provenance = provenance
  }

  /// The short name if the documents use one, else the name.
  public var label: String { shortName ?? name }
}

/// Which months a meeting pattern yields.
public enum MonthRule: Hashable, Sendable {
  /// "June, October, February".
  case named([Month])
  /// "every two months" from a month (nil: the financial year's first month).
  case every(Int, starting: Month?)
  /// "at least N times a year", spread evenly over the financial year.
  case timesAYear(Int)
  /// One meeting ahead of each meeting of another board ("the steering group meets ten working
  /// days before each Board meeting"): see `MeetingLead`.
  case before(board: String, lead: MeetingLead)
}

/// Which day of a month a meeting falls on.
public enum DayRule: Hashable, Sendable, CustomStringConvertible {
  /// "first Tuesday" (1...4), "last Thursday" (-1).
  case nth(Int, Weekday)
  /// "the 15th"; a day past the month's end means its last day.
  case dayOfMonth(Int)

  public var description: String {
    switch self {
    case .nth(let n, let weekday):
      let ordinal = n == -1 ? "last" : ["first", "second", "third", "fourth"][n - 1]
      return "\(ordinal) \(weekday.name)"
    case .dayOfMonth(let d): return String(d)
    }
  }
}

/// A rule that yields a board's meeting dates over a period.
public struct MeetingPattern: Hashable, Sendable {
  public var months: MonthRule
  public var day: DayRule?
  public var time: TimeOfDay?
  public var lengthMinutes: Int?
  public var validFrom: CivilDate?
  public var validUntil: CivilDate?
  public var versions: [String]
  public var suspensions: [Suspension]
  /// Standing items by month; `nil` key = every meeting.
  public var agenda: [Month?: [String]]
  public var location: String?
  /// Meetings of the pattern moved to another day of their month (same meeting, same UID).
  public var moved: [PatternMove] = []
  public var provenance: Provenance

  public init(
    months: MonthRule, day: DayRule? = nil, time: TimeOfDay? = nil, lengthMinutes: Int? = nil,
    validFrom: CivilDate? = nil, validUntil: CivilDate? = nil, versions: [String] = [],
    suspensions: [Suspension] = [], agenda: [Month?: [String]] = [:], location: String? = nil,
    provenance: Provenance = Provenance()
  ) {
    self.months = months
    self.day = day
    self.time = time
    self.lengthMinutes = lengthMinutes
    self.validFrom = validFrom
    self.validUntil = validUntil
    self.versions = versions
    self.suspensions = suspensions
    self.agenda = agenda
    self.location = location
    self.provenance = provenance
  }
}

/// A span in which a board does not meet ("suspended until March 2022").
public struct Suspension: Hashable, Sendable {
  public var span: DateSpan
  public var reason: String?
  public var provenance: Provenance

  public init(span: DateSpan, reason: String? = nil, provenance: Provenance = Provenance()) {
    self.span = span
    self.reason = reason
    self.provenance = provenance
  }
}

/// A one-off meeting on a stated date; never moved off a non-working day.
public struct ExplicitMeeting: Hashable, Sendable {
  public var date: CivilDate
  public var time: TimeOfDay?
  public var lengthMinutes: Int?
  public var title: String?
  public var agenda: [String]
  public var confidential: Bool
  public var provenance: Provenance

  public init(
    date: CivilDate, time: TimeOfDay? = nil, lengthMinutes: Int? = nil, title: String? = nil,
    agenda: [String] = [], confidential: Bool = false, provenance: Provenance = Provenance()
  ) {
    self.date = date
    self.time = time
    self.lengthMinutes = lengthMinutes
    self.title = title
    self.agenda = agenda
    self.confidential = confidential
    self.provenance = provenance
  }
}

/// A derived meeting that will not happen: on a date, or in a month.
public struct Cancellation: Hashable, Sendable {
  public enum Target: Hashable, Sendable {
    case date(CivilDate)
    case month(YearMonth)
  }
  public var target: Target
  public var reason: String?
  public var provenance: Provenance

  public init(target: Target, reason: String? = nil, provenance: Provenance = Provenance()) {
    self.target = target
    self.reason = reason
    self.provenance = provenance
  }
}

/// How often a report falls due.
public enum Cadence: Hashable, Sendable, CustomStringConvertible {
  case annual
  case sixMonthly
  case quarterly
  /// One at each meeting of each receiver (highlight reports).
  case everyMeeting
  /// Every N years from an anchor year.
  case everyYears(Int)

  public var description: String {
    switch self {
    case .annual: return "annual"
    case .sixMonthly: return "six-monthly"
    case .quarterly: return "quarterly"
    case .everyMeeting: return "every-meeting"
    case .everyYears(let n): return "every \(n) years"
    }
  }
}

/// The period a report is about, relative to the cycle its duty falls in.
public enum ReportPeriod: String, Hashable, Sendable, CaseIterable {
  /// The financial year before (an annual report): it cannot be presented before that year has
  /// ended and its papers could be written.
  case previousCycle = "previous-cycle"
  /// The financial year after (a plan): it must land before that year starts.
  case nextCycle = "next-cycle"

  /// Which cycle, from the cycle the duty falls in.
  public var offset: Int { self == .previousCycle ? -1 : 1 }
}

/// A product a board owns and hands to other boards.
public struct Report: Hashable, Sendable {
  public var id: String
  public var name: String
  public var owner: String
  /// The period it is about (nil: not tied to one).
  public var covers: ReportPeriod?
  public var cadence: Cadence
  public var anchorYear: Int?
  public var signedOff: Month?
  public var versions: [String]
  public var theme: String?
  public var provenance: Provenance

  public init(
    id: String, name: String, owner: String, cadence: Cadence = .annual,
    anchorYear: Int? = nil, signedOff: Month? = nil, versions: [String] = [],
    theme: String? = nil, provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.name = name
    self.owner = owner
    self.cadence = cadence
    self.anchorYear = anchorYear
    self.signedOff = signedOff
    self.versions = versions
    self.theme = theme
    self.provenance = provenance
  }
}

/// What the receiving board is asked to do with a report; or, for `invite`, that the owning
/// board's chair is asked to attend the receiving board's meeting when it is discussed (no
/// papers, no alert: an invitation is not a duty); or, for `publish`, that the owner publishes
/// it by a date (no receiver: see `Receivers.swift`).
public enum DutyAction: String, CaseIterable, Sendable, Codable {
  case present, consult, inform, invite, publish

  /// Whether the action owes the receiver papers (and so has a deadline, and alerts).
  public var owesPapers: Bool { self != .invite }
}

/// When in a cycle a duty must be met.
public enum DutyWindow: Hashable, Sendable, CustomStringConvertible {
  case cycle
  case season(String)
  case months(MonthRange)
  case month(Month)
  /// The receiver's meeting in that month ("the May meeting").
  case meeting(Month)
  /// From the start of the cycle to this day of the year ("by 31 July").
  case by(Month, Int)
  /// Once, not every cycle: due on this day (see `DatedWindow`).
  case on(CivilDate)
  /// Due N months after an anchor (another duty met in the same cycle, or a recorded event):
  /// no obligation until the anchor is recorded (see `DatedWindow`).
  case after(TimingAnchor, months: Int)

  public var description: String {
    switch self {
    case .cycle: return "the whole cycle"
    case .season(let name): return name
    case .months(let range): return "\(range.from.name) to \(range.to.name)"
    case .month(let m): return m.name
    case .meeting(let m): return "the \(m.name) meeting"
    case .by(let m, let d): return "by \(d) \(m.name)"
    case .on(let date): return "due \(date.iso)"
    case .after(let anchor, let n): return "\(n) month\(n == 1 ? "" : "s") after \(anchor)"
    }
  }
}

/// One cell of a protocol matrix: a report, handed to receivers, with an
/// action, in a window, at a cadence.
public struct Duty: Hashable, Sendable {
  public var id: String
  public var report: String
  public var receivers: [String]
  public var action: DutyAction
  public var window: DutyWindow
  public var cadence: Cadence?
  public var anchorYear: Int?
  public var presentedBy: String?
  public var confidential: Bool
  public var versions: [String]
  /// Duties whose obligations (in the same cycle) must come first: this duty's slot must be
  /// after theirs.
  public var after: [String] = []
  public var provenance: Provenance

  public init(
    id: String, report: String, receivers: [String], action: DutyAction,
    window: DutyWindow = .cycle, cadence: Cadence? = nil, anchorYear: Int? = nil,
    presentedBy: String? = nil, confidential: Bool = false, versions: [String] = [],
    provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.report = report
    self.receivers = receivers
    self.action = action
    self.window = window
    self.cadence = cadence
    self.anchorYear = anchorYear
    self.presentedBy = presentedBy
    self.confidential = confidential
    self.versions = versions
    self.provenance = provenance
  }
}

/// A subject several boards share, led by one of them.
public struct Theme: Hashable, Sendable {
  public var id: String
  public var name: String
  public var lead: String
  public var contributors: [String]
  public var provenance: Provenance

  public init(
    id: String, name: String, lead: String, contributors: [String] = [],
    provenance: Provenance = Provenance()
  ) {
    self.id = id
    self.name = name
    self.lead = lead
    self.contributors = contributors
    self.provenance = provenance
  }
}

/// When the protocol itself is to be reviewed, and by whom.
public struct ProtocolReview: Hashable, Sendable {
  public var cadence: Cadence
  public var next: CivilDate?
  public var by: [String]
  /// Events ("a change in the law") after which the protocol is reviewed again, within
  /// `alsoWithinMonths` of the event's recorded date.
  public var alsoAfter: [String] = []
  public var alsoWithinMonths = ProtocolReview.defaultWithinMonths
  public var provenance: Provenance

  public init(
    cadence: Cadence, next: CivilDate? = nil, by: [String] = [],
    provenance: Provenance = Provenance()
  ) {
    self.cadence = cadence
    self.next = next
    self.by = by
    self.provenance = provenance
  }
}
