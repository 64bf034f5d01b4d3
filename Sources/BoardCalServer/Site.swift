import BoardCalCore
import BoardCalPipeline
import BoardCalStore
import Foundation
import Hummingbird
import Logging

/// What every route reads: the calendars folder `emit` wrote, the protocols, the records
/// database, and the clock and "today" of the configuration.
struct Site: Sendable {
  let configuration: ServerConfiguration
  let folder: CalendarsFolder
  let catalog: ProtocolCatalog
  let records: RecordsSource
  let lastModified = LastModifiedLog()

  init(_ configuration: ServerConfiguration) throws(ProtocolProblems) {
    self.configuration = configuration
    folder = CalendarsFolder(configuration.calendars)
    catalog = try ProtocolCatalog(folder: configuration.protocols)
    records = RecordsSource(database: configuration.database)
  }

  func partnerships(_ logger: Logger) async -> [Partnership] {
    let (found, warnings) = await catalog.partnerships()
    for warning in warnings { logger.warning("\(warning)") }
    return found
  }

  func partnership(_ id: String, _ logger: Logger) async -> Partnership? {
    let (found, warnings) = await catalog.partnership(id)
    for warning in warnings { logger.warning("\(warning)") }
    return found
  }

  /// The partnership as it stands, with what the records database holds for it: the same
  /// `PartnershipState` the command line builds. When the database cannot be read, the reason is
  /// logged and the answer says only that (no path or SQLite message reaches a client).
  func state(of p: Partnership, _ logger: Logger) async throws -> PartnershipState {
    do {
      let records = try await records.store()?.records(partnership: p.id)
      return PartnershipState(
        p, asOf: configuration.today(p.timeZone), records: records ?? .none)
    } catch {
      logger.error("the records database cannot be read: \(error)")
      throw HTTPError(
        .serviceUnavailable, message: "The records are not available just now; try again later.")
    }
  }

  /// Subscribe links from the base URL, or from the request's Host.
  func address(_ request: Request) -> SiteAddress {
    SiteAddress(baseURL: configuration.baseURL, request: request)
  }
}

/// The records database as the server reads it: opened once it exists, then kept open. Only the
/// opening goes through the actor; reads run on the caller's task (`RecordStore` is `Sendable`).
actor RecordsSource {
  let database: RecordsDatabase?
  private var opened: RecordStore?

  init(database: RecordsDatabase?) { self.database = database }

  /// The store, or nil when no database is configured or it does not exist yet.
  func store() throws(StoreError) -> RecordStore? {
    if opened == nil, let database, database.exists { opened = try database.open() }
    return opened
  }
}
