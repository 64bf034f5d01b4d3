/// Who is looking (Semantics 18). What each audience may see is decided by `Disclosure`, once,
/// and every channel applies it: feeds, pages, the JSON API and the command line's JSON views.
public enum Audience: Hashable, Sendable {
  /// Anyone: a resident, a scrutineer. Sees the meetings of public boards, the items going to
  /// them and what they must publish by when; never a copy sent to a person, a confidential item,
  /// a private board, a paper deadline or who presents.
  case `public`
  /// A person or role the protocol names (its id): everything about the boards they chair, lead,
  /// sponsor or sit on, the duties they present and the copies sent to them; the rest as the
  /// public sees it.
  case person(String)
  /// Everyone who sits on one board (its id), holding the board's token: everything about that
  /// board, its meetings and what it owes and receives; the rest as the public sees it.
  case board(String)
  /// An officer of the partnership (the holder of its token): everything.
  case officer
}

/// How much of a meeting or an obligation an audience may see.
public enum Detail: Int, Comparable, Sendable {
  /// Nothing: it is left out, as if it did not exist.
  case hidden
  /// What the public feed shows: the meeting or item, without paper deadlines, presenters or the
  /// day a report is ready (internal working dates).
  case open
  /// Every field.
  case full

  public static func < (a: Detail, b: Detail) -> Bool { a.rawValue < b.rawValue }
}

/// What one audience may see of one partnership: the single rule behind every channel.
public struct Disclosure: Sendable {
  public let audience: Audience
  /// Boards that meet in public.
  let publicBoards: Set<String>
  /// For a person: the boards they chair, lead, sponsor or sit on; for a board's members: that
  /// board.
  let ownBoards: Set<String>

  public init(_ audience: Audience, of p: Partnership) {
    self.audience = audience
    publicBoards = Set(p.boards.filter(\.isPublic).map(\.id))
    switch audience {
    case .person(let id): ownBoards = p.boards(of: id)
    case .board(let id): ownBoards = p.board(id) == nil ? [] : [id]
    case .public, .officer: ownBoards = []
    }
  }

  /// The rule for feeds alone, when the protocol is not at hand (a server serving feeds only):
  /// a person may then subscribe to no private feed.
  public init(feedsOnly audience: Audience) {
    self.audience = audience
    publicBoards = []
    ownBoards = []
  }

  /// Everything, for officers: what the command line shows unless told otherwise.
  public static func officer(_ p: Partnership) -> Disclosure { Disclosure(.officer, of: p) }

  /// Whether the audience may see the board itself: its page, its meetings, its place in a list
  /// of boards. (A board that meets in private is still named as the owner of an item on a
  /// public board's agenda, as the council's published agenda names it.)
  public func board(_ id: String) -> Bool {
    switch audience {
    case .officer: return true
    case .public: return publicBoards.contains(id)
    case .person, .board: return publicBoards.contains(id) || ownBoards.contains(id)
    }
  }

  /// Whether the audience may subscribe to a feed: anyone to a public one; a person to their
  /// own feed and those of the boards they sit on; a board's holders to that board's feeds; an
  /// officer to every one.
  public func feed(_ kind: FeedKind, subject: String?, isPrivate: Bool) -> Bool {
    guard isPrivate else { return true }
    switch audience {
    case .officer: return true
    case .public: return false
    case .person(let id):
      switch kind {
      case .person: return subject == id
      case .board, .duties: return subject.map(ownBoards.contains) ?? false
      case .public: return false
      }
    case .board:
      switch kind {
      case .board, .duties: return subject.map(ownBoards.contains) ?? false
      case .person, .public: return false
      }
    }
  }

  /// How much of a meeting the audience may see.
  public func meeting(_ m: Meeting) -> Detail {
    switch audience {
    case .officer: return .full
    case .person where ownBoards.contains(m.board), .board where ownBoards.contains(m.board):
      return .full
    case .public, .person, .board:
      return publicBoards.contains(m.board) && !m.confidential ? .open : .hidden
    }
  }

  /// An obligation's status as the audience may see it: at `.open` detail a status that rests on
  /// an internal deadline (`papers-due`) reads as `scheduled`.
  public func status(_ status: ObligationStatus, detail: Detail) -> ObligationStatus {
    detail < .full && status == .papersDue ? .scheduled : status
  }

  /// How much of an obligation the audience may see. A copy sent to a person is theirs and
  /// their boards' (never the public's); a publication is the public's when its owner meets in
  /// public.
  public func obligation(_ o: Obligation) -> Detail {
    switch audience {
    case .officer: return .full
    case .person(let id)
    where ownBoards.contains(o.owner) || ownBoards.contains(o.receiver) || o.presentedBy == id
      || (o.receiverKind == .person && o.receiver == id):
      return .full
    case .board where ownBoards.contains(o.owner) || ownBoards.contains(o.receiver):
      return .full
    case .public, .person, .board:
      let seenAt: String? =
        switch o.receiverKind {
        case .board: o.receiver
        case .public: o.owner
        case .person: nil
        }
      return seenAt.map(publicBoards.contains) == true && !o.confidential ? .open : .hidden
    }
  }
}

extension Disclosure {
  /// How much of an alert the audience may see: nothing of one about an obligation it may not
  /// see, or whose status rests on an internal deadline (papers due, which reads as scheduled at
  /// `.open` detail); at `.open` detail the alert without who is told (their names, addresses and
  /// the alert log), as the public feed names no one; in full, everything.
  public func alert(_ a: Alert) -> Detail {
    let detail = obligation(a.obligation)
    guard detail > .hidden, status(a.status, detail: detail) == a.status else { return .hidden }
    return detail
  }

  /// Whether the audience may see a planning conflict found in `schedule`. An officer sees every
  /// one. Anyone else sees one only when it is about something it may see, and it may see all it
  /// is about: the obligation, the board, and the meetings (in full for a clash, which names who
  /// must attend, and for an overloaded meeting, which counts items the audience may not see). A
  /// conflict about the protocol as a whole (a version gap, sources that disagree, an overdue
  /// review) is the officers'.
  public func conflict(_ c: Conflict, in schedule: Schedule) -> Bool {
    if audience == .officer { return true }
    guard c.obligation != nil || c.board != nil || c.meetings?.isEmpty == false else {
      return false
    }
    if let id = c.obligation {
      guard let o = schedule.obligations.first(where: { $0.id == id }), obligation(o) > .hidden
      else { return false }
    }
    if let board = c.board, !self.board(board) { return false }
    let needed: Detail = c.kind == "clash" || c.kind == "overloaded" ? .full : .open
    for id in c.meetings ?? [] {
      guard let m = schedule.meetings.first(where: { $0.id == id }), meeting(m) >= needed else {
        return false
      }
    }
    return true
  }
}

extension Partnership {
  /// The boards a person or role chairs, vice-chairs, leads, sponsors or sits on.
  public func boards(of person: String) -> Set<String> {
    Set(
      boards.filter { b in
        [b.chair, b.viceChair, b.leadOfficer, b.sponsor].contains(person)
          || b.members.contains(person)
      }.map(\.id))
  }
}
