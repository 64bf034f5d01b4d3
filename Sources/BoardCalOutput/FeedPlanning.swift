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
    let obligations = schedule.obligations
    // Each feed is planned as positions in the table of events built (`FeedText.Built`): an
    // event shown alike in many feeds is built once and copied once into each, when finished.
    var feeds: [Feed] = []
    var entries: [[Int]] = []
    for board in p.boards {
      let meetings = lists.held[board.id] ?? []
      let incoming = lists.received[board.id] ?? []
      if !meetings.isEmpty || !incoming.isEmpty {
        // A meeting is one block: the items due there are in its description; only what is
        // circulated (no meeting), or due at a shared board's meeting, is an entry of its own.
        var list: [Int] = []
        for m in meetings { text.meetingEntries(at: m, for: officers, into: &list) }
        for o in incoming where !text.listsItems(at: obligations[o]) {
          if let entry = text.dutyEntry(at: o, for: officers) { list.append(entry) }
        }
        feeds.append(
          Feed(
            path: "\(p.id)/boards/\(board.id).ics",
            name: "\(board.name(on: schedule.span.end)) — \(place)",
            description:
              "Meetings of the \(board.name(on: schedule.span.end))\(text.serving(board)), their paper deadlines and the items due at each, under the \(p.name) protocol.",
            kind: .board, subject: board.id, isPrivate: true, events: []))
        entries.append(list)
      }
      let outgoing = lists.owed[board.id] ?? []
      if !outgoing.isEmpty {
        feeds.append(
          Feed(
            path: "\(p.id)/duties/\(board.id).ics",
            name: "What \(board.label(on: schedule.span.end)) owes — \(place)",
            description:
              "What the \(board.name(on: schedule.span.end)) must present, consult on or inform, to whom and when.",
            kind: .duties, subject: board.id, isPrivate: true, events: []))
        entries.append(outgoing.compactMap { text.dutyEntry(at: $0, for: officers) })
      }
    }
    let anyone = Disclosure(.public, of: p)
    // What public boards must publish, and by when, is public too.
    let published = obligations.indices.filter {
      obligations[$0].receiverKind == .public && anyone.obligation(obligations[$0]) > .hidden
    }
    let shown = schedule.meetings.indices.filter { anyone.meeting(schedule.meetings[$0]) > .hidden }
    feeds.append(
      Feed(
        path: "\(p.id)/public.ics", name: "Public meetings — \(place)",
        description: "Meetings held in public under the \(p.name) protocol"
          + (published.isEmpty ? "." : ", and the reports to be published by a date."),
        kind: .public, subject: nil, isPrivate: false, events: []))
    var open: [Int] = []
    for m in shown { text.meetingEntries(at: m, for: anyone, into: &open) }
    text.itemsApart(at: schedule.meetings.indices, for: anyone, into: &open)
    for o in published {
      if let entry = text.dutyEntry(at: o, for: anyone) { open.append(entry) }
    }
    entries.append(open)
    // The meetings (by the number of their id) whose descriptions list their items in the feed
    // of the person being planned: marked with that person's turn.
    var listed = [Int](repeating: -1, count: text.meetingIDCount)
    for (turn, person) in p.people.enumerated() {
      let boards = p.boards(of: person.id)
      // What they present, the meetings their board's chair is invited to when they chair it,
      // and the copies sent to them.
      let presents = lists.presented[person.id] ?? []
      guard !boards.isEmpty || !presents.isEmpty else { continue }
      let own = Disclosure(.person(person.id), of: p)
      let meetings = lists.meetingPositions(of: boards)
      // The meetings whose descriptions list their items (a shared board's do not).
      for m in meetings where !text.sharedAt[m] { listed[text.meetingIDNumber[m]] = turn }
      feeds.append(
        Feed(
          path: "\(p.id)/people/\(person.id).ics", name: "\(person.displayName) — \(place)",
          description:
            "Meetings of every board this person or role sits on, and what they present"
            + (presents.contains { obligations[$0].isByDate } ? " or are sent." : "."),
          kind: .person, subject: person.id, isPrivate: true, events: []))
      // What they present at one of their own boards' meetings is in that meeting's
      // description; elsewhere it is an entry of its own.
      var list: [Int] = []
      for m in meetings { text.meetingEntries(at: m, for: own, into: &list) }
      for o in presents {
        let slot = text.slotIDNumber[o]
        if slot >= 0, listed[slot] == turn { continue }
        if let entry = text.dutyEntry(at: o, for: own) { list.append(entry) }
      }
      text.itemsApart(at: meetings, for: own, into: &list)
      entries.append(list)
    }
    return finished(feeds, entries, from: text.built)
  }

  /// The feeds as they are written: a feed with nothing in it is neither written nor offered;
  /// names and descriptions as every reader takes them; each event once, in time order.
  static func finished(_ feeds: [Feed]) -> [Feed] {
    let built = FeedText.Built()
    return finished(
      feeds, feeds.map { $0.events.map { built.add($0) } }, from: built)
  }

  /// `finished` of feeds planned as positions in `built`'s table (`entries[i]` for `feeds[i]`,
  /// whose own events are not read): each event copied once into its place.
  static func finished(_ feeds: [Feed], _ entries: [[Int]], from built: FeedText.Built) -> [Feed] {
    let events = built.events
    let keys = built.keys
    let uids = built.uidNumbers
    // The feed in which each UID (by number) was last kept: an event once per feed, the first.
    var keptIn = [Int](repeating: -1, count: built.uidCount)
    var out: [Feed] = []
    out.reserveCapacity(feeds.count)
    for n in feeds.indices where !entries[n].isEmpty {
      var sorted = feeds[n]
      sorted.name = Feed.headerText(sorted.name)
      sorted.description = Feed.headerText(sorted.description)
      var kept: [Int] = []
      kept.reserveCapacity(entries[n].count)
      for e in entries[n] where keptIn[uids[e]] != n {
        keptIn[uids[e]] = n
        kept.append(e)
      }
      kept.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : events[$0].uid < events[$1].uid }
      sorted.events = kept.map { events[$0] }
      out.append(sorted)
    }
    return out
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
    // Each field read where it lies: a meeting or obligation copied is a retain of each of its
    // texts.
    var held: [String: [Int]] = [:]
    for i in schedule.meetings.indices { held[schedule.meetings[i].board, default: []].append(i) }
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
    for i in schedule.obligations.indices {
      let receiver = schedule.obligations[i].receiver
      let owner = schedule.obligations[i].owner
      received[receiver, default: []].append(i)
      owed[owner, default: []].append(i)
      present(i, to: schedule.obligations[i].presentedBy)
      if schedule.obligations[i].action == .invite, let chair = chairs[owner] {
        present(i, to: chair)
      }
      if schedule.obligations[i].receiverKind == .person { present(i, to: receiver) }
    }
    self.held = held
    self.received = received
    self.owed = owed
    self.presented = presented
  }

  /// The meetings of any of `boards`, in the schedule's order.
  func meetings(of boards: some Collection<String>) -> [Meeting] {
    meetingPositions(of: boards).map { schedule.meetings[$0] }
  }

  /// The positions in the schedule of the meetings of any of `boards`, in its order.
  func meetingPositions(of boards: some Collection<String>) -> [Int] {
    boards.count == 1 ? held[boards.first!] ?? [] : boards.flatMap { held[$0] ?? [] }.sorted()
  }

  func obligations(_ positions: [Int]?) -> [Obligation] {
    (positions ?? []).map { schedule.obligations[$0] }
  }
}

