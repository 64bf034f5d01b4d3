/// Where a shared board comes from: the shared file (`Protocols/shared/…`) that defines it once
/// for every partnership that imports it, and the areas it serves.
///
/// A shared board has one identity wherever it is imported (DESIGN, Semantics 17): its meetings
/// are derived from the shared file alone, under the format's calendar conventions, never the
/// importing partnership's, and are named after the shared file, so two partnerships that import
/// it derive the same meetings with the same ids.
public struct SharedOrigin: Hashable, Sendable {
  /// The shared file's id (`kent-and-medway`).
  public var id: String
  /// The shared file's name ("Boards serving Kent and Medway").
  public var name: String
  /// The ids of the areas (partnerships) it serves, as the shared file lists them.
  public var serves: [String]

  public init(id: String, name: String, serves: [String]) {
    self.id = id
    self.name = name
    self.serves = serves
  }

  /// The time zone of a shared board's meetings: the format's default, since the shared file
  /// states none.
  public static let timeZone = "Europe/London"

  /// The areas it serves in words: "Kent and Medway" for `[kent, medway]` (each id's words
  /// capitalised).
  public var servesText: String {
    let names = serves.map { id in
      id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
        separator: " ")
    }
    return Wording.list(names)
  }

  /// The folder of its feeds, relative to the calendars folder: `shared/kent-and-medway`.
  public var folder: String { "\(Self.calendarsFolder)/\(id)" }

  /// The folder of the calendars folder that holds every shared file's feeds; no partnership
  /// may take it as its id.
  public static let calendarsFolder = "shared"
}

extension Partnership {
  /// Whose calendar a board's meetings follow: the partnership itself, or for a shared board the
  /// shared file, with the format's conventions (financial year from April, England and Wales
  /// bank holidays, the default meeting time, length, day and paper lead time) and the shared
  /// file's id in every meeting id.
  public func home(of board: Board) -> Partnership {
    guard let shared = board.shared else { return self }
    return Partnership(
      id: shared.partnershipID, name: shared.name,
      timeZone: SharedOrigin.timeZone, horizon: horizon)
  }

  /// How the ids of a board's meetings begin: `medway-hwb-` for the partnership's own board,
  /// `shared-kent-and-medway-kmsab-` for a shared one.
  public func meetingIDPrefix(of boardID: String) -> String {
    let home = board(boardID) { $0.shared?.partnershipID } ?? nil
    return "\(home ?? id)-\(boardID)-"
  }

  /// The boards imported from shared files.
  public var sharedBoards: [Board] { boards.filter { $0.shared != nil } }
}

extension SharedOrigin {
  /// The id of the shared file's own calendar, whose meetings' ids begin with it
  /// (`shared-kent-and-medway`, from the folder `shared/kent-and-medway`).
  public var partnershipID: String { folder.replacingOccurrences(of: "/", with: "-") }

  /// The DTSTAMP of a shared board's events that no record changed: a shared file states no
  /// date of revision, and the stamp must be the same whichever partnership writes the event
  /// (`emit --generated-at` gives another).
  public static let stamp = UTCInstant(date: CivilDate(year: 2000, month: 1, day: 1)!)
}

extension Partnership {
  /// The id a meeting has now, for an id written before its board was shared: a record made
  /// against `medway-kmsab-2022-04` (the KMSAB's meetings were Medway's own until they took the
  /// shared file's ids) is about `shared-kent-and-medway-kmsab-2022-04`. Any other id is itself.
  public func currentMeetingID(_ id: String) -> String {
    for board in sharedBoards {
      let before = "\(self.id)-\(board.id)-"
      if id.hasPrefix(before) { return meetingIDPrefix(of: board.id) + id.dropFirst(before.count) }
    }
    return id
  }
}

extension RecordEntry {
  /// The same record with the meeting ids it names as they are now (`currentMeetingID`), so that
  /// what was recorded before a board was shared still applies to its meetings.
  public func withCurrentMeetingIDs(in p: Partnership) -> RecordEntry {
    var entry = self
    switch fact {
    case .meeting(let m):
      entry.fact = .meeting(
        MeetingRecord(meetingID: p.currentMeetingID(m.meetingID), event: m.event))
    case .fulfilled(var f):
      f.meetingID = f.meetingID.map(p.currentMeetingID)
      entry.fact = .fulfilled(f)
    case .added, .papers, .event: break
    }
    return entry
  }
}
