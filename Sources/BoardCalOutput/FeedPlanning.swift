import BoardCalCore

/// One line of `feeds.json`: a feed as the server finds it (what it is, whether it is private).
public struct FeedIndexEntry: Codable, Hashable, Sendable {
  /// Relative to the calendars folder: `milton-keynes/boards/hwb.ics`.
  public let path: String
  public let name: String
  public let kind: FeedKind
  public let subject: String?
  public let `private`: Bool
  public let events: Int

  public init(_ feed: Feed) {
    path = feed.path
    name = feed.name
    kind = feed.kind
    subject = feed.subject
    `private` = feed.isPrivate
    events = feed.events.count
  }
}

/// The settings that shape feeds without changing the schedule.
public struct FeedOptions: Sendable {
  /// Where the board pages live, e.g. `https://boards.example.gov.uk`; links are left out without it.
  public var baseURL: String?
  /// DTSTAMP of a shared board's events no record changed (`emit --generated-at`); nil: the
  /// shared boards' fixed stamp (`SharedOrigin.stamp`).
  public var generatedAt: UTCInstant? = nil

  public init(baseURL: String? = nil) { self.baseURL = baseURL }
}

/// Decides which entries go into which feed, and what each says (DESIGN "iCalendar output").
/// What each feed may hold is decided by `Disclosure`: the public feed holds what the public
/// audience may see, a person's feed what that person may see.
public enum FeedPlanner {
  /// Every feed of a partnership over `schedule`: one per board (its members), one per board's
  /// duties (its chair), the public feed, and one per person or role who sits on a board or
  /// presents a duty.
  public static func feeds(
    _ p: Partnership, _ schedule: Schedule, options: FeedOptions = FeedOptions()
  )
    -> [Feed]
  {
    let text = FeedText(p: p, schedule: schedule, options: options)
    let officers = Disclosure.officer(p)
    // Calendar names are short: the partnership by its area ("Milton Keynes") where it has one.
    let place = p.area ?? p.name
    let lists = ScheduleLists(p, schedule)
    var feeds: [Feed] = []
    for board in p.boards {
      let meetings = lists.meetings(of: [board.id])
      let incoming = lists.obligations(lists.received[board.id])
      if !meetings.isEmpty || !incoming.isEmpty {
        feeds.append(
          Feed(
            path: "\(p.id)/boards/\(board.id).ics",
            name: "\(board.name(on: schedule.span.end)) — \(place)",
            description:
              "Meetings of the \(board.name(on: schedule.span.end))\(text.serving(board)), their paper deadlines and the items due at each, under the \(p.name) protocol.",
            kind: .board, subject: board.id, isPrivate: true,
            // A meeting is one block: the items due there are in its description; only what
            // is circulated (no meeting), or due at a shared board's meeting, is an entry of
            // its own.
            events: meetings.flatMap { text.meetingEvents($0, for: officers) }
              + incoming.filter { !text.listsItems(at: $0) }.compactMap {
                text.dutyEvent($0, for: officers)
              }))
      }
      let outgoing = lists.obligations(lists.owed[board.id])
      if !outgoing.isEmpty {
        feeds.append(
          Feed(
            path: "\(p.id)/duties/\(board.id).ics",
            name: "What \(board.label(on: schedule.span.end)) owes — \(place)",
            description:
              "What the \(board.name(on: schedule.span.end)) must present, consult on or inform, to whom and when.",
            kind: .duties, subject: board.id, isPrivate: true,
            events: outgoing.compactMap { text.dutyEvent($0, for: officers) }))
      }
    }
    let anyone = Disclosure(.public, of: p)
    // What public boards must publish, and by when, is public too.
    let published = schedule.obligations.filter {
      $0.receiverKind == .public && anyone.obligation($0) > .hidden
    }
    feeds.append(
      Feed(
        path: "\(p.id)/public.ics", name: "Public meetings — \(place)",
        description: "Meetings held in public under the \(p.name) protocol"
          + (published.isEmpty ? "." : ", and the reports to be published by a date."),
        kind: .public, subject: nil, isPrivate: false,
        events: schedule.meetings.filter { anyone.meeting($0) > .hidden }
          .flatMap { text.meetingEvents($0, for: anyone) }
          + text.itemsApart(at: schedule.meetings, for: anyone)
          + published.compactMap { text.dutyEvent($0, for: anyone) }))
    for person in p.people {
      let boards = p.boards(of: person.id)
      // What they present, the meetings their board's chair is invited to when they chair it,
      // and the copies sent to them.
      let presents = lists.obligations(lists.presented[person.id])
      guard !boards.isEmpty || !presents.isEmpty else { continue }
      let own = Disclosure(.person(person.id), of: p)
      let meetings = lists.meetings(of: boards)
      // The meetings whose descriptions list their items (a shared board's do not).
      let held = Set(meetings.filter { text.shared[$0.board] == nil }.map(\.id))
      feeds.append(
        Feed(
          path: "\(p.id)/people/\(person.id).ics", name: "\(person.displayName) — \(place)",
          description:
            "Meetings of every board this person or role sits on, and what they present"
            + (presents.contains { $0.isByDate } ? " or are sent." : "."),
          kind: .person, subject: person.id, isPrivate: true,
          // What they present at one of their own boards' meetings is in that meeting's
          // description; elsewhere it is an entry of its own.
          events: meetings.flatMap { text.meetingEvents($0, for: own) }
            + presents.filter { !held.contains($0.slot.meetingID ?? "") }.compactMap {
              text.dutyEvent($0, for: own)
            } + text.itemsApart(at: meetings, for: own)))
    }
    return finished(feeds)
  }

