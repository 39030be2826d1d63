import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// Every way of changing history is refused, through roiledger's own connections and, for the
/// triggers, through any connection at all.
@Suite("Append-only guards")
struct AppendOnlyGuardTests {
    static let mutations = [
        "UPDATE events SET amount = 1 WHERE seq = 1",
        "UPDATE events SET body = body",
        "DELETE FROM events WHERE seq = 2",
        "DELETE FROM events",
        "INSERT OR REPLACE INTO events SELECT * FROM events WHERE seq = 1",
        "REPLACE INTO events SELECT * FROM events WHERE seq = 1",
        "INSERT INTO events SELECT * FROM events WHERE seq = 1 ON CONFLICT(seq) DO UPDATE SET amount = 5",
        "DROP TABLE events",
        "DROP TRIGGER events_no_update",
        "DROP INDEX sqlite_autoindex_events_1",
        "DROP INDEX events_corrections",
        "ALTER TABLE events ADD COLUMN extra TEXT",
        "ALTER TABLE events RENAME TO old_events",
        "CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END",
        "PRAGMA writable_schema = ON",
        "UPDATE meta SET value = 'EUR' WHERE key = 'currency'",
        "DELETE FROM meta",
        "DELETE FROM migrations",
        "UPDATE migrations SET name = 'x'",
        "INSERT INTO events (seq, id, type, v, at, recorded_at, body, hash) VALUES (9, 'gap', 'touch', 1, 0, 9999999999999999, '{}', zeroblob(32))",
        "INSERT INTO events (seq, id, type, v, at, recorded_at, body, hash) VALUES (4, 'late', 'touch', 1, 0, 0, '{}', zeroblob(32))",
    ]

    static func populatedLedger() throws -> TestLedger {
        let ledger = try TestLedger()
        _ = try append(LedgerFixture().spend("sp-1").touch("t-1", contact: "c-1").touch("t-2", contact: "c-2").lines, to: ledger.log)
        return ledger
    }

    static func snapshot(_ log: EventLog) throws -> [String] {
        var rows: [String] = []
        let statement = try log.connection.prepare("SELECT seq, id, amount, body, hex(hash) FROM events ORDER BY seq")
        while try statement.step() { rows.append((Int32(0)..<5).map { "\(statement.value($0))" }.joined(separator: "|")) }
        return rows + [try log.formatVersion().description, log.currency]
    }

    @Test(arguments: mutations)
    func roiledgerConnectionsRefuse(sql: String) throws {
        let ledger = try Self.populatedLedger()
        let before = try Self.snapshot(ledger.log)
        #expect { try ledger.log.connection.execute(sql) } throws: { error in
            Self.isRefusal(error)
        }
        let reopened = try EventLog(path: ledger.path)
        #expect(try Self.snapshot(reopened) == before)
        #expect(try reopened.verify().isValid)
    }

    @Test(arguments: [
        "UPDATE events SET amount = 1 WHERE seq = 1",
        "DELETE FROM events WHERE seq = 2",
        "UPDATE meta SET value = 'EUR' WHERE key = 'currency'",
        "DELETE FROM migrations",
        "INSERT INTO events (seq, id, type, v, at, recorded_at, body, hash) VALUES (9, 'gap', 'touch', 1, 0, 9999999999999999, '{}', zeroblob(32))",
    ])
    func triggersRefuseForeignConnections(sql: String) throws {
        let ledger = try Self.populatedLedger()
        let raw = try Connection(path: ledger.path, hardening: .none)
        #expect { try raw.execute(sql) } throws: { error in
            Self.isRefusal(error)
        }
    }

    /// A refusal by a guard (authorizer, trigger, defensive mode), not some unrelated error.
    static func isRefusal(_ error: any Error) -> Bool {
        guard case .sqlite(_, let message, _)? = error as? StoreError else { return false }
        return message.contains("not authorized") || message.contains("roiledger:") || message.contains("cannot be dropped")
    }

    @Test func theFormatVersionOnlyMovesForward() throws {
        let ledger = try Self.populatedLedger()
        let raw = try Connection(path: ledger.path, hardening: .none)
        #expect { try raw.execute("UPDATE meta SET value = '0' WHERE key = 'format_version'") } throws: { Self.isRefusal($0) }
        try raw.execute("UPDATE meta SET value = '\(Migrations.formatVersion + 1)' WHERE key = 'format_version'")
    }
}
