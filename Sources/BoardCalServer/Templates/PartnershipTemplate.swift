extension PageTemplates {
  /// `GET /P/`: what needs action first, then the boards and their next meetings, then the
  /// partnership's calendars.
  static let partnership = """
    {{<layout}}
    {{$title}}{{name}}{{/title}}
    {{$content}}
    <h1>{{name}}</h1>
    {{^empty(area)}}<p class="lede">{{area}}</p>{{/empty(area)}}
    {{^empty(reviewOverdue)}}<p class="notice"><strong>Review overdue</strong>: {{reviewOverdue}}</p>{{/empty(reviewOverdue)}}
    {{> localNav}}
    <div class="columns">
    <div>
    <h2 id="action">What needs action first</h2>
    {{^empty(actionWithheld)}}<p>{{actionWithheld}}</p>{{/empty(actionWithheld)}}
    {{#empty(actionWithheld)}}
    {{^empty(alerts.rows)}}{{#alerts}}{{> alertTable}}{{/alerts}}{{/empty(alerts.rows)}}
    {{^empty(moreAlerts)}}<p><a href="{{overdueHref}}">{{moreAlerts}}</a></p>{{/empty(moreAlerts)}}
    {{#empty(alerts.rows)}}<p>Nothing needs anyone's action as of {{asOf}}.</p>{{/empty(alerts.rows)}}
    {{/empty(actionWithheld)}}
    <h2 id="boards">Boards and their next meetings</h2>
    {{^empty(governed)}}<p>{{governed}}</p>{{/empty(governed)}}
    {{^empty(meetingsIntro)}}<p>{{meetingsIntro}}</p>{{/empty(meetingsIntro)}}
    {{#boards}}
    <section aria-labelledby="board-{{id}}">
    <h3 id="board-{{id}}"><a href="{{href}}">{{name}}</a></h3>
    {{#meetings}}{{> meeting}}{{/meetings}}
    {{^meetings}}<p>No meeting in this period.</p>{{/meetings}}
    </section>
    {{/boards}}
    <p>The same as JSON: <a href="{{jsonHref}}"><code>{{jsonPath}}</code></a>.</p>
    </div>
    <aside aria-labelledby="calendars">
    <h2 id="calendars">Calendars</h2>
    <p>To subscribe, use the <strong>Subscribe</strong> link with Apple Calendar or Outlook, or copy the <strong>web address</strong> into Google Calendar (Other calendars, From URL).</p>
    {{#feedGroups}}
    <h3>{{title}}</h3>
    {{> feeds}}
    {{/feedGroups}}
    {{^feedGroups}}<p>No calendar has been published for this partnership.</p>{{/feedGroups}}
    </aside>
    </div>
    {{/content}}
    {{/layout}}

    """

  /// The links between a partnership's pages.
  static let localNav = """
    {{#frame}}
    {{^empty(localLinks)}}
    <nav class="local" aria-label="{{partnership}}">
    <ul>
    {{#localLinks}}<li><a href="{{href}}">{{text}}</a></li>
    {{/localLinks}}
    </ul>
    </nav>
    {{/empty(localLinks)}}
    {{/frame}}

    """

  /// Alerts as a table: status, since, the duty, why, and who is told (`alerts` in context).
  static let alertTable = """
    {{^empty(noAddress)}}<p class="gaps">No email address is known for {{noAddress}}: alerts to them are not sent. Give one with <code>boardcal contact set PROTOCOL PERSON --email ADDRESS</code>, PERSON being the id in brackets.</p>{{/empty(noAddress)}}
    {{^empty(unnamed)}}<p class="gaps">Nobody is named in the protocol as {{unnamed}}: alerts for them reach nobody.</p>{{/empty(unnamed)}}
    <table class="stack">
    <caption>{{caption}}</caption>
    <thead><tr><th scope="col">Status</th><th scope="col">Since</th><th scope="col">Duty</th><th scope="col">Why</th>{{#showTold}}<th scope="col">Who is told</th>{{/showTold}}</tr></thead>
    <tbody>
    {{#rows}}
    <tr>
    <td data-label="Status">{{#status}}{{> status}}{{/status}}{{#escalated}}<br><strong>Escalated</strong> to the chairs{{/escalated}}</td>
    <td data-label="Since"><time datetime="{{sinceISO}}">{{since}}</time></td>
    <th scope="row" data-label="Duty">{{duty}} <span class="meta">(cycle {{cycle}})</span>{{^empty(when)}}<br><span class="meta">{{when}}</span>{{/empty(when)}}</th>
    <td data-label="Why">{{why}}</td>
    {{#showTold}}<td class="told" data-label="Who is told">
    {{#told}}<div>{{who}} ({{capacity}}){{^empty(log)}}: {{log}}{{/empty(log)}}</div>
    {{/told}}
    {{^empty(unaddressed)}}<div>{{unaddressed}}</div>{{/empty(unaddressed)}}
    </td>{{/showTold}}
    </tr>
    {{/rows}}
    </tbody>
    </table>

    """
}