/// The words of the feeds: summaries and descriptions an officer would write. A class: planning
/// hands it to a closure for every board and person, and a reference is one retain where the
/// value was its every table.
final class FeedText {
  let p: Partnership
  let schedule: Schedule
  let options: FeedOptions
  // Looked up for every event: built once, so that planning is not a search through copied
  // boards, every obligation per meeting and every meeting per duty (quadratic at national scale).
  let labels: [String: String]
  let names: [String: String]
  /// The boards that were renamed, by id: their names depend on the day.
  let renamed: [String: Board]
  /// The obligations slotted at each meeting, by meeting id: positions in the schedule.
  let itemsByMeeting: [String: [Int]]
  /// Each meeting's position in the schedule, by id (the first with an id).
  let meetingPositions: [String: Int]
  /// The shared boards (`Partnership.sharedBoards`) by id, with where they come from.
  let shared: [String: SharedOrigin]
  /// Whose calendar each shared board's meetings follow (`Partnership.home(of:)`), by board id.
  let homes: [String: Partnership]
  /// By a meeting's position in the schedule: the obligations slotted there (positions), and
  /// whether its board is a shared one.
  let itemsAt: [[Int]]
  let sharedAt: [Bool]
  /// Each meeting's id as a number (one per distinct id), by its position in the schedule; and
  /// the number of the meeting each obligation is slotted at, by its position (-1: none).
  let meetingIDNumber: [Int]
  let slotIDNumber: [Int]
  let meetingIDCount: Int
  /// The first day whose spelling `Built.spelled` holds (by day number), and how many it holds:
  /// the schedule's span with a year either side.
  let firstSpelled: Int
  let spelledCount: Int
  /// The events built so far: a meeting is in its board's feed and in the feed of everyone on
  /// the board, shown the same way to most of them, so each way of showing it is built once.
  let built: Built

