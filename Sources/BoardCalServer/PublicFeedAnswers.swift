import BoardCalCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// The public's feed requests, answered in each connection's pipeline. Calendar apps poll feeds
/// all day long, most of them the public feed and with no token. Such a request (a keep-alive
/// HTTP/1.1 GET of a feed's path with no body, no `?token=`, no `Authorization` and no token
/// cookie) for a public feed already rendered in the live state is answered here, on the
/// connection's event loop, with exactly the answer the chain would give it (status, headers and
/// bytes: `PublicFeedAnswerTests` compares the two over a socket), counted and logged like any
/// other; it never reaches Hummingbird's router, its middleware or an async task.
///
/// Anything else goes on to the chain: other requests, a feed the public may not see, a feed not
/// rendered yet, a snapshot due a look for changes (the chain does that work, off the event loop),
/// every request that arrives while an earlier one on the connection is still with the chain, so
/// that answers keep the order of their requests, and every request that arrives while the client
/// is not reading its answers, so that the chain's backpressure holds.
final class PublicFeedAnswers: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  let site: Site
  let progress: RequestProgress
  let logger: Logger
  /// Requests passed on to the chain whose answers have not been written in full.
  private var passedOn = 0
  /// The answer to the request being read, sent when its end arrives.
  private var pending: (answer: PublicFeedAnswer, start: ContinuousClock.Instant)?
  private var date = DateStamp()
  /// The headers last sent, with their Date: calendar apps ask for the same feed again and again.
  private var lastSent:
    (path: String, entityTag: String, status: Int, date: String, fields: HTTPFields)?

  init(site: Site, progress: RequestProgress, logger: Logger) {
    self.site = site
    self.progress = progress
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      // While the client is not reading its answers (the channel is not writable), requests go
      // on to the chain, which stops reading until they are written: no answers pile up here.
      if passedOn == 0, progress.keepAlive, context.channel.isWritable,
        let answer = PublicFeedAnswer(head, site: site)
      {
        pending = (answer, .now)
        return
      }
      passedOn += 1
    case .body:
      if pending != nil { return }
    case .end:
      if let (answer, start) = pending {
        pending = nil
        send(answer, since: start, context: context)
        return
      }
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data) { passedOn -= 1 }
    context.write(data, promise: promise)
  }

  private func send(
    _ answer: PublicFeedAnswer, since start: ContinuousClock.Instant,
    context: ChannelHandlerContext
  ) {
    let now = date.now()
    let fields: HTTPFields
    if let last = lastSent, last.entityTag == answer.entityTag,
      last.status == answer.status.code, last.date == now, last.path == answer.path
    {
      fields = last.fields
    } else {
      var stamped = answer.fields
      stamped[.date] = now
      fields = stamped
      lastSent = (answer.path, answer.entityTag, answer.status.code, now, stamped)
    }
    context.write(
      wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: fields))),
      promise: nil)
    if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    site.metrics.feedAnsweredInPipeline()
    RequestLogMiddleware.record(
      method: "GET", path: answer.path, route: answer.route, status: answer.status.code,
      in: ContinuousClock.now - start, logger: logger, metrics: site.metrics)
  }
}

/// A public feed's answer to a request that may have one (`PublicFeedAnswers`): a 200 with the
/// feed, or a 304 when the client's validators match.
struct PublicFeedAnswer {
  let status: HTTPResponse.Status
  /// Every header but Date.
  let fields: HTTPFields
  let body: ByteBuffer?
  /// The request's path, without its query, for the log.
  let path: String
  /// The route pattern, as the router names it in logs and metrics.
  let route: String
  /// The feed's entity tag: the same path, tag and status give the same headers.
  let entityTag: String

  /// Nil when the chain must answer `request`.
  init?(_ request: HTTPRequest, site: Site) {
    guard request.method == .get, let target = request.path else { return nil }
    let query = target.utf8.firstIndex(of: UInt8(ascii: "?"))
    let path = String(target[..<(query ?? target.endIndex)])
    guard
      request.headerFields[.contentLength] == nil || request.headerFields[.contentLength] == "0",
      request.headerFields[.transferEncoding] == nil,
      !AccessMiddleware.carriesToken(
        request.headerFields, query: query.map { target[target.index(after: $0)...] }),
      let place = site.live.currentWithoutLooking()?.publicFeeds[path],
      let served = place.partnership.renderedFeed(place.target.path)
    else { return nil }
    if Validators.notModified(
      ifNoneMatch: request.headerFields[values: .ifNoneMatch],
      ifModifiedSince: request.headerFields[.ifModifiedSince], entityTag: served.entityTag,
      lastModified: served.lastModified)
    {
      status = .notModified
      fields = served.publicNotModified
      body = nil
    } else {
      status = .ok
      fields = served.publicOK
      body = served.body
    }
    self.path = path
    route = place.target.route
    entityTag = served.entityTag
  }
}

/// The Date header's value, worked out again only when the second changes.
struct DateStamp {
  private var second = -1
  private var text = ""

  mutating func now() -> String {
    let seconds = Int(time(nil))
    if seconds != second {
      second = seconds
      text = HTTPDate.format(seconds)
    }
    return text
  }
}

/// A feed's path as `FeedRoutes` takes it: `/P/public.ics`, `/P/boards/B.ics`, `/P/duties/B.ics`,
/// `/P/people/X.ics`, each part a plain name.
struct FeedTarget: Hashable {
  let partnership: String
  /// Relative to the partnership's feeds: `milton-keynes/boards/hwb.ics`.
  let path: String
  /// The route pattern, as the router names it in logs and metrics.
  let route: String

  init?(path: String) {
    let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    guard parts.count == 3 || parts.count == 4, parts[0].isEmpty, path.hasSuffix(".ics") else {
      return nil
    }
    let names = parts.dropFirst().map { String(Substring($0)) }
    guard names.allSatisfy(Site.isPlainName) else { return nil }
    if names.count == 2 {
      guard names[1] == "public.ics" else { return nil }
      route = "/{partnership}/public.ics"
    } else {
      guard ["boards", "duties", "people"].contains(names[1]), names[2].count > 4 else {
        return nil
      }
      route = "/{partnership}/\(names[1])/{name}.ics"
    }
    partnership = names[0]
    self.path = names.joined(separator: "/")
  }
}
