import BoardCalCore
import Foundation

/// A problem with the records database, said with where and why.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Records to write together: all of them or none.
public struct RecordBatch: Hashable, Sendable {
  public var meetings: [MeetingRecord]
  public var added: [AddedMeeting]
  public var fulfilments: [Fulfilment]
  public var papers: [PapersSubmitted]

  public init(
    meetings: [MeetingRecord] = [], added: [AddedMeeting] = [], fulfilments: [Fulfilment] = [],
    papers: [PapersSubmitted] = []
  ) {
    self.meetings = meetings
    self.added = added
    self.fulfilments = fulfilments
    self.papers = papers
  }

  public var isEmpty: Bool {
    meetings.isEmpty && added.isEmpty && fulfilments.isEmpty && papers.isEmpty
  }
}

/// Where one alert stands for one recipient on one channel.
public enum DeliveryState: String, Sendable, Codable {
  /// Claimed before sending; left so if the process died mid-send (delivery unknown, never resent).
  case sending
  case sent
}

/// One line of the alert log.
public struct AlertLogEntry: Hashable, Sendable, Codable {
  public let partnership: String
  public let alertKey: String
  public let obligation: String
  public let status: String
  public let recipient: String
  public let channel: String
  public let state: DeliveryState
  public let claimedAt: String
  public let sentAt: String?
  public let acknowledgedAt: String?
}
