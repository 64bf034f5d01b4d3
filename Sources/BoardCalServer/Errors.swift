import BoardCalOutput
import Foundation
import Hummingbird

/// The answer for a page or feed that does not exist, and for one the audience may not see:
/// the same plain 404, so that a private feed's existence is not given away.
struct NotFound: HTTPResponseError {
  var status: HTTPResponse.Status { .notFound }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: "Not found.\n")))
  }
}

/// A problem with a page's, feed's or download's request, said in plain text (the API says it in
/// JSON, `APIError`): `year: '21' is not a year …`, with its status.
struct PlainError: HTTPResponseError {
  let status: HTTPResponse.Status
  let message: String

  func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
  }
}

/// An API error as JSON: `{"error": "...", "parameter": "from"}` (parameter only for a bad
/// parameter), with its status.
struct APIError: HTTPResponseError {
  let status: HTTPResponse.Status
  let error: String
  let parameter: String?

  static func badParameter(_ name: String, _ message: String) -> APIError {
    APIError(status: .badRequest, error: "\(name): \(message)", parameter: name)
  }

  static func notFound(_ message: String) -> APIError {
    APIError(status: .notFound, error: message, parameter: nil)
  }

  private struct Body: Encodable {
    let error: String
    let parameter: String?
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(
        byteBuffer: ByteBuffer(bytes: try JSONOutput.data(Body(error: error, parameter: parameter)))
      ))
  }
}
