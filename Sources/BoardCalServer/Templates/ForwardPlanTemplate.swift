extension PageTemplates {
  /// `GET /P/forward-plan?year=YYYY`: the year's meetings across the boards with the reports each
  /// will take, one table that prints on A4, and links to the same plan as CSV, iCalendar and JSON.
  static let forwardPlan = """
    {{<layout}}
    {{$title}}Forward plan {{cycle}} — {{name}}{{/title}}
    {{$content}}
    <h1>Forward plan {{cycle}}</h1>
    <p class="lede">{{name}}: the meetings from <time datetime="{{fromISO}}">{{from}}</time> to <time datetime="{{toISO}}">{{to}}</time> and the reports each will take; statuses as of {{asOf}}.</p>
    {{> localNav}}
    <nav class="downloads" aria-label="Other years and formats">
    <ul class="items">
    <li><a href="{{previousHref}}">Forward plan {{previousCycle}}</a> · <a href="{{nextHref}}">Forward plan {{nextCycle}}</a></li>
    <li>Download: <a href="{{csvHref}}">CSV (spreadsheet)</a> · <a href="{{icsHref}}">iCalendar (.ics)</a> · <a href="{{jsonHref}}">JSON</a></li>
    </ul>
    </nav>
    {{^empty(rows)}}
    <table class="stack">
    <caption>{{caption}}</caption>
    <thead><tr><th scope="col">Date</th><th scope="col">Board</th><th scope="col">Time and place</th><th scope="col">Reports due</th>{{#showPapers}}<th scope="col">Papers due</th>{{/showPapers}}</tr></thead>
    <tbody>
    {{#rows}}
    <tr>
    <th scope="row" data-label="Date"><time datetime="{{datetime}}">{{when}}</time></th>
    <td data-label="Board">{{^empty(boardHref)}}<a href="{{boardHref}}">{{board}}</a>{{/empty(boardHref)}}{{#empty(boardHref)}}{{board}}{{/empty(boardHref)}}</td>
    <td data-label="Time and place">{{time}}{{^empty(title)}} {{title}}{{/empty(title)}}{{^empty(location)}}<br>{{location}}{{/empty(location)}}{{^empty(cancellation)}}<br><span class="cancelled">Cancelled: {{cancellation}}</span>{{/empty(cancellation)}}</td>
    <td data-label="Reports due">{{^empty(items)}}<ul class="items">{{#items}}<li>{{action}}: {{report}} (from {{from}}) {{#status}}{{> status}}{{/status}}{{^empty(slippedFrom)}} <span class="meta">{{slippedFrom}}</span>{{/empty(slippedFrom)}}</li>{{/items}}</ul>{{/empty(items)}}{{#empty(items)}}None under the protocol{{/empty(items)}}</td>
    {{#showPapers}}<td data-label="Papers due">{{papersDue}}</td>{{/showPapers}}
    </tr>
    {{/rows}}
    </tbody>
    </table>
    {{/empty(rows)}}
    {{#empty(rows)}}<p>No meetings in {{cycle}}.</p>{{/empty(rows)}}
    {{/content}}
    {{/layout}}

    """
}
