import BoardCalCore
import Foundation

/// The parts of a protocol file read from one YAML document, before imports are joined.
struct ProtocolDocument {
  var partnership: Partnership?
  var shared: SharedBoards?
  var imports: [(file: String, boards: [(String, Located)], at: Located)] = []
}

/// The head of a shared file: boards that serve several partnerships.
struct SharedBoards {
  var id: String
  var name: String
  var serves: [String]
  var people: [Person]
  var boards: [Board]
  var reports: [Report]
}

extension ProtocolDecoder {
  static let topKeys = [
    "partnership", "versions", "people", "imports", "boards", "reports", "duties", "themes",
    "review",
  ]
  static let sharedTopKeys = ["shared", "people", "boards", "reports"]

  /// An agenda item, whose `{…}` names must be years the scheduler knows.
  static func agendaItem(_ node: Located) -> String? {
    guard let text = node.string("an agenda item") else { return nil }
    for name in Partnership.unknownAgendaNames(in: text) {
      node.complain(
        "'\(name)' in an agenda item is not a year it can name; use "
          + Partnership.agendaYearNames.keys.sorted().joined(separator: ", ") + "."
          + didYouMean(name, Array(Partnership.agendaYearNames.keys)))
    }
    return text
  }

  func document(_ root: Located) -> ProtocolDocument {
    var result = ProtocolDocument()
    guard let top = root.mapping() else { return result }
    if top.has("shared") {
      top.allow(Self.sharedTopKeys)
      guard let head = top["shared"]?.mapping() else { return result }
      head.allow(["id", "name", "serves", "note"])
      result.shared = SharedBoards(
        id: id(head, nil) ?? "", name: head.string("name", required: true) ?? "",
        serves: head.ids("serves").map(\.0), people: objects(top["people"]).compactMap(person),
        boards: objects(top["boards"]).compactMap(board),
        reports: objects(top["reports"]).compactMap(report))
      return result
    }
    top.allow(Self.topKeys)
    guard let head = top.required("partnership")?.mapping() else { return result }
    guard var partnership = partnershipHead(head) else { return result }
    partnership.versions = objects(top["versions"]).compactMap(version)
    partnership.people = objects(top["people"]).compactMap(person)
    partnership.boards = objects(top.required("boards")).compactMap(board)
    partnership.reports = objects(top["reports"]).compactMap(report)
    partnership.duties = objects(top["duties"]).compactMap(duty)
    partnership.themes = objects(top["themes"]).compactMap(theme)
    partnership.review = top["review"]?.mapping().flatMap(review)
    result.imports = objects(top["imports"]).compactMap { m in
      m.allow(["file", "boards", "note"])
      guard let fileAt = m.required("file"), let path = fileAt.string("a file path") else {
        return nil
      }
      return (path, m.ids("boards"), fileAt)
    }
    result.partnership = partnership
    return result
  }

  func partnershipHead(_ m: YAMLMapping) -> Partnership? {
    m.allow(
      [
        "id", "name", "area", "time_zone", "financial_year_start", "holidays", "seasons",
        "defaults", "horizon", "tracking_from", "address",
      ] + Self.provenanceKeys)
    let pid = id(m, nil)
    let name = m.string("name", required: true)
    var timeZone = "Europe/London"
    if let tz = m["time_zone"], let text = tz.string("a time zone") {
      if TimeZone(identifier: text) == nil {
        tz.complain(
          "'\(text)' is not a time zone this system knows; use an IANA name such as Europe/London."
            + didYouMean(text, TimeZone.knownTimeZoneIdentifiers))
      } else {
        timeZone = text
      }
    }
    let fyStart = m["financial_year_start"]?.month() ?? .april
    let holidays =
      m["holidays"]?.choice(
        "holiday calendar", HolidayCalendarID.allCases.map { ($0.rawValue, $0) })
      ?? .englandAndWales
    var seasons = MonthRange.meteorologicalSeasons
    if let s = m["seasons"]?.mapping() {
      for case let name? in s.keyTexts {
        guard let value = s[name]?.mapping() else { continue }
        value.allow(["from", "to"])
        if let from = value.required("from")?.month(), let to = value.required("to")?.month() {
          seasons[name.lowercased()] = MonthRange(from: from, to: to)
        }
      }
    }
    var defaults = PartnershipDefaults()
    if let d = m["defaults"]?.mapping() {
      d.allow([
        "meeting_time", "meeting_length_minutes", "meeting_day", "paper_lead_working_days",
        "warning_working_days", "escalation_working_days", "meeting_capacity",
      ])
      defaults.meetingCapacity = d["meeting_capacity"]?.int(in: 1...100, "protocol items")
      if let v = d["meeting_time"]?.time() { defaults.meetingTime = v }
      if let v = d["meeting_length_minutes"]?.int(in: 15...720, "minutes") {
        defaults.meetingLengthMinutes = v
      }
      if let v = d["meeting_day"]?.dayRule() { defaults.meetingDay = v }
      if let v = d["paper_lead_working_days"]?.int(in: 0...60, "working days") {
        defaults.paperLeadWorkingDays = v
      }
      if let v = d["warning_working_days"]?.int(in: 0...60, "working days") {
        defaults.warningWorkingDays = v
      }
      if let v = d["escalation_working_days"]?.int(in: 1...120, "working days") {
        defaults.escalationWorkingDays = v
      }
    }
    var horizon: Horizon?
    if let h = m.required("horizon")?.mapping() {
      h.allow(["from", "to"])
      if let from = h.date("from", required: true) {
        let to = h.date("to")
        if let to, to < from {
          h.complain("the horizon ends (\(to)) before it starts (\(from)).")
        } else {
          horizon = Horizon(start: from, end: to)
        }
      }
    }
    let trackingFrom = m.date("tracking_from")
    if let trackingFrom, let horizon, trackingFrom < horizon.start {
      m["tracking_from"]?.complain(
        "tracking_from (\(trackingFrom)) is before the protocol's start (\(horizon.start)): nothing is tracked before a protocol governs."
      )
    }
    let provenance = provenance(m)
    guard let pid, let name, let horizon else { return nil }
    var partnership = Partnership(
      id: pid, name: name, area: m.string("area"), timeZone: timeZone,
      financialYearStart: fyStart, holidays: holidays, seasons: seasons, defaults: defaults,
      horizon: horizon, address: m.string("address"), provenance: provenance)
    partnership.trackingFrom = trackingFrom
    return partnership
  }

