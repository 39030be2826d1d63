import Foundation
import LedgerCore
import Testing
import TestSupport

/// `merge`, `unmerge` and `retract` end to end: validated like ingest, previewed without a
/// trace, undone by another event.
@Suite("correction commands")
struct CorrectionCommandTests {
    /// c-1 has the deal and a paid_search touch; c-2 (the same person) has an email touch.
    static let ledger = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-02-01T09:00:00Z", channel: "paid_search")
        .touch("t2", contact: "c-2", at: "2026-02-03T09:00:00Z", channel: "email")
        .opportunity("o-1", at: "2026-02-10T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        .rules("r1")

    static func make() throws -> TestLedger {
        let ledger = try TestLedger()
        try ledger.ingest(Self.ledger.lines)
        return ledger
    }

    static func content(_ ledger: TestLedger) throws -> String {
        let text = try RoiledgerProcess.run(["report", "--db", ledger.path, "--model", "linear", "--from", "2026-01-01", "--to", "2026-12-31",
                                             "--format", "json"]).standardOutput
        guard case .object(var object) = try JSONParser.parse(text) else { return "" }
        object["provenance"] = nil
        object["digest"] = nil
        return JSONValue.object(object).canonicalText
    }

    @Test func aPreviewShowsTheMoveAndAppendsNothing() throws {
        let ledger = try Self.make()
        let before = try ledger.log.count()
        let preview = try RoiledgerProcess.run(["merge", "--db", ledger.path, "--contact", "c-2", "--into", "c-1", "--at", "2026-03-01T00:00:00Z",
                                                "--preview", "--reason", "same person", "--model", "linear", "--from", "2026-01-01", "--to", "2026-12-31"])
        #expect(preview.status == 0, "\(preview.standardError)")
        #expect(preview.standardOutput.contains("pipeline: 1 deal(s) move"))
        #expect(preview.standardOutput.contains("o-1   email            0.00  500.00  +500.00"))
        #expect(preview.standardOutput.contains("paid_search  1,000.00  500.00  -500.00"))
        #expect(try ledger.log.count() == before)
    }

    @Test func aMergeUndoneByAnUnmergeLeavesTheReportAsItWas() throws {
        let ledger = try Self.make()
        let original = try Self.content(ledger)
        let merged = try RoiledgerProcess.run(["merge", "--db", ledger.path, "--contact", "c-2", "--into", "c-1", "--at", "2026-03-01T00:00:00Z", "--id", "m1", "--reason", "same person"])
        #expect(merged.standardOutput == "appended seq 5: merge m1\n", "\(merged.standardError)")
        #expect(try Self.content(ledger) != original)
        let unmerged = try RoiledgerProcess.run(["unmerge", "m1", "--db", ledger.path, "--at", "2026-03-02T00:00:00Z", "--reason", "two people"])
        #expect(unmerged.status == 0, "\(unmerged.standardError)")
        #expect(try Self.content(ledger) == original)
        // Retracting the touch, then the retraction, also comes back to the original.
        #expect(try RoiledgerProcess.run(["retract", "t2", "--db", ledger.path, "--reason", "bot", "--id", "x1"]).status == 0)
        #expect(try RoiledgerProcess.run(["retract", "x1", "--db", ledger.path, "--reason", "not a bot"]).status == 0)
        #expect(try Self.content(ledger) == original)
        #expect(try ledger.log.count() == 8)
    }

    @Test(arguments: [
        (["merge", "--contact", "c-1", "--into", "c-1", "--reason", "x"], "cannot be merged into itself"),
        (["unmerge", "t1", "--reason", "x"], "a touch event"),
        (["unmerge", "m-missing", "--reason", "x"], "neither in the ledger"),
        (["retract", "nope", "--reason", "x"], "neither in the ledger"),
        (["retract", "r1", "--reason", "x"], "cannot be retracted"),
    ])
    func refusalsAppendNothing(arguments: [String], message: String) throws {
        let ledger = try Self.make()
        let result = try RoiledgerProcess.run(arguments + ["--db", ledger.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("refused, nothing appended"), "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try ledger.log.count() == 4)
    }

    @Test func cyclesAndDoubleUnmergesAreRefused() throws {
        let ledger = try Self.make()
        #expect(try RoiledgerProcess.run(["merge", "--db", ledger.path, "--contact", "c-2", "--into", "c-1", "--id", "m1", "--reason", "x"]).status == 0)
        let cycle = try RoiledgerProcess.run(["merge", "--db", ledger.path, "--contact", "c-1", "--into", "c-2", "--reason", "x"])
        #expect(cycle.status == 1)
        #expect(cycle.standardError.contains("closes a cycle"))
        #expect(try RoiledgerProcess.run(["unmerge", "m1", "--db", ledger.path, "--id", "u1", "--reason", "x"]).status == 0)
        let twice = try RoiledgerProcess.run(["unmerge", "m1", "--db", ledger.path, "--id", "u2", "--reason", "x"])
        #expect(twice.status == 1)
        #expect(twice.standardError.contains("not in force"))
        #expect(try ledger.log.count() == 6)
    }

    @Test func aCorrectionWithoutAReasonIsAUsageErrorAndAppendsNothing() throws {
        let ledger = try Self.make()
        let result = try RoiledgerProcess.run(["merge", "--db", ledger.path, "--contact", "c-2", "--into", "c-1"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("a reason is required"), "\(result.standardError)")
        #expect(result.standardError.contains("--reason TEXT"))
        #expect(try ledger.log.count() == 4)
    }
}
