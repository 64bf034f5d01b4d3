@_exported import BoardCalTestSupport
import Foundation

/// The MK Together protocol and its 2021-22 actuals.
let mkProtocolPath = packageRoot.appendingPathComponent("Protocols/milton-keynes.yaml").path
let mkActualsPath = packageRoot.appendingPathComponent(
  "Protocols/records/milton-keynes-2021-22.yaml"
).path
