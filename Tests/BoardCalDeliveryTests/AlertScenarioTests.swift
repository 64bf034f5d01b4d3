import BoardCalCore
import BoardCalDelivery
import BoardCalOutput
import Foundation
import Testing

/// The CSP's October 2021 strategic assessment (2021/22 handbook: "October 2021 ... Strategic
/// assessment"), owned by the Assurance Board.
let strategicAssessment = "strategic-assessment-to-csp-2021-22/csp/2021-22"
/// The Management Board's annual report to the HWB in 2021-22 (any HWB meeting in the year).
let annualReportToHWB = "partnership-annual-report-to-hwb-csp/hwb/2021-22"

func cancelled(_ meetingID: String, _ reason: String) -> MeetingRecord {
  MeetingRecord(meetingID: meetingID, event: .cancelled(reason: reason))
}

@Suite("Alerts on the MK Together 2021-22 schedule")
struct AlertScenarioTests {
  @Test(
    "(a) the CSP's October meeting cancelled: the strategic assessment cannot be scheduled, and says why"
  )
  func cancelledOnlyMeeting() throws {
    let p = try miltonWithContacts()
    let records = Records(meetings: [cancelled("milton-keynes-csp-2021-10", "not quorate")])
    let (schedule, all) = alerts(p, asOf: day("2021-10-06"), records: records)
    let o = try #require(schedule.obligations.first { $0.id == strategicAssessment })
    #expect(o.isUnschedulable)
    let alert = try #require(all.first { $0.obligation.id == strategicAssessment })
    #expect(alert.status == .unschedulable)
    #expect(alert.reason.contains("the CSP's October meeting was cancelled (not quorate)"))
    #expect(alert.reason.contains("no CSP meeting remains before the end of"))
    #expect(alert.reason.contains("(2021-10-31)"))
    #expect(alert.recipients.map(\.person) == ["assurance-lead", "csp-lead"])
    #expect(
      alert.recipients.map(\.capacity) == ["lead officer of Assurance", "lead officer of CSP"])
    #expect(!alert.escalated)
    #expect(alert.unaddressed.isEmpty)
    #expect(alert.subject(p).contains("Cannot be scheduled"))
    // Unschedulable is a planning conflict, never escalated to the chairs.
    let (_, later) = alerts(p, asOf: day("2022-01-10"), records: records)
    let stillOpen = try #require(later.first { $0.obligation.id == strategicAssessment })
    #expect(stillOpen.status == .unschedulable && !stillOpen.escalated)
    #expect(stillOpen.recipients.count == 2)
  }

  @Test("(a) the email of the cancelled-meeting alert attaches the cancelled meeting")
  func cancelledMeetingCalendar() throws {
    let p = try miltonWithContacts()
    let records = Records(meetings: [cancelled("milton-keynes-csp-2021-10", "not quorate")])
    let (schedule, all) = alerts(p, asOf: day("2021-10-06"), records: records)
    let alert = try #require(all.first { $0.obligation.id == strategicAssessment })
    let events = FeedPlanner.events(
      for: alert.obligation, in: p, schedule: schedule, asOf: day("2021-10-06"),
      disclosure: .officer(p))
    #expect(events.map(\.uid) == ["milton-keynes-csp-2021-10@boardcal"])
    #expect(events.first?.cancelled == true)
    let composer = AlertMailComposer(
      partnership: p, schedule: schedule, sender: AlertMailComposer.defaultSender(for: p),
      asOf: day("2021-10-06"))
    let ics = try #require(try composer.calendar(for: alert, date: escalationMorning))
    #expect(ics.contains("STATUS:CANCELLED\r\n"))
    #expect(ics.contains("SUMMARY:Cancelled: Community Safety Partnership meeting\r\n"))
  }

  @Test("(a) the HWB's June meeting cancelled: the annual report re-slots to September")
  func cancelledMeetingReslots() throws {
    let p = try miltonWithContacts()
    let records = Records(meetings: [cancelled("milton-keynes-hwb-2021-06", "not quorate")])
    let (schedule, all) = alerts(p, asOf: day("2021-06-02"), records: records)
    let o = try #require(schedule.obligations.first { $0.id == annualReportToHWB })
    #expect(o.slot == .meeting(id: "milton-keynes-hwb-2021-09", date: day("2021-09-07")))
    #expect(
      !all.contains { $0.obligation.id == annualReportToHWB }, "re-slotted: nothing to do yet")
    // Ten working days before its new papers deadline (23 August) it is papers-due.
    let (_, august) = alerts(p, asOf: day("2021-08-16"), records: records)
    let due = try #require(august.first { $0.obligation.id == annualReportToHWB })
    #expect(due.status == .papersDue)
    #expect(due.reason.contains("2021-09-07") && due.reason.contains("2021-08-23"))
  }

  @Test("(a) the HWB's June meeting held without the report: slipped, naming the next meeting")
  func slipped() throws {
    let p = try miltonWithContacts()
    let (_, all) = alerts(p, asOf: day("2021-06-02"))
    let alert = try #require(all.first { $0.obligation.id == annualReportToHWB })
    #expect(alert.status == .slipped)
    #expect(alert.since == day("2021-06-02"))
    #expect(
      alert.reason
        == "the HWB meeting on 2021-06-01 passed without it; the next HWB meeting in the window is on 2021-09-07"
    )
    #expect(alert.recipients.map(\.person) == ["mktmb-lead", "hwb-lead"])
    #expect(alert.recipients.map(\.capacity) == ["lead officer of MKTMB", "lead officer of HWB"])
  }

  @Test("(a) every HWB meeting of the year cancelled: the reason names each cancelled meeting")
  func allCancelled() throws {
    let p = try miltonWithContacts()
    let records = Records(meetings: [
      cancelled("milton-keynes-hwb-2021-06", "not quorate"),
      cancelled("milton-keynes-hwb-2021-09", "cancelled"),
      cancelled("milton-keynes-hwb-2022-02", "pre-election period"),
    ])
    let (_, all) = alerts(p, asOf: day("2021-06-02"), records: records)
    let alert = try #require(all.first { $0.obligation.id == annualReportToHWB })
    #expect(alert.status == .unschedulable)
    #expect(
      alert.reason.hasPrefix(
        "the HWB's June meeting was cancelled (not quorate) and the HWB's September meeting was cancelled and the HWB's February meeting was cancelled (pre-election period) and no HWB meeting remains"
      ))
  }

  @Test(
    "(b) missed the day after the window closes; escalated to both chairs after 20 working days")
  func missedThenEscalated() throws {
    let p = try miltonWithContacts()
    #expect(p.defaults.escalationWorkingDays == 20)
    // Open on the last day of the window: its meeting passed, so slipped, not yet missed.
    let (_, october) = alerts(p, asOf: day("2021-10-31"))
    #expect(october.first { $0.obligation.id == strategicAssessment }?.status == .slipped)

    let (_, first) = alerts(p, asOf: day("2021-11-01"))
    let missed = try #require(first.first { $0.obligation.id == strategicAssessment })
    #expect(missed.status == .missed)
    #expect(missed.since == day("2021-11-01"))
    #expect(!missed.escalated)
    #expect(missed.recipients.map(\.person) == ["assurance-lead", "csp-lead"])
    #expect(missed.subject(p).contains("] Missed: "))

    // 1 November 2021 + 19 working days (no bank holiday in November) is Friday 26 November.
    let (_, nineteen) = alerts(p, asOf: day("2021-11-26"))
    let notYet = try #require(nineteen.first { $0.obligation.id == strategicAssessment })
    #expect(!notYet.escalated && notYet.recipients.count == 2)

    let (_, twenty) = alerts(p, asOf: day("2021-11-29"))
    let escalated = try #require(twenty.first { $0.obligation.id == strategicAssessment })
    #expect(escalated.escalated)
    #expect(escalated.key == missed.key, "the same alert: leads are not told twice")
    #expect(
      escalated.recipients.map(\.person) == [
        "assurance-lead", "csp-lead", "independent-scrutineer", "cabinet-member-community-safety",
      ])
    #expect(
      escalated.recipients.map(\.capacity) == [
        "lead officer of Assurance", "lead officer of CSP", "chair of Assurance", "chair of CSP",
      ])
    #expect(escalated.recipients[2].name == "Jane Held")
    #expect(escalated.subject(p).contains("Missed (escalated)"))
    #expect(escalated.plainText(p).contains("(escalated to the chairs)"))
  }

  @Test("(b) recording the strategic assessment as presented ends the alerts")
  func fulfilled() throws {
    let p = try miltonWithContacts()
    let records = Records(fulfilments: [
      Fulfilment(obligationID: strategicAssessment, date: day("2021-10-05"))
    ])
    let (_, all) = alerts(p, asOf: day("2021-11-29"), records: records)
    #expect(!all.contains { $0.obligation.id == strategicAssessment })
  }

  @Test("(c) MK as committed names no lead officers and no emails: every gap is reported")
  func committedProtocol() throws {
    let p = try milton()
    let (schedule, all) = alerts(p, asOf: day("2021-11-29"))
    let alert = try #require(all.first { $0.obligation.id == strategicAssessment })
    #expect(alert.unaddressed == ["lead officer of Assurance", "lead officer of CSP"])
    #expect(
      alert.recipients.map(\.person) == [
        "independent-scrutineer", "cabinet-member-community-safety",
      ])
    #expect(alert.recipients.allSatisfy { $0.email == nil })
    let log = MemoryAlertLog()
    let sink = RecordingTransport()
    let notifier = AlertNotifier(
      composer: AlertMailComposer(
        partnership: p, schedule: schedule, sender: AlertMailComposer.defaultSender(for: p),
        asOf: day("2021-11-29")),
      transport: sink)
    let outcomes = notifier.notify([alert], log: log, now: escalationMorning)
    #expect(sink.messages.isEmpty)
    #expect(outcomes.map(\.result) == [.unaddressed, .unaddressed, .noEmail, .noEmail])
    #expect(
      outcomes.map(\.recipient) == [
        "lead officer of Assurance", "lead officer of CSP", "independent-scrutineer",
        "cabinet-member-community-safety",
      ])
  }
}
