// What the page templates are given: small values of text, already worded, that the templates
// escape as they place them. No HTML is made here.

/// A link: where it goes and what it says.
struct LinkView {
  let href: String
  let text: String
}

/// A status as a page shows it: the word and the style it is drawn in.
struct StatusView {
  let text: String
  let css: String

  init(_ status: ObligationStatusWord) {
    text = status.text
    css = status.css
  }
}

/// The word of a status, as people read it ("papers due"), and its style name ("papers-due").
struct ObligationStatusWord {
  let text: String
  let css: String
}

/// A subscribable feed with its two addresses.
struct FeedView {
  let name: String
  let events: Int
  let webcal: String
  let web: String
}

/// Feeds under a heading ("Public meetings").
struct FeedGroupView {
  let title: String
  let feeds: [FeedView]
}

/// One item due at a meeting.
struct ItemView {
  /// "Present", "Consult", "Inform", "Invited".
  let action: String
  let report: String
  /// The owning board's short name.
  let from: String
  let confidential: Bool
  let status: StatusView
  /// "slipped from the meeting on Tuesday 2 June 2026" for an item carried to a later meeting;
  /// empty for one slotted there.
  let slippedFrom: String
}

/// One meeting, as the `meeting` partial shows it.
struct MeetingView {
  /// The heading element: `h3` or `h4`, by where the meeting sits on the page.
  let heading: String
  /// `2021-06-01T14:00`.
  let datetime: String
  /// "Tuesday 1 June 2021, 14:00".
  let when: String
  let title: String
  let location: String
  let cancellation: String
  /// Why the meeting is not on its usual day ("Moved: …."), or empty.
  let moved: String
  let papersDue: String
  let agendaPublished: String
  let confidential: Bool
  let standing: [String]
  let items: [ItemView]
  /// The meeting's id, which `boardcal record … --meeting` takes, for those who see the meeting at
  /// full detail; empty for others.
  let id: String
}

/// What every page has around it: the way home, the way back up (breadcrumbs), and, on a
/// partnership's pages, the links between them.
struct FrameView {
  let home: String
  let crumbs: [LinkView]
  /// The partnership whose pages `localLinks` are, or empty.
  let partnership: String
  let localLinks: [LinkView]
}

/// `GET /`.
struct IndexPage {
  struct Partnership {
    let id: String
    let name: String
    let href: String
    let feeds: [FeedView]
    let privateHref: String
  }
  let frame: FrameView
  let partnerships: [Partnership]
}

/// Alerts in a table (`alertTable`): the overdue page and the partnership page's first section.
struct AlertTableView {
  struct Told {
    let who: String
    let capacity: String
    /// What the alert log says: "sent Monday 3 May 2021 at 07:00 UTC by email", or nothing yet.
    let log: String
  }
  struct Row {
    let status: StatusView
    let escalated: Bool
    let sinceISO: String
    let since: String
    let duty: String
    let cycle: String
    /// The slot and paper deadline, in words.
    let when: String
    let why: String
    let told: [Told]
    /// "Nobody is named as lead officer of Assurance or chair of MKTMB.", or empty.
    let unaddressed: String
  }
  let caption: String
  let showTold: Bool
  let rows: [Row]
  /// Once, above the rows: the people alerts cannot reach for want of an email address ("Jane
  /// Held (independent-scrutineer) and …"), and the roles nobody is named in ("lead officer of
  /// MKTMB and …"); empty when there are none.
  var noAddress = ""
  var unnamed = ""
}

/// `GET /P/`.
struct PartnershipPage {
  struct Board {
    let id: String
    let name: String
    let href: String
    let meetings: [MeetingView]
  }
  let frame: FrameView
  let name: String
  let area: String
  let reviewOverdue: String
  let asOf: String
  /// Why the audience is not shown what needs action, or nil when it is.
  let actionWithheld: String
  /// The first `Pages.actionShown` alerts, most urgent first.
  let alerts: AlertTableView
  /// The link text to the rest on the overdue page ("All 44 alerts …"), or empty.
  let moreAlerts: String
  let overdueHref: String
  /// When today is past the protocol's end: what governed when.
  let governed: String
  /// "As of …, the next meetings of each board to … (up to 3)."
  let meetingsIntro: String
  let boards: [Board]
  let jsonHref: String
  let jsonPath: String
  let feedGroups: [FeedGroupView]
}

/// `GET /P/boards/B`.
struct BoardPage {
  struct Duty {
    let status: StatusView
    let action: String
    let report: String
    let cycle: String
    let to: String
    let when: String
    let why: String
    let papersDue: String
  }
  let frame: FrameView
  let title: String
  let name: String
  let label: String
  let facts: String
  let owesIntro: String
  let dutiesCaption: String
  let showPapers: Bool
  let duties: [Duty]
  let meetingsIntro: String
  let meetings: [MeetingView]
  let feeds: [FeedView]
}

/// `GET /P/overdue`.
struct OverduePage {
  let frame: FrameView
  let name: String
  let asOfISO: String
  let asOf: String
  let withheld: String
  let intro: String
  let alerts: AlertTableView
}

/// `GET /P/conflicts`.
struct ConflictsPage {
  struct Row {
    let kind: String
    let cycle: String
    let board: String
    let explanation: String
  }
  let frame: FrameView
  let name: String
  let fromISO: String
  let from: String
  let toISO: String
  let to: String
  let withheld: String
  let intro: String
  let caption: String
  let rows: [Row]
}

/// `GET /P/forward-plan`.
struct ForwardPlanPage {
  struct Row {
    let datetime: String
    let when: String
    let board: String
    let boardHref: String
    let time: String
    let title: String
    let location: String
    let cancellation: String
    let items: [ItemView]
    let papersDue: String
  }
  let frame: FrameView
  let name: String
  let cycle: String
  let fromISO: String
  let from: String
  let toISO: String
  let to: String
  let asOf: String
  let previousCycle: String
  let previousHref: String
  let nextCycle: String
  let nextHref: String
  let csvHref: String
  let icsHref: String
  let jsonHref: String
  let caption: String
  let showPapers: Bool
  let rows: [Row]
}
