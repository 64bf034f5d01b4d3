import BoardCalCore
import BoardCalOutput
import Foundation
import Hummingbird

/// What the server knows about a request besides the request itself: who is asking (decided by
/// `AccessMiddleware` from the token presented), and that token when it is valid.
public struct BoardCalRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// Who is asking: the public; a person or a board's members holding a token the records
  /// database issued; an officer holding the shared token.
  public var audience: Audience = .public
  /// The request's token when it is valid: carried only in the subscribe links of private feeds
  /// (calendar apps keep no cookies), never in the links between pages.
  public var grantedToken: String?
  /// What the request's valid token grants, whatever partnership the request is about: the
  /// shared boards' feeds, which belong to no one partnership, ask each importing one.
  public var grant: Grant?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
  }

  /// JSON as every boardcal channel writes it (`JSONOutput`).
  public var responseEncoder: BoardCalJSONEncoder { BoardCalJSONEncoder() }
}

/// Encodes a handler's value as the command line prints it: the same bytes for the same value.
public struct BoardCalJSONEncoder: ResponseEncoder {
  public func encode(_ value: some Encodable, from request: Request, context: some RequestContext)
    throws -> Response
  {
    Response(
      status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONOutput.data(value))))
  }
}