  /// The events built, in a table that feeds are planned as positions in, and what building
  /// them worked out that is asked again.
  final class Built {
    /// Each event built, its time order (`EventTime.sortKey`) and its UID by number.
    private(set) var events: [CalendarEvent] = []
    private(set) var keys: [Int] = []
    private(set) var uidNumbers: [Int] = []
    private var uids: [String: Int] = [:]
    var uidCount: Int { uids.count }
    /// The ways each meeting (by position) was shown so far, with its events' positions.
    var meetings: [[(shown: ItemsShown, entries: [Int])]] = []
    /// A duty's event by the obligation's position and whether its internals show (index
    /// `2 * position + 1` with them): -2 not built yet, -1 none (it has no slot).
    var duties: [Int] = []
    /// Dates spelled out: by day number from `firstSpelled`, else (outside those days) by date.
    var spelled: [String?] = []
    var spelledApart: [CivilDate: String] = [:]
    /// Meeting ends and reminders, as worked out before: by the meeting's position (with the
    /// zone of its end), else by what they are worked out from.
    var endsAt: [(zone: String, date: CivilDate, time: TimeOfDay)?] = []
    var remindersAt: [UTCInstant?] = []
    var ends: [MeetingEnd: (date: CivilDate, time: TimeOfDay)] = [:]
    var reminders: [Reminder: UTCInstant] = [:]
    /// The bytes of the description being written, kept from one to the next.
    var scratch: [UInt8] = []

    init(events expected: Int = 0) {
      events.reserveCapacity(expected)
      keys.reserveCapacity(expected)
      uidNumbers.reserveCapacity(expected)
      uids.reserveCapacity(expected)
    }

    /// Puts `event` in the table; its position.
    func add(_ event: CalendarEvent) -> Int {
      let next = uids.count
      // One look-up: a UID not seen before is given the next number.
      let number = Self.numbered(&uids[event.uid, default: next])
      events.append(event)
      keys.append(event.start.sortKey)
      uidNumbers.append(number)
      return events.count - 1
    }

    private static func numbered(_ number: inout Int) -> Int { number }
  }

  /// Which way a meeting is shown: with its internals or not, and which of the items slotted
  /// there show (bit by bit; past 64 items, in `more`).
  struct ItemsShown: Equatable {
    var internals: Bool
    var mask: UInt64 = 0
    var more: [Bool] = []
  }

