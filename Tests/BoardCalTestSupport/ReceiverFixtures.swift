// Two small protocols for the tests of copies to people and publication (issue 12), each duty
// citing the statute it comes from. The meeting months, and the Care Act copies' 30 September,
// are the fixtures' own assumptions (each says so): the statutes give no meeting months, and
// the Care Act no date.

/// An English Safeguarding Adults Board whose annual report goes, as the Care Act 2014 requires,
/// in copy to the chief executive and the leader of the council, the police and crime
/// commissioner, the Local Healthwatch and the chair of the Health and Wellbeing Board.
public let careActProtocol = """
  partnership:
    id: care-act-test
    name: Care Act Test Partnership
    area: Testshire
    horizon: {from: 2026-04-01}
    source: {file: Care Act 2014, section: "Schedule 2, paragraph 1(8)", quote: "An SAB may regulate its own procedure."}
  people:
    - id: sab-chair
      role: Independent Chair of the Safeguarding Adults Board
    - id: sab-business-manager
      role: SAB Business Manager
    - id: chief-executive
      role: Chief Executive of the local authority
    - id: council-leader
      role: Leader of the local authority
    - id: police-and-crime-commissioner
      role: Police and Crime Commissioner
    - id: healthwatch
      role: Local Healthwatch organisation
    - id: hwb-chair
      role: Chair of the Health and Wellbeing Board
  boards:
    - id: sab
      name: Safeguarding Adults Board
      short_name: SAB
      kind: statutory
      chair: sab-chair
      lead_officer: sab-business-manager
      meetings:
        - months: [June, September, December, March]
          day: first Tuesday
          assumption: "A test fixture: the Act leaves the SAB's procedure to it; quarterly meetings assumed."
          source: {file: Care Act 2014, section: "Schedule 2, paragraph 1(8)", quote: "An SAB may regulate its own procedure."}
      source: {file: Care Act 2014, section: "Schedule 2, paragraph 1(3)", quote: "A local authority, having consulted the other members of its SAB, must appoint as the chair a person whom the authority considers to have the required skills and experience."}
  reports:
    - id: sab-annual-report
      name: SAB Annual Report
      owner: sab
      covers: previous-cycle
      source: {file: Care Act 2014, section: "Schedule 2, paragraph 4(1)", quote: "As soon as is feasible after the end of each financial year, an SAB must publish a report on— (a) what it has done during that year to achieve its objective, ..."}
  duties:
    - id: sab-annual-report-copies
      report: sab-annual-report
      to: [chief-executive, council-leader, police-and-crime-commissioner, healthwatch, hwb-chair]
      action: inform
      window: {by: "09-30"}
      assumption: "The Act says 'as soon as is feasible'; this test partnership sends the copies by 30 September."
      source: {file: Care Act 2014, section: "Schedule 2, paragraph 4(2)", quote: "The SAB must send a copy of the report to— (a) the chief executive and the leader of the local authority which established the SAB, (b) the local policing body the whole or part of whose area is in the local authority's area, (c) the Local Healthwatch organisation for the local authority's area, and (d) the chair of the Health and Wellbeing Board for that area."}

  """

/// A Welsh regional Safeguarding Board, meeting in public, that publishes its annual plan
/// before the financial year starts and its annual report before 31 July (Social Services and
/// Well-being (Wales) Act 2014, section 136, in the words of its Explanatory Notes).
public let welshProtocol = """
  partnership:
    id: welsh-region-test
    name: Welsh Region Test Partnership
    area: Test Region
    horizon: {from: 2026-04-01}
    source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136", quote: "Section 136 provides that a Safeguarding Board must, before the start of a new financial year (which ends on 31 March each year), publish an annual plan"}
  people:
    - id: rsb-chair
      role: Chair of the Regional Safeguarding Board
    - id: rsb-business-manager
      role: Regional Safeguarding Board Business Manager
  boards:
    - id: rsb
      name: Regional Safeguarding Adults Board
      short_name: RSAB
      kind: statutory
      public: true
      chair: rsb-chair
      lead_officer: rsb-business-manager
      meetings:
        - months: [May, September, January]
          day: second Wednesday
          assumption: "A test fixture: meeting months assumed."
          source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136", quote: "a Safeguarding Board must publish a report on how it has exercised its functions"}
      source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136", quote: "a Safeguarding Board must publish a report on how it has exercised its functions"}
  reports:
    - id: annual-plan
      name: Annual Plan
      owner: rsb
      covers: next-cycle
      source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136(1)", quote: "a Safeguarding Board must, before the start of a new financial year (which ends on 31 March each year), publish an annual plan setting out its programme of work for the year ahead."}
    - id: annual-report
      name: Annual Report
      owner: rsb
      covers: previous-cycle
      source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136(2)", quote: "Before 31 July each year, a Safeguarding Board must publish a report on how it has exercised its functions in the preceding financial year"}
  duties:
    - id: publish-annual-plan
      report: annual-plan
      action: publish
      window: {by: "03-31"}
      source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136(1)", quote: "before the start of a new financial year (which ends on 31 March each year), publish an annual plan"}
    - id: publish-annual-report
      report: annual-report
      action: publish
      window: {by: "07-30"}
      note: "'Before 31 July': 30 July is the last day."
      source: {file: Explanatory Notes to the Social Services and Well-being (Wales) Act 2014, section: "paragraph 384, section 136(2)", quote: "Before 31 July each year, a Safeguarding Board must publish a report"}

  """
