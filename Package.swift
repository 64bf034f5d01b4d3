// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "boardcal",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "boardcal", targets: ["boardcal"]),
    // The readers, for the fuzz targets in Fuzz/ (a package of their own).
    .library(name: "BoardCalCore", targets: ["BoardCalCore"]),
    .library(name: "BoardCalProtocols", targets: ["BoardCalProtocols"]),
    .library(name: "BoardCalRecords", targets: ["BoardCalRecords"]),
    .library(name: "BoardCalICal", targets: ["BoardCalICal"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.0.0"),
    // Already resolved through Hummingbird: the server's connection guards are NIO handlers.
    .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibical",
      pkgConfig: "libical",
      providers: [.apt(["libical-dev"])]
    ),
    .target(name: "BoardCalCore"),
    .target(
      name: "BoardCalProtocols",
      dependencies: ["BoardCalCore", .product(name: "Yams", package: "Yams")]
    ),
    .target(name: "BoardCalICal", dependencies: ["BoardCalCore", "CLibical"]),
    .target(name: "BoardCalOutput", dependencies: ["BoardCalCore"]),
    .target(
      name: "BoardCalStore",
      dependencies: [
        "BoardCalCore", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "BoardCalRecords",
      dependencies: [
        "BoardCalCore", "BoardCalProtocols", "BoardCalStore",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(
      name: "BoardCalDelivery",
      dependencies: [
        "BoardCalCore", "BoardCalICal", "BoardCalOutput", "BoardCalProtocols", "BoardCalStore",
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(
      name: "BoardCalPipeline",
      dependencies: [
        "BoardCalCore", "BoardCalProtocols", "BoardCalICal", "BoardCalOutput", "BoardCalStore",
        "BoardCalDelivery",
      ]
    ),
    .target(
      name: "BoardCalServer",
      dependencies: [
        "BoardCalCore", "BoardCalOutput", "BoardCalPipeline", "BoardCalProtocols",
        "BoardCalICal", "BoardCalStore", "BoardCalDelivery",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "boardcal",
      dependencies: [
        "BoardCalCore", "BoardCalProtocols", "BoardCalICal", "BoardCalOutput", "BoardCalStore",
        "BoardCalRecords", "BoardCalPipeline", "BoardCalDelivery", "BoardCalServer",
        "BoardCalSynth", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    .target(name: "BoardCalSynth", dependencies: ["BoardCalCore"]),
    .executableTarget(
      name: "boardcal-bench",
      dependencies: [
        "BoardCalCore", "BoardCalProtocols", "BoardCalOutput", "BoardCalPipeline", "BoardCalSynth",
      ]
    ),
    .target(
      name: "BoardCalTestSupport", dependencies: ["BoardCalCore"], path: "Tests/BoardCalTestSupport"
    ),
    .testTarget(
      name: "BoardCalCoreTests",
      dependencies: ["BoardCalCore", "BoardCalSynth", "BoardCalTestSupport"]),
    .testTarget(
      name: "BoardCalICalTests",
      dependencies: [
        "BoardCalICal", "BoardCalCore", "BoardCalOutput", "BoardCalProtocols", "CLibical",
        "BoardCalTestSupport", "BoardCalPipeline", "BoardCalSynth",
      ]
    ),
    .testTarget(
      name: "BoardCalProtocolsTests",
      dependencies: [
        "BoardCalTestSupport", "BoardCalProtocols", "BoardCalCore", "BoardCalOutput",
        "BoardCalPipeline", "BoardCalSynth",
      ]
    ),
    .testTarget(
      name: "BoardCalStoreTests",
      dependencies: ["BoardCalTestSupport", "BoardCalStore", "BoardCalCore", "BoardCalProtocols"]
    ),
    .testTarget(
      name: "BoardCalDeliveryTests",
      dependencies: [
        "BoardCalTestSupport", "BoardCalDelivery", "BoardCalCore", "BoardCalOutput",
        "BoardCalPipeline", "BoardCalProtocols",
      ]
    ),
    .testTarget(
      name: "boardcalTests",
      dependencies: [
        "boardcal", "BoardCalTestSupport", "BoardCalCore", "BoardCalOutput", "BoardCalPipeline",
        "BoardCalProtocols", "BoardCalServer", "BoardCalStore", "BoardCalSynth",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
    .testTarget(
      name: "BoardCalRecordsTests",
      dependencies: ["BoardCalTestSupport", "BoardCalRecords", "BoardCalCore", "BoardCalProtocols"]
    ),
    .testTarget(
      name: "BoardCalServerTests",
      dependencies: [
        "BoardCalTestSupport",
        "BoardCalServer", "BoardCalCore", "BoardCalPipeline", "BoardCalOutput", "BoardCalStore",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
  ]
)

// Release builds optimise across the package's own modules: a feed's events are planned in
// BoardCalOutput and rendered in BoardCalICal, over BoardCalCore's values, and without it a call
// from one module into another copies those values rather than reading them in place
// (README "Speed", sixth round). Debug builds (the tests') are as before; the fuzzers' release
// build (Fuzz/, which depends on this package by path) gets the flag too.
for target in package.targets where target.type == .regular || target.type == .executable {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
    ]
}