  /// The feeds as they are written: a feed with nothing in it is neither written nor offered;
  /// names and descriptions as every reader takes them; each event once, in time order.
  static func finished(_ feeds: [Feed]) -> [Feed] {
    feeds.filter { !$0.events.isEmpty }.map { feed in
      var sorted = feed
      sorted.name = Feed.headerText(feed.name)
      sorted.description = Feed.headerText(feed.description)
      // Positions are sorted, not events: each event is copied once, into its place.
      let events = feed.events
      var seen: Set<String> = []
      seen.reserveCapacity(events.count)
      let keys = events.map(\.start.sortKey)
      sorted.events = events.indices.filter { seen.insert(events[$0].uid).inserted }
        .sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : events[$0].uid < events[$1].uid }
        .map { events[$0] }
      return sorted
    }
  }
}

extension EventTime {
  /// Minutes since the day-number epoch (all-day entries at midnight): sorts as "YYYY-MM-DDTHH:MM".
  var sortKey: Int {
    switch self {
    case .local(let d, let t): return d.dayNumber * 1440 + t.minutesSinceMidnight
    case .allDay(let d): return d.dayNumber * 1440
    }
  }
}

/// Which of a schedule's meetings and obligations each feed is made from, found in one pass
/// over the schedule: positions in it, in its order. Filtering the whole schedule again for every
/// board and person copied each meeting and obligation it kept, and looked up a board for every
/// invitation (`Partnership.board(_:)`), for each of them.
struct ScheduleLists {
  let schedule: Schedule
  /// A board's meetings, by board id.
  let held: [String: [Int]]
  /// The obligations received by, and owed by, each board (by the `receiver` and `owner` ids).
  let received: [String: [Int]]
  let owed: [String: [Int]]
  /// What each person presents, is invited to as the owning board's chair, or is sent a copy
  /// of, by person id.
  let presented: [String: [Int]]

  init(_ p: Partnership, _ schedule: Schedule) {
    self.schedule = schedule
    var held: [String: [Int]] = [:]
    for (i, m) in schedule.meetings.enumerated() { held[m.board, default: []].append(i) }
    // The chair of the first board with an id, as `Partnership.board(_:)` finds it.
    let chairs = Dictionary(p.boards.map { ($0.id, $0.chair) }, uniquingKeysWith: { a, _ in a })
    var received: [String: [Int]] = [:]
    var owed: [String: [Int]] = [:]
    var presented: [String: [Int]] = [:]
    func present(_ i: Int, to person: String?) {
      guard let person else { return }
      // An obligation a person both presents and is sent is listed once.
      if presented[person]?.last != i { presented[person, default: []].append(i) }
    }
    for (i, o) in schedule.obligations.enumerated() {
      received[o.receiver, default: []].append(i)
      owed[o.owner, default: []].append(i)
      present(i, to: o.presentedBy)
      if o.action == .invite, let chair = chairs[o.owner] { present(i, to: chair) }
      if o.receiverKind == .person { present(i, to: o.receiver) }
    }
    self.held = held
    self.received = received
    self.owed = owed
    self.presented = presented
  }

