extension PageTemplates {
  /// The frame of every page (`{{<layout}}`): the document head with the one stylesheet (a single
  /// column on a phone, two on a desktop where a page has an aside, and A4 for print), the site
  /// bar, the breadcrumb trail, and the blocks `title` and `content` a page fills in. Beside it,
  /// the small partials several pages share: a feed list, a status, a meeting.
  static let layout = """
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}Board calendars{{/title}}</title>
    <style>
    :root{color-scheme:light}
    *{box-sizing:border-box}
    body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;background:#fff}
    a{color:#0b4f8a}
    a:visited{color:#5a2d82}
    a:focus{outline:3px solid #ffbf47;outline-offset:0;background:#ffbf47;color:#0b0c0c}
    .bar{background:#12344d;color:#fff;padding:.6rem 1rem}
    .bar a,.bar a:visited{color:#fff;font-weight:600;text-decoration:none}
    .bar a:focus{color:#0b0c0c}
    .page{max-width:80rem;margin:0 auto;padding:0 1rem 2rem}
    .crumbs ol{list-style:none;margin:.75rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
    .crumbs li+li::before{content:"›";margin-right:.25rem;color:#505a5f}
    h1{font-size:1.9rem;line-height:1.2;margin:.75rem 0 .5rem}
    h2{font-size:1.4rem;line-height:1.25;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #d0d7de}
    h3{font-size:1.15rem;margin:1.25rem 0 .25rem}
    .lede{font-size:1.1rem;color:#2e3338}
    .local ul{list-style:none;margin:.5rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
    .notice{border-left:5px solid #b58105;background:#fff7e0;padding:.5rem .75rem}
    table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
    caption{text-align:left;font-weight:600;padding:.25rem 0;caption-side:top}
    th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #c8d0d8}
    thead th{background:#eef2f5;border-bottom:2px solid #9aa5b1}
    th .meta{font-weight:400}
    .told div{margin-bottom:.35rem}
    ul.items{margin:.25rem 0;padding-left:1.25rem}
    .status{display:inline-block;padding:0 .45rem;border:1px solid;border-radius:.25rem;font-weight:700;font-size:.9rem;white-space:nowrap}
    .status-missed{background:#fde8e8;color:#8a1010}
    .status-slipped,.status-papers-due{background:#fff3d6;color:#6b4500}
    .status-unschedulable{background:#f3e8fd;color:#5b1f8a}
    .status-scheduled{background:#e8f1fb;color:#0b4f8a}
    .status-done{background:#e6f4ea;color:#1e5e32}
    .status-untracked{background:#f0f0f0;color:#3b3b3b}
    .meeting{border:1px solid #c8d0d8;border-radius:.35rem;padding:.5rem .75rem;margin:.75rem 0}
    .meeting h3,.meeting h4{margin:.1rem 0 .25rem;font-size:1.05rem}
    .meta{color:#3b4147;margin:.1rem 0}
    .cancelled{color:#8a1010;font-weight:700}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    code{word-break:break-all;font-size:.9rem}
    .feeds li{margin-bottom:.5rem}
    .downloads a{font-weight:600}
    @media (min-width:62rem){.columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,1fr);gap:0 2.5rem}}
    @media (max-width:40rem){
    h1{font-size:1.6rem}
    table.stack caption{display:block}
    table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
    table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:auto}
    table.stack tr{border:1px solid #c8d0d8;border-radius:.35rem;margin:0 0 .75rem;padding:.35rem .6rem}
    table.stack th,table.stack td{border:0;padding:.15rem 0}
    table.stack [data-label]::before{content:attr(data-label) ": ";font-weight:700}
    }
    @media print{
    @page{size:A4;margin:14mm 12mm}
    body{font-size:10pt;color:#000}
    .bar,.crumbs,.local,.downloads,.noprint{display:none}
    .page{max-width:none;padding:0}
    a,a:visited{color:#000;text-decoration:none}
    h1{font-size:16pt;margin-top:0}
    h2{font-size:13pt;break-after:avoid}
    thead{display:table-header-group}
    tr,.meeting{break-inside:avoid}
    .status{border:1px solid #000;background:none;color:#000}
    }
    </style>
    </head>
    <body>
    {{#frame}}
    <div class="bar"><a href="{{home}}">Board calendars</a></div>
    <div class="page">
    {{^empty(crumbs)}}
    <nav class="crumbs" aria-label="Where this page is">
    <ol>
    {{#crumbs}}
    <li><a href="{{href}}">{{text}}</a></li>
    {{/crumbs}}
    </ol>
    </nav>
    {{/empty(crumbs)}}
    {{/frame}}
    <main>
    {{$content}}{{/content}}
    </main>
    </div>
    </body>
    </html>

    """

  /// A list of feeds: each with its webcal link and its web address.
  static let feeds = """
    <ul class="feeds">
    {{#feeds}}
    <li><strong>{{name}}</strong> ({{events}} entries)<br>
    <a href="{{webcal}}">Subscribe<span class="visually-hidden"> to {{name}}</span></a> (Apple Calendar, Outlook)<br>
    Web address (Google Calendar, download): <a href="{{web}}"><code>{{web}}</code></a></li>
    {{/feeds}}
    </ul>

    """

  /// A status as a labelled badge: the word is always there, the colour only helps.
  static let status = """
    <span class="status status-{{css}}">{{text}}</span>
    """

  /// One meeting: when, where, whether cancelled, its dates (the paper deadline only for those
  /// who may see it), its standing items and the items due there.
  static let meeting = """
    <div class="meeting">
    <{{heading}}><time datetime="{{datetime}}">{{when}}</time>{{^empty(title)}}: {{title}}{{/empty(title)}}</{{heading}}>
    {{^empty(location)}}<p class="meta">{{location}}</p>{{/empty(location)}}
    {{^empty(cancellation)}}<p class="cancelled">Cancelled: {{cancellation}}</p>{{/empty(cancellation)}}
    {{^empty(moved)}}<p class="meta">{{moved}}</p>{{/empty(moved)}}
    {{^empty(papersDue)}}<p class="meta">Papers due by {{papersDue}}.</p>{{/empty(papersDue)}}
    {{^empty(agendaPublished)}}<p class="meta">Agenda published by {{agendaPublished}}.</p>{{/empty(agendaPublished)}}
    {{#confidential}}<p class="meta">Confidential.</p>{{/confidential}}
    {{^empty(standing)}}
    <p class="meta">Standing items:</p>
    <ul class="items">
    {{#standing}}<li>{{.}}</li>
    {{/standing}}
    </ul>
    {{/empty(standing)}}
    {{^empty(items)}}
    <p class="meta">Due under the protocol:</p>
    <ul class="items">
    {{#items}}
    <li>{{action}}: {{report}} (from {{from}}){{#confidential}} — confidential{{/confidential}} {{#status}}{{> status}}{{/status}}{{^empty(slippedFrom)}} <span class="meta">{{slippedFrom}}</span>{{/empty(slippedFrom)}}</li>
    {{/items}}
    </ul>
    {{/empty(items)}}
    {{#empty(standing)}}{{#empty(items)}}<p class="meta">No items are due under the protocol.</p>{{/empty(items)}}{{/empty(standing)}}
    {{^empty(id)}}<p class="meta">Meeting id, for <code>boardcal record</code>: <code>{{id}}</code></p>{{/empty(id)}}
    </div>

    """
}
