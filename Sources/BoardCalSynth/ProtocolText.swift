import BoardCalCore

/// A partnership written as a protocol file, in the format of Protocols/README.md, that the
/// protocol loader reads back to the same partnership: every rule with the sources it cites,
/// every default written out. Boards imported from a shared file are written in place, so the
/// file stands alone. The same partnership gives the same bytes.
public enum ProtocolText {
  /// The file's text; `comment` (one or more lines) heads it as YAML comments.
  public static func yaml(_ p: Partnership, comment: String? = nil) -> String {
    var sections: [(String, Node)] = [("partnership", head(p))]
    sections.append(("versions", .list(p.versions.map(version))))
    sections.append(("people", .list(p.people.map(person))))
    sections.append(("boards", .list(p.boards.map(board))))
    sections.append(("reports", .list(p.reports.map(report))))
    sections.append(("duties", .list(p.duties.map(duty))))
    sections.append(("themes", .list(p.themes.map(theme))))
    if let review = p.review { sections.append(("review", Self.review(review))) }
    var text = ""
    if let comment {
      for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
        text += line.isEmpty ? "#\n" : "# \(line)\n"
      }
      text += "\n"
    }
    // A blank line between sections; an empty list is left out.
    text += sections.filter { !$0.1.isEmpty }.map { key, value in
      render([(key, value)], indent: 0)
    }.joined(separator: "\n")
    return text
  }

  // MARK: the tree of a file

  /// A YAML value as this writer lays it out.
  indirect enum Node {
    /// A scalar, already written (plain or quoted).
    case scalar(String)
    /// A mapping laid out as a block, one key a line; `nil` values are left out.
    case map([(String, Node?)])
    /// A list laid out as a block, one item a line.
    case list([Node])
    /// A short list on one line: `[June, October]`.
    case flow([String])
    /// A short mapping on one line: `{from: September, to: December}`.
    case flowMap([(String, String)])

    var isEmpty: Bool {
      switch self {
      case .scalar: return false
      case .map(let entries): return entries.allSatisfy { $0.1?.isEmpty ?? true }
      case .list(let items): return items.isEmpty
      case .flow(let items): return items.isEmpty
      case .flowMap(let entries): return entries.isEmpty
      }
    }
  }

  static func render(_ entries: [(String, Node?)], indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    var text = ""
    for case (let key, let value?) in entries where !value.isEmpty {
      text += pad + scalar(key, flow: false) + ":"
      switch value {
      case .scalar(let written): text += " \(written)\n"
      case .flow, .flowMap: text += " \(inline(value))\n"
      case .map(let inner): text += "\n" + render(inner, indent: indent + 2)
      case .list(let items): text += "\n" + render(items, indent: indent + 2)
      }
    }
    return text
  }

  static func render(_ items: [Node], indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    var text = ""
    for item in items {
      switch item {
      case .map(let entries):
        // The first key on the dash's line, the rest under it.
        let block = render(entries, indent: indent + 2)
        text += pad + "- " + block.dropFirst(indent + 2)
      case .list(let inner):
        text += pad + "-\n" + render(inner, indent: indent + 2)
      default:
        text += pad + "- \(inline(item))\n"
      }
    }
    return text
  }

  static func inline(_ node: Node) -> String {
    switch node {
    case .scalar(let written): return written
    case .flow(let items):
      return "[" + items.map { scalar($0, flow: true) }.joined(separator: ", ") + "]"
    case .flowMap(let entries):
      return "{"
        + entries.map { "\(scalar($0.0, flow: true)): \($0.1)" }.joined(separator: ", ") + "}"
    case .map, .list: return ""
    }
  }

  // MARK: scalars

  /// Text as a YAML scalar: plain when it reads back as the same text, else double-quoted.
  static func scalar(_ text: String, flow: Bool) -> String {
    isPlain(text, flow: flow) ? text : quoted(text)
  }

  static func text(_ value: String?) -> Node? { value.map { .scalar(scalar($0, flow: false)) } }

  /// Words a YAML reader takes for nothing, or for true or false, rather than for text.
  static let reservedWords: Set<String> = [
    "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
  ]

  static func isPlain(_ text: String, flow: Bool) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
      !reservedWords.contains(text.lowercased()), first != " ", last != " ", last != ":",
      !"-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first),
      !text.contains(": "), !text.contains(" #")
    else { return false }
    if flow && text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) {
      return false
    }
    return text.unicodeScalars.allSatisfy { printable($0) && $0 != "\t" }
  }

  static func printable(_ c: Unicode.Scalar) -> Bool {
    c.value >= 0x20 && c.value != 0x7F && !(0x80...0x9F).contains(c.value)
      && c.value != 0x2028 && c.value != 0x2029 && c.value != 0xFEFF
  }

  /// A double-quoted scalar: `\` and `"` escaped, and every character that is not printable.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for c in text.unicodeScalars {
      switch c {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if printable(c) {
          out.unicodeScalars.append(c)
        } else {
          let hex = String(c.value, radix: 16, uppercase: true)
          out +=
            c.value <= 0xFFFF
            ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
      }
    }
    return out + "\""
  }

  static func date(_ value: CivilDate?) -> Node? { value.map { .scalar($0.iso) } }
  static func number(_ value: Int?) -> Node? { value.map { .scalar(String($0)) } }
  /// A time, quoted: a YAML 1.1 reader takes a plain 14:00 for a number of minutes.
  static func time(_ value: TimeOfDay?) -> Node? { value.map { .scalar(quoted($0.description)) } }
  static func flag(_ value: Bool) -> Node? { value ? .scalar("true") : nil }
  static func ids(_ list: [String]) -> Node? { list.isEmpty ? nil : .flow(list) }
  static func texts(_ list: [String]) -> Node? {
    list.isEmpty ? nil : .list(list.map { .scalar(scalar($0, flow: false)) })
  }

  // MARK: the parts of a protocol

  /// `source` (one citation or a list), `assumption`, `note` and `inconsistent`.
  static func provenance(_ p: Provenance) -> [(String, Node?)] {
    let sources = p.sources.map { s -> Node in
      .map([("file", text(s.file)), ("quote", text(s.quote)), ("section", text(s.section))])
    }
    var source: Node? = sources.count == 1 ? sources[0] : .list(sources)
    if sources.isEmpty { source = nil }
    return [
      ("source", source),
      ("assumption", text(p.assumption)), ("note", text(p.note)),
      ("inconsistent", text(p.inconsistency)),
    ]
  }

  static func head(_ p: Partnership) -> Node {
    let d = p.defaults
    let seasons: Node? =
      p.seasons == MonthRange.meteorologicalSeasons
      ? nil
      : .map(
        p.seasons.sorted { $0.key < $1.key }.map { name, range in
          (name, .flowMap([("from", range.from.name), ("to", range.to.name)]))
        })
    return .map(
      [
        ("id", text(p.id)), ("name", text(p.name)), ("area", text(p.area)),
        ("time_zone", text(p.timeZone)),
        ("financial_year_start", .scalar(p.financialYearStart.name)),
        ("holidays", .scalar(p.holidays.rawValue)), ("seasons", seasons),
        (
          "defaults",
          .map([
            ("meeting_time", time(d.meetingTime)),
            ("meeting_length_minutes", number(d.meetingLengthMinutes)),
            ("meeting_day", .scalar(d.meetingDay.description)),
            ("paper_lead_working_days", number(d.paperLeadWorkingDays)),
            ("warning_working_days", number(d.warningWorkingDays)),
            ("escalation_working_days", number(d.escalationWorkingDays)),
            ("meeting_capacity", number(d.meetingCapacity)),
          ])
        ),
        ("horizon", .map([("from", date(p.horizon.start)), ("to", date(p.horizon.end))])),
        ("tracking_from", date(p.trackingFrom)), ("address", text(p.address)),
      ] + provenance(p.provenance))
  }

  static func version(_ v: ProtocolVersion) -> Node {
    .map(
      [
        ("id", text(v.id)), ("title", text(v.title)), ("adopted", date(v.adopted)),
        ("from", date(v.from)), ("until", date(v.until)),
      ] + provenance(v.provenance))
  }

  static func person(_ p: Person) -> Node {
    .map(
      [
        ("id", text(p.id)), ("role", text(p.role)), ("name", text(p.name)),
        ("email", text(p.email)), ("organisation", text(p.organisation)),
      ] + provenance(p.provenance))
  }

  static func board(_ b: Board) -> Node {
    .map(
      [
        ("id", text(b.id)), ("name", text(b.name)), ("short_name", text(b.shortName)),
        ("kind", .scalar(b.kind.rawValue)), ("chair", text(b.chair)),
        ("vice_chair", text(b.viceChair)), ("lead_officer", text(b.leadOfficer)),
        ("sponsor", text(b.sponsor)), ("chair_rotation", text(b.chairRotation)),
        ("members", ids(b.members)), ("member_roles", texts(b.memberRoles)),
        ("accountable_to", ids(b.accountableTo)), ("public", flag(b.isPublic)),
        ("council_committee", flag(b.isCouncilCommittee)), ("quorum", text(b.quorum)),
        ("capacity", number(b.capacity)), ("location", text(b.location)),
        ("versions", ids(b.versions)), ("meetings", .list(b.patterns.map(pattern))),
        ("dates", .list(b.dates.map(explicitMeeting))),
        ("cancellations", .list(b.cancellations.map(cancellation))),
      ] + lifecycle(b.life) + provenance(b.provenance))
  }

  /// `established`, `renamed`, `replaced_by` and `dissolved`.
  static func lifecycle(_ life: BoardLifecycle) -> [(String, Node?)] {
    [
      (
        "established",
        life.established.map { .map([("on", date($0.on))] + provenance($0.provenance)) }
      ),
      (
        "renamed",
        .list(
          life.renamed.map {
            .map(
              [("on", date($0.on)), ("name", text($0.name)), ("short_name", text($0.shortName))]
                + provenance($0.provenance))
          })
      ),
      (
        "replaced_by",
        life.replacedBy.map {
          .map([("board", text($0.board)), ("on", date($0.on))] + provenance($0.provenance))
        }
      ),
      (
        "dissolved",
        life.dissolved.map {
          .map([("on", date($0.on)), ("reason", text($0.reason))] + provenance($0.provenance))
        }
      ),
    ]
  }

  static func pattern(_ m: MeetingPattern) -> Node {
    var months: [(String, Node?)]
    switch m.months {
    case .named(let list): months = [("months", .flow(list.map(\.name)))]
    case .every(let n, let starting):
      months = [("every_months", number(n)), ("starting", starting.map { Node.scalar($0.name) })]
    case .timesAYear(let n): months = [("times_a_year", number(n))]
    case .before(let board, let lead):
      let ahead: (String, String)
      switch lead {
      case .workingDays(let n): ahead = ("working_days", String(n))
      case .weeks(let n): ahead = ("weeks", String(n))
      }
      months = [("before", .flowMap([("board", board), ahead]))]
    }
    // Every meeting's items first, then the months' in calendar order.
    let agenda = m.agenda.sorted { ($0.key?.rawValue ?? 0) < ($1.key?.rawValue ?? 0) }.map {
      month, items -> (String, Node?) in (month?.name ?? "every", texts(items))
    }
    return .map(
      months + [
        ("day", m.day.map { Node.scalar($0.description) }), ("time", time(m.time)),
        ("length_minutes", number(m.lengthMinutes)), ("valid_from", date(m.validFrom)),
        ("valid_until", date(m.validUntil)), ("versions", ids(m.versions)),
        ("suspensions", .list(m.suspensions.map(suspension))), ("agenda", .map(agenda)),
        ("location", text(m.location)), ("moved", .list(m.moved.map(move))),
      ] + provenance(m.provenance))
  }

  static func move(_ m: PatternMove) -> Node {
    .map(
      [
        ("month", .scalar(quoted(m.month.iso))), ("to", date(m.to)), ("time", time(m.time)),
        ("reason", text(m.reason)),
      ] + provenance(m.provenance))
  }

  static func suspension(_ s: Suspension) -> Node {
    .map(
      [("from", date(s.span.start)), ("until", date(s.span.end)), ("reason", text(s.reason))]
        + provenance(s.provenance))
  }

  static func explicitMeeting(_ e: ExplicitMeeting) -> Node {
    .map(
      [
        ("date", date(e.date)), ("time", time(e.time)), ("length_minutes", number(e.lengthMinutes)),
        ("title", text(e.title)), ("agenda", texts(e.agenda)),
        ("confidential", flag(e.confidential)),
      ] + provenance(e.provenance))
  }

  static func cancellation(_ c: Cancellation) -> Node {
    let target: (String, Node?)
    switch c.target {
    case .date(let day): target = ("date", date(day))
    case .month(let month): target = ("month", .scalar(quoted(month.iso)))
    }
    return .map([target, ("reason", text(c.reason))] + provenance(c.provenance))
  }

  static func report(_ r: Report) -> Node {
    .map(
      [
        ("id", text(r.id)), ("name", text(r.name)), ("owner", text(r.owner)),
        ("covers", r.covers.map { Node.scalar($0.rawValue) }),
        ("cadence", .scalar(r.cadence.description)),
        ("anchor_year", number(r.anchorYear)),
        ("signed_off", r.signedOff.map { Node.scalar($0.name) }),
        ("versions", ids(r.versions)), ("theme", text(r.theme)),
      ] + provenance(r.provenance))
  }

  static func window(_ w: DutyWindow) -> Node {
    switch w {
    case .cycle: return .scalar("cycle")
    case .season(let name): return .scalar(scalar(name, flow: false))
    case .months(let range): return .flowMap([("from", range.from.name), ("to", range.to.name)])
    case .month(let month): return .flowMap([("month", month.name)])
    case .meeting(let month): return .flowMap([("meeting", month.name)])
    case .by(let month, let day):
      let mmdd = CivilDate.pad(month.rawValue, 2) + "-" + CivilDate.pad(day, 2)
      return .flowMap([("by", quoted(mmdd))])
    case .on(let day): return .flowMap([("on", day.iso)])
    case .after(let anchor, let n):
      let from: String
      switch anchor {
      case .duty(let id): from = "{duty: \(id)}"
      case .event(let name): from = "{event: \(name)}"
      }
      return .flowMap([("after", from), ("months", String(n))])
    }
  }

  static func duty(_ d: Duty) -> Node {
    .map(
      [
        ("id", text(d.id)), ("report", text(d.report)),
        ("to", d.action == .publish ? nil : .flow(d.receivers)),
        ("action", .scalar(d.action.rawValue)), ("window", window(d.window)),
        ("cadence", d.cadence.map { Node.scalar($0.description) }),
        ("anchor_year", number(d.anchorYear)), ("presented_by", text(d.presentedBy)),
        ("confidential", flag(d.confidential)), ("versions", ids(d.versions)),
        ("after", ids(d.after)),
      ] + provenance(d.provenance))
  }

  static func theme(_ t: Theme) -> Node {
    .map(
      [
        ("id", text(t.id)), ("name", text(t.name)), ("lead", text(t.lead)),
        ("contributors", ids(t.contributors)),
      ] + provenance(t.provenance))
  }

  static func review(_ r: ProtocolReview) -> Node {
    .map(
      [
        ("cadence", .scalar(r.cadence.description)), ("next", date(r.next)), ("by", ids(r.by)),
        ("also_after", ids(r.alsoAfter)),
        (
          "also_within_months",
          r.alsoAfter.isEmpty || r.alsoWithinMonths == ProtocolReview.defaultWithinMonths
            ? nil : number(r.alsoWithinMonths)
        ),
      ] + provenance(r.provenance))
  }
}