  func version(_ m: YAMLMapping) -> ProtocolVersion? {
    m.allow(["id", "title", "adopted", "from", "until"] + Self.provenanceKeys)
    let vid = id(m, .version)
    let from = m.date("from", required: true)
    let until = m.date("until")
    if let from, let until, until < from {
      m["until"]?.complain("the version ends (\(until)) before it starts (\(from)).")
    }
    let p = provenance(m)
    guard let vid, let from else { return nil }
    return ProtocolVersion(
      id: vid, title: m.string("title"), adopted: m.date("adopted"), from: from, until: until,
      provenance: p)
  }

  func person(_ m: YAMLMapping) -> Person? {
    m.allow(["id", "role", "name", "email", "organisation"] + Self.provenanceKeys)
    let pid = id(m, .person)
    let role = m.string("role", required: true)
    let p = provenance(m, sourceRequired: false)
    guard let pid, let role else { return nil }
    return Person(
      id: pid, role: role, name: m.string("name"), email: m.string("email"),
      organisation: m.string("organisation"), provenance: p)
  }

  static let boardKeys =
    [
      "id", "name", "short_name", "kind", "chair", "vice_chair", "lead_officer", "sponsor",
      "chair_rotation", "members", "member_roles", "accountable_to", "public",
      "council_committee", "quorum", "location", "capacity", "versions", "meetings", "dates",
      "cancellations",
    ] + lifecycleKeys + provenanceKeys

  func board(_ m: YAMLMapping) -> Board? {
    m.allow(Self.boardKeys)
    let bid = id(m, .board)
    let name = m.string("name", required: true)
    let kind = m.required("kind")?.choice(
      "board kind", BoardKind.allCases.map { ($0.rawValue, $0) })
    let accountable = m.ids("accountable_to").map { refer(.board, $0, orPerson: true) }
    var board = Board(
      id: bid ?? "", name: name ?? "", shortName: m.string("short_name"), kind: kind ?? .statutory,
      chair: refer(.person, m, "chair"), viceChair: refer(.person, m, "vice_chair"),
      leadOfficer: refer(.person, m, "lead_officer"), sponsor: refer(.person, m, "sponsor"),
      chairRotation: m.string("chair_rotation"), members: referList(.person, m, "members"),
      memberRoles: (m["member_roles"]?.items() ?? []).compactMap { $0.string() },
      accountableTo: accountable, isPublic: m.bool("public", default: false),
      isCouncilCommittee: m.bool("council_committee", default: false),
      quorum: m.string("quorum"), location: m.string("location"), versions: versions(m),
      provenance: provenance(m))
    board.capacity = m["capacity"]?.int(in: 1...100, "protocol items")
    let firstLead = leadUses.count
    board.patterns = objects(m["meetings"]).compactMap { pattern($0, board: bid) }
    for k in leadUses.indices.dropFirst(firstLead) { leadUses[k].follower = bid ?? "" }
    board.dates = objects(m["dates"]).compactMap(explicitMeeting)
    board.cancellations = objects(m["cancellations"]).compactMap(cancellation)
    board.life = lifecycle(m, board: bid)
    guard bid != nil, name != nil, kind != nil else { return nil }
    return board
  }