  /// The meetings of any of `boards`, in the schedule's order.
  func meetings(of boards: some Collection<String>) -> [Meeting] {
    let positions =
      boards.count == 1 ? held[boards.first!] ?? [] : boards.flatMap { held[$0] ?? [] }.sorted()
    return positions.map { schedule.meetings[$0] }
  }

  func obligations(_ positions: [Int]?) -> [Obligation] {
    (positions ?? []).map { schedule.obligations[$0] }
  }
}

/// The words of the feeds: summaries and descriptions an officer would write.
struct FeedText {
  let p: Partnership
  let schedule: Schedule
  let options: FeedOptions
  // Looked up for every event: built once, so that planning is not a search through copied
  // boards, every obligation per meeting and every meeting per duty (quadratic at national scale).
  let labels: [String: String]
  let names: [String: String]
  /// The boards that were renamed, by id: their names depend on the day.
  let renamed: [String: Board]
  let itemsByMeeting: [String: [Obligation]]
  let meetingsByID: [String: Meeting]
  /// The shared boards (`Partnership.sharedBoards`) by id, with where they come from.
  let shared: [String: SharedOrigin]
  /// Whose calendar each shared board's meetings follow (`Partnership.home(of:)`), by board id.
  let homes: [String: Partnership]
  /// The events built so far: a meeting is in its board's feed and in the feed of everyone on
  /// the board, shown the same way to most of them, so each way of showing it is built once.
  let built = Built()

  /// Events already built, by what they were built from.
  final class Built {
    /// A meeting's events by the meeting, whether its internals show and which of the items
    /// slotted there show.
    var meetings: [MeetingShown: [CalendarEvent]] = [:]
    /// A duty's event by the obligation and whether its internals show.
    var duties: [DutyShown: CalendarEvent?] = [:]
  }

  struct MeetingShown: Hashable {
    let id: String
    let date: CivilDate
    let internals: Bool
    let items: [Bool]
  }

  struct DutyShown: Hashable {
    let id: String
    let internals: Bool
  }

