import BoardCalCore
import Foundation

/// Reads protocol files into partnerships, and says everything wrong with them.
public enum ProtocolLoader {
  /// Loads one partnership file (and the shared files it imports).
  /// Throws `ProtocolLoadError` with every problem found when there is any.
  public static func load(path: String) throws(ProtocolLoadError) -> Partnership {
    let log = DiagnosticLog()
    let result = read(path: path, log: log)
    guard log.items.isEmpty, let partnership = result else {
      throw ProtocolLoadError(diagnostics: log.items)
    }
    return partnership
  }

  /// Loads a partnership from text, as if it were the file `name` in `directory`.
  public static func load(text: String, name: String, directory: String = ".")
    throws(ProtocolLoadError) -> Partnership
  {
    let log = DiagnosticLog()
    let result = read(text: text, name: name, directory: directory, log: log)
    guard log.items.isEmpty, let partnership = result else {
      throw ProtocolLoadError(diagnostics: log.items)
    }
    return partnership
  }

  static func read(path: String, log: DiagnosticLog) -> Partnership? {
    guard let text = readText(path: path, log: log, at: nil) else { return nil }
    let url = URL(fileURLWithPath: path)
    return read(
      text: text, name: path, directory: url.deletingLastPathComponent().path, log: log)
  }

  static func readText(path: String, log: DiagnosticLog, at: Located?) -> String? {
    switch YAMLFile.text(at: path) {
    case .success(let text): return text
    case .failure(.unreadable) where at != nil:
      // An imported file that is missing is the importing key's problem.
      at?.complain("cannot read the file '\(path)': it does not exist or is not readable.")
      return nil
    case .failure(let problem):
      log.report(problem.diagnostic.position, "", problem.diagnostic.message)
      return nil
    }
  }

  static func compose(text: String, name: String, log: DiagnosticLog) -> Located? {
    switch YAMLTree.read(text, file: name) {
    case .success(let tree):
      return Located(tree: tree, index: tree.root, path: "", file: name, log: log)
    case .failure(let problem):
      log.report(problem.position, "", problem.message)
      return nil
    }
  }

  static func read(text: String, name: String, directory: String, log: DiagnosticLog)
    -> Partnership?
  {
    guard let root = compose(text: text, name: name, log: log) else { return nil }
    let decoder = ProtocolDecoder(file: name, log: log)
    let document = decoder.document(root)
    if document.shared != nil {
      root.complain(
        "this is a shared file of boards ('shared:'); validate the partnership files that import it."
      )
      return nil
    }
    guard var partnership = document.partnership else { return nil }
    if partnership.id == SharedOrigin.calendarsFolder
      || partnership.id.hasPrefix(SharedOrigin.calendarsFolder + "-")
    {
      // The shared boards' feeds and meeting ids are named after it.
      (root.mapping()?["partnership"]?.mapping()?["id"] ?? root).complain(
        "'\(partnership.id)' cannot be a partnership's id: 'shared' names the shared boards' feeds (Calendars/shared/) and meetings."
      )
    }
    var sharedDefinitions: [IDMention] = []
    var sharedChecks: [PartnershipCheck] = []
    for entry in document.imports {
      let path = URL(fileURLWithPath: directory).appendingPathComponent(entry.file).path
      guard let text = readText(path: path, log: log, at: entry.at),
        let sharedRoot = compose(text: text, name: path, log: log)
      else { continue }
      let sharedDecoder = ProtocolDecoder(file: path, log: log)
      guard let shared = sharedDecoder.document(sharedRoot).shared else {
        entry.at.complain("'\(entry.file)' is not a shared file (it has no 'shared:' head).")
        continue
      }
      if !shared.serves.contains(partnership.id) {
        entry.at.complain(
          "'\(entry.file)' serves \(shared.serves.joined(separator: ", ")), not '\(partnership.id)'; add it to 'serves' there."
        )
      }
      checkSharedCalendar(partnership, importing: entry.file, at: entry.at)
      for (boardID, at) in entry.boards {
        guard var board = shared.boards.first(where: { $0.id == boardID }) else {
          at.complain(
            "'\(entry.file)' defines no board '\(boardID)'."
              + didYouMean(boardID, shared.boards.map(\.id)))
          continue
        }
        board.sharedFrom = shared.id
        board.shared = SharedOrigin(id: shared.id, name: shared.name, serves: shared.serves)
        partnership.boards.append(board)
        partnership.reports += shared.reports.filter { $0.owner == boardID }
        let ownReports = Set(shared.reports.filter { $0.owner == boardID }.map(\.id))
        let people = Set(
          [board.chair, board.viceChair, board.leadOfficer, board.sponsor].compactMap { $0 }
            + board.members)
        for person in shared.people where people.contains(person.id) {
          if !partnership.people.contains(where: { $0.id == person.id }) {
            partnership.people.append(person)
          }
        }
        sharedDefinitions += sharedDecoder.definitions.filter {
          ($0.kind == .board && $0.id == boardID)
            || ($0.kind == .report && ownReports.contains($0.id))
        }
      }
      // References inside the shared file are checked against the shared file itself.
      check(
        definitions: sharedDecoder.definitions, references: sharedDecoder.references, log: log)
      sharedChecks += sharedDecoder.laterChecks
    }
    check(
      definitions: decoder.definitions + sharedDefinitions, references: decoder.references,
      log: log, people: Set(partnership.people.map(\.id)))
    checkSeasons(decoder.seasonUses, partnership.seasons)
    checkVersions(partnership, decoder)
    checkAnchors(partnership, decoder)
    checkOrder(partnership, decoder)
    checkReceivers(partnership, decoder)
    checkTiming(partnership, decoder)
    for check in decoder.laterChecks + sharedChecks { check.run(partnership) }
    return partnership
  }

