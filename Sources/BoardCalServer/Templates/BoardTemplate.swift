extension PageTemplates {
  /// `GET /P/boards/B`, the chair's page: what the board owes (to whom, by when, with its status
  /// and, for those who may see them, the paper deadlines), what is coming to its next meetings,
  /// and its calendars.
  static let board = """
    {{<layout}}
    {{$title}}{{title}}{{/title}}
    {{$content}}
    <h1>{{name}}</h1>
    <p class="lede">{{facts}}</p>
    {{> localNav}}
    <div class="columns">
    <div>
    <h2 id="owes">What {{label}} owes</h2>
    <p>{{owesIntro}}</p>
    {{^empty(duties)}}
    <table class="stack">
    <caption>{{dutiesCaption}}</caption>
    <thead><tr><th scope="col">Status</th><th scope="col">Duty</th><th scope="col">To</th><th scope="col">When</th>{{#showPapers}}<th scope="col">Papers due</th>{{/showPapers}}</tr></thead>
    <tbody>
    {{#duties}}
    <tr>
    <td data-label="Status">{{#status}}{{> status}}{{/status}}</td>
    <th scope="row" data-label="Duty">{{action}}: {{report}} <span class="meta">(cycle {{cycle}})</span></th>
    <td data-label="To">{{to}}</td>
    <td data-label="When">{{when}}{{^empty(why)}}<br><span class="meta">{{why}}</span>{{/empty(why)}}</td>
    {{#showPapers}}<td data-label="Papers due">{{papersDue}}</td>{{/showPapers}}
    </tr>
    {{/duties}}
    </tbody>
    </table>
    {{/empty(duties)}}
    {{#empty(duties)}}<p>Nothing is owed in this period.</p>{{/empty(duties)}}
    <h2 id="meetings">Next meetings of {{label}}</h2>
    <p>{{meetingsIntro}}</p>
    {{#meetings}}{{> meeting}}{{/meetings}}
    {{^meetings}}<p>No meeting in this period.</p>{{/meetings}}
    </div>
    <aside aria-labelledby="calendars">
    <h2 id="calendars">Calendars</h2>
    {{^empty(feeds)}}
    <p>To subscribe, use the <strong>Subscribe</strong> link with Apple Calendar or Outlook, or copy the <strong>web address</strong> into Google Calendar (Other calendars, From URL).</p>
    {{> feeds}}
    {{/empty(feeds)}}
    {{#empty(feeds)}}<p>No calendar with entries is published for this board.</p>{{/empty(feeds)}}
    </aside>
    </div>
    {{/content}}
    {{/layout}}

    """
}
