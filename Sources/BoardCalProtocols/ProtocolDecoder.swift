import BoardCalCore

/// The kinds of thing a protocol file names by id and refers to elsewhere.
enum IDKind: String, CaseIterable {
  case board, person, report, duty, version, theme

  var plural: String {
    switch self {
    case .person: return "people"
    default: return rawValue + "s"
    }
  }
}

/// An id as written at one place in a file: a definition or a reference to check.
struct IDMention {
  let kind: IDKind
  let id: String
  let at: Located
  /// A reference that may also name a person (`accountable_to`).
  var orPerson = false
}

/// Reads the YAML tree of one file into model values, noting every id it
/// defines and every id it refers to so they can be checked once all files are read.
final class ProtocolDecoder {
  let log: DiagnosticLog
  let file: String
  var definitions: [IDMention] = []
  var references: [IDMention] = []
  /// Places that need a season defined in the partnership.
  var seasonUses: [(String, Located)] = []
  /// Places where an every-N-years cadence needs an anchor year.
  var imports: [(file: String, boards: [(String, Located)], at: Located)] = []
  /// Checks that need the joined partnership (successors, moved months), run by the loader.
  var laterChecks: [PartnershipCheck] = []
  /// Every `before` meeting pattern, with the board it belongs to.
  var leadUses: [LeadMention] = []
  /// Each duty's receivers as written, checked once the people are known (`checkReceivers`).
  var receiverUses: [ReceiverUse] = []

  init(file: String, log: DiagnosticLog) {
    self.file = file
    self.log = log
  }

  static let idRule = "an id is lower-case letters, digits and '-', starting with a letter"

  /// Whether `text` follows `idRule` (ids, and the names of events).
  static func isID(_ text: String) -> Bool {
    // Most ids are ASCII, read byte by byte; any other text is read as characters.
    if let first = text.utf8.first, text.utf8.allSatisfy({ $0 < 0x80 }) {
      return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        && text.utf8.allSatisfy {
          (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
        }
    }
    return text.first.map { $0.isLetter && $0.isLowercase } == true
      && text.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }
  }

  /// Reads `id`; records it as a definition of `kind` when one is given.
  func id(_ m: YAMLMapping, _ kind: IDKind?) -> String? {
    guard let value = m.required("id"), let text = value.string("an id") else { return nil }
    if !Self.isID(text) { value.complain("'\(text)' is not a valid id: \(Self.idRule).") }
    if let kind, kind == .board || kind == .person, text == Duty.publicReceiver {
      value.complain(
        "'\(text)' is kept for the public, the receiver of a publication (action: publish); give this \(kind.rawValue) another id."
      )
    }
    if let kind { definitions.append(IDMention(kind: kind, id: text, at: value)) }
    return text
  }

  /// Notes a reference to check; `orPerson`: it may name a person instead (`accountable_to`,
  /// a duty's `to`).
  func refer(_ kind: IDKind, _ item: (String, Located), orPerson: Bool = false) -> String {
    references.append(IDMention(kind: kind, id: item.0, at: item.1, orPerson: orPerson))
    return item.0
  }

  func refer(_ kind: IDKind, _ m: YAMLMapping, _ key: String, required: Bool = false) -> String? {
    guard let value = required ? m.required(key) : m[key], !value.isNull,
      let text = value.string("an id")
    else { return nil }
    return refer(kind, (text, value))
  }

  func referList(_ kinds: IDKind, _ m: YAMLMapping, _ key: String) -> [String] {
    m.ids(key).map { refer(kinds, $0) }
  }

  /// Items of a list each of which must be a mapping; index-or-id in the path.
  func objects(_ value: Located?) -> [YAMLMapping] {
    guard let value else { return [] }
    return value.items().compactMap { item in
      guard let m = item.mapping() else { return nil }
      if let id = m["id"]?.scalarText {
        return m.renamed(value.path + "[\(id)]")
      }
      return m
    }
  }

  // MARK: provenance

  static let provenanceKeys = ["source", "assumption", "note", "inconsistent"]