  /// Duplicate ids within a kind, and references to ids that are not defined.
  static func check(
    definitions: [IDMention], references: [IDMention], log: DiagnosticLog,
    people: Set<String> = []
  ) {
    var known: [IDKind: [String: IDMention]] = [:]
    for definition in definitions {
      if let first = known[definition.kind]?[definition.id] {
        let place =
          first.at.position.file == definition.at.position.file
          ? "line \(first.at.position.line)"
          : "\(first.at.position.file):\(first.at.position.line)"
        definition.at.complain(
          "the \(definition.kind.rawValue) id '\(definition.id)' is already used at \(place); ids must be unique."
        )
      } else {
        known[definition.kind, default: [:]][definition.id] = definition
      }
    }
    let peopleIDs = people.union(known[.person]?.keys.map { $0 } ?? [])
    for reference in references {
      if known[reference.kind]?[reference.id] != nil { continue }
      if reference.orPerson && peopleIDs.contains(reference.id) { continue }
      let ids = Set(known[reference.kind]?.keys.map { $0 } ?? [])
      let kinds = reference.orPerson ? "board or person" : reference.kind.rawValue
      let candidates = Array(ids) + (reference.orPerson ? Array(peopleIDs) : [])
      reference.at.complain(
        "no \(kinds) has the id '\(reference.id)'."
          + (candidates.isEmpty
            ? " This file defines no \(reference.kind.plural)."
            : didYouMean(reference.id, candidates)))
    }
  }

  static func checkSeasons(_ uses: [(String, Located)], _ seasons: [String: MonthRange]) {
    for (season, at) in uses where seasons[season] == nil {
      at.complain(
        "'\(season)' is neither 'cycle' nor a season of this partnership (\(seasons.keys.sorted().joined(separator: ", "))); a window is 'cycle', a season, {from: Month, to: Month}, {month: Month}, {meeting: Month} or {by: \"MM-DD\"}."
          + didYouMean(season, Array(seasons.keys) + ["cycle"]))
    }
  }

  /// Versions must not overlap: on any day exactly one text (or none) governs.
  static func checkVersions(_ partnership: Partnership, _ decoder: ProtocolDecoder) {
    let versions = partnership.versions.sorted { $0.from < $1.from }
    for (a, b) in zip(versions, versions.dropFirst()) {
      let aEnd = a.until ?? CivilDate(year: 9999, month: 12, day: 31)!
      if b.from <= aEnd {
        let at = decoder.definitions.first { $0.kind == .version && $0.id == b.id }?.at
        at?.complain(
          "version '\(b.id)' starts on \(b.from), while version '\(a.id)' still governs (\(a.from) to \(a.until?.iso ?? "open-ended")); versions must not overlap: end '\(a.id)' the day before."
        )
      }
    }
  }

  /// A duty whose cadence is every N years needs an anchor year, on it or on its report.
  /// `after` must not go round in a circle (a duty that must follow itself, at one remove or
  /// more): the first duty of each circle is named.
  static func checkOrder(_ partnership: Partnership, _ decoder: ProtocolDecoder) {
    let byID = Dictionary(
      partnership.duties.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var reported: Set<String> = []
    for duty in partnership.duties where !duty.after.isEmpty {
      // Walk what it must follow; coming back to it is a circle.
      var seen: Set<String> = []
      var queue = duty.after
      var path = [duty.id]
      while let next = queue.first {
        queue.removeFirst()
        if next == duty.id {
          if reported.insert(duty.id).inserted {
            decoder.definitions.first { $0.kind == .duty && $0.id == duty.id }?.at.complain(
              "'after' goes round in a circle: \((path + [duty.id]).joined(separator: " → ")); a duty cannot have to follow itself."
            )
          }
          break
        }
        guard seen.insert(next).inserted, let d = byID[next] else { continue }
        path.append(next)
        queue += d.after
      }
    }
  }

  static func checkAnchors(_ partnership: Partnership, _ decoder: ProtocolDecoder) {
    for duty in partnership.duties {
      guard case .everyYears(let n) = duty.cadence, duty.anchorYear == nil,
        partnership.report(duty.report)?.anchorYear == nil
      else { continue }
      decoder.definitions.first { $0.kind == .duty && $0.id == duty.id }?.at.complain(
        "the duty's cadence is every \(n) years but neither it nor its report has an anchor_year saying which years."
      )
    }
  }

  /// A shared board's meetings are in the shared file's calendar (`Partnership.home(of:)`): a
  /// partnership in another time zone cannot show them as its own.
  static func checkSharedCalendar(_ p: Partnership, importing file: String, at: Located) {
    if p.timeZone != SharedOrigin.timeZone {
      at.complain(
        "'\(file)' defines boards that meet in \(SharedOrigin.timeZone), the time zone of every shared file, but this partnership's time_zone is '\(p.timeZone)'; a shared board has one calendar wherever it is imported."
      )
    }
  }
}
