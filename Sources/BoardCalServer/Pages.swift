import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Hummingbird

/// An HTML document, answered as `text/html`.
struct HTMLPage: ResponseGenerator {
  let text: String

  func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}

/// The HTML pages: plain documents with headings, lists and links, no script. What each shows
/// is what `Disclosure` lets the request's audience see.
struct Pages {
  let address: SiteAddress
  /// Who is asking.
  let audience: Audience
  /// The request's valid token, carried only in private feeds' subscribe links (pages know the
  /// holder by the cookie); nil for the public.
  let token: String?

  /// How many of a board's next meetings the partnership page lists.
  static let meetingsShown = 3
  /// How far ahead the partnership page looks.
  static let lookaheadDays = 365

  // MARK: Index

  func index(_ partnerships: [(id: String, name: String, feeds: [FeedIndexEntry])]) -> String {
    var body = [
      "<h1>Board calendars</h1>",
      "<p>Each partnership's boards, meetings and duties, as calendars you can subscribe to. "
        + "A subscribed calendar updates itself when the protocol or the meetings change.</p>",
      howToSubscribe,
    ]
    if partnerships.isEmpty {
      body.append("<p>No calendars have been published yet.</p>")
    }
    for p in partnerships {
      body.append("<section aria-labelledby=\"\(escape(p.id))\">")
      body.append(
        "<h2 id=\"\(escape(p.id))\"><a href=\"\(escape(address.path("\(p.id)/")))\">\(escape(p.name))</a></h2>"
      )
      let anyone = Disclosure(feedsOnly: audience)
      let shown = p.feeds.filter {
        anyone.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
      }
      if shown.isEmpty {
        body.append("<p>No public calendar.</p>")
      } else {
        body.append(feedList(shown.filter { !$0.private }))
        if shown.contains(where: \.private) {
          body.append(
            "<p><a href=\"\(escape(address.path("\(p.id)/")))\">Private calendars of \(escape(p.name))</a></p>"
          )
        }
      }
      body.append("</section>")
    }
    return document(title: "Board calendars", body: body)
  }

  var howToSubscribe: String {
    """
    <p>To subscribe, use the <strong>webcal</strong> link with Apple Calendar or Outlook, or \
    copy the <strong>web address</strong> into Google Calendar (Other calendars, From URL).</p>
    """
  }

  // MARK: Partnership

  func partnership(
    id: String, _ state: PartnershipState?, feeds: [FeedIndexEntry], asOf: CivilDate?
  )
    -> String
  {
    let p = state?.partnership
    let disclosure = p.map { Disclosure(audience, of: $0) } ?? Disclosure(feedsOnly: audience)
    let name = p?.name ?? id
    var body = [
      "<p><a href=\"\(escape(address.path("")))\">All partnerships</a></p>",
      "<h1>\(escape(name))</h1>",
    ]
    if let area = p?.area { body.append("<p>\(escape(area))</p>") }
    if let due = p?.review?.next, let asOf, due < asOf {
      body.append(
        "<p><strong>Review overdue since \(escape(due.yearMonth.iso))</strong>: the protocol was due to be reviewed in \(escape(due.yearMonth.monthName.name)) \(due.year).</p>"
      )
    }
    body.append("<h2>Calendars</h2>")
    body.append(howToSubscribe)
    let groups: [(kind: FeedKind, title: String)] = [
      (.public, "Public meetings"), (.board, "Board calendars, for members"),
      (.duties, "What each board owes, for chairs"), (.person, "Personal calendars"),
    ]
    var listed = false
    for group in groups {
      let entries = feeds.filter {
        $0.kind == group.kind
          && disclosure.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
      }
      guard !entries.isEmpty else { continue }
      body.append("<h3>\(escape(group.title))</h3>")
      body.append(feedList(entries))
      listed = true
    }
    if !listed { body.append("<p>No calendar has been published for this partnership.</p>") }
    if let state, let asOf { body += meetings(state, asOf: asOf) }
    return document(title: name, body: body)
  }

  /// The boards the audience may see and their next meetings.
  func meetings(_ state: PartnershipState, asOf: CivilDate) -> [String] {
    let p = state.partnership
    let disclosure = Disclosure(audience, of: p)
    let boards = p.boards.filter { disclosure.board($0.id) }
    return ["<h2>Boards and their next meetings</h2>"]
      + nextMeetings(state, boards: boards, asOf: asOf, shown: Self.meetingsShown, headed: true)
      + [
        "<p>The same as JSON: <a href=\"\(escape(address.path("api/\(p.id)/schedule")))\">"
          + "<code>\(escape(address.path("api/\(p.id)/schedule")))</code></a>.</p>"
      ]
  }

  /// Up to `shown` meetings of each board from `asOf`, within the lookahead and the horizon;
  /// `headed`: under each board's name (the partnership page), else the board's own page.
  func nextMeetings(
    _ state: PartnershipState, boards: [Board], asOf: CivilDate, shown: Int, headed: Bool = false
  ) -> [String] {
    let p = state.partnership
    var body: [String] = []
    let end = min(asOf.adding(days: Self.lookaheadDays), state.span.end)
    guard asOf <= end else {
      body.append(
        "<p>The protocol governed from \(escape(long(p.horizon.start))) to \(escape(long(state.span.end))), "
          + "when it was replaced; no meetings are derived after that, and today is \(escape(long(asOf))).</p>"
      )
      return body
    }
    body.append(
      "<p>As of \(escape(long(asOf))), the meetings"
        + "\(headed ? " of each board" : "") to \(escape(long(end))) (up to \(shown)).</p>"
    )
    let schedule = state.schedule(span: DateSpan(start: asOf, end: end))
    let disclosure = Disclosure(audience, of: p)
    for board in boards {
      if headed {
        body.append(
          "<h3 id=\"board-\(escape(board.id))\"><a href=\"\(escape(address.path("\(p.id)/boards/\(board.id)")))\">\(escape(board.name))</a></h3>"
        )
      }
      let next = schedule.meetings.filter {
        $0.board == board.id && disclosure.meeting($0) > .hidden
      }.prefix(shown)
      if next.isEmpty {
        body.append("<p>No meeting in this period.</p>")
        continue
      }
      body.append("<ul>")
      for m in next {
        body.append(
          "<li>"
            + meeting(m, items: schedule.obligations(at: m.id), p, disclosure) + "</li>")
      }
      body.append("</ul>")
    }
    return body
  }

