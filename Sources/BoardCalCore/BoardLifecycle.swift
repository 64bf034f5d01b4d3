/// A board's life under the protocol: the day it was set up, the names it took, and how it
/// ended (dissolved, or replaced by a successor that takes over its duties). A board with no
/// lifecycle lives for as long as the protocol governs.
public struct BoardLifecycle: Hashable, Sendable {
  /// The day the board was set up: no meeting and no obligation before it.
  public var established: BoardEstablishment?
  /// The names it took, in date order: each holds from its day.
  public var renamed: [BoardRenaming]
  /// The board that takes over its duties, and from which day: the board ends the day before.
  public var replacedBy: BoardReplacement?
  /// The day it ceased to exist: no meeting and no obligation on or after it.
  public var dissolved: BoardDissolution?

  public init(
    established: BoardEstablishment? = nil, renamed: [BoardRenaming] = [],
    replacedBy: BoardReplacement? = nil, dissolved: BoardDissolution? = nil
  ) {
    self.established = established
    self.renamed = renamed
    self.replacedBy = replacedBy
    self.dissolved = dissolved
  }

  /// Whether the protocol says nothing about the board's life.
  public var isEmpty: Bool {
    established == nil && renamed.isEmpty && replacedBy == nil && dissolved == nil
  }

  /// The board's first day, when the protocol says when it was set up.
  public var firstDay: CivilDate? { established?.on }

  /// The board's last day: the day before it was dissolved or replaced, whichever is earlier.
  public var lastDay: CivilDate? {
    [dissolved?.on, replacedBy?.on].compactMap { $0 }.min()?.adding(days: -1)
  }

  /// Whether the board exists on `date`.
  public func contains(_ date: CivilDate) -> Bool {
    (firstDay.map { $0 <= date } ?? true) && (lastDay.map { date <= $0 } ?? true)
  }

  /// When the board exists, in words: "it exists from 2019-06-29 to 2021-03-31".
  public var daysText: String {
    switch (firstDay, lastDay) {
    case (let first?, let last?): return "it exists from \(first) to \(last)"
    case (let first?, nil): return "it is established on \(first)"
    case (nil, let last?): return "its last day is \(last)"
    case (nil, nil): return "it exists throughout"
    }
  }

  /// The part of `span` in which the board exists, if any.
  public func clip(_ span: DateSpan) -> DateSpan? {
    let start = max(span.start, firstDay ?? span.start)
    let end = min(span.end, lastDay ?? span.end)
    return start <= end ? DateSpan(start: start, end: end) : nil
  }
}

/// When a board was set up (`established`), and the sentence that says so.
public struct BoardEstablishment: Hashable, Sendable {
  public var on: CivilDate
  public var provenance: Provenance

  public init(on: CivilDate, provenance: Provenance = Provenance()) {
    self.on = on
    self.provenance = provenance
  }
}

/// A new name for a board from a day (`renamed`): the board keeps its id, its feeds and its UIDs.
public struct BoardRenaming: Hashable, Sendable {
  public var on: CivilDate
  public var name: String
  public var shortName: String?
  public var provenance: Provenance

  public init(
    on: CivilDate, name: String, shortName: String? = nil, provenance: Provenance = Provenance()
  ) {
    self.on = on
    self.name = name
    self.shortName = shortName
    self.provenance = provenance
  }
}

/// The board that takes over a board's duties from a day (`replaced_by`): what was owed to the
/// old board, or owned by it, is owed to or owned by the successor from that day.
public struct BoardReplacement: Hashable, Sendable {
  public var board: String
  public var on: CivilDate
  public var provenance: Provenance

  public init(board: String, on: CivilDate, provenance: Provenance = Provenance()) {
    self.board = board
    self.on = on
    self.provenance = provenance
  }
}

/// The day a board ceased to exist with no successor (`dissolved`), and why.
public struct BoardDissolution: Hashable, Sendable {
  public var on: CivilDate
  public var reason: String?
  public var provenance: Provenance

  public init(on: CivilDate, reason: String? = nil, provenance: Provenance = Provenance()) {
    self.on = on
    self.reason = reason
    self.provenance = provenance
  }
}

extension Board {
  /// The name the board went by on `date`: its latest renaming on or before it, else its name.
  public func name(on date: CivilDate) -> String {
    life.renamed.last { $0.on <= date }?.name ?? name
  }

