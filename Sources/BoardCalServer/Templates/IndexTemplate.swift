extension PageTemplates {
  /// `GET /`: every partnership and its public feeds.
  static let index = """
    {{<layout}}
    {{$title}}Board calendars{{/title}}
    {{$content}}
    <h1>Board calendars</h1>
    <p class="lede">Each partnership's boards, meetings and duties, as calendars you can subscribe to. A subscribed calendar updates itself when the protocol or the meetings change.</p>
    <p>To subscribe, use the <strong>Subscribe</strong> link with Apple Calendar or Outlook, or copy the <strong>web address</strong> into Google Calendar (Other calendars, From URL).</p>
    {{^partnerships}}<p>No calendars have been published yet.</p>{{/partnerships}}
    {{#partnerships}}
    <section aria-labelledby="p-{{id}}">
    <h2 id="p-{{id}}"><a href="{{href}}">{{name}}</a></h2>
    {{^empty(feeds)}}{{> feeds}}{{/empty(feeds)}}
    {{#empty(feeds)}}<p>No public calendar.</p>{{/empty(feeds)}}
    {{^empty(privateHref)}}<p><a href="{{privateHref}}">Private calendars of {{name}}</a></p>{{/empty(privateHref)}}
    </section>
    {{/partnerships}}
    {{/content}}
    {{/layout}}

    """
}
