import BoardCalPipeline
import BoardCalSynth
import Foundation
import Testing

@testable import BoardCalCore

/// The alerts `notify`, `alerts`, the API and the overdue page show come from one path
/// (`PartnershipState.alerts(asOf:)`, and `AlertRound.each` for several partnerships side by
/// side). It was made faster without changing what it gives: these tests hold it to the
/// derivation as it was written before, on the seeds and on a generated national sample, over
/// many days, with and without records.
@Suite("The alert path gives what the full derivation gave")
struct AlertPathTests {
  /// The schedule and alerts of `state` on `day`, worked out as before this path was made
  /// faster: every meeting of the cycles around the two alert years derived, the records applied,
  /// the obligations slotted, each list sorted by comparing its values, then every obligation's
  /// status and reason.
  static func asBefore(_ state: PartnershipState, on day: CivilDate) -> (Schedule, [Alert]) {
    let p = state.partnership
    let span = state.alertSpan(asOf: day)
    let wide = DateSpan(
      start: p.cycleSpan(p.cycle(containing: span.start) - 1).start,
      end: p.cycleSpan(p.cycle(containing: span.end) + 1).end)
    let byDay = { (a: Meeting, b: Meeting) in (a.date, a.time, a.id) < (b.date, b.time, b.id) }
    let own = MeetingPlanner.meetings(of: p, in: wide).sorted(by: byDay)
    let all =
      state.records == .none
      ? own
      : MeetingPlanner.applying(state.records, to: own, of: p, rules: p.deadlineRules).sorted(
        by: byDay)
    let obligations = ObligationPlanner.obligations(
      of: p, in: span, meetings: all, records: state.records
    ).sorted {
      ($0.slot.date ?? $0.window.end, $0.id) < ($1.slot.date ?? $1.window.end, $1.id)
    }
    let schedule = Schedule(
      partnership: p.id, span: span, meetings: all.filter { span.contains($0.date) },
      obligations: obligations)
    let alerts = AlertPlanner.alerts(p, schedule: schedule, records: state.records, asOf: day)
      .sorted { ($0.since, $0.key) < ($1.since, $1.key) }
    return (schedule, alerts.map { state.contacts.addressed($0, in: p) })
  }

  /// Records that touch a good share of what the protocol derives: meetings cancelled, moved,
  /// held and added, obligations fulfilled, papers in (so some alerts are done, re-slotted or
  /// never raised).
  static func records(for p: Partnership) -> Records {
    let whole = PartnershipState(p, asOf: p.horizon.end ?? p.horizon.start.adding(days: 730))
      .schedule()
    var records = Records()
    for (n, m) in whole.meetings.enumerated() where m.follows == nil {
      switch n % 11 {
      case 0:
        records.meetings.append(
          MeetingRecord(meetingID: m.id, event: .cancelled(reason: "no quorum")))
      case 4:
        records.meetings.append(
          MeetingRecord(
            meetingID: m.id, event: .moved(to: m.date.adding(days: 2), time: nil, reason: "room")))
      case 7: records.meetings.append(MeetingRecord(meetingID: m.id, event: .held(on: nil)))
      default: break
      }
    }
    if let board = p.boards.first, let first = whole.meetings.first {
      records.added.append(AddedMeeting(board: board.id, date: first.date.adding(days: 40)))
    }
    for (n, o) in whole.obligations.enumerated() {
      if n % 3 == 0 {
        records.fulfilments.append(
          Fulfilment(
            obligationID: o.id, date: o.slot.date ?? o.window.end, meetingID: o.slot.meetingID))
      } else if n % 4 == 1, let deadline = o.paperDeadline {
        records.papers.append(PapersSubmitted(obligationID: o.id, date: deadline))
      }
    }
    return records
  }

  /// Every `step`th day of the two years from the protocol's start.
  static func days(of p: Partnership, every step: Int) -> [CivilDate] {
    stride(from: 0, through: 730, by: step).map { p.horizon.start.adding(days: $0) }
  }

  static func seeds() throws -> [Partnership] {
    try ["milton-keynes", "medway", "buckinghamshire"].map(seed)
  }

  /// Checks one partnership on its days, every other one with records; gives how many alerts it
  /// saw without records and with them.
  static func check(_ p: Partnership, every step: Int) -> (alerts: Int, withRecords: Int) {
    let records = Self.records(for: p)
    #expect(!records.meetings.isEmpty && !records.fulfilments.isEmpty, "\(p.id)")
    var seen = (alerts: 0, withRecords: 0)
    for (n, day) in days(of: p, every: step).enumerated() {
      let state = PartnershipState(p, asOf: day, records: n % 2 == 0 ? .none : records)
      let fast = state.alerts(asOf: day)
      let before = asBefore(state, on: day)
      #expect(fast.schedule == before.0, "\(p.id) on \(day)")
      #expect(fast.alerts == before.1, "\(p.id) on \(day)")
      if n % 2 == 0 {
        seen.alerts += fast.alerts.count
      } else {
        seen.withRecords += fast.alerts.count
      }
    }
    return seen
  }

