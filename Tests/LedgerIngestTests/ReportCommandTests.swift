import Foundation
import LedgerCore
import Testing
import TestSupport

@Suite("report and explain commands")
struct ReportCommandTests {
    static func ledger(_ fixture: LedgerFixture) throws -> TestLedger {
        let ledger = try TestLedger()
        try ledger.ingest(fixture.lines)
        return ledger
    }

    static let journey = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-03-01T09:00:00Z", utmSource: "google", utmMedium: "cpc")
        .touch("t2", contact: "c-1", at: "2026-03-05T09:00:00Z", channel: "email")
        .opportunity("o-1", at: "2026-03-12T09:00:00Z", amount: "1000.00", contacts: ["c-1"])

    @Test func theRuleSetInForceAtTheWindowsEndIsUsedAndNamed() throws {
        let ledger = try Self.ledger(Self.journey
            .raw(#"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"team","effective_from":"2026-01-01","body":{"attribution":{"model":"first_touch"},"channel_mapping":[{"when":{"medium":"cpc"},"channel":"paid_search"}]}}"#)
            .raw(#"{"id":"r2","type":"rules","at":"2026-05-01T00:00:00Z","name":"team","effective_from":"2026-06-01","body":{"attribution":{"model":"last_touch"}}}"#))
        let march = try RoiledgerProcess.run(["report", "--db", ledger.path, "--from", "2026-03-01", "--to", "2026-03-31"])
        #expect(march.status == 0, "\(march.standardError)")
        #expect(march.standardOutput.contains("rule set: team v1 (log)"))
        #expect(march.standardOutput.contains("first_touch pipeline"))
        #expect(march.standardOutput.contains("paid_search"))
        let year = try RoiledgerProcess.run(["report", "--db", ledger.path, "--from", "2026-01-01", "--to", "2026-12-31"])
        #expect(year.standardOutput.contains("rule set: team v2 (log)"))
        #expect(year.standardOutput.contains("last_touch pipeline"))
        #expect(year.standardOutput.contains("(unmapped)")) // v2 has no mapping for cpc
    }

    @Test func aRulesFileIsAWhatIfAndItsErrorsNameTheJSONPath() throws {
        let ledger = try Self.ledger(Self.journey)
        let good = ledger.directory.write("linear.json", #"{"attribution":{"model":"linear"}}"#)
        let result = try RoiledgerProcess.run(["report", "--db", ledger.path, "--rules-file", good, "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("table,group,column,value\n"))
        #expect(result.standardOutput.contains("provenance,,rule_set,linear.json\nprovenance,,rule_set_source,file\n"))
        #expect(result.standardOutput.contains("attribution,(unmapped),pipeline,500\n"))
        #expect(result.standardOutput.contains("attribution,email,pipeline,500\nattribution,email,pipeline_deals,1\n"))
        // One sheet: every line has the same four columns.
        #expect(result.standardOutput.split(separator: "\n").allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 4 })
        let bad = ledger.directory.write("bad.json", #"{"attribution":{"model":"linear","lookback_days":-3}}"#)
        let refused = try RoiledgerProcess.run(["report", "--db", ledger.path, "--rules-file", bad])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("bad.json: field `attribution.lookback_days`: is -3; expected an integer from 0 to 3650"))
    }

    @Test func unknownModelsAndGroupingsAreUsageErrors() throws {
        let ledger = try Self.ledger(Self.journey)
        let model = try RoiledgerProcess.run(["report", "--db", ledger.path, "--model", "last_click"])
        #expect(model.status == 64)
        #expect(model.standardError.contains("--model last_click is not a model"))
        let by = try RoiledgerProcess.run(["report", "--db", ledger.path, "--by", "region"])
        #expect(by.status == 64)
    }

    @Test func explainShowsTheArithmetic() throws {
        let ledger = try Self.ledger(Self.journey.merge("m1", from: "c-9", into: "c-1").retract("x1", event: "t2"))
        let result = try RoiledgerProcess.run(["explain", "opportunity", "o-1", "--db", ledger.path, "--model", "linear"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("linear, pipeline view: in scope, amount 1,000.00"))
        #expect(result.standardOutput.contains("google/cpc/-"))
        #expect(result.standardOutput.contains("rule 0"))
        #expect(result.standardOutput.contains("seq 4 m1"))
        #expect(result.standardOutput.contains("retract t2"))
        let json = try RoiledgerProcess.run(["explain", "opportunity", "o-1", "--db", ledger.path, "--model", "linear", "--format", "json"])
        #expect(json.standardOutput.contains(#""credit":"1000""#))
        let missing = try RoiledgerProcess.run(["explain", "opportunity", "nope", "--db", ledger.path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no opportunity \"nope\""))
    }
}
