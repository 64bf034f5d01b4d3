import BoardCalCore

/// A check that needs the whole partnership (every board, the financial year), noted while a
/// board is read and run once the file and its imports are joined.
struct PartnershipCheck {
  let run: (Partnership) -> Void
}

extension ProtocolDecoder {
  static let lifecycleKeys = ["established", "renamed", "replaced_by", "dissolved"]

  /// A board's `established`, `renamed`, `replaced_by` and `dissolved` keys: dates in order,
  /// not both dissolved and replaced, a successor that exists and is not the board itself.
  func lifecycle(_ m: YAMLMapping, board: String?) -> BoardLifecycle {
    var life = BoardLifecycle()
    if let e = m["established"]?.mapping() {
      e.allow(["on"] + Self.provenanceKeys)
      let on = e.date("on", required: true)
      let p = provenance(e)
      if let on { life.established = BoardEstablishment(on: on, provenance: p) }
    }
    if let d = m["dissolved"]?.mapping() {
      d.allow(["on", "reason"] + Self.provenanceKeys)
      let on = d.date("on", required: true)
      let p = provenance(d)
      if let on {
        life.dissolved = BoardDissolution(on: on, reason: d.string("reason"), provenance: p)
      }
    }
    var successorAt: Located?
    if let r = m["replaced_by"]?.mapping() {
      r.allow(["board", "on"] + Self.provenanceKeys)
      successorAt = r["board"]
      let successor = refer(.board, r, "board", required: true)
      let on = r.date("on", required: true)
      let p = provenance(r)
      if let successor, successor == board {
        r["board"]?.complain(
          "a board cannot be replaced by itself ('\(successor)'); name the board that takes over its duties."
        )
      } else if let successor, let on {
        life.replacedBy = BoardReplacement(board: successor, on: on, provenance: p)
      }
    }
    if m.has("dissolved") && m.has("replaced_by") {
      m["dissolved"]?.complain(
        "a board is either dissolved (no one takes over its duties) or replaced_by a successor (who takes them over), not both; keep one."
      )
    }
    let firstDay = life.established?.on
    for (key, ended) in [("dissolved", life.dissolved?.on), ("replaced_by", life.replacedBy?.on)] {
      if let firstDay, let ended, ended <= firstDay {
        (m[key]?.mapping()?["on"] ?? m[key])?.complain(
          "the board ends on \(ended) (\(key)), not after it was established on \(firstDay): a board is established before it ends."
        )
      }
    }
    var previous: CivilDate?
    for r in objects(m["renamed"]) {
      r.allow(["on", "name", "short_name"] + Self.provenanceKeys)
      let on = r.date("on", required: true)
      let name = r.string("name", required: true)
      let p = provenance(r)
      guard let on, let name else { continue }
      if let previous, on <= previous {
        r["on"]?.complain(
          "renamings are listed in date order: \(on) is not after the renaming before it (\(previous))."
        )
      }
      if let firstDay, on <= firstDay {
        r["on"]?.complain(
          "the board is renamed on \(on), not after it was established on \(firstDay).")
      }
      if let last = life.lastDay, on > last {
        r["on"]?.complain(
          "the board is renamed on \(on), after its last day (\(last)): a board that no longer exists takes no new name."
        )
      }
      previous = on
      life.renamed.append(
        BoardRenaming(on: on, name: name, shortName: r.string("short_name"), provenance: p))
    }
    if let board, let successorAt, life.replacedBy != nil {
      laterChecks.append(
        PartnershipCheck { p in Self.checkSuccession(of: board, at: successorAt, in: p) })
    }
    return life
  }

  /// The successor of `board` must not lead back to it, and must exist on the day it takes over.
  static func checkSuccession(of board: String, at: Located, in p: Partnership) {
    guard let replacement = p.board(board)?.life.replacedBy,
      let successor = p.board(replacement.board)
    else { return }
    var path = [board]
    var next: String? = replacement.board
    while let id = next {
      path.append(id)
      if id == board {
        at.complain(
          "'replaced_by' goes round in a circle: \(path.joined(separator: " → ")); a board's successors cannot lead back to it."
        )
        return
      }
      if path.dropLast().contains(id) { break }
      next = p.board(id)?.life.replacedBy?.board
    }
    if !successor.life.contains(replacement.on) {
      at.complain(
        "'\(successor.id)' takes over on \(replacement.on) but does not exist that day (\(successor.life.daysText)); the successor must exist when it takes over."
      )
    }
  }

  /// A pattern's `moved` list: each a month of the pattern moved to another day of that month.
  func moves(_ m: YAMLMapping, board: String?) -> [PatternMove] {
    var seen: Set<YearMonth> = []
    var result: [(PatternMove, Located)] = []
    for item in objects(m["moved"]) {
      item.allow(["month", "to", "time", "reason"] + Self.provenanceKeys)
      var month: YearMonth?
      if let at = item.required("month"), let text = at.string("a month as YYYY-MM") {
        month = YearMonth(iso: text)
        if month == nil {
          at.complain("'\(text)' is not a month; write it as YYYY-MM, e.g. 2027-03.")
        }
      }
      let to = item.date("to", required: true)
      let p = provenance(item)
      guard let month, let to else { continue }
      if to.yearMonth != month {
        item["to"]?.complain(
          "the \(month) meeting is moved to \(to), outside its month: 'moved' keeps a meeting in its month. To hold it in another month, cancel it (cancellations: [{month: \(month)}]) and give the new meeting under 'dates'."
        )
        continue
      }
      if !seen.insert(month).inserted {
        item["month"]?.complain(
          "the \(month) meeting is already moved above; one move per month.")
        continue
      }
      result.append(
        (
          PatternMove(
            month: month, to: to, time: item["time"]?.time(), reason: item.string("reason"),
            provenance: p), item.located
        ))
    }
    if let board, !result.isEmpty {
      laterChecks.append(PartnershipCheck { p in Self.checkMoves(result, of: board, in: p) })
    }
    return result.map(\.0)
  }

  /// Each move must name a month the pattern meets in, not one the board cancels, and a day on
  /// which the board exists.
  static func checkMoves(_ moves: [(PatternMove, Located)], of boardID: String, in p: Partnership) {
    guard let board = p.board(boardID) else { return }
    for (move, at) in moves {
      let pattern = board.patterns.first { $0.moved.contains(move) }
      if let pattern, !pattern.months.includes(move.month, fyStart: p.financialYearStart) {
        let meets = Month.allCases.filter {
          pattern.months.includes(
            YearMonth(year: move.month.year, month: $0.rawValue), fyStart: p.financialYearStart)
        }
        at.complain(
          "the pattern has no meeting in \(move.month) to move (it meets in \(meets.map(\.name).joined(separator: ", "))); name a month it meets in, or give the meeting under 'dates'."
        )
      }
      if board.cancellations.contains(where: { $0.target == .month(move.month) }) {
        at.complain(
          "the \(move.month) meeting is both moved and cancelled; keep one.")
      }
      if !board.life.contains(move.to) {
        at.complain(
          "the meeting is moved to \(move.to), when the board does not exist (\(board.life.daysText))."
        )
      }
    }
  }
}