  @Test("on the seeds, every 7th day for two years, with and without records")
  func seedsOverTwoYears() throws {
    for p in try Self.seeds() {
      let seen = Self.check(p, every: 7)
      #expect(seen.alerts > 0 && seen.withRecords > 0, "\(p.id)")
    }
  }

  @Test("on a generated national sample, every 28th day for two years, with and without records")
  func nationalSample() {
    for p in NationalInput.partnerships(count: 4, seed: NationalInput.defaultSeed) {
      let seen = Self.check(p, every: 28)
      #expect(seen.alerts > 0, "\(p.id)")
    }
  }

  @Test("several partnerships side by side give each one's alerts alone, in the order given")
  func sideBySide() async throws {
    let partnerships =
      try Self.seeds() + NationalInput.partnerships(count: 5, seed: NationalInput.defaultSeed)
    // Every other partnership with records: two meetings changed (each change plans the
    // partnership's feeds again for the event versions), obligations fulfilled, papers in.
    let records = partnerships.enumerated().map { n, p -> Records in
      guard n % 2 == 1 else { return .none }
      let all = Self.records(for: p)
      return Records(
        meetings: Array(all.meetings.prefix(2)), fulfilments: all.fulfilments, papers: all.papers)
    }
    for day in ["2017-06-01", "2021-11-15", "2027-06-15"].map(date) {
      let states = zip(partnerships, records).map { PartnershipState($0, asOf: day, records: $1) }
      var handed: [AlertRound.Work] = []
      await AlertRound.each(states) { handed.append($0) }
      #expect(handed.map(\.state.partnership.id) == partnerships.map(\.id))
      for (work, state) in zip(handed, states) {
        let alone = state.alerts(asOf: day)
        #expect(work.schedule == alone.schedule, "\(state.partnership.id) on \(day)")
        #expect(work.alerts == alone.alerts, "\(state.partnership.id) on \(day)")
        #expect(work.eventVersions == state.eventVersions(), "\(state.partnership.id) on \(day)")
      }
    }
  }

  @Test("no record that moves a meeting: no event has a later version, without planning the feeds")
  func eventVersionsWithoutChanges() throws {
    let mk = try seed("milton-keynes")
    let asOf = date("2022-03-31")
    let whole = PartnershipState(mk, asOf: asOf).schedule()
    // Fulfilments and papers show in no feed: the versions are as the protocol alone gives.
    let recorded = Records(
      fulfilments: whole.obligations.prefix(5).map {
        Fulfilment(obligationID: $0.id, date: $0.window.end)
      },
      papers: [PapersSubmitted(obligationID: whole.obligations[6].id, date: asOf)])
    #expect(PartnershipState(mk, asOf: asOf, records: recorded).eventVersions().isEmpty)
    // A cancellation does raise its meeting's version.
    let cancelled = Records(meetings: [
      MeetingRecord(meetingID: whole.meetings[3].id, event: .cancelled(reason: "no quorum"))
    ])
    #expect(!PartnershipState(mk, asOf: asOf, records: cancelled).eventVersions().isEmpty)
  }

  @Test("an agenda item names its years as the text replacement did")
  func agendaItems() throws {
    let mk = try seed("milton-keynes")
    /// The item as each name was replaced in turn before.
    func replaced(_ text: String, on day: CivilDate) -> String {
      var result = text
      for (name, offset) in Partnership.agendaYearNames {
        result = result.replacing(name, with: mk.cycleLabel(mk.cycle(containing: day) + offset))
      }
      return result
    }
    let texts =
      (try Self.seeds() + NationalInput.partnerships(count: 10, seed: NationalInput.defaultSeed))
      .flatMap { $0.boards.flatMap { $0.patterns.flatMap { $0.agenda.values.flatMap { $0 } } } }
      + [
        "Agree priorities for {next-cycle}", "{cycle}{cycle}", "{{cycle}}", "{previous-cycle",
        "{unknown} and {cycle}", "}{cycle}{", "Plan {next-cycle} after {previous-cycle} — é {",
        "{", "no names", "",
      ]
    #expect(texts.contains { $0.contains("{") })
    for text in texts {
      for day in ["2021-03-31", "2021-04-01", "2024-02-29"].map(date) {
        #expect(mk.agendaItem(text, on: day) == replaced(text, on: day), "\(text)")
      }
    }
  }
}
