import BoardCalCore
import Foundation
import Hummingbird

/// A JSON error: `{"error": "...", "parameter": "from"}` (parameter only for a bad parameter).
struct APIError: Error, Encodable {
  let status: HTTPResponse.Status
  let error: String
  let parameter: String?

  enum CodingKeys: String, CodingKey { case error, parameter }

  static func badParameter(_ name: String, _ message: String) -> APIError {
    APIError(status: .badRequest, error: "\(name): \(message)", parameter: name)
  }

  static func notFound(_ message: String) -> APIError {
    APIError(status: .notFound, error: message, parameter: nil)
  }
}

/// The longest span the schedule API derives, so one request cannot ask for centuries.
let longestSpanDays = 20 * 366
/// The furthest ahead `upcoming` looks.
let longestLookaheadDays = 5 * 366

extension BoardCalApp {
  /// `GET /api/P/schedule?from=YYYY-MM-DD&to=YYYY-MM-DD&board=ID`: the shape of
  /// `boardcal schedule --json`; from and to default to the protocol's horizon.
  func scheduleAPI(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    do {
      let p = try await requirePartnership(context)
      let query = request.uri.queryParameters
      let from = try date(query.get("from"), "from") ?? p.horizon.start
      let to = try date(query.get("to"), "to") ?? p.horizon.end
      guard from <= to else { throw APIError.badParameter("to", "\(to) is before from (\(from)).") }
      guard from.days(until: to) <= longestSpanDays else {
        throw APIError.badParameter("to", "the span is longer than 20 years.")
      }
      let privateView = grantedToken(request) != nil
      let board = query.get("board")
      if let board { try requireBoard(board, p, privateView: privateView) }
      let schedule = Schedule.derive(p, span: DateSpan(start: from, end: to))
      return try json(
        ScheduleJSON(schedule, p, board: board, include: filter(p, privateView: privateView)),
        privateView: privateView)
    } catch let error as APIError {
      return try json(error, status: error.status)
    }
  }

  /// `GET /api/P/upcoming?board=ID&as_of=YYYY-MM-DD&days=N`: the shape of
  /// `boardcal upcoming --json`; as_of defaults to today, days to 120.
  func upcomingAPI(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    do {
      let p = try await requirePartnership(context)
      let query = request.uri.queryParameters
      guard let board = query.get("board"), !board.isEmpty else {
        throw APIError.badParameter("board", "missing; give a board id.")
      }
      let asOf = try date(query.get("as_of"), "as_of") ?? configuration.today(p.timeZone)
      var days = 120
      if let text = query.get("days") {
        guard let n = Int(text), (1...longestLookaheadDays).contains(n) else {
          throw APIError.badParameter(
            "days", "'\(text)' is not a whole number from 1 to \(longestLookaheadDays).")
        }
        days = n
      }
      let privateView = grantedToken(request) != nil
      try requireBoard(board, p, privateView: privateView)
      return try json(
        UpcomingJSON(
          BoardOutlook(p, board: board, asOf: asOf, days: days),
          include: filter(p, privateView: privateView)),
        privateView: privateView)
    } catch let error as APIError {
      return try json(error, status: error.status)
    }
  }

  func requirePartnership(_ context: BasicRequestContext) async throws(APIError) -> Partnership {
    let id = context.parameters.get("partnership") ?? ""
    guard let p = await partnership(id, context) else {
      throw APIError.notFound("no partnership '\(id)'.")
    }
    return p
  }

  /// Without a valid token, only public boards exist for the API.
  func requireBoard(_ id: String, _ p: Partnership, privateView: Bool) throws(APIError) {
    let visible = p.boards.filter { privateView || $0.isPublic }
    guard visible.contains(where: { $0.id == id }) else {
      throw APIError.notFound(
        "no \(privateView ? "" : "public ")board '\(id)' in \(p.id); boards: \(visible.map(\.id).joined(separator: ", "))."
      )
    }
  }

  func date(_ text: String?, _ name: String) throws(APIError) -> CivilDate? {
    guard let text else { return nil }
    guard let date = CivilDate(iso: text), (1900...2200).contains(date.year) else {
      throw APIError.badParameter(name, "'\(text)' is not a date (YYYY-MM-DD).")
    }
    return date
  }

  /// Everything with a valid token; otherwise what the public feed shows (Semantics 11).
  func filter(_ p: Partnership, privateView: Bool) -> ScheduleFilter {
    privateView ? .everything : .publicOnly(p)
  }

  /// JSON as the command line prints it: sorted keys, indented, a final newline.
  func json(
    _ value: some Encodable, status: HTTPResponse.Status = .ok, privateView: Bool = false
  ) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(value)
    data.append(UInt8(ascii: "\n"))
    return Response(
      status: status,
      headers: [
        .contentType: "application/json; charset=utf-8",
        .cacheControl: privateView ? "private, no-store" : "no-cache",
        .xContentTypeOptions: "nosniff",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }
}