  func pattern(_ m: YAMLMapping, board: String? = nil) -> MeetingPattern? {
    m.allow(
      [
        "months", "every_months", "starting", "times_a_year", "day", "time", "length_minutes",
        "valid_from", "valid_until", "versions", "suspensions", "agenda", "location", "moved",
        "before",
      ] + Self.provenanceKeys)
    let rules = ["months", "every_months", "times_a_year", "before"].filter { m.has($0) }
    var months: MonthRule?
    if rules.count != 1 {
      m.complain(
        "a meeting pattern needs exactly one of 'months' (named months), 'every_months' (every N months), 'times_a_year' (N a year) or 'before' (ahead of each meeting of another board); found \(rules.isEmpty ? "none" : rules.joined(separator: " and "))."
      )
    } else if let before = m["before"] {
      months = meetingLead(before, pattern: m)
    } else if let named = m["months"] {
      let list = named.items().compactMap { $0.month() }
      if list.isEmpty {
        named.complain("'months' lists no month; name at least one, e.g. [June, October].")
      } else if Set(list).count != list.count {
        named.complain("'months' names a month twice.")
      } else {
        months = .named(list)
      }
    } else if let every = m["every_months"]?.int(in: 1...12, "a number of months") {
      months = .every(every, starting: m["starting"]?.month())
    } else if let n = m["times_a_year"]?.int(in: 1...12, "meetings a year") {
      months = .timesAYear(n)
    }
    if m.has("starting") && !m.has("every_months") {
      m["starting"]?.complain("'starting' goes with 'every_months' only.")
    }
    let from = m.date("valid_from")
    let until = m.date("valid_until")
    if let from, let until, until < from {
      m["valid_until"]?.complain(
        "valid_until (\(until)) is before valid_from (\(from)): the pattern would yield no meeting."
      )
    }
    var agenda: [Month?: [String]] = [:]
    if let a = m["agenda"]?.mapping() {
      for case let name? in a.keyTexts {
        guard let value = a[name] else { continue }
        let items = value.items().compactMap(Self.agendaItem)
        if name == "every" {
          agenda[nil] = items
        } else if let month = Month(name: name) {
          agenda[month] = items
        } else {
          a.complain(
            "'\(name)' is not a month; agenda items are keyed by month name or 'every'."
              + didYouMean(name, Month.allCases.map(\.name) + ["every"]))
        }
      }
    }
    let suspensions = objects(m["suspensions"]).compactMap { s -> Suspension? in
      s.allow(["from", "until", "reason"] + Self.provenanceKeys)
      let from = s.date("from", required: true)
      let until = s.date("until", required: true)
      let p = provenance(s)
      guard let from, let until else { return nil }
      guard from <= until else {
        s["until"]?.complain("the suspension ends (\(until)) before it starts (\(from)).")
        return nil
      }
      return Suspension(
        span: DateSpan(start: from, end: until), reason: s.string("reason"), provenance: p)
    }
    let moved = moves(m, board: board)
    let p = provenance(m)
    guard let months else { return nil }
    var pattern = MeetingPattern(
      months: months, day: m["day"]?.dayRule(), time: m["time"]?.time(),
      lengthMinutes: m["length_minutes"]?.int(in: 15...720, "minutes"), validFrom: from,
      validUntil: until, versions: versions(m), suspensions: suspensions, agenda: agenda,
      location: m.string("location"), provenance: p)
    pattern.moved = moved
    return pattern
  }

  func explicitMeeting(_ m: YAMLMapping) -> ExplicitMeeting? {
    m.allow(
      ["date", "time", "length_minutes", "title", "agenda", "confidential"] + Self.provenanceKeys)
    let date = m.date("date", required: true)
    let p = provenance(m)
    guard let date else { return nil }
    return ExplicitMeeting(
      date: date, time: m["time"]?.time(),
      lengthMinutes: m["length_minutes"]?.int(in: 15...720, "minutes"), title: m.string("title"),
      agenda: (m["agenda"]?.items() ?? []).compactMap(Self.agendaItem),
      confidential: m.bool("confidential", default: false), provenance: p)
  }

  func cancellation(_ m: YAMLMapping) -> Cancellation? {
    m.allow(["date", "month", "reason"] + Self.provenanceKeys)
    var target: Cancellation.Target?
    if m.has("date") == m.has("month") {
      m.complain("a cancellation names exactly one of 'date' (YYYY-MM-DD) or 'month' (YYYY-MM).")
    } else if let date = m.date("date") {
      target = .date(date)
    } else if let month = m["month"], let text = month.string("a month as YYYY-MM") {
      if let ym = YearMonth(iso: text) {
        target = .month(ym)
      } else {
        month.complain("'\(text)' is not a month; write it as YYYY-MM, e.g. 2021-08.")
      }
    }
    let p = provenance(m)
    guard let target else { return nil }
    return Cancellation(target: target, reason: m.string("reason"), provenance: p)
  }

