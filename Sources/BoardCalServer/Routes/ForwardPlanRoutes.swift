import BoardCalCore
import BoardCalOutput
import BoardCalPipeline
import Hummingbird

extension ForwardPlanJSON: ResponseEncodable {}

/// The forward plan in every form, all from one `ForwardPlan` value: the page
/// `GET /P/forward-plan?year=YYYY` (printable on A4), `GET /P/forward-plan.csv` and
/// `GET /P/forward-plan.ics` (through libical, as the feeds are written); the JSON is
/// `GET /api/P/forward-plan` (`APIRoutes`). The year is the financial year's first (2021 for
/// 2021-22); without it, the one containing today.
struct ForwardPlanRoutes {
  let site: Site

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/:partnership/forward-plan") { request, context in
      let (_, plan) = try await Self.plan(site, request, context) {
        PlainError(status: .badRequest, message: "year: \($0)")
      }
      let pages = Pages(
        address: site.address(request), audience: context.audience, token: context.grantedToken)
      return HTMLPage(text: pages.forwardPlan(plan))
    }
    routes.get("/:partnership/forward-plan.csv") { request, context in
      let (_, plan) = try await Self.plan(site, request, context) {
        PlainError(status: .badRequest, message: "year: \($0)")
      }
      return Response(
        status: .ok,
        headers: [
          .contentType: "text/csv; charset=utf-8; header=present",
          .contentDisposition:
            "attachment; filename=\"\(plan.partnership.id)-forward-plan-\(plan.label).csv\"",
        ],
        body: ResponseBody(byteBuffer: ByteBuffer(string: plan.csv)))
    }
    routes.get("/:partnership/forward-plan.ics") { request, context in
      let (state, plan) = try await Self.plan(site, request, context) {
        PlainError(status: .badRequest, message: "year: \($0)")
      }
      let bytes: [UInt8]
      do {
        bytes = try state.forwardPlanCalendar(
          plan, options: FeedOptions(baseURL: site.configuration.baseURL))
      } catch {
        context.logger.error("the forward plan could not be rendered: \(error)")
        throw PlainError(status: .internalServerError, message: "The calendar could not be made.")
      }
      return Response(
        status: .ok,
        headers: [
          .contentType: calendarContentType(bytes),
          .contentDisposition:
            "inline; filename=\"\(plan.partnership.id)-forward-plan-\(plan.label).ics\"",
        ],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    return routes
  }

  /// The partnership named in the path, as it stands, and its forward plan for `?year=` as the
  /// request's audience may see it; a bad year is thrown as `bad(message)`.
  static func plan<Failure: Error>(
    _ site: Site, _ request: Request, _ context: BoardCalRequestContext,
    bad: (String) -> Failure
  ) async throws -> (PartnershipState, ForwardPlan) {
    guard let id = context.parameters.get("partnership"),
      let p = await site.partnership(id, context.logger)
    else { throw NotFound() }
    let state = try await site.state(of: p, context.logger)
    var cycle: Int?
    if let text = request.uri.queryParameters.get("year") {
      cycle = try year(text, of: p, bad: bad)
    }
    return (state, state.forwardPlan(cycle: cycle, disclosure: Disclosure(context.audience, of: p)))
  }

  /// `?year=YYYY`: a financial year whose days boardcal works with.
  static func year<Failure: Error>(_ text: String, of p: Partnership, bad: (String) -> Failure)
    throws -> Int
  {
    guard text.count == 4, text.allSatisfy(\.isASCII), let year = Int(text) else {
      throw bad("'\(text)' is not a year (YYYY, the financial year's first).")
    }
    if let problem = DateBounds.problem(with: p.cycleSpan(year)) { throw bad(problem) }
    return year
  }
}
