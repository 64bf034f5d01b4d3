/// A meeting as someone else's calendar reports it (a council's committee calendar export).
public struct ReportedMeeting: Hashable, Sendable {
  public var date: CivilDate
  public var time: TimeOfDay?
  public var cancelled: Bool
  public var summary: String
  /// Where in the source it was read (a line of the .ics).
  public var line: Int

  public init(date: CivilDate, time: TimeOfDay?, cancelled: Bool, summary: String, line: Int) {
    self.date = date
    self.time = time
    self.cancelled = cancelled
    self.summary = summary
    self.line = line
  }
}

/// What a reported meeting says about a derived one: the record an officer would make.
public enum MatchProposal: Hashable, Sendable {
  case held(meeting: String, on: CivilDate, line: Int)
  case moved(meeting: String, from: CivilDate, to: CivilDate, time: TimeOfDay?, line: Int)
  case cancelled(meeting: String, on: CivilDate, line: Int)
  case added(on: CivilDate, time: TimeOfDay?, summary: String, line: Int)
  /// A cancelled event that matches no derived meeting (none in its month, or the month's
  /// meeting already matched): reported, nothing to record.
  case unmatchedCancellation(on: CivilDate, summary: String, line: Int)
  /// A derived meeting in the months the export covers that the export does not list.
  case notInExport(meeting: String, on: CivilDate)

  /// The record this proposal would make, when it makes one: what `import --record` records.
  public func record(board: String) -> RecordFact? {
    switch self {
    case .held(let id, let on, _):
      return .meeting(MeetingRecord(meetingID: id, event: .held(on: on)))
    case .moved(let id, _, let to, let time, _):
      return .meeting(
        MeetingRecord(
          meetingID: id,
          event: .moved(to: to, time: time, reason: "as the council's calendar shows")))
    case .cancelled(let id, _, _):
      return .meeting(
        MeetingRecord(
          meetingID: id, event: .cancelled(reason: "cancelled in the council's calendar")))
    case .added(let on, let time, let summary, _):
      return .added(AddedMeeting(board: board, date: on, time: time, title: summary))
    case .notInExport, .unmatchedCancellation: return nil
    }
  }

  /// The line of the export the proposal comes from.
  public var line: Int? {
    switch self {
    case .held(_, _, let line), .moved(_, _, _, _, let line), .cancelled(_, _, let line),
      .added(_, _, _, let line), .unmatchedCancellation(_, _, let line):
      return line
    case .notInExport: return nil
    }
  }
}

/// Matches reported meetings to a board's derived meetings by month.
public enum MeetingMatching {
  /// One proposal for every reported meeting (each in order of day), then the derived meetings
  /// in the months reported that nothing reported: none is dropped without a word.
  public static func propose(_ reported: [ReportedMeeting], against meetings: [Meeting])
    -> [MatchProposal]
  {
    var unmatched = meetings.filter { !$0.isExplicit }
    var proposals: [MatchProposal] = []
    for event in reported.sorted(by: { ($0.date, $0.line) < ($1.date, $1.line) }) {
      let month = event.date.yearMonth
      guard
        let index = unmatched.firstIndex(where: {
          $0.slotMonth == month || $0.date.yearMonth == month
        })
      else {
        proposals.append(
          event.cancelled
            ? .unmatchedCancellation(on: event.date, summary: event.summary, line: event.line)
            : .added(on: event.date, time: event.time, summary: event.summary, line: event.line))
        continue
      }
      let meeting = unmatched.remove(at: index)
      if event.cancelled {
        proposals.append(.cancelled(meeting: meeting.id, on: meeting.date, line: event.line))
      } else if event.date == meeting.date && (event.time == nil || event.time == meeting.time) {
        proposals.append(.held(meeting: meeting.id, on: event.date, line: event.line))
      } else {
        proposals.append(
          .moved(
            meeting: meeting.id, from: meeting.date, to: event.date, time: event.time,
            line: event.line))
      }
    }
    if let first = reported.map(\.date.yearMonth).min(),
      let last = reported.map(\.date.yearMonth).max()
    {
      for meeting in unmatched where meeting.slotMonth >= first && meeting.slotMonth <= last {
        proposals.append(.notInExport(meeting: meeting.id, on: meeting.date))
      }
    }
    return proposals
  }
}
