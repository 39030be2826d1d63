// swift-tools-version: 6.1
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
        // The web server (`roiledger serve`): Hummingbird 2 without swift-configuration, which
        // nothing here reads; Mustache for the pages.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The system SQLite (Debian: libsqlite3-dev) behind a modulemap and a tiny shim.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // PostgreSQL's client library (Debian: libpq-dev), the same way: the team's server store.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
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
        // The append-only event log: a SQLite file, or a PostgreSQL server for a team.
        .target(
            name: "LedgerStore",
            dependencies: ["CSQLite", "CPostgres", "LedgerCore"],
            swiftSettings: strict
        ),
        // JSON Lines in, validated events appended; the synthetic sample generator.
        .target(
            name: "LedgerIngest",
            dependencies: ["LedgerCore", "LedgerStore"],
            swiftSettings: strict
        ),
        // Exports in (CRM and ad-platform CSV) through declarative mappings; the shipped mappings
        // are resources chosen by name.
        .target(
            name: "LedgerImport",
            dependencies: ["LedgerCore", "LedgerStore"],
            resources: [.copy("Mappings")],
            swiftSettings: strict
        ),
        // The use cases every front end calls (the command line, the web server): typed
        // requests in, typed results and one error vocabulary (AppError) out; no parsing, no printing.
        .target(
            name: "LedgerApp",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerIngest", "LedgerImport", "LedgerProjections", "LedgerReports"],
            swiftSettings: strict
        ),
        // The dashboard and the HTTP API over the same use cases: routes, pages (Mustache templates
        // and server-rendered SVG charts), tokens, problem JSON. Entry point: `roiledger serve`.
        .target(
            name: "LedgerWeb",
            dependencies: [
                "LedgerApp", "LedgerCore", "LedgerStore", "LedgerProjections", "LedgerReports", "LedgerIngest", "TerminalSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: strict
        ),
        // What both executables need on a terminal: output, progress, figures, peak memory.
        .target(
            name: "TerminalSupport",
            dependencies: ["LedgerApp"],
            swiftSettings: strict
        ),
        // The command line: parse, call a use case, render.
        .executableTarget(
            name: "roiledger",
            dependencies: [
                "LedgerApp", "LedgerWeb", "TerminalSupport", "LedgerCore", "LedgerStore", "LedgerIngest", "LedgerImport", "LedgerProjections",
                "LedgerReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks against the machine's own SQLite limits, over the same use cases the commands call.
        .executableTarget(
            name: "roiledger-bench",
            dependencies: [
                "LedgerApp", "LedgerWeb", "TerminalSupport", "LedgerCore", "LedgerStore", "LedgerIngest", "LedgerImport", "LedgerProjections", "LedgerReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/LedgerBench",
            exclude: ["ChannelAttribution"],
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerIngest", "LedgerProjections", "LedgerReports", "LedgerApp"],
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
            name: "LedgerAppTests",
            dependencies: ["LedgerApp", "LedgerCore", "LedgerStore", "LedgerIngest", "LedgerProjections", "LedgerReports", "TestSupport", "roiledger"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerImportTests",
            dependencies: ["LedgerImport", "LedgerApp", "LedgerStore", "LedgerCore", "LedgerReports", "LedgerProjections", "TestSupport", "roiledger"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerWebTests",
            dependencies: [
                "LedgerWeb", "LedgerApp", "LedgerCore", "LedgerStore", "LedgerReports", "TestSupport", "roiledger",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
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
