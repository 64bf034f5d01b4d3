import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation
import Hummingbird

extension ScheduleJSON: ResponseEncodable {}
extension UpcomingJSON: ResponseEncodable {}
extension AlertsJSON: ResponseEncodable {}
extension ConflictsJSON: ResponseEncodable {}

/// The JSON API under `/api`: the same views, built by the same pipeline, as the command line's
/// `schedule --json`, `upcoming --json`, `alerts --json` and `conflicts --json`, with the records
/// applied and as much as the request's audience may see. `/api/openapi.yaml` describes them
/// (`OpenAPIDocument`).
struct APIRoutes {
  let site: Site

  /// The longest span the schedule API derives, so one request cannot ask for centuries.
  static let longestSpanDays = 20 * 366
  /// The furthest ahead `upcoming` looks.
  static let longestLookaheadDays = 5 * 366

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/:partnership/schedule") { request, context in try await schedule(request, context)
    }
    routes.get("/:partnership/upcoming") { request, context in try await upcoming(request, context)
    }
    routes.get("/:partnership/forward-plan") { request, context in
      try await forwardPlan(request, context)
    }
    routes.get("/:partnership/alerts") { request, context in try await alerts(request, context) }
    routes.get("/:partnership/conflicts") { request, context in
      try await conflicts(request, context)
    }
    routes.get("/openapi.yaml") { _, _ in OpenAPIDocument.response() }
    return routes
  }

  /// `GET /api/P/schedule?from=YYYY-MM-DD&to=YYYY-MM-DD&board=ID`: from and to default to the
  /// protocol's horizon.
  func schedule(_ request: Request, _ context: BoardCalRequestContext) async throws -> ScheduleJSON
  {
    let (state, disclosure) = try await partnership(context)
    let p = state.partnership
    let query = request.uri.queryParameters
    let span = try span(from: query.get("from"), to: query.get("to"), default: state.span)
    let board = query.get("board")
    if let board { try requireBoard(board, p, disclosure) }
    return ScheduleJSON(state.schedule(span: span), p, board: board, disclosure: disclosure)
  }

  /// `GET /api/P/upcoming?board=ID&as_of=YYYY-MM-DD&days=N`: as_of defaults to today, days to 120.
  func upcoming(_ request: Request, _ context: BoardCalRequestContext) async throws -> UpcomingJSON
  {
    let (state, disclosure) = try await partnership(context)
    let p = state.partnership
    let query = request.uri.queryParameters
    guard let board = query.get("board"), !board.isEmpty else {
      throw APIError.badParameter("board", "missing; give a board id.")
    }
    let asOf = try date(query.get("as_of"), "as_of") ?? site.configuration.today(p.timeZone)
    var days = 120
    if let text = query.get("days") {
      guard let n = Int(text), (1...Self.longestLookaheadDays).contains(n) else {
        throw APIError.badParameter(
          "days", "'\(text)' is not a whole number from 1 to \(Self.longestLookaheadDays).")
      }
      days = n
    }
    try requireBoard(board, p, disclosure)
    return UpcomingJSON(
      state.outlook(board: board, asOf: asOf, days: days), disclosure: disclosure)
  }

  /// `GET /api/P/forward-plan?year=YYYY`: the forward plan of the financial year starting in
  /// YYYY (default: the one containing today), the value the page, the CSV and the calendar
  /// show (`ForwardPlanRoutes`).
  func forwardPlan(_ request: Request, _ context: BoardCalRequestContext) async throws
    -> ForwardPlanJSON
  {
    let (state, disclosure) = try await partnership(context)
    var cycle: Int?
    if let text = request.uri.queryParameters.get("year") {
      cycle = try ForwardPlanRoutes.year(text, of: state.partnership) {
        APIError.badParameter("year", $0)
      }
    }
    return ForwardPlanJSON(state.forwardPlan(cycle: cycle, disclosure: disclosure))
  }

  /// `GET /api/P/alerts?as_of=YYYY-MM-DD`: what needs someone's action as of the day (default:
  /// today), as `boardcal alerts --json` prints it; without a token only alerts about what the
  /// public may see, and not who is told (`Disclosure.alert`).
  func alerts(_ request: Request, _ context: BoardCalRequestContext) async throws -> AlertsJSON {
    let (state, disclosure) = try await partnership(context)
    let p = state.partnership
    let asOf = try date(request.uri.queryParameters.get("as_of"), "as_of") ?? state.asOf
    return AlertsJSON(
      state.alerts(asOf: asOf).alerts, p, asOf: asOf, log: state.alertLog,
      disclosure: disclosure)
  }

  /// `GET /api/P/conflicts?from=YYYY-MM-DD&to=YYYY-MM-DD&as_of=YYYY-MM-DD`: the planning
  /// problems over the span (default: from the protocol's start to the look-ahead beyond as_of,
  /// which defaults to today), as `boardcal conflicts --json` prints them, as much as the
  /// audience may see (`Disclosure.conflict`).
  func conflicts(_ request: Request, _ context: BoardCalRequestContext) async throws
    -> ConflictsJSON
  {
    let (state, disclosure) = try await partnership(context)
    let p = state.partnership
    let query = request.uri.queryParameters
    let asOf = try date(query.get("as_of"), "as_of") ?? state.asOf
    let whole = p.span(asOf: asOf)
    let span = try span(from: query.get("from"), to: query.get("to"), default: whole)
    let schedule = state.schedule(span: span)
    return ConflictsJSON(
      schedule, p,
      conflicts: schedule.conflicts(in: p, asOf: asOf, fulfilled: state.records.fulfilled),
      disclosure: disclosure)
  }

  /// The partnership named in the path with its records, and what the request's audience may
  /// see of it.
  func partnership(_ context: BoardCalRequestContext) async throws -> (
    PartnershipState, Disclosure
  ) {
    let id = context.parameters.get("partnership") ?? ""
    guard let p = await site.partnership(id, context.logger) else {
      throw APIError.notFound("no partnership '\(id)'.")
    }
    do {
      return (try await site.state(of: p, context.logger), Disclosure(context.audience, of: p))
    } catch let error as HTTPError {
      // The records cannot be read: the API's own JSON error, as its document says.
      throw APIError(
        status: error.status, error: error.body ?? error.status.reasonPhrase, parameter: nil)
    }
  }

  /// A board the audience may not see does not exist for it.
  func requireBoard(_ id: String, _ p: Partnership, _ disclosure: Disclosure) throws(APIError) {
    let visible = p.boards.filter { disclosure.board($0.id) }
    guard visible.contains(where: { $0.id == id }) else {
      let which = disclosure.audience == .public ? "public " : ""
      throw APIError.notFound(
        "no \(which)board '\(id)' in \(p.id); boards: \(visible.map(\.id).joined(separator: ", "))."
      )
    }
  }

  /// The days `from` and `to` give, each defaulting to the end of `whole`; at most 20 years.
  func span(from fromText: String?, to toText: String?, default whole: DateSpan) throws(APIError)
    -> DateSpan
  {
    let from = try date(fromText, "from") ?? whole.start
    let to = try date(toText, "to") ?? whole.end
    guard from <= to else { throw APIError.badParameter("to", "\(to) is before from (\(from)).") }
    guard from.days(until: to) <= Self.longestSpanDays else {
      throw APIError.badParameter("to", "the span is longer than 20 years.")
    }
    return DateSpan(start: from, end: to)
  }

  func date(_ text: String?, _ name: String) throws(APIError) -> CivilDate? {
    guard let text else { return nil }
    guard let date = CivilDate(iso: text) else {
      throw APIError.badParameter(name, "'\(text)' is not a date (YYYY-MM-DD).")
    }
    if let problem = DateBounds.problem(with: date) { throw APIError.badParameter(name, problem) }
    return date
  }
}