  func report(_ m: YAMLMapping) -> Report? {
    m.allow(
      [
        "id", "name", "owner", "covers", "cadence", "anchor_year", "signed_off", "versions",
        "theme",
      ]
        + Self.provenanceKeys)
    let rid = id(m, .report)
    let name = m.string("name", required: true)
    let owner = refer(.board, m, "owner", required: true)
    let cadence = m["cadence"].flatMap(cadence) ?? .annual
    let anchor = m["anchor_year"]?.int(in: 1990...2100, "a year")
    if case .everyYears(let n) = cadence, anchor == nil {
      m.complain(
        "the cadence is every \(n) years but no anchor_year says which years: add anchor_year (a financial year by its starting calendar year) in which the report is due."
      )
    }
    let covers = m["covers"]?.choice(
      "period a report covers", ReportPeriod.allCases.map { ($0.rawValue, $0) })
    let p = provenance(m)
    guard let rid, let name, let owner else { return nil }
    var report = Report(
      id: rid, name: name, owner: owner, cadence: cadence, anchorYear: anchor,
      signedOff: m["signed_off"]?.month(), versions: versions(m),
      theme: refer(.theme, m, "theme"), provenance: p)
    report.covers = covers
    return report
  }

  func duty(_ m: YAMLMapping) -> Duty? {
    m.allow(
      [
        "id", "report", "to", "action", "window", "cadence", "anchor_year", "presented_by",
        "confidential", "versions", "after",
      ] + Self.provenanceKeys)
    let did = id(m, .duty)
    let report = refer(.report, m, "report", required: true)
    let action = m.required("action")?.choice(
      "action", DutyAction.allCases.map { ($0.rawValue, $0) })
    // A publication goes to the public; anything else to boards or people (`to`).
    let named = action == .publish ? [] : m.required("to")?.ids() ?? []
    let receivers = named.map { refer(.board, $0, orPerson: true) }
    if action != .publish, m.has("to"), receivers.isEmpty {
      m["to"]?.complain("'to' names no receiving board or person.")
    }
    if let did { receiverUses.append(ReceiverUse(duty: did, mapping: m, to: named)) }
    let window = m["window"].flatMap(window) ?? .cycle
    let cadence = m["cadence"].flatMap(cadence)
    let after = referList(.duty, m, "after")
    if let did, after.contains(did) {
      m["after"]?.complain("a duty cannot have to follow itself ('\(did)').")
    }
    if action == .invite, m.has("presented_by") {
      m["presented_by"]?.complain(
        "an invitation has no presenter: the owning board's chair is the one invited.")
    }
    if action == .publish { checkPublication(m) }
    let p = provenance(m)
    guard let did, let report, !receivers.isEmpty || action == .publish, let action else {
      return nil
    }
    var duty = Duty(
      id: did, report: report, receivers: receivers, action: action, window: window,
      cadence: cadence, anchorYear: m["anchor_year"]?.int(in: 1990...2100, "a year"),
      presentedBy: refer(.person, m, "presented_by"),
      confidential: m.bool("confidential", default: false), versions: versions(m), provenance: p)
    duty.after = after
    if action == .publish, duty.confidential {
      m["confidential"]?.complain(
        "a publication is public: it cannot be confidential. Remove 'confidential', or send copies to people instead (action: inform)."
      )
    }
    return duty
  }

  func theme(_ m: YAMLMapping) -> Theme? {
    m.allow(["id", "name", "lead", "contributors"] + Self.provenanceKeys)
    let tid = id(m, .theme)
    let name = m.string("name", required: true)
    let lead = refer(.board, m, "lead", required: true)
    let contributors = referList(.board, m, "contributors")
    let p = provenance(m)
    guard let tid, let name, let lead else { return nil }
    return Theme(id: tid, name: name, lead: lead, contributors: contributors, provenance: p)
  }

  func review(_ m: YAMLMapping) -> ProtocolReview? {
    m.allow(["cadence", "next", "by", "also_after", "also_within_months"] + Self.provenanceKeys)
    let cadence = m.required("cadence").flatMap(cadence)
    let p = provenance(m)
    guard let cadence else { return nil }
    var review = ProtocolReview(
      cadence: cadence, next: m.date("next"), by: referList(.board, m, "by"), provenance: p)
    reviewTiming(m, into: &review)
    return review
  }
}
