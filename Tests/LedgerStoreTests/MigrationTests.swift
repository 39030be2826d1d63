import Foundation
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// A ledger written by the previous format (2) opens under this one: migration 3 rebuilds the
/// events table so it takes `account` events, keeping every row, body and hash.
@Suite("migrations")
struct MigrationTests {
    /// A format-2 ledger with the events of `source` copied in as stored.
    static func formatTwoLedger(copying source: TestLedger, into directory: TemporaryDirectory) throws -> String {
        let path = directory.file("format2.sqlite")
        let raw = try Connection(path: path, mode: .readWriteCreate, hardening: .none)
        try raw.execute("PRAGMA application_id = \(EventLog.applicationID)")
        for migration in Migrations.all where migration.version <= 2 {
            try raw.execute(migration.sql)
            try raw.execute("INSERT INTO migrations (version, name, applied_at) VALUES (\(migration.version), '\(migration.name)', 0)")
        }
        try raw.execute("INSERT INTO meta (key, value) VALUES ('format_version', '2'), ('currency', 'USD'), ('created_at', '2026-01-01T00:00:00Z')")
        try raw.execute("ATTACH DATABASE '\(source.path)' AS source")
        try raw.execute("INSERT INTO events SELECT * FROM source.events ORDER BY seq")
        try raw.execute("DETACH DATABASE source")
        return path
    }

    @Test func aFormatTwoLedgerMigratesWithItsChainIntactAndThenTakesAccountEvents() throws {
        let source = try TestLedger()
        try source.ingest(LedgerFixture.touches(50).lines + [
            #"{"id":"c-1","type":"contact","at":"2026-01-05T10:01:00Z","contact":"c-1","account":"a-1","attributes":{"score":64}}"#,
        ])
        let sourceHead = try #require(try source.log.head())
        let directory = TemporaryDirectory()
        let path = try Self.formatTwoLedger(copying: source, into: directory)
        #expect(try EventLog(path: path, readOnly: true).formatVersion() == 2, "reading does not migrate")
        let migrated = try EventLog(path: path)
        #expect(try migrated.formatVersion() == Migrations.formatVersion)
        #expect(try migrated.head() == sourceHead)
        #expect(try migrated.schemaProblems().isEmpty)
        #expect(try migrated.verify().isValid)
        let account = try JSONParser.parse(#"{"id":"acct-1","type":"account","at":"2026-01-05T10:00:00Z","account":"a-1","attributes":{"industry":"fintech"}}"#)
        let decoded = try EventDecoder(currency: "USD").decode(account)
        var writer = CanonicalJSONWriter()
        writer.write(.object(decoded.canonicalBody))
        let outcome = try migrated.append { appender in
            try writer.bytes.withUnsafeBytes { body throws(StoreError) in try appender.append(decoded.event, canonicalBody: body) }
        }
        #expect(outcome == .appended(seq: sourceHead.seq + 1))
        #expect(try migrated.verify().isValid)
    }
}