  init(p: Partnership, schedule: Schedule, options: FeedOptions) {
    self.p = p
    self.schedule = schedule
    self.options = options
    // The first board or meeting with an id wins, as `Partnership.board(_:)` and `first(where:)`.
    var labels: [String: String] = [:]
    var names: [String: String] = [:]
    for board in p.boards where names[board.id] == nil {
      labels[board.id] = board.label
      names[board.id] = board.name
    }
    self.labels = labels
    self.names = names
    renamed = Dictionary(
      p.boards.filter { !$0.life.renamed.isEmpty }.map { ($0.id, $0) },
      uniquingKeysWith: { first, _ in first })
    var shared: [String: SharedOrigin] = [:]
    var homes: [String: Partnership] = [:]
    for board in p.sharedBoards where shared[board.id] == nil {
      shared[board.id] = board.shared
      homes[board.id] = p.home(of: board)
    }
    self.shared = shared
    self.homes = homes
    itemsByMeeting = Dictionary(
      grouping: schedule.obligations.filter { $0.slot.meetingID != nil },
      by: { $0.slot.meetingID! })
    meetingsByID = Dictionary(
      schedule.meetings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  func label(_ board: String) -> String { labels[board] ?? board }
  func name(_ board: String) -> String { names[board] ?? board }

  /// Whether the description of the meeting an obligation is slotted at lists it: not when it
  /// is circulated (no meeting), nor when the meeting is a shared board's.
  func listsItems(at o: Obligation) -> Bool {
    o.slot.meetingID != nil && shared[o.receiver] == nil
  }

  /// " (serving Kent and Medway)" for a shared board; nothing for the partnership's own.
  func serving(_ board: Board) -> String {
    board.shared.map { " (serving \($0.servesText))" } ?? ""
  }

  /// The items slotted at the shared boards' meetings among `meetings` that `disclosure` lets
  /// its reader see, each an entry of its own (a shared board's meeting does not list them).
  func itemsApart(at meetings: [Meeting], for disclosure: Disclosure) -> [CalendarEvent] {
    meetings.filter { shared[$0.board] != nil && disclosure.meeting($0) > .hidden }.flatMap {
      (itemsByMeeting[$0.id] ?? []).filter { disclosure.obligation($0) > .hidden }.compactMap {
        dutyEvent($0, for: disclosure)
      }
    }
  }
  /// The short name (else name) a board went by on a day: a renamed board's new name from then.
  func label(_ board: String, on date: CivilDate) -> String {
    renamed[board]?.label(on: date) ?? label(board)
  }
  func name(_ board: String, on date: CivilDate) -> String {
    renamed[board]?.name(on: date) ?? name(board)
  }

  static func uid(_ id: String) -> String {
    String(
      decoding: id.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
      + "@boardcal"
  }

  func long(_ d: CivilDate) -> String { d.spelledOut }

  func boardURL(_ board: String) -> String? {
    options.baseURL.map { "\($0)/\(p.id)/boards/\(board)" }
  }

  /// A meeting and, for those who may see it, its paper deadline; with the items slotted there
  /// that the audience may see.
  func meetingEvents(_ m: Meeting, for disclosure: Disclosure) -> [CalendarEvent] {
    let internals = disclosure.meeting(m) == .full
    // A shared board's meeting says nothing that one importing partnership's protocol gives
    // it: the items due there are entries of their own (`itemsApart`).
    let slotted = shared[m.board] == nil ? itemsByMeeting[m.id] ?? [] : []
    let shown = slotted.map { disclosure.obligation($0) > .hidden }
    let key = MeetingShown(id: m.id, date: m.date, internals: internals, items: shown)
    if let known = built.meetings[key] { return known }
    let events = meetingEvents(
      m, internals: internals, items: zip(slotted, shown).filter(\.1).map(\.0))
    built.meetings[key] = events
    return events
  }

  /// A meeting's events with its internals shown or not, and the items given.
  private func meetingEvents(_ m: Meeting, internals: Bool, items: [Obligation]) -> [CalendarEvent]
  {
    // The public rendering says less than the members' one: it is another event, with a UID of
    // its own, so that no UID names two contents.
    let uid = Self.uid(internals ? m.id : "\(m.id)-public")
    var lines: [String] = []
    if let reason = m.cancellation { lines += ["This meeting is cancelled: \(reason).", ""] }
    // Why it is held on another day than its rule gives, when the protocol or a record says.
    if m.cancellation == nil, let reason = m.moveReason, reason != Meeting.movedWithoutReason {
      lines += ["This meeting is moved: \(reason).", ""]
    }
    if !m.agenda.isEmpty {
      lines.append("Standing items:")
      lines += m.agenda.map { "- \($0)" }
    }
    if !items.isEmpty {
      if !lines.isEmpty { lines.append("") }
      lines.append("Items due under the protocol:")
      lines += items.map {
        $0.action == .invite
          ? "- INVITED: the chair of \(label($0.owner, on: m.date)), for \($0.reportName)"
          : "- \($0.action.rawValue.uppercased()): \($0.reportName) (from \(label($0.owner, on: m.date)))"
      }
    }
    if !lines.isEmpty { lines.append("") }
    if internals { lines.append("Papers due by \(long(m.paperDeadline)).") }
    if let published = m.agendaPublication {
      lines.append("Agenda published by \(long(published)).")
    }
    if let moved = m.ruleDate {
      lines.append("Moved from \(long(moved)), not a working day.")
    }
    if let origin = shared[m.board] {
      lines.append(
        "The \(name(m.board)) serves \(origin.servesText). What each partnership's protocol brings to this meeting is an entry of its own at the same time."
      )
    }
    // A shared board has no page of one partnership's that its meetings could link to.
    let url = shared[m.board] == nil ? boardURL(m.board) : nil
    if let url { lines.append("Board page: \(url)") }
    let stamp = shared[m.board] == nil ? nil : options.generatedAt ?? SharedOrigin.stamp
    let title = m.title ?? "\(name(m.board, on: m.date)) meeting"
    // Whose calendar the meeting follows: a shared board's is the shared file's.
    let home = homes[m.board] ?? p
    let end = LocalTime.end(
      of: m.date, m.time, minutes: m.lengthMinutes, timeZone: home.timeZone)
    var events = [
      CalendarEvent(
        uid: uid, summary: m.isCancelled ? "Cancelled: \(title)" : title,
        description: lines.joined(separator: "\n"), location: m.location,
        start: .local(m.date, m.time), end: .local(end.date, end.time), cancelled: m.isCancelled,
        sequence: m.sequence, categories: ["MEETING"], relatedTo: nil, url: url,
        alarm: nil, confidential: m.confidential, stamp: stamp)
    ]
    let papers = items.filter(\.action.owesPapers)
    if internals {
      events.append(
        CalendarEvent(
          uid: Self.uid(m.id + "-papers"),
          summary:
            "\(m.isCancelled ? "Cancelled: " : "")Papers due: \(label(m.board, on: m.date)) meeting on \(long(m.date))",
          description:
            "Papers for the \(name(m.board, on: m.date)) meeting on \(long(m.date)) are due today (\(home.defaults.paperLeadWorkingDays) working days before)."
            + (papers.isEmpty
              ? ""
              : "\nDue at that meeting:\n"
                + papers.map { "- \($0.reportName) (from \(label($0.owner, on: m.date)))" }.joined(
                  separator: "\n")),
          location: nil, start: .allDay(m.paperDeadline),
          end: .allDay(m.paperDeadline.adding(days: 1)),
          cancelled: m.isCancelled, sequence: m.sequence, categories: ["DEADLINE"], relatedTo: uid,
          url: url, alarm: m.isCancelled ? nil : reminder(before: m.paperDeadline, in: home),
          confidential: m.confidential, stamp: stamp))
    }
    return events
  }

  /// 09:00 on the last working day before `deadline`, in the partnership's zone: when a reminder
  /// of it helps (never at a weekend or on a bank holiday, never at midnight).
  func reminder(before deadline: CivilDate, in home: Partnership) -> UTCInstant {
    let day = home.holidayCalendar.workingDays(1, before: deadline)
    let utc = LocalTime.utc(
      date: day, time: TimeOfDay(hour: 9, minute: 0)!, timeZone: home.timeZone)
    return UTCInstant(date: utc.date, hour: utc.time.hour, minute: utc.time.minute)
  }

  /// Text for people: runs of white space (tabs, line breaks from a source's layout) as one space.
  static func plain(_ text: String) -> String {
    // Most text is ASCII: its white space is found byte by byte, without grapheme breaking.
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
      return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var gap = false
    for byte in text.utf8 {
      // Space, tab, line feed, vertical tab, form feed, carriage return, and the separators
      // U+001C to U+001F, as Character.isWhitespace has them.
      if byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte) {
        gap = !out.isEmpty
      } else {
        if gap { out.append(0x20) }
        gap = false
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A duty on its slot: at the meeting's time, or all day on its circulation date; who
  /// presents it and its paper deadline only for an audience that may see them.
  func dutyEvent(_ o: Obligation, for disclosure: Disclosure) -> CalendarEvent? {
    let internals = disclosure.obligation(o) == .full
    let key = DutyShown(id: o.id, internals: internals)
    if let known = built.duties[key] { return known }
    let event = dutyEvent(o, internals: internals)
    built.duties[key] = event
    return event
  }

  /// A duty's event with its internals (who presents, the paper deadline) shown or not.
  private func dutyEvent(_ o: Obligation, internals: Bool) -> CalendarEvent? {
    let action = o.action.rawValue.uppercased()
    let day = o.slot.date ?? o.window.end
    // A copy or a publication says by when in its first line; its page is its owner's.
    let due = o.dueWords.map { " \($0)" } ?? ""
    let page = o.isByDate ? o.owner : o.receiver
    let receiver = o.isByDate ? p.receiverName(o) : name(o.receiver, on: day)
    var lines = [
      "\(o.sentence(owner: name(o.owner, on: day), receiver: receiver))\(due).",
      "Window: \(o.windowText) (\(long(o.window.start)) to \(long(o.window.end))).",
    ]
    if internals, let who = o.presentedBy {
      lines.append("Presented by: \(p.person(who)?.displayName ?? who).")
    }
    if internals, let deadline = o.paperDeadline {
      lines.append("Papers due by \(long(deadline)).")
    }
    for source in o.provenance.sources {
      lines.append(
        "The protocol says: \"\(Self.plain(source.quote))\""
          + (source.section.map { " (\(Self.plain($0)))" } ?? ""))
    }
    if let url = boardURL(page) { lines.append("Board page: \(url)") }
    // Between a shared board and one of the partnership's own, the own board is named with its
    // area ("Medway HWB to KMSAB"): the shared board's subscribers come from every partnership.
    let atShared = shared[o.owner] != nil || shared[o.receiver] != nil
    func party(_ id: String) -> String {
      let named = label(id, on: day)
      let area = p.area ?? p.name
      return atShared && shared[id] == nil && !named.hasPrefix(area) ? "\(area) \(named)" : named
    }
    let summary =
      switch o.receiverKind {
      case .board:
        "\(action): \(o.reportName) — \(o.parties(owner: party(o.owner), receiver: party(o.receiver)))"
      case .person: "COPY: \(o.reportName) — \(label(o.owner, on: day)) to \(p.receiverLabel(o))"
      case .public: "PUBLISH: \(o.reportName) — \(label(o.owner, on: day))"
      }
    // As for a meeting: the rendering with less in it (the public's, at a shared public board's
    // meeting) is another event, with a UID of its own.
    let uid = Self.uid(internals ? "\(p.id)-\(o.id)" : "\(p.id)-\(o.id)-public")
    switch o.slot {
    case .meeting(let id, _):
      guard let m = meetingsByID[id] else { return nil }
      let end = LocalTime.end(
        of: m.date, m.time, minutes: m.lengthMinutes, timeZone: p.timeZone)
      return CalendarEvent(
        uid: uid, summary: summary,
        description: lines.joined(separator: "\n"),
        location: m.location, start: .local(m.date, m.time), end: .local(end.date, end.time),
        cancelled: m.isCancelled, sequence: m.sequence, categories: [action],
        relatedTo: Self.uid(m.id), url: boardURL(o.receiver), alarm: nil,
        confidential: o.confidential)
    case .circulation(let date) where o.isByDate:
      return CalendarEvent(
        uid: uid, summary: summary,
        description: lines.joined(separator: "\n"), location: nil, start: .allDay(date),
        end: .allDay(date.adding(days: 1)), cancelled: false, sequence: 0, categories: [action],
        relatedTo: nil, url: boardURL(page), alarm: nil, confidential: o.confidential)
    case .circulation(let date):
      return CalendarEvent(
        uid: uid, summary: "\(summary) (circulate)",
        description: ([
          "No \(label(o.receiver, on: day)) meeting falls in the window: circulate by this date."
        ] + lines)
        .joined(separator: "\n"),
        location: nil, start: .allDay(date), end: .allDay(date.adding(days: 1)), cancelled: false,
        sequence: 0, categories: [action], relatedTo: nil, url: boardURL(o.receiver),
        alarm: nil, confidential: o.confidential)
    case .unschedulable:
      return nil
    }
  }
}

extension FeedPlanner {
  /// The calendar entries that show one obligation, for the calendar attached to an alert: the
  /// duty on its slot (when it has one), the meeting of that slot, the receiver's next meeting in
  /// the window on or after `asOf` (where a slipped obligation can be re-slotted) and the
  /// receiver's cancelled meetings in the window. Meetings come without their paper-deadline entry.
  /// Each says what `disclosure` lets its reader see.
  public static func events(
    for o: Obligation, in p: Partnership, schedule: Schedule, asOf day: CivilDate? = nil,
    disclosure: Disclosure, options: FeedOptions = FeedOptions()
  ) -> [CalendarEvent] {
    let text = FeedText(p: p, schedule: schedule, options: options)
    var meetings = schedule.meetings.filter {
      $0.id == o.slot.meetingID
        || ($0.board == o.receiver && $0.isCancelled && o.window.contains($0.date))
    }
    if let day, let next = schedule.reslot(o, asOf: day) { meetings.append(next) }
    var seen: Set<String> = []
    let events =
      [text.dutyEvent(o, for: disclosure)].compactMap { $0 }
      + meetings.filter { disclosure.meeting($0) > .hidden }.compactMap {
        text.meetingEvents($0, for: disclosure).first
      }
    return events.filter { seen.insert($0.uid).inserted }.sorted {
      ($0.start.sortKey, $0.uid) < ($1.start.sortKey, $1.uid)
    }
  }
}

extension FeedPlanner {
  /// A one-feed calendar of `events(for:in:schedule:asOf:disclosure:)`: what an alert about `o`
  /// attaches.
  public static func obligationFeed(
    for o: Obligation, in p: Partnership, schedule: Schedule, asOf day: CivilDate? = nil,
    disclosure: Disclosure
  ) -> Feed {
    Feed(
      path: "\(p.id)/alerts/\(o.id.replacingOccurrences(of: "/", with: "-")).ics",
      name: "\(o.reportName) — \(p.name)", kind: .duties, subject: o.owner, isPrivate: true,
      events: events(for: o, in: p, schedule: schedule, asOf: day, disclosure: disclosure))
  }
}