  /// The short name (else the name) the board went by on `date`.
  public func label(on date: CivilDate) -> String {
    guard let renaming = life.renamed.last(where: { $0.on <= date }) else { return label }
    return renaming.shortName ?? renaming.name
  }
}

/// Which board holds a board's duties on each day: the board itself while it exists, then its
/// successor from the day it was replaced, and so on. Built once per partnership and asked
/// for every duty, so that a partnership without lifecycles pays nothing for them.
public struct DutyHolders: Sendable {
  /// The boards that have a lifecycle, by id (the first with an id wins, as `Partnership.board`).
  let lives: [String: BoardLifecycle]

  public init(_ p: Partnership) {
    var lives: [String: BoardLifecycle] = [:]
    var seen: Set<String> = []
    for board in p.boards where seen.insert(board.id).inserted && !board.life.isEmpty {
      lives[board.id] = board.life
    }
    self.lives = lives
  }

  /// Each board that holds `receiver`'s duties over `span`, with the days it holds them, in date
  /// order; empty when no holder exists on any day of the span. A receiver with no lifecycle
  /// (or that is not a board) holds its duties over the whole span. The chain stops at a
  /// successor in `skipping` (a duty's own receivers): it receives that duty in its own right.
  public func holders(of receiver: String, over span: DateSpan, skipping: [String] = [])
    -> [(board: String, span: DateSpan)]
  {
    guard lives[receiver] != nil else { return [(receiver, span)] }
    var result: [(board: String, span: DateSpan)] = []
    var id = receiver
    var from = span.start
    var visited: Set<String> = []
    while visited.insert(id).inserted, from <= span.end {
      // A successor that receives the duty in its own right takes it from here on its own.
      if id != receiver && skipping.contains(id) { break }
      let life = lives[id] ?? BoardLifecycle()
      if let part = life.clip(DateSpan(start: from, end: span.end)) {
        result.append((id, part))
      }
      guard let next = life.replacedBy else { break }
      from = max(from, next.on)
      id = next.board
    }
    return result
  }

  /// Whether `board` exists on `date` (a board with no lifecycle always does).
  public func exists(_ board: String, on date: CivilDate) -> Bool {
    lives[board]?.contains(date) ?? true
  }
}

extension CivilDate {
  /// The first day boardcal works with (`DateBounds.years`): the start of "since ever".
  public static let earliest = CivilDate(
    uncheckedYear: DateBounds.years.lowerBound, month: 1, day: 1)
}

extension Partnership {
  /// The short name (else name) board `id` went by on `date` (`Board.label(on:)`): what every
  /// view shows, so that a renamed board reads by its new name from its renaming; an id that is
  /// no board of the partnership is itself.
  public func label(of id: String, on date: CivilDate) -> String {
    board(id) { $0.label(on: date) } ?? id
  }

  /// The full name board `id` went by on `date` (`Board.name(on:)`).
  public func name(of id: String, on date: CivilDate) -> String {
    board(id) { $0.name(on: date) } ?? id
  }
}

extension Obligation {
  /// The day it is about: its slot's day, else its window's end. Its boards are named as they
  /// were then.
  public var day: CivilDate { slot.date ?? window.end }
}

extension Partnership {
  /// What a chair should know of board `id`'s life as of a day, in a sentence, when its life
  /// bounds what the views show: not established yet, replaced (and by whom), or dissolved, or
  /// about to be. Nil for a board whose life does not end or begin around the day.
  public func lifeNote(of id: String, asOf day: CivilDate) -> String? {
    guard let board = board(id) else { return nil }
    let life = board.life
    let name = board.name(on: day)
    if let established = life.established?.on, day < established {
      return
        "The \(name) is established on \(established.iso): nothing is owed to or by it before then."
    }
    if let replaced = life.replacedBy {
      let successor = self.name(of: replaced.board, on: replaced.on)
      return day >= replaced.on
        ? "The \(name) was replaced by the \(successor) on \(replaced.on.iso): what was owed to or by it is the \(successor)'s from then."
        : "The \(name) is to be replaced by the \(successor) on \(replaced.on.iso): what is owed to or by it is the \(successor)'s from then."
    }
    if let dissolved = life.dissolved?.on {
      return day >= dissolved
        ? "The \(name) was dissolved on \(dissolved.iso): nothing is owed to or by it from then."
        : "The \(name) is to be dissolved on \(dissolved.iso): nothing is owed to or by it from then."
    }
    return nil
  }
}