  // MARK: Board

  /// A board's page (the "Board page" link in the feeds): who runs it, its calendars and its
  /// meetings over the lookahead. Only for an audience that may see the board.
  func board(_ board: Board, of state: PartnershipState, feeds: [FeedIndexEntry], asOf: CivilDate)
    -> String
  {
    let p = state.partnership
    let disclosure = Disclosure(audience, of: p)
    var body = [
      "<p><a href=\"\(escape(address.path("\(p.id)/")))\">\(escape(p.name))</a></p>",
      "<h1>\(escape(board.name))</h1>",
    ]
    var facts: [String] = [
      board.isPublic ? "Meets in public." : "Meets in private."
    ]
    for (role, id) in [("Chair", board.chair), ("Lead officer", board.leadOfficer)] {
      if let id { facts.append("\(role): \(escape(p.person(id)?.displayName ?? id)).") }
    }
    body.append("<p>\(facts.joined(separator: " "))</p>")
    let own = feeds.filter {
      ($0.subject == board.id || ($0.kind == .public && Disclosure(.public, of: p).board(board.id)))
        && disclosure.feed($0.kind, subject: $0.subject, isPrivate: $0.private)
    }
    if !own.isEmpty {
      body.append("<h2>Calendars</h2>")
      body.append(howToSubscribe)
      body.append(feedList(own))
    }
    body.append("<h2>Next meetings</h2>")
    body += nextMeetings(state, boards: [board], asOf: asOf, shown: 12)
    return document(title: "\(board.name) — \(p.name)", body: body)
  }

  /// One meeting: when, where, whether cancelled, its dates (the paper deadline only at full
  /// detail) and the items slotted there that the audience may see.
  func meeting(
    _ m: Meeting, items: [Obligation], _ p: Partnership, _ disclosure: Disclosure
  ) -> String {
    let detail = disclosure.meeting(m)
    let items = items.filter { disclosure.obligation($0) > .hidden }
    var text =
      "<time datetime=\"\(m.date.iso)T\(m.time)\">\(escape(long(m.date))), \(m.time)</time>"
    if let title = m.title { text += ": \(escape(title))" }
    if let location = m.location { text += " — \(escape(location))" }
    if let reason = m.cancellation {
      text += ". <strong>Cancelled</strong>: \(escape(reason))"
    }
    if m.ruleDate != nil { text += " (moved: the usual day is not a working day)" }
    var notes: [String] = []
    if detail == .full { notes.append("Papers due by \(escape(long(m.paperDeadline))).") }
    if let published = m.agendaPublication {
      notes.append("Agenda published by \(escape(long(published))).")
    }
    if detail == .full, m.confidential { notes.append("Confidential.") }
    if !notes.isEmpty { text += "<br>" + notes.joined(separator: " ") }
    if !items.isEmpty {
      text += "<ul>"
      for o in items {
        let from = p.board(o.owner)?.label ?? o.owner
        text +=
          "<li>\(o.action.rawValue.capitalized): \(escape(o.reportName)) (from \(escape(from)))"
          + (disclosure.obligation(o) == .full && o.confidential ? " — confidential" : "")
          + "</li>"
      }
      text += "</ul>"
    }
    return text
  }

  // MARK: Parts

  func feedList(_ entries: [FeedIndexEntry]) -> String {
    var lines = ["<ul>"]
    for entry in entries {
      let token = entry.private ? self.token : nil
      let webcal = address.webcal(entry.path, token: token)
      let web = address.web(entry.path, token: token)
      lines.append(
        "<li><strong>\(escape(entry.name))</strong> (\(entry.events) entries)<br>"
          + "<a href=\"\(escape(webcal))\">Subscribe</a> (Apple Calendar, Outlook): "
          + "<code>\(escape(webcal))</code><br>"
          + "Web address (Google Calendar, download): "
          + "<a href=\"\(escape(web))\"><code>\(escape(web))</code></a></li>")
    }
    lines.append("</ul>")
    return lines.joined(separator: "\n")
  }

  func document(title: String, body: [String]) -> String {
    """
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title))</title>
    <style>body{font-family:sans-serif;line-height:1.5;max-width:48rem;margin:1rem auto;\
    padding:0 1rem}code{word-break:break-all}</style>
    </head>
    <body>
    <main>
    \(body.joined(separator: "\n"))
    </main>
    </body>
    </html>

    """
  }

  /// "Tuesday 1 June 2021".
  func long(_ d: CivilDate) -> String {
    "\(d.weekday.name) \(d.day) \(d.yearMonth.monthName.name) \(d.year)"
  }
}

/// Text made safe inside HTML elements and attribute values.
func escape(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.count)
  for c in text {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(c)
    }
  }
  return out
}
