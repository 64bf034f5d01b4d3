import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Foundation
import Hummingbird

extension ScheduleJSON: ResponseEncodable {}
extension UpcomingJSON: ResponseEncodable {}

/// The JSON API under `/api`: the same views, built by the same pipeline, as the command line's
/// `schedule --json` and `upcoming --json`, with the records applied and as much as the
/// request's audience may see.
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
    return routes
  }

  /// `GET /api/P/schedule?from=YYYY-MM-DD&to=YYYY-MM-DD&board=ID`: from and to default to the
  /// protocol's horizon.
  func schedule(_ request: Request, _ context: BoardCalRequestContext) async throws -> ScheduleJSON
  {
    let (state, disclosure) = try await partnership(context)
    let p = state.partnership
    let query = request.uri.queryParameters
    let from = try date(query.get("from"), "from") ?? state.span.start
    let to = try date(query.get("to"), "to") ?? state.span.end
    guard from <= to else { throw APIError.badParameter("to", "\(to) is before from (\(from)).") }
    guard from.days(until: to) <= Self.longestSpanDays else {
      throw APIError.badParameter("to", "the span is longer than 20 years.")
    }
    let board = query.get("board")
    if let board { try requireBoard(board, p, disclosure) }
    return ScheduleJSON(
      state.schedule(span: DateSpan(start: from, end: to)), p, board: board,
      disclosure: disclosure)
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

  /// The partnership named in the path with its records, and what the request's audience may
  /// see of it.
  func partnership(_ context: BoardCalRequestContext) async throws -> (
    PartnershipState, Disclosure
  ) {
    let id = context.parameters.get("partnership") ?? ""
    guard let p = await site.partnership(id, context.logger) else {
      throw APIError.notFound("no partnership '\(id)'.")
    }
    return (try await site.state(of: p, context.logger), Disclosure(context.audience, of: p))
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

  func date(_ text: String?, _ name: String) throws(APIError) -> CivilDate? {
    guard let text else { return nil }
    guard let date = CivilDate(iso: text) else {
      throw APIError.badParameter(name, "'\(text)' is not a date (YYYY-MM-DD).")
    }
    if let problem = DateBounds.problem(with: date) { throw APIError.badParameter(name, problem) }
    return date
  }
}
