import BoardCalCore
import BoardCalPipeline
import Foundation
import Hummingbird

/// The pages people read: `/` (every partnership and its public feeds), `/P/` (what needs action
/// first, the boards and their next meetings, the feeds), `/P/boards/B` (the chair's page: what
/// the board owes and what is coming to it; the feeds' "Board page"), `/P/overdue` (the alerts)
/// and `/P/conflicts` (planning conflicts). The forward plan is `ForwardPlanRoutes`.
struct PageRoutes {
  let site: Site

  var collection: RouteCollection<BoardCalRequestContext> {
    let routes = RouteCollection(context: BoardCalRequestContext.self)
    routes.get("/") { request, context in try await index(request, context) }
    routes.get("/:partnership") { request, context in try await partnership(request, context) }
    routes.get("/:partnership/boards/:board") { request, context in
      try await board(request, context)
    }
    routes.get("/:partnership/overdue") { request, context in
      let state = try await state(context)
      return HTMLPage(text: pages(request, context).overdue(state))
    }
    routes.get("/:partnership/conflicts") { request, context in
      let state = try await state(context)
      return HTMLPage(text: pages(request, context).conflicts(state))
    }
    return routes
  }

  func pages(_ request: Request, _ context: BoardCalRequestContext) -> Pages {
    Pages(address: site.address(request), audience: context.audience, token: context.grantedToken)
  }

  func index(_ request: Request, _ context: BoardCalRequestContext) async throws -> HTMLPage {
    let listed = await site.partnerships(context.logger).map { p in
      (id: p.id, name: p.name, feeds: site.feeds(of: p.id) ?? [])
    }
    return HTMLPage(text: pages(request, context).index(listed))
  }

  func partnership(_ request: Request, _ context: BoardCalRequestContext) async throws -> HTMLPage {
    guard let id = context.parameters.get("partnership"), Site.isPlainName(id)
    else { throw NotFound() }
    guard let p = await site.partnership(id, context.logger) else { throw NotFound() }
    let state = try await site.state(of: p, context.logger)
    return HTMLPage(
      text: pages(request, context).partnership(
        id: id, state, feeds: site.feeds(of: id) ?? [],
        asOf: site.configuration.today(p.timeZone)))
  }

  /// The partnership named in the path, as it stands; 404 when no protocol defines it.
  func state(_ context: BoardCalRequestContext) async throws -> PartnershipState {
    guard let id = context.parameters.get("partnership"),
      let p = await site.partnership(id, context.logger)
    else { throw NotFound() }
    return try await site.state(of: p, context.logger)
  }

  /// A board the audience may not see is answered as one that does not exist.
  func board(_ request: Request, _ context: BoardCalRequestContext) async throws -> HTMLPage {
    guard let id = context.parameters.get("partnership"),
      let boardID = context.parameters.get("board"),
      let p = await site.partnership(id, context.logger), let board = p.board(boardID),
      Disclosure(context.audience, of: p).board(boardID)
    else { throw NotFound() }
    return HTMLPage(
      text: pages(request, context).board(
        board, of: try await site.state(of: p, context.logger),
        feeds: site.feeds(of: id) ?? [],
        asOf: site.configuration.today(p.timeZone)))
  }
}
