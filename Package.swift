// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "roiledger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "roiledger", targets: ["roiledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The system SQLite (Debian: libsqlite3-dev) behind a modulemap and a tiny shim.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Pure values: events, money, time, JSON, validation, canonical body, hash step. No I/O.
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Pure folds: replay state, identity, channel mapping, attribution models, views.
        .target(
            name: "LedgerProjections",
            dependencies: ["LedgerCore"],
            swiftSettings: strict
        ),
        // Report models and their table, JSON and CSV renderings, with provenance and digest.
        .target(
            name: "LedgerReports",
            dependencies: ["LedgerCore", "LedgerProjections"],
            swiftSettings: strict
        ),
        // The append-only SQLite event log.
        .target(
            name: "LedgerStore",
            dependencies: ["CSQLite", "LedgerCore"],
            swiftSettings: strict
        ),
        // JSON Lines in, validated events appended; the synthetic sample generator.
        .target(
            name: "LedgerIngest",
            dependencies: ["LedgerCore", "LedgerStore"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "roiledger",
            dependencies: [
                "LedgerCore", "LedgerStore", "LedgerIngest", "LedgerProjections", "LedgerReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerIngest", "LedgerProjections", "LedgerReports"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerProjectionsTests",
            dependencies: ["LedgerProjections", "LedgerReports", "LedgerCore", "LedgerIngest", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: ["LedgerStore", "LedgerCore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerIngestTests",
            dependencies: ["LedgerIngest", "LedgerStore", "LedgerCore", "TestSupport", "roiledger"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
