import BoardCalCore

/// One duty towards one receiver (a board, a person sent a copy, or the public for a
/// publication): a row of `boardcal duties`. A matrix cell that names two receivers is two rows.
public struct DutyRow: Hashable, Sendable, Encodable {
  public let id: String
  public let owner: String
  public let report: String
  public let reportName: String
  public let receiver: String
  /// `board`, `person` (sent a copy) or `public` (a publication, whose receiver is `public`).
  public let receiverKind: ReceiverKind
  public let action: DutyAction
  /// The duty in words: "CTSAB must publish 'Annual Report' by 31 July".
  public let text: String
  public let window: WindowDescription
  public let cadence: String
  public let anchorYear: Int?
  public let presentedBy: String?
  public let confidential: Bool
  public let versions: [String]
  /// The period the report covers: `previous-cycle` or `next-cycle`.
  public let covers: String?
  /// The duties this one must follow in each cycle.
  public let after: [String]
  public let source: [SourceCitation]
  public let assumption: String?

  /// A dated duty's cadence: once, or once for each fulfilment or event it counts from.
  static func dated(_ window: DutyWindow) -> String {
    if case .on = window { return "once" }
    return "once per record"
  }

  /// Every duty of a partnership, one row per receiver, in file order.
  public static func rows(of partnership: Partnership) -> [DutyRow] {
    partnership.duties.flatMap { duty -> [DutyRow] in
      let report = partnership.report(duty.report)
      let cadence = duty.cadence ?? report?.cadence ?? .annual
      let anchor: Int? = {
        guard case .everyYears = cadence else { return nil }
        return duty.anchorYear ?? report?.anchorYear
      }()
      return duty.takers.map { receiver in
        let kind = partnership.byDateKind(of: receiver, action: duty.action) ?? .board
        let owner = report?.owner ?? ""
        let named = partnership.receiverLabel(receiver, kind: kind)
        let window: String =
          if case .by = duty.window { " \(duty.window)" } else { ", \(duty.window)" }
        return DutyRow(
          id: duty.id, owner: owner, report: duty.report,
          reportName: report?.name ?? "", receiver: receiver, receiverKind: kind,
          action: duty.action,
          text: duty.action.sentence(
            owner: partnership.board(owner)?.label ?? owner, report: report?.name ?? "",
            receiver: named, kind: kind) + window,
          window: WindowDescription(duty.window, seasons: partnership.seasons),
          cadence: duty.isDated ? dated(duty.window) : cadence.description, anchorYear: anchor,
          presentedBy: duty.presentedBy,
          confidential: duty.confidential, versions: duty.versions,
          covers: report?.covers?.rawValue, after: duty.after,
          source: duty.provenance.sources, assumption: duty.provenance.assumption)
      }
    }
  }
}

/// A duty's window as JSON: its kind, the months it spans within the cycle and a readable text.
public struct WindowDescription: Hashable, Sendable, Encodable {
  /// `cycle`, `season`, `months`, `month`, `meeting`, `by`, `on` or `after`.
  public let kind: String
  /// Month names, in order from the window's first month.
  public let months: [String]
  /// For `by`: the day of the year as MM-DD.
  public let by: String?
  public let text: String

  public init(_ window: DutyWindow, seasons: [String: MonthRange]) {
    switch window {
    case .cycle:
      kind = "cycle"
      months = []
      by = nil
    case .season(let name):
      kind = "season"
      months = seasons[name]?.months.map(\.name) ?? []
      by = nil
    case .months(let range):
      kind = "months"
      months = range.months.map(\.name)
      by = nil
    case .month(let m):
      kind = "month"
      months = [m.name]
      by = nil
    case .meeting(let m):
      kind = "meeting"
      months = [m.name]
      by = nil
    case .by(let m, let d):
      kind = "by"
      months = []
      by = "\(CivilDate.pad(m.rawValue, 2))-\(CivilDate.pad(d, 2))"
    case .on(let date):
      kind = "on"
      months = []
      by = date.iso
    case .after:
      kind = "after"
      months = []
      by = nil
    }
    text = window.description
  }
}

/// The JSON document `boardcal duties --json` prints.
public struct DutyListing: Encodable, Sendable {
  public let partnership: String
  public let duties: [DutyRow]

  public init(_ p: Partnership) {
    partnership = p.id
    duties = DutyRow.rows(of: p)
  }
}
