import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How long the server waits on a client before it drops the connection, so that slow or silent
/// clients cannot hold connections open (README "HTTP server").
public struct ConnectionTimeouts: Sendable {
  /// A request, its head and any body, must arrive within this time of its first byte (the
  /// header-read timeout); a slower client gets `408 Request Timeout` and is dropped.
  public var read: Duration
  /// A connection with no request under way (before the first, or after an answer) is closed
  /// after this long (the idle timeout).
  public var idle: Duration

  public init(read: Duration = .seconds(10), idle: Duration = .seconds(30)) {
    self.read = read
    self.idle = idle
  }
}

extension HTTPServerBuilder {
  /// HTTP/1.1 as Hummingbird serves it (with its idle timeout), with two guards of ours in each
  /// connection's pipeline, the read deadline (`RequestReadDeadline`) and the rules on a
  /// request's head (`RequestHeadCheck`), and the public's feed requests answered in the
  /// pipeline (`PublicFeedAnswers`).
  static func boardcal(_ timeouts: ConnectionTimeouts, site: Site) -> HTTPServerBuilder {
    HTTPServerBuilder { responder in
      GuardedHTTP1Channel(
        http1: HTTP1Channel(
          responder: responder, configuration: .init(idleTimeout: TimeAmount(timeouts.idle))),
        read: TimeAmount(timeouts.read), site: site)
    }
  }
}

/// Hummingbird's HTTP/1.1 channel with our handlers added once it has set up its pipeline:
/// `RequestReadDeadline` first, on the bytes; `RequestHeadCheck` just after the HTTP decoder,
/// where the request's version is still known; and `PublicFeedAnswers` last before the
/// application, after Hummingbird's connection state (its idle timeout and graceful shutdown
/// see every request and answer).
struct GuardedHTTP1Channel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value
  let http1: HTTP1Channel
  let read: TimeAmount
  let site: Site

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    let read = read
    let site = site
    return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let pipeline = channel.pipeline.syncOperations
      let progress = RequestProgress()
      let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
      try pipeline.addHandler(RequestHeadCheck(progress), position: .after(decoder))
      try pipeline.addHandler(RequestReadDeadline(progress, timeout: read), position: .first)
      let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
      try pipeline.addHandler(
        PublicFeedAnswers(site: site, progress: progress, logger: logger),
        position: .after(state))
      return value
    }
  }

  func handle(value: Value, logger: Logger) async {
    await http1.handle(value: value, logger: logger)
  }
}

/// Where a connection is in its request–answer cycle, shared by our handlers of the connection on
/// its event loop.
final class RequestProgress {
  enum Stage {
    /// No request under way: waiting for the first byte of one.
    case waiting
    /// A request's bytes are arriving; it must be whole by the deadline.
    case reading
    /// The request is whole; the answer is on its way.
    case answering
  }
  var stage = Stage.waiting
  /// The request being read is HTTP/1.1 and keeps the connection open.
  var keepAlive = false
  /// Whether each request read and not yet answered keeps the connection open, oldest first.
  var answersOwed: [Bool] = []
  /// An answer's head has been written and its end not yet.
  var answerStarted = false
  /// When the request being read began to arrive.
  var readStarted = NIODeadline.uptimeNanoseconds(0)
  /// The one timer of the connection that checks the read deadline (`RequestReadDeadline`).
  var deadline: Scheduled<Void>?

  func requestRead() {
    stage = .answering
  }
}

/// The header-read timeout: from the first byte of a request, the whole request must arrive
/// within `timeout`, else the client gets `408 Request Timeout` and the connection is closed. A
/// client that trickles its headers a byte at a time (slowloris) is dropped with it.
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let progress: RequestProgress
  let timeout: TimeAmount

  init(_ progress: RequestProgress, timeout: TimeAmount) {
    self.progress = progress
    self.timeout = timeout
  }

  static let timedOut = ByteBuffer(
    string:
      "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if progress.stage == .waiting {
      progress.stage = .reading
      progress.readStarted = .now()
      if progress.deadline == nil { watch(context, until: progress.readStarted + timeout) }
    }
    context.fireChannelRead(data)
  }

  /// One timer per connection, not one per request: when it fires, a request still being read
  /// since before the deadline is refused; one being read since later is watched again until its
  /// own deadline; otherwise the timer stops until the next request begins.
  private func watch(_ context: ChannelHandlerContext, until deadline: NIODeadline) {
    let progress = progress
    let timeout = timeout
    progress.deadline = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
      progress.deadline = nil
      guard progress.stage == .reading else { return }
      let due = progress.readStarted + timeout
      guard due <= .now() else { return self.watch(context, until: due) }
      // Mid-answer (a server may answer before a slow body is in), only the close.
      guard !progress.answerStarted else { return context.close(promise: nil) }
      context.writeAndFlush(NIOAny(Self.timedOut)).assumeIsolated().whenComplete { _ in
        context.close(promise: nil)
      }
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    progress.deadline?.cancel()
    progress.deadline = nil
    context.fireChannelInactive()
  }
}

/// The rules on a request's head that the HTTP types lose: an HTTP/1.1 request must carry
/// exactly one Host header (RFC 9112, 3.2), else it is answered `400 Bad Request` and the
/// connection closed; a request that does not keep the connection open (HTTP/1.0 without
/// keep-alive, or `Connection: close`) gets its answer with `Connection: close` and then the
/// connection is closed (RFC 9112, 9.6), where Hummingbird would hold it until the idle timeout.
/// Also tells `RequestProgress` when a request has been read in full and when its answer is
/// written.
final class RequestHeadCheck: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart
  typealias OutboundIn = HTTPServerResponsePart
  typealias OutboundOut = HTTPServerResponsePart

  let progress: RequestProgress
  /// The request was refused: what follows of it is dropped.
  var refused = false

  init(_ progress: RequestProgress) { self.progress = progress }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let part = unwrapInboundIn(data)
    guard !refused else { return }
    switch part {
    case .head(var head):
      let hosts = head.headers["Host"].count
      if hosts > 1 || (hosts == 0 && (head.version.major, head.version.minor) >= (1, 1)) {
        refused = true
        progress.requestRead()
        refuse(context, "Bad request: an HTTP/1.1 request needs exactly one Host header.\n")
        return
      }
      let keepAlive = head.isKeepAlive
      progress.keepAlive = head.version == .http1_1 && keepAlive
      progress.answersOwed.append(keepAlive)
      // Hummingbird stops reading after a request whose Connection header is exactly `close`,
      // and only then.
      if !keepAlive, head.headers["Connection"] != ["close"] {
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        return context.fireChannelRead(wrapInboundOut(.head(head)))
      }
    case .body: break
    case .end: progress.requestRead()
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    switch unwrapOutboundIn(data) {
    case .head(var head):
      progress.answerStarted = true
      if progress.answersOwed.first == false {
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        return context.write(wrapOutboundOut(.head(head)), promise: promise)
      }
    case .body: break
    case .end:
      progress.answerStarted = false
      if !progress.answersOwed.isEmpty { progress.answersOwed.removeFirst() }
      if progress.stage == .answering { progress.stage = .waiting }
    }
    context.write(data, promise: promise)
  }

  func refuse(_ context: ChannelHandlerContext, _ message: String) {
    let body = ByteBuffer(string: message)
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
    headers.add(name: "Content-Length", value: String(body.readableBytes))
    headers.add(name: "X-Content-Type-Options", value: "nosniff")
    headers.add(name: "Connection", value: "close")
    let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
      context.close(promise: nil)
    }
  }
}
