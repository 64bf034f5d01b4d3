import Hummingbird
import Logging

/// One log line and one count per request, whatever the answer: the method, the path without its
/// query (so never a `?token=`), the status, the route pattern and the time to the answer, as
/// swift-log metadata; and the same in `ServerMetrics`. Outermost, so that it sees every answer,
/// errors included, as the client gets it.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = BoardCalRequestContext
  let metrics: ServerMetrics

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let start = ContinuousClock.now
    let response: Response
    do {
      response = try await next(request, context)
    } catch let error as any HTTPResponseError {
      response = try error.response(from: request, context: context)
    } catch {
      context.logger.error("request failed: \(String(reflecting: type(of: error)))")
      response = Response(status: .internalServerError)
    }
    Self.record(
      method: request.method.rawValue, path: request.uri.path,
      route: context.endpointPath ?? "unknown", status: response.status.code,
      in: ContinuousClock.now - start, logger: context.logger, metrics: metrics)
    return response
  }

  /// Counts and logs one answer (the line `handle` writes); `PublicFeedAnswers`, which answers
  /// in the connection's pipeline, records its answers here too.
  static func record(
    method: String, path: String, route: String, status: Int, in duration: Duration, logger: Logger,
    metrics: ServerMetrics
  ) {
    metrics.answered(route: route, method: method, status: status, in: duration)
    logger.info(
      "request",
      metadata: [
        "method": .string(method),
        "path": .string(path),
        "status": .stringConvertible(status),
        "route": .string(route),
        "duration_ms": .string(Self.milliseconds(duration)),
      ])
  }

  /// "0.412": milliseconds with three decimals.
  static func milliseconds(_ duration: Duration) -> String {
    let micros = ServerMetrics.nanoseconds(duration) / 1000
    let fraction = String(micros % 1000)
    return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
