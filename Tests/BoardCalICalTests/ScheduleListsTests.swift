import BoardCalPipeline
import BoardCalSynth
import Testing

@testable import BoardCalCore
@testable import BoardCalOutput

/// The lists each feed is planned from, found in one pass over the schedule, are the lists the
/// schedule gives when filtered for each board and person.
@Suite("schedule lists")
struct ScheduleListsTests {
  @Test("each board's and person's meetings and obligations are the schedule filtered for them")
  func sameAsFiltering() throws {
    let states =
      try RenderOnceTests.seeds()
      + NationalInput.partnerships(count: 6, seed: 20_250_401).map {
        PartnershipState($0, asOf: $0.horizon.end ?? $0.horizon.start)
      }
    var presenting = 0
    for state in states {
      let p = state.partnership
      let schedule = state.schedule()
      let lists = ScheduleLists(p, schedule)
      for board in p.boards {
        #expect(lists.meetings(of: [board.id]) == schedule.meetings.filter { $0.board == board.id })
        #expect(
          lists.obligations(lists.received[board.id])
            == schedule.obligations.filter { $0.receiver == board.id })
        #expect(
          lists.obligations(lists.owed[board.id])
            == schedule.obligations.filter { $0.owner == board.id })
      }
      for person in p.people {
        let boards = p.boards(of: person.id)
        #expect(
          lists.meetings(of: boards) == schedule.meetings.filter { boards.contains($0.board) })
        let presents = schedule.obligations.filter {
          $0.presentedBy == person.id
            || ($0.action == .invite && p.board($0.owner)?.chair == person.id)
            || ($0.receiverKind == .person && $0.receiver == person.id)
        }
        #expect(lists.obligations(lists.presented[person.id]) == presents, "\(person.id)")
        presenting += presents.isEmpty ? 0 : 1
      }
    }
    #expect(presenting > 0)
  }
}
