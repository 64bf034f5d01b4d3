import Foundation
import Metrics
import Prometheus
import Synchronization

/// What the server counts and times, in Prometheus's text format at `GET /metrics`
/// (swift-metrics handles over a swift-prometheus registry of this server's own, so two servers
/// in one process, as in the tests, keep their counts apart):
/// - `http_requests_total{route, method, status}`: answers by route pattern and status;
/// - `http_request_duration_seconds{route, method}`: a histogram of the time to an answer;
/// - `boardcal_feed_cache_total{result}`: feeds answered from memory (`hit`) or rendered (`miss`);
/// - `boardcal_feed_pipeline_answers_total`: of those hits, the public's feed requests answered in
///   the connection's pipeline, ahead of the router (`PublicFeedAnswers`);
/// - `boardcal_derive_duration_seconds{partnership}`: a histogram of the time to derive a
///   partnership's state;
/// - `boardcal_alerts_pending{partnership}`: the alerts that stand as of today.
/// The last three are fed by whoever caches feeds, derives states and works out alerts.
public final class ServerMetrics: Sendable {
  /// The registry `/metrics` shows.
  public let registry: PrometheusCollectorRegistry
  let factory: PrometheusMetricsFactory
  let cacheHits: Metrics.Counter
  let cacheMisses: Metrics.Counter
  let pipelineAnswers: Metrics.Counter
  /// The handles of each route, method and status seen, made once: making one is a lookup in the
  /// registry under its lock, and every request would otherwise make two.
  private let answers = Mutex<[AnswerKey: (count: Metrics.Counter, time: Metrics.Timer)]>([:])

  private struct AnswerKey: Hashable {
    let route: String
    let method: String
    let status: Int
  }

  /// Time buckets from half a millisecond (a feed from memory) to ten seconds.
  static let durationBuckets: [Duration] = [
    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
    .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
  ]

  public init() {
    registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = Self.durationBuckets
    self.factory = factory
    cacheHits = Metrics.Counter(
      label: "boardcal_feed_cache_total", dimensions: [("result", "hit")], factory: factory)
    cacheMisses = Metrics.Counter(
      label: "boardcal_feed_cache_total", dimensions: [("result", "miss")], factory: factory)
    pipelineAnswers = Metrics.Counter(
      label: "boardcal_feed_pipeline_answers_total", dimensions: [], factory: factory)
  }

  /// A feed was answered from the in-memory cache (`hit`), or had to be rendered (`miss`).
  public func feedCache(hit: Bool) {
    (hit ? cacheHits : cacheMisses).increment()
  }

  /// A public feed request was answered in the connection's pipeline (from memory, a hit).
  func feedAnsweredInPipeline() {
    cacheHits.increment()
    pipelineAnswers.increment()
  }

  /// Deriving a partnership's state took `duration`.
  public func derived(partnership: String, in duration: Duration) {
    Metrics.Timer(
      label: "boardcal_derive_duration_seconds", dimensions: [("partnership", partnership)],
      factory: factory
    ).recordNanoseconds(Self.nanoseconds(duration))
  }

  /// `count` alerts stand for a partnership as of today.
  public func alertsPending(_ count: Int, partnership: String) {
    Metrics.Gauge(
      label: "boardcal_alerts_pending", dimensions: [("partnership", partnership)],
      factory: factory
    ).record(count)
  }

  /// One answer: its route pattern (`/api/{partnership}/alerts`, `NotFound`), method, status,
  /// and the time from the request to the answer.
  func answered(route: String, method: String, status: Int, in duration: Duration) {
    let key = AnswerKey(route: route, method: method, status: status)
    let handles = answers.withLock { known in
      if let found = known[key] { return found }
      let made = (
        count: Metrics.Counter(
          label: "http_requests_total",
          dimensions: [("route", route), ("method", method), ("status", String(status))],
          factory: factory),
        time: Metrics.Timer(
          label: "http_request_duration_seconds",
          dimensions: [("route", route), ("method", method)], factory: factory)
      )
      known[key] = made
      return made
    }
    handles.count.increment()
    handles.time.recordNanoseconds(Self.nanoseconds(duration))
  }

  /// Everything counted, in Prometheus's text exposition format.
  public func exposition() -> String {
    registry.emitToString()
  }

  static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
