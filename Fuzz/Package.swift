// swift-tools-version:5.4
// 5.4, not the main package's 6.1: from 5.5 SwiftPM links an executable on Linux with
// `--defsym main=<Module>_main`, which `-parse-as-library` never defines (libFuzzer brings main).
import PackageDescription

// libFuzzer targets for boardcal's readers of outside input: the protocol loader, the records
// reader (YAML and CSV) and the .ics importer. A package of its own, so that the main package's
// `swift build` and `swift test` are unaffected; built and run by `Fuzz/run.sh` (README "Fuzzing").
let package = Package(
  name: "boardcal-fuzz",
  dependencies: [
    .package(name: "boardcal", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "FuzzProtocol",
      dependencies: [
        .product(name: "BoardCalCore", package: "boardcal"),
        .product(name: "BoardCalProtocols", package: "boardcal"),
      ]
    ),
    .executableTarget(
      name: "FuzzRecords",
      dependencies: [
        .product(name: "BoardCalCore", package: "boardcal"),
        .product(name: "BoardCalProtocols", package: "boardcal"),
        .product(name: "BoardCalRecords", package: "boardcal"),
      ]
    ),
    .executableTarget(
      name: "FuzzICal",
      dependencies: [
        .product(name: "BoardCalCore", package: "boardcal"),
        .product(name: "BoardCalICal", package: "boardcal"),
      ]
    ),
  ]
)