  struct MeetingEnd: Hashable {
    let date: CivilDate
    let time: TimeOfDay
    let minutes: Int
    let zone: String
  }

  struct Reminder: Hashable {
    let deadline: CivilDate
    let zone: String
    let home: String
  }

  init(p: Partnership, schedule: Schedule, options: FeedOptions) {
    self.p = p
    self.schedule = schedule
    self.options = options
    // Most meetings are built with their paper deadline, most duties once.
    built = Built(events: 2 * schedule.meetings.count + schedule.obligations.count)
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
    // Each field read where it lies: a meeting or obligation copied is a retain of each of its
    // texts.
    let meetings = schedule.meetings
    let obligations = schedule.obligations
    var items: [String: [Int]] = [:]
    for i in obligations.indices {
      if case .meeting(let id, _) = obligations[i].slot { items[id, default: []].append(i) }
    }
    itemsByMeeting = items
    var positions: [String: Int] = [:]
    positions.reserveCapacity(meetings.count)
    var numbers: [String: Int] = [:]
    numbers.reserveCapacity(meetings.count)
    var idNumbers: [Int] = []
    idNumbers.reserveCapacity(meetings.count)
    var itemsAt: [[Int]] = []
    itemsAt.reserveCapacity(meetings.count)
    var sharedAt: [Bool] = []
    sharedAt.reserveCapacity(meetings.count)
    for i in meetings.indices {
      let id = meetings[i].id
      if let known = numbers[id] {
        idNumbers.append(known)
      } else {
        numbers[id] = numbers.count
        positions[id] = i
        idNumbers.append(numbers.count - 1)
      }
      itemsAt.append(items[id] ?? [])
      sharedAt.append(shared[meetings[i].board] != nil)
    }
    meetingIDNumber = idNumbers
    meetingPositions = positions
    meetingIDCount = numbers.count
    slotIDNumber = obligations.indices.map { i in
      guard case .meeting(let id, _) = obligations[i].slot else { return -1 }
      return numbers[id] ?? -1
    }
    self.itemsAt = itemsAt
    self.sharedAt = sharedAt
    firstSpelled = schedule.span.start.dayNumber - 366
    spelledCount = max(0, schedule.span.end.dayNumber + 366 - firstSpelled + 1)
    built.duties = [Int](repeating: -2, count: 2 * obligations.count)
    built.meetings = Array(repeating: [], count: meetings.count)
    built.spelled = Array(repeating: nil, count: spelledCount)
    built.endsAt = Array(repeating: nil, count: meetings.count)
    built.remindersAt = Array(repeating: nil, count: meetings.count)
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

  /// The items slotted at the shared boards' meetings among `meetings` (positions in the
  /// schedule) that `disclosure` lets its reader see, each an entry of its own (a shared board's
  /// meeting does not list them): added to `entries`.
  func itemsApart(
    at meetings: some Sequence<Int>, for disclosure: Disclosure, into entries: inout [Int]
  ) {
    for m in meetings where sharedAt[m] && disclosure.meeting(schedule.meetings[m]) > .hidden {
      for o in itemsAt[m] where disclosure.obligation(schedule.obligations[o]) > .hidden {
        if let entry = dutyEntry(at: o, for: disclosure) { entries.append(entry) }
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

  /// The UID of the event with id `id` (then `more` and `last`, when given, each after a dash):
  /// each "/" written "-", then "@boardcal"; made as one text.
  static func uid(_ id: String, _ more: String? = nil, _ last: String? = nil) -> String {
    let domain = "@boardcal"
    let count =
      id.utf8.count + (more.map { $0.utf8.count + 1 } ?? 0) + (last.map { $0.utf8.count + 1 } ?? 0)
      + domain.utf8.count
    return String(unsafeUninitializedCapacity: count) { text in
      var i = 0
      func put(_ part: String, dashed: Bool) {
        if dashed {
          text[i] = UInt8(ascii: "-")
          i += 1
        }
        for byte in part.utf8 {
          text[i] = byte == UInt8(ascii: "/") ? UInt8(ascii: "-") : byte
          i += 1
        }
      }
      put(id, dashed: false)
      if let more { put(more, dashed: true) }
      if let last { put(last, dashed: true) }
      put(domain, dashed: false)
      return i
    }
  }

  /// A date as people write it ("Tuesday 21 September 2021"), each date spelled out once.
  func long(_ d: CivilDate) -> String {
    let day = d.dayNumber - firstSpelled
    guard day >= 0, day < spelledCount else {
      if let known = built.spelledApart[d] { return known }
      let text = d.spelledOut
      built.spelledApart[d] = text
      return text
    }
    if let known = built.spelled[day] { return known }
    let text = d.spelledOut
    built.spelled[day] = text
    return text
  }

  /// `LocalTime.end`, each meeting's end worked out once per zone.
  func end(of date: CivilDate, _ time: TimeOfDay, minutes: Int, timeZone: String)
    -> (date: CivilDate, time: TimeOfDay)
  {
    let key = MeetingEnd(date: date, time: time, minutes: minutes, zone: timeZone)
    if let known = built.ends[key] { return known }
    let end = LocalTime.end(of: date, time, minutes: minutes, timeZone: timeZone)
    built.ends[key] = end
    return end
  }

  /// `end(of:_:minutes:timeZone:)` of the meeting at position `m` in the schedule, kept by its
  /// position.
  func end(at m: Int, timeZone: String) -> (date: CivilDate, time: TimeOfDay) {
    if let known = built.endsAt[m], known.zone == timeZone { return (known.date, known.time) }
    let meeting = schedule.meetings[m]
    let end = LocalTime.end(
      of: meeting.date, meeting.time, minutes: meeting.lengthMinutes, timeZone: timeZone)
    built.endsAt[m] = (timeZone, end.date, end.time)
    return end
  }

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
    return meetingEvents(
      m, at: nil, internals: internals,
      items: slotted.filter { disclosure.obligation(schedule.obligations[$0]) > .hidden })
  }

  /// `meetingEvents(_:for:)` of the meeting at position `m` in the schedule, as positions in
  /// the table of events built, added to `entries`: each way of showing a meeting is built once.
  func meetingEntries(at m: Int, for disclosure: Disclosure, into entries: inout [Int]) {
    var shown = ItemsShown(internals: disclosure.meeting(schedule.meetings[m]) == .full)
    let slotted = sharedAt[m] ? [] : itemsAt[m]
    if slotted.count <= 64 {
      for (bit, o) in slotted.enumerated()
      where disclosure.obligation(schedule.obligations[o]) > .hidden {
        shown.mask |= 1 << UInt64(bit)
      }
    } else {
      shown.more = slotted.map { disclosure.obligation(schedule.obligations[$0]) > .hidden }
    }
    for known in built.meetings[m] where known.shown == shown {
      entries += known.entries
      return
    }
    var items: [Int] = []
    for (bit, o) in slotted.enumerated()
    where slotted.count <= 64 ? shown.mask & (1 << UInt64(bit)) != 0 : shown.more[bit] {
      items.append(o)
    }
    let events = meetingEvents(
      schedule.meetings[m], at: m, internals: shown.internals, items: items)
    var added: [Int] = []
    added.reserveCapacity(events.count)
    for event in events { added.append(built.add(event)) }
    built.meetings[m].append((shown, added))
    entries += added
  }

  /// A meeting's events with its internals shown or not, and the items given (positions in the
  /// schedule); `position`: the meeting's in the schedule, when it is the schedule's.
  private func meetingEvents(
    _ m: borrowing Meeting, at position: Int?, internals: Bool, items: [Int]
  ) -> [CalendarEvent] {
    // The public rendering says less than the members' one: it is another event, with a UID of
    // its own, so that no UID names two contents.
    let uid = internals ? Self.uid(m.id) : Self.uid(m.id, "public")
    // The description, written line by line into one text.
    var lines = DescriptionText(reusing: &built.scratch)
    if let reason = m.cancellation {
      lines.line("This meeting is cancelled: ")
      lines.append(reason)
      lines.append(".")
      lines.line()
    }
    // Why it is held on another day than its rule gives, when the protocol or a record says.
    if m.cancellation == nil, let reason = m.moveReason, reason != Meeting.movedWithoutReason {
      lines.line("This meeting is moved: ")
      lines.append(reason)
      lines.append(".")
      lines.line()
    }
    if !m.agenda.isEmpty {
      lines.line("Standing items:")
      for item in m.agenda {
        lines.line("- ")
        lines.append(item)
      }
    }
    let obligations = schedule.obligations
    if !items.isEmpty {
      if !lines.isEmpty { lines.line() }
      lines.line("Items due under the protocol:")
      for o in items {
        if obligations[o].action == .invite {
          lines.line("- INVITED: the chair of ")
          lines.append(label(obligations[o].owner, on: m.date))
          lines.append(", for ")
          lines.append(obligations[o].reportName)
        } else {
          lines.line("- ")
          lines.append(obligations[o].action.rawValue.uppercased())
          lines.append(": ")
          lines.append(obligations[o].reportName)
          lines.append(" (from ")
          lines.append(label(obligations[o].owner, on: m.date))
          lines.append(")")
        }
      }
    }
    if !lines.isEmpty { lines.line() }
    if internals {
      lines.line("Papers due by ")
      lines.append(long(m.paperDeadline))
      lines.append(".")
    }
    if let published = m.agendaPublication {
      lines.line("Agenda published by ")
      lines.append(long(published))
      lines.append(".")
    }
    if let moved = m.ruleDate {
      lines.line("Moved from ")
      lines.append(long(moved))
      lines.append(", not a working day.")
    }
    let origin = shared[m.board]
    if let origin {
      lines.line("The ")
      lines.append(name(m.board))
      lines.append(" serves ")
      lines.append(origin.servesText)
      lines.append(
        ". What each partnership's protocol brings to this meeting is an entry of its own at the same time."
      )
    }
    // A shared board has no page of one partnership's that its meetings could link to.
    let url = origin == nil ? boardURL(m.board) : nil
    if let url { lines.line("Board page: \(url)") }
    let description = lines.text(keeping: &built.scratch)
    let stamp = origin == nil ? nil : options.generatedAt ?? SharedOrigin.stamp
    let title = m.title ?? "\(name(m.board, on: m.date)) meeting"
    // Whose calendar the meeting follows: a shared board's is the shared file's.
    let home = homes[m.board] ?? p
    let end =
      if let position {
        end(at: position, timeZone: home.timeZone)
      } else {
        end(of: m.date, m.time, minutes: m.lengthMinutes, timeZone: home.timeZone)
      }
    let meeting = CalendarEvent(
      uid: uid, summary: m.isCancelled ? "Cancelled: \(title)" : title,
      description: description, location: m.location,
      start: .local(m.date, m.time), end: .local(end.date, end.time), cancelled: m.isCancelled,
      sequence: m.sequence, categories: ["MEETING"], relatedTo: nil, url: url,
      alarm: nil, confidential: m.confidential, stamp: stamp)
    guard internals else { return [meeting] }
    var papers = DescriptionText(reusing: &built.scratch)
    papers.line("Papers for the ")
    papers.append(name(m.board, on: m.date))
    papers.append(" meeting on ")
    papers.append(long(m.date))
    papers.append(" are due today (")
    papers.append(String(home.defaults.paperLeadWorkingDays))
    papers.append(" working days before).")
    var listed = false
    for o in items where obligations[o].action.owesPapers {
      if !listed { papers.line("Due at that meeting:") }
      listed = true
      papers.line("- ")
      papers.append(obligations[o].reportName)
      papers.append(" (from ")
      papers.append(label(obligations[o].owner, on: m.date))
      papers.append(")")
    }
    let papersText = papers.text(keeping: &built.scratch)
    let alarm: UTCInstant? =
      if m.isCancelled {
        nil
      } else if let position {
        reminder(at: position, before: m.paperDeadline, in: home)
      } else {
        reminder(before: m.paperDeadline, in: home)
      }
    return [
      meeting,
      CalendarEvent(
        uid: Self.uid(m.id, "papers"),
        summary:
          "\(m.isCancelled ? "Cancelled: " : "")Papers due: \(label(m.board, on: m.date)) meeting on \(long(m.date))",
        description: papersText,
        location: nil, start: .allDay(m.paperDeadline),
        end: .allDay(m.paperDeadline.adding(days: 1)),
        cancelled: m.isCancelled, sequence: m.sequence, categories: ["DEADLINE"], relatedTo: uid,
        url: url, alarm: alarm, confidential: m.confidential, stamp: stamp),
    ]
  }

  /// 09:00 on the last working day before `deadline`, in the partnership's zone: when a reminder
  /// of it helps (never at a weekend or on a bank holiday, never at midnight).
  func reminder(before deadline: CivilDate, in home: Partnership) -> UTCInstant {
    let key = Reminder(deadline: deadline, zone: home.timeZone, home: home.id)
    if let known = built.reminders[key] { return known }
    let instant = reminder(workedOut: deadline, in: home)
    built.reminders[key] = instant
    return instant
  }

  /// `reminder(before:in:)` of the paper deadline of the meeting at position `m` in the
  /// schedule (`home`: whose calendar it follows), kept by its position.
  private func reminder(at m: Int, before deadline: CivilDate, in home: Partnership)
    -> UTCInstant
  {
    if let known = built.remindersAt[m] { return known }
    let instant = reminder(workedOut: deadline, in: home)
    built.remindersAt[m] = instant
    return instant
  }

  /// `reminder(before:in:)` worked out.
  private func reminder(workedOut deadline: CivilDate, in home: Partnership) -> UTCInstant {
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
    // Space, tab, line feed, vertical tab, form feed, carriage return, and the separators
    // U+001C to U+001F, as Character.isWhitespace has them.
    func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }
    // Most quotes are plain already (single spaces between words): they are kept as they are.
    var afterSpace = true
    var isPlain = true
    for byte in text.utf8 {
      if isSpace(byte) {
        if afterSpace || byte != 0x20 {
          isPlain = false
          break
        }
        afterSpace = true
      } else {
        afterSpace = false
      }
    }
    if isPlain && (!afterSpace || text.isEmpty) { return text }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var gap = false
    for byte in text.utf8 {
      if isSpace(byte) {
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
    dutyEvent(o, internals: disclosure.obligation(o) == .full)
  }

  /// `dutyEvent(_:for:)` of the obligation at position `o` in the schedule, as a position in
  /// the table of events built: each way of showing a duty is built once.
  func dutyEntry(at o: Int, for disclosure: Disclosure) -> Int? {
    let internals = disclosure.obligation(schedule.obligations[o]) == .full
    let slot = 2 * o + (internals ? 1 : 0)
    let known = built.duties[slot]
    if known != -2 { return known == -1 ? nil : known }
    let entry = dutyEvent(schedule.obligations[o], internals: internals).map { built.add($0) }
    built.duties[slot] = entry ?? -1
    return entry
  }

  /// A duty's event with its internals (who presents, the paper deadline) shown or not.
  private func dutyEvent(_ o: borrowing Obligation, internals: Bool) -> CalendarEvent? {
    let action = o.action.rawValue.uppercased()
    let day = o.slot.date ?? o.window.end
    // A copy or a publication says by when in its first line; its page is its owner's.
    let page = o.isByDate ? o.owner : o.receiver
    let receiver = o.isByDate ? p.receiverName(o) : name(o.receiver, on: day)
    // The description, written line by line into one text; a duty circulated to a board says
    // so first.
    var lines = DescriptionText(reusing: &built.scratch)
    if case .circulation = o.slot, !o.isByDate {
      lines.line("No ")
      lines.append(label(o.receiver, on: day))
      lines.append(" meeting falls in the window: circulate by this date.")
    }
    lines.line(o.sentence(owner: name(o.owner, on: day), receiver: receiver))
    if let due = o.dueWords {
      lines.append(" ")
      lines.append(due)
    }
    lines.append(".")
    lines.line("Window: ")
    lines.append(o.windowText)
    lines.append(" (")
    lines.append(long(o.window.start))
    lines.append(" to ")
    lines.append(long(o.window.end))
    lines.append(").")
    if internals, let who = o.presentedBy {
      lines.line("Presented by: ")
      lines.append(p.person(who)?.displayName ?? who)
      lines.append(".")
    }
    if internals, let deadline = o.paperDeadline {
      lines.line("Papers due by ")
      lines.append(long(deadline))
      lines.append(".")
    }
    for source in o.provenance.sources {
      lines.line("The protocol says: \"")
      lines.append(Self.plain(source.quote))
      lines.append("\"")
      if let section = source.section {
        lines.append(" (")
        lines.append(Self.plain(section))
        lines.append(")")
      }
    }
    if let url = boardURL(page) { lines.line("Board page: \(url)") }
    let description = lines.text(keeping: &built.scratch)
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
    let uid = internals ? Self.uid(p.id, o.id) : Self.uid(p.id, o.id, "public")
    switch o.slot {
    case .meeting(let id, _):
      guard let position = meetingPositions[id] else { return nil }
      let m = schedule.meetings[position]
      let end = end(at: position, timeZone: p.timeZone)
      return CalendarEvent(
        uid: uid, summary: summary, description: description,
        location: m.location, start: .local(m.date, m.time), end: .local(end.date, end.time),
        cancelled: m.isCancelled, sequence: m.sequence, categories: [action],
        relatedTo: Self.uid(m.id), url: boardURL(o.receiver), alarm: nil,
        confidential: o.confidential)
    case .circulation(let date) where o.isByDate:
      return CalendarEvent(
        uid: uid, summary: summary, description: description, location: nil,
        start: .allDay(date), end: .allDay(date.adding(days: 1)), cancelled: false, sequence: 0,
        categories: [action], relatedTo: nil, url: boardURL(page), alarm: nil,
        confidential: o.confidential)
    case .circulation(let date):
      return CalendarEvent(
        uid: uid, summary: "\(summary) (circulate)", description: description,
        location: nil, start: .allDay(date), end: .allDay(date.adding(days: 1)), cancelled: false,
        sequence: 0, categories: [action], relatedTo: nil, url: boardURL(o.receiver),
        alarm: nil, confidential: o.confidential)
    case .unschedulable:
      return nil
    }
  }
}

/// A calendar entry's description, written line by line into one buffer that is kept from one
/// description to the next: the text is made once, at its size, where joining its lines made
/// each line a text, then a list of them, then the whole.
struct DescriptionText {
  private var bytes: [UInt8]
  /// No line was started yet: every line after the first follows a line break.
  private(set) var isEmpty = true

  /// Writes into `scratch`'s buffer, taken from it.
  init(reusing scratch: inout [UInt8]) {
    bytes = scratch
    scratch = []
    bytes.removeAll(keepingCapacity: true)
  }

  /// Starts a line (an empty one, unless something is appended).
  mutating func line() {
    if isEmpty { isEmpty = false } else { bytes.append(0x0A) }
  }

  /// Starts a line that begins with `text`.
  mutating func line(_ text: String) {
    line()
    append(text)
  }

  mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

  /// The description written, giving the buffer back to `scratch` for the next one.
  mutating func text(keeping scratch: inout [UInt8]) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    scratch = bytes
    bytes = []
    return text
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