  func provenance(_ m: YAMLMapping, sourceRequired: Bool = true) -> Provenance {
    var sources: [SourceCitation] = []
    if let source = m["source"], !source.isNull {
      let list: [Located] = {
        if source.isList { return source.items() }
        return [source]
      }()
      if list.isEmpty {
        source.complain("'source' lists no citation; give at least one {file: ..., quote: ...}.")
      }
      for entry in list {
        guard let s = entry.mapping() else { continue }
        s.allow(["file", "quote", "section"])
        let file = s.string("file", required: true)
        let quote = s.string("quote", required: true)
        if let file, let quote {
          sources.append(
            SourceCitation(file: file, quote: quote, section: s.string("section")))
        }
      }
    } else if sourceRequired {
      m.complain(
        "the key 'source' is required here: every rule cites the document and sentence it encodes, as {file: ..., quote: ...}."
      )
    }
    var provenance = Provenance(
      sources: sources, assumption: m.string("assumption"), note: m.string("note"),
      position: m.position)
    provenance.inconsistency = m.string("inconsistent")
    if provenance.inconsistency != nil && sources.count < 2 {
      m["inconsistent"]?.complain(
        "'inconsistent' says the sources disagree: cite both of them under 'source'.")
    }
    return provenance
  }

  // MARK: cadence and windows

  static let cadenceHelp =
    "annual, six-monthly, quarterly, every-meeting or 'every N years' (with anchor_year)"

  func cadence(_ value: Located) -> Cadence? {
    guard let text = value.string("a cadence") else { return nil }
    switch text {
    case "annual", "annually", "yearly": return .annual
    case "six-monthly": return .sixMonthly
    case "quarterly": return .quarterly
    case "every-meeting": return .everyMeeting
    default: break
    }
    let words = text.split(separator: " ")
    if words.count == 3, words[0] == "every", words[2] == "years", let n = Int(words[1]),
      (2...20).contains(n)
    {
      return .everyYears(n)
    }
    value.complain(
      "'\(text)' is not a cadence; allowed: \(Self.cadenceHelp)."
        + didYouMean(
          text, ["annual", "six-monthly", "quarterly", "every-meeting", "every 4 years"]))
    return nil
  }

  func window(_ value: Located) -> DutyWindow? {
    if let text = value.scalarText, !value.isNull {
      if text == "cycle" { return .cycle }
      let season = text.lowercased()
      seasonUses.append((season, value))
      return .season(season)
    }
    guard let m = value.mapping() else { return nil }
    m.allow(["from", "to", "month", "meeting", "by", "on", "after", "months"])
    let keys = ["from", "month", "meeting", "by", "on", "after"].filter { m.has($0) }
    guard keys.count == 1 else {
      m.complain(
        "a window is 'cycle', a season name, {from: Month, to: Month}, {month: Month}, {meeting: Month}, {by: \"MM-DD\"}, {on: DATE} or {after: {duty: ID} or {event: NAME}, months: N}; give exactly one of them."
      )
      return nil
    }
    if keys[0] != "after", let months = m["months"] {
      months.complain("'months' goes with 'after' only: {after: {event: NAME}, months: 12}.")
    }
    if keys[0] == "on" || keys[0] == "after" { return datedWindow(m, keys[0]) }
    if keys[0] != "from", let to = m["to"] {
      to.complain("'to' goes with 'from' only: a month range is written {from: Month, to: Month}.")
    }
    switch keys[0] {
    case "from":
      guard let from = m.required("from")?.month(), let to = m.required("to")?.month() else {
        return nil
      }
      if from == to {
        m.complain(
          "the window runs from \(from.name) to \(to.name): a one-month window is written {month: \(from.name)}."
        )
        return nil
      }
      return .months(MonthRange(from: from, to: to))
    case "month":
      return m["month"]?.month().map { .month($0) }
    case "meeting":
      return m["meeting"]?.month().map { .meeting($0) }
    default:
      guard let by = m["by"], let text = by.string("a day as MM-DD") else { return nil }
      let parts = text.split(separator: "-")
      guard parts.count == 2, let month = Int(parts[0]).flatMap(Month.init(rawValue:)),
        let day = Int(parts[1]), day >= 1,
        day <= (month == .february ? 28 : CivilDate.daysIn(year: 2001, month: month.rawValue))
      else {
        by.complain(
          "'\(text)' is not a day of the year that exists every year; write it as MM-DD, e.g. \"07-31\" for 31 July."
        )
        return nil
      }
      return .by(month, day)
    }
  }

  func versions(_ m: YAMLMapping) -> [String] { referList(.version, m, "versions") }
}
