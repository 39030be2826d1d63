import Foundation
import LedgerCore
import Testing
import TestSupport

/// `rules publish|list|show|diff` and `report --rules`, on real ledger files.
@Suite("rules commands")
struct RulesCommandTests {
    static let journey = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", utmSource: "google", utmMedium: "cpc")
        .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
        .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])

    @Test func publishedVersionsAreNumberedPerNameAndPickedByReportsAndCompare() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.journey.lines)
        let first = ledger.directory.write("first.json", #"{"attribution":{"model":"first_touch"}}"#)
        let linear = ledger.directory.write("linear.json", #"{"attribution":{"model":"linear"}}"#)
        let published = try RoiledgerProcess.run(["rules", "publish", first, "--name", "team", "--effective-from", "2026-01-01", "--db", ledger.path])
        #expect(published.status == 0, "\(published.standardError)")
        #expect(published.standardOutput.contains("team@1 in force from 2026-01-01"))
        #expect(try RoiledgerProcess.run(["rules", "publish", linear, "--name", "team", "--effective-from", "2026-03-10", "--db", ledger.path]).status == 0)
        let list = try RoiledgerProcess.run(["rules", "list", "--db", ledger.path]).standardOutput
        #expect(list.contains("team@1") && list.contains("team@2") && list.contains("2026-03-10"))
        #expect(try RoiledgerProcess.run(["rules", "diff", "team@1", "team", "--db", ledger.path]).standardOutput
            == "$.attribution.model: \"first_touch\" -> \"linear\"\n")
        #expect(try RoiledgerProcess.run(["rules", "show", "team@1", "--db", ledger.path]).standardOutput.contains(#"{"attribution":{"model":"first_touch"}}"#))

        // By default a report uses the rule set in force at the window's end, and names it.
        let early = try RoiledgerProcess.run(["report", "--db", ledger.path, "--from", "2026-03-01", "--to", "2026-03-05", "--format", "csv"]).standardOutput
        #expect(early.contains("provenance,,rule_set,team\nprovenance,,rule_set_version,1\n"))
        let whole = try RoiledgerProcess.run(["report", "--db", ledger.path, "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv"]).standardOutput
        #expect(whole.contains("provenance,,rule_set_version,2\n") && whole.contains("\nattribution,email,pipeline,500\n"))
        let pinned = try RoiledgerProcess.run(["report", "--db", ledger.path, "--rules", "team@1", "--from", "2026-03-01", "--to", "2026-03-31",
                                               "--format", "csv"]).standardOutput
        #expect(pinned.contains("provenance,,rule_set_version,1\n") && pinned.contains("\nattribution,(unmapped),pipeline,1000\n"))
        let compared = try RoiledgerProcess.run(["compare", "--db", ledger.path, "--rules", "team@1", "--rules", "team@2", "--view", "attribution",
                                                 "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv", "--changed-only"]).standardOutput
        #expect(compared.contains("attribution,email,pipeline,0,500,500,"))
    }

    @Test func refusalsNameTheProblem() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.journey.lines)
        let bad = ledger.directory.write("bad.json", #"{"attribution":{"model":"linear","lookback_days":-3}}"#)
        let refused = try RoiledgerProcess.run(["rules", "publish", bad, "--name", "x", "--effective-from", "2026-01-01", "--db", ledger.path])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("bad.json: field `attribution.lookback_days`: is -3"))
        let unknown = try RoiledgerProcess.run(["report", "--db", ledger.path, "--rules", "nope@3"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no rule set nope@3 in the ledger"))
        #expect(try RoiledgerProcess.run(["report", "--db", ledger.path, "--rules", "x", "--rules-file", bad]).status == 64)
        #expect(try ledger.log.count() == 3)
    }
}
