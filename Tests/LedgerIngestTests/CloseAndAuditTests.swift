import Foundation
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// `close` seals a period's report in the log; `audit` reproduces a saved report or says what
/// was tampered with.
@Suite("close and audit", .serialized)
struct CloseAndAuditTests {
    static func closedSample() throws -> (TestLedger, String, String) {
        let ledger = try SnapshotTests.sampleLedger()
        let closed = try RoiledgerProcess.run(["close", "2026-Q1", "--db", ledger.path, "--format", "json", "--at", "2026-04-02T00:00:00Z"])
        #expect(closed.status == 0, "\(closed.standardError)")
        let file = ledger.directory.write("q1.json", closed.standardOutput)
        guard case .object(let object) = try JSONParser.parse(closed.standardOutput), case .string(let digest)? = object["digest"] else {
            throw CompareTestError("close printed no report")
        }
        return (ledger, file, digest)
    }

    @Test func aClosedReportIsSealedInTheLogAndAuditsClean() throws {
        let (ledger, file, digest) = try Self.closedSample()
        let events = try ledger.events()
        #expect(events.count == 4001)
        #expect(events.last!.type == .close)
        #expect(events.last!.body.contains(#""report_digest":"\#(digest)""#))
        #expect(events.last!.body.contains(#""period":"2026-Q1""#) && events.last!.body.contains(#""rules":{"name":"default","version":1}"#))
        let audit = try RoiledgerProcess.run(["audit", file, "--db", ledger.path])
        #expect(audit.status == 0, "\(audit.standardError)")
        #expect(audit.standardOutput.hasSuffix("audit passed\n"))
        // Late events change today's report, not the audit of the closed one.
        try ledger.ingest(LedgerFixture().touch("late", contact: "ct-3-1", at: "2026-02-01T00:00:00Z", channel: "podcast").lines, name: "late.jsonl")
        #expect(try RoiledgerProcess.run(["audit", file, "--db", ledger.path]).status == 0)
    }

    @Test func anEditedReportFails() throws {
        let (ledger, file, _) = try Self.closedSample()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let edited = ledger.directory.write("edited.json", text.replacingOccurrences(of: #""pipeline":""#, with: #""pipeline":"1"#))
        let audit = try RoiledgerProcess.run(["audit", edited, "--db", ledger.path])
        #expect(audit.status == 2)
        #expect(audit.standardError.contains("the report was edited after it was issued"))
    }

    @Test func aRewrittenLedgerFails() throws {
        let (ledger, file, _) = try Self.closedSample()
        let raw = try Connection(path: ledger.path, hardening: .none)
        try raw.execute("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_append_in_order")
        try raw.execute("UPDATE events SET body = replace(body, '73400', '93400'), amount = 934000000 WHERE seq = (SELECT seq FROM events WHERE body LIKE '%73400%' LIMIT 1)")
        let edited = try RoiledgerProcess.run(["audit", file, "--db", ledger.path])
        #expect(edited.status == 2)
        #expect(edited.standardError.contains("chain is broken"), "\(edited.standardError)")
        try raw.execute("DELETE FROM events WHERE seq > 3000")
        let truncated = try RoiledgerProcess.run(["audit", file, "--db", ledger.path])
        #expect(truncated.status == 2)
        #expect(truncated.standardError.contains("the ledger is shorter than when the report was issued"), "\(truncated.standardError)")
    }
}
