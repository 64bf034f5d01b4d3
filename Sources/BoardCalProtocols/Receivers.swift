import BoardCalCore

/// A duty's receivers as written (its `to`), with the mapping they are in: checked once every
/// file is read and the people are known, since an id in `to` may name a board or a person.
struct ReceiverUse {
  let duty: String
  let mapping: YAMLMapping
  let to: [(String, Located)]
}

extension ProtocolDecoder {
  /// What a publication (`action: publish`) cannot have: receivers, a presenter, secrecy, a
  /// meeting to be taken at, a report at every meeting.
  func checkPublication(_ m: YAMLMapping) {
    m["to"]?.complain(
      "a publication goes to the public, not to boards or people: remove 'to' (it is due by the end of its window; to send a copy to someone, write another duty with action: inform)."
    )
    m["presented_by"]?.complain(
      "a publication is not presented at a meeting: remove 'presented_by'.")
    Self.complainOfMeetingTerms(m, what: "a publication")
  }

  /// A copy or a publication is due by a day, never at a meeting: a `{meeting: Month}` window or
  /// an `every-meeting` cadence on the duty makes no sense.
  static func complainOfMeetingTerms(_ m: YAMLMapping, what: String) {
    if let window = m["window"]?.mapping(), let month = window["meeting"] {
      month.complain(
        "\(what) is not taken at a meeting: write the window as {month: \(month.scalarText ?? "Month")} or {by: \"MM-DD\"}."
      )
    }
    if m["cadence"]?.scalarText == "every-meeting" {
      m["cadence"]?.complain(
        "\(what) is not owed at every meeting: give it a cadence such as annual.")
    }
  }
}

extension ProtocolLoader {
  /// Receivers once the people are known: an id in `to` names one board or one person, never
  /// both; a person is sent a copy (`action: inform`), since a person has no meetings to present
  /// at, consult or invite to; a copy has no presenter and is due by a day (no `{meeting:}`
  /// window, no `every-meeting` cadence, on the duty or its report).
  static func checkReceivers(_ partnership: Partnership, _ decoder: ProtocolDecoder) {
    let boards = Set(partnership.boards.map(\.id))
    let people = Set(partnership.people.map(\.id))
    for use in decoder.receiverUses {
      guard let duty = partnership.duties.first(where: { $0.id == use.duty }) else { continue }
      var persons = 0
      for (id, at) in use.to where people.contains(id) {
        if boards.contains(id) {
          at.complain(
            "'\(id)' names both a board and a person here; give one of them another id, so the duty says which it goes to."
          )
          continue
        }
        persons += 1
        if duty.action != .inform {
          let role = partnership.person(id)?.displayName ?? id
          at.complain(
            "'\(id)' is a person (\(role)), who has no meetings to \(duty.action == .invite ? "be invited to" : "\(duty.action.rawValue) at"): a duty to a person sends a copy; write it as a duty with action: inform."
          )
        }
      }
      let m = use.mapping
      if persons > 0, persons == use.to.count, let by = m["presented_by"] {
        by.complain("a copy sent to a person is not presented at a meeting: remove 'presented_by'.")
      }
      let dated = persons > 0 || duty.action == .publish
      guard dated else { continue }
      let what = duty.action == .publish ? "a publication" : "a copy sent to a person"
      if duty.action != .publish { ProtocolDecoder.complainOfMeetingTerms(m, what: what) }
      if duty.cadence == nil, partnership.report(duty.report)?.cadence == .everyMeeting {
        m["report"]?.complain(
          "'\(duty.report)' is due at every meeting, but \(what) is due by a day: give this duty its own cadence (e.g. cadence: annual)."
        )
      }
    }
  }
}
