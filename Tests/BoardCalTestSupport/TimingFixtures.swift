// Partnership files written for tests of issue 12, shared by the tests of the core, the command
// line and the server: a board's life, and relative and event timing.

/// The HWB meets on the first Tuesday of June, November and March; the LSCB on the first Tuesday
/// of June, September, December and March until it is replaced; the SCP, set up on 29 June 2019,
/// on the first Wednesday of July, October, January and April. The HWB owes the LSCB its JSNA
/// every year and a performance report every quarter; the LSCB owes the HWB its annual report
/// in the autumn.
public let lifecycleFixtureProtocol = """
  partnership:
    id: testshire
    name: Testshire Partnership
    horizon: {from: 2018-04-01, to: 2021-03-31}
    source: {file: seed.txt, quote: "The boards agree this protocol."}
  boards:
    - id: hwb
      name: Health and Wellbeing Board
      kind: statutory
      meetings:
        - months: [June, November, March]
          day: first Tuesday
          source: {file: seed.txt, quote: "The Board meets in June, November and March."}
      source: {file: seed.txt, quote: "The Health and Wellbeing Board."}
    - id: lscb
      name: Local Safeguarding Children Board
      short_name: LSCB
      kind: statutory
      meetings:
        - months: [June, September, December, March]
          day: first Tuesday
          source: {file: seed.txt, quote: "The LSCB meets quarterly."}
      replaced_by:
        board: scp
        on: 2019-09-29
        source:
          file: "Working Together to Safeguard Children: transitional guidance (2018)"
          quote: "The transition must be completed by 29 September 2019."
      source: {file: seed.txt, quote: "The Local Safeguarding Children Board."}
    - id: scp
      name: Safeguarding Children Partnership
      short_name: SCP
      kind: statutory
      established:
        on: 2019-06-29
        source: {file: seed.txt, quote: "The partners published their arrangements on 29 June 2019."}
      renamed:
        - on: 2020-09-01
          name: Testshire Safeguarding Children Partnership
          short_name: TSCP
          source: {file: seed.txt, quote: "From September 2020 the partnership is the TSCP."}
      meetings:
        - months: [July, October, January, April]
          day: first Wednesday
          source: {file: seed.txt, quote: "The partnership meets quarterly."}
      source: {file: seed.txt, quote: "The Safeguarding Children Partnership."}
  reports:
    - id: jsna
      name: Joint Strategic Needs Assessment
      owner: hwb
      source: {file: seed.txt, quote: "The HWB produces the JSNA."}
    - id: performance
      name: Performance report
      owner: hwb
      cadence: quarterly
      source: {file: seed.txt, quote: "The HWB reports performance quarterly."}
    - id: lscb-annual
      name: Safeguarding annual report
      owner: lscb
      source: {file: seed.txt, quote: "The LSCB publishes an annual report."}
  duties:
    - id: jsna-to-lscb
      report: jsna
      to: [lscb]
      action: present
      source: {file: seed.txt, quote: "The JSNA is presented to the LSCB."}
    - id: performance-to-lscb
      report: performance
      to: [lscb]
      action: present
      source: {file: seed.txt, quote: "Performance is reported to the LSCB each quarter."}
    - id: lscb-annual-to-hwb
      report: lscb-annual
      to: [hwb]
      action: present
      window: autumn
      source: {file: seed.txt, quote: "The annual report goes to the HWB in the autumn."}

  """

/// A partnership whose timing is relative: a follow-up a year after a Safeguarding Adults Review
/// is published (Care Act 2014 s.44 and Schedule 2 para 1(f)), an agenda-setting group ahead of
/// every Health and Wellbeing Board meeting, a one-off duty, and a review that falls due every
/// year and after a change in the law.
public let relativeTimingFixtureProtocol = """
  partnership:
    id: testshire
    name: Testshire Partnership
    horizon: {from: 2023-04-01}
    source: {file: care-act-2014, quote: "Each local authority must establish a Safeguarding Adults Board (an SAB) for its area."}
  boards:
    - id: hwb
      name: Health and Wellbeing Board
      kind: statutory
      council_committee: true
      meetings:
        - months: [June, September, December, March]
          day: second Tuesday
          source: {file: terms.txt, quote: "The Board meets quarterly."}
      cancellations:
        - month: "2023-12"
          reason: not quorate
          source: {file: terms.txt, quote: "The December meeting is cancelled."}
      source: {file: terms.txt, quote: "The Health and Wellbeing Board."}
    - id: hwb-steering
      name: HWB agenda-setting group
      kind: informal
      meetings:
        - before: {board: hwb, working_days: 10}
          time: "10:00"
          source: {file: terms.txt, quote: "The agenda-setting group meets ahead of each Board meeting."}
      source: {file: terms.txt, quote: "Health and Wellbeing agenda setting meetings."}
    - id: sab
      name: Safeguarding Adults Board
      kind: statutory
      meetings:
        - months: [May, July, September, November, January, March]
          day: first Thursday
          source: {file: terms.txt, quote: "The SAB meets every two months."}
      source: {file: care-act-2014, quote: "Each local authority must establish a Safeguarding Adults Board."}
  reports:
    - id: sar-follow-up
      name: SAR action plan, a year on
      owner: sab
      source: {file: care-act-2014, quote: "what it has done during that year to implement the findings of reviews arranged by it under that section"}
    - id: arrangements
      name: Published safeguarding arrangements
      owner: sab
      source: {file: terms.txt, quote: "The arrangements are published."}
    - id: arrangements-check
      name: Arrangements six months on
      owner: sab
      source: {file: terms.txt, quote: "The Board checks the arrangements six months on."}
  duties:
    - id: sar-follow-up-to-hwb
      report: sar-follow-up
      to: [hwb]
      action: present
      window: {after: {event: sar-published}, months: 12}
      source: {file: care-act-2014, quote: "The SAB must send a copy of the report to ... the chair of the Health and Wellbeing Board"}
      assumption: "A year after publication is the partnership's choice; the Act says what the annual report must contain."
    - id: arrangements-to-hwb
      report: arrangements
      to: [hwb]
      action: inform
      window: {on: 2023-09-29}
      source: {file: terms.txt, quote: "The arrangements are published by 29 September 2023."}
    - id: arrangements-check-to-hwb
      report: arrangements-check
      to: [hwb]
      action: present
      window: {after: {duty: arrangements-to-hwb}, months: 6}
      source: {file: terms.txt, quote: "The Board checks the arrangements six months on."}
  review:
    cadence: annual
    next: 2024-01-15
    by: [sab]
    also_after: [law-change]
    source: {file: terms.txt, quote: "Reviewed every year, and sooner on any change in the law."}

  """

/// A public board meeting on the first Tuesday of March and September, whose March 2027 meeting
/// the protocol moves to Tuesday 16 March at 10:00.
public let movedWithinMonthProtocol = """
  partnership:
    id: testshire
    name: Testshire Boards
    horizon: {from: 2026-04-01}
    source: {file: seed.txt, quote: "The boards agree this protocol."}
  boards:
    - id: hwb
      name: Health and Wellbeing Board
      kind: statutory
      public: true
      meetings:
        - months: [September, March]
          day: first Tuesday
          moved:
            - month: "2027-03"
              to: 2027-03-16
              time: "10:00"
              reason: the council chamber is in use for the budget meeting
              source: {file: seed.txt, quote: "The March meeting will be held on 16 March."}
          source: {file: seed.txt, quote: "The Board meets in September and March."}
      source: {file: seed.txt, quote: "The Health and Wellbeing Board."}

  """
