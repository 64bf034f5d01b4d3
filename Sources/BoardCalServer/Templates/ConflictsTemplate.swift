extension PageTemplates {
  /// `GET /P/conflicts`: the planning conflicts over the views' span.
  static let conflicts = """
    {{<layout}}
    {{$title}}Planning conflicts — {{name}}{{/title}}
    {{$content}}
    <h1>Planning conflicts</h1>
    <p class="lede">{{name}}, from <time datetime="{{fromISO}}">{{from}}</time> to <time datetime="{{toISO}}">{{to}}</time>.</p>
    {{> localNav}}
    {{^empty(withheld)}}<p class="notice">{{withheld}}</p>{{/empty(withheld)}}
    {{#empty(withheld)}}
    <p>{{intro}}</p>
    {{^empty(rows)}}
    <table class="stack">
    <caption>{{caption}}</caption>
    <thead><tr><th scope="col">Kind</th><th scope="col">Cycle</th><th scope="col">Board</th><th scope="col">What is wrong</th></tr></thead>
    <tbody>
    {{#rows}}
    <tr>
    <th scope="row" data-label="Kind">{{kind}}</th>
    <td data-label="Cycle">{{cycle}}</td>
    <td data-label="Board">{{board}}</td>
    <td data-label="What is wrong">{{explanation}}</td>
    </tr>
    {{/rows}}
    </tbody>
    </table>
    {{/empty(rows)}}
    {{#empty(rows)}}<p>No planning conflicts.</p>{{/empty(rows)}}
    {{/empty(withheld)}}
    {{/content}}
    {{/layout}}

    """
}
