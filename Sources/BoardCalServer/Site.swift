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
  /// `PartnershipState` the command line builds.
  func state(of p: Partnership) async throws -> PartnershipState {
    do {
      return try await records.state(of: p)
    } catch {
      throw HTTPError(.serviceUnavailable, message: "the records database cannot be read: \(error)")
    }
  }

  /// Subscribe links from the base URL, or from the request's Host.
  func address(_ request: Request) -> SiteAddress {
    SiteAddress(baseURL: configuration.baseURL, request: request)
  }
}

/// The records database as the server reads it: opened once it exists, then kept open.
actor RecordsSource {
  let database: RecordsDatabase?
  private var store: RecordStore?

  init(database: RecordsDatabase?) { self.database = database }

  func state(of p: Partnership) throws(PipelineError) -> PartnershipState {
    if store == nil, let database, database.exists {
      do { store = try database.open() } catch { throw .store(error) }
    }
    return try PartnershipState(p, store: store)
  }
}
