extension PageTemplates {
  /// `GET /P/overdue`: the alerts as of today, since when, why, who was told and when, and
  /// whether they were escalated; for an audience that may not see them, why not.
  static let overdue = """
    {{<layout}}
    {{$title}}Overdue and at risk — {{name}}{{/title}}
    {{$content}}
    <h1>Overdue and at risk</h1>
    <p class="lede">{{name}}, as of <time datetime="{{asOfISO}}">{{asOf}}</time>.</p>
    {{> localNav}}
    {{^empty(withheld)}}<p class="notice">{{withheld}}</p>{{/empty(withheld)}}
    {{#empty(withheld)}}
    <p>{{intro}}</p>
    {{^empty(alerts.rows)}}{{#alerts}}{{> alertTable}}{{/alerts}}{{/empty(alerts.rows)}}
    {{#empty(alerts.rows)}}<p>Nothing needs anyone's action.</p>{{/empty(alerts.rows)}}
    {{/empty(withheld)}}
    {{/content}}
    {{/layout}}

    """
}
