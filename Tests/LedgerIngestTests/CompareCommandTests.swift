import Foundation
import LedgerCore
import LedgerIngest
import Testing
import TestSupport

/// `roiledger compare` end to end on the shipped sample ledger.
@Suite("compare command", .serialized)
struct CompareCommandTests {
    static let rulesFile = SnapshotTests.folder.appendingPathComponent("rules-2026.json").path
    static let broaderRulesFile = SnapshotTests.folder.appendingPathComponent("rules-2026-broader-mql.json").path
    static let q1 = ["--from", "2026-01-01", "--to", "2026-03-31"]

    static func json(_ text: String) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(text) else { throw CompareTestError("not a JSON object: \(text.prefix(200))") }
        return object
    }

    /// Every line of every table, as (table key, line object).
    static func lines(_ comparison: JSONObject) -> [(table: String, line: JSONObject)] {
        guard case .array(let tables)? = comparison["tables"] else { return [] }
        return tables.flatMap { table -> [(table: String, line: JSONObject)] in
            guard case .object(let table) = table, case .string(let key)? = table["key"], case .array(let lines)? = table["lines"] else { return [] }
            return lines.compactMap { if case .object(let line) = $0 { (key, line) } else { nil } }
        }
    }

    static func digest(_ object: JSONObject, side: String) -> String? {
        guard case .object(let side)? = object[side], case .string(let digest)? = side["digest"] else { return nil }
        return digest
    }

    @Test func aRuleSetComparedWithItselfHasNoDelta() throws {
        let ledger = try SnapshotTests.sampleLedger()
        let arguments = ["compare", "--db", ledger.path, "--rules-file", Self.rulesFile, "--rules-file", Self.rulesFile] + Self.q1
        let result = try RoiledgerProcess.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = Self.lines(try Self.json(result.standardOutput))
        #expect(lines.count > 500)
        for (table, line) in lines {
            #expect(line["a"] == line["b"], "\(table) \(line)")
            let zero: [JSONValue] = [.string("0"), .number("0"), .string("0.0000"), .number("0.0"), .string(""), .null]
            #expect(zero.contains(line["delta"] ?? .string("missing")), "\(table) \(line)")
            #expect(line["change"] == .string("0.0000") || line["change"] == .null, "\(table) \(line)")
        }
        let table = try RoiledgerProcess.run(arguments + ["--changed-only"])
        #expect(table.standardOutput.hasSuffix("no figure differs\n"))
    }

    @Test func eachSideCarriesTheDigestOfItsOwnReport() throws {
        let ledger = try SnapshotTests.sampleLedger()
        let compared = try Self.json(RoiledgerProcess.run(["compare", "--db", ledger.path, "--rules-file", Self.rulesFile,
                                                           "--rules-file", Self.broaderRulesFile, "--format", "json"] + Self.q1).standardOutput)
        for (side, file) in [("a", Self.rulesFile), ("b", Self.broaderRulesFile)] {
            let report = try Self.json(RoiledgerProcess.run(["report", "--db", ledger.path, "--rules-file", file, "--view", "all",
                                                             "--format", "json"] + Self.q1).standardOutput)
            guard case .string(let digest)? = report["digest"] else { throw CompareTestError("report without digest") }
            #expect(Self.digest(compared, side: side) == digest, "side \(side)")
        }
        #expect(Self.digest(compared, side: "a") != Self.digest(compared, side: "b"))
    }

    @Test func aQualificationChangeMovesOnlyWhatQualifiedLeadsFeed() throws {
        let ledger = try SnapshotTests.sampleLedger()
        let result = try RoiledgerProcess.run(["compare", "--db", ledger.path, "--rules-file", Self.rulesFile,
                                               "--rules-file", Self.broaderRulesFile, "--format", "json"] + Self.q1)
        let lines = Self.lines(try Self.json(result.standardOutput))
        let moved = lines.filter { $0.line["a"] != $0.line["b"] }
        #expect(Set(moved.map(\.table)) == ["funnel.by_group", "funnel.by_lead_month", "funnel.by_close_month", "funnel.velocity", "funnel.reached",
                                              "funnel.reconciliation", "roi", "roi.cost_per_step", "handoff.by_group", "handoff.response"])
        // In the ROI table, only the cost per SQL (its fourth column, for the CFO) moves.
        #expect(Set(moved.filter { $0.table == "roi" }.compactMap { line -> String? in
            if case .string(let metric)? = line.line["metric"] { metric } else { nil }
        }) == ["cost_per_sql"])
        let costPerStep = moved.filter { $0.table == "roi.cost_per_step" }.compactMap { line -> String? in
            if case .string(let metric)? = line.line["metric"] { metric } else { nil }
        }
        #expect(!costPerStep.isEmpty)
        #expect(Set(costPerStep).isSubset(of: ["mql", "cost_per_mql", "sql", "cost_per_sql", "opportunities", "cost_per_opportunity"]))
    }

    @Test func twoAsOfPointsCompareTheLedgerAsItWasKnown() throws {
        let clock = ManualTestClock(1_790_000_000_000_000)
        let ledger = try TestLedger(clock: clock)
        try ledger.ingest(LedgerFixture()
            .touch("t1", contact: "c-1", at: "2026-02-01T09:00:00Z", channel: "email")
            .opportunity("o-1", at: "2026-02-10T09:00:00Z", amount: "1000.00", contacts: ["c-1"]).lines)
        clock.time = Timestamp(microseconds: 1_790_000_000_000_000 + 86_400_000_000)
        try ledger.ingest(LedgerFixture()
            .touch("t2", contact: "c-1", at: "2026-02-05T09:00:00Z", channel: "webinar").lines, name: "late.jsonl")
        let early = "2026-09-21T18:00:00Z"
        let late = "2026-09-23T00:00:00Z"
        let result = try RoiledgerProcess.run(["compare", "--db", ledger.path, "--as-of", early, "--as-of", late, "--model", "linear",
                                               "--view", "attribution", "--format", "csv", "--changed-only"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("attribution,email,pipeline,1000,500,-500,-0.5000"))
        #expect(result.standardOutput.contains("attribution,webinar,pipeline,0,500,500,"))
        #expect(!result.standardOutput.contains("attribution,total,pipeline,"))
        let report = try Self.json(RoiledgerProcess.run(["report", "--db", ledger.path, "--as-of", early, "--model", "linear",
                                                         "--format", "json"]).standardOutput)
        let compared = try Self.json(RoiledgerProcess.run(["compare", "--db", ledger.path, "--as-of", early, "--as-of", late, "--model", "linear",
                                                           "--view", "attribution", "--format", "json"]).standardOutput)
        #expect(report["digest"] == compared["a"].flatMap { if case .object(let side) = $0 { side["digest"] } else { nil } })
    }

    @Test(arguments: [
        ["--rules-file", "a.json"],
        ["--model", "linear"],
        ["--model", "linear,markov", "--as-of", "2026-01-01T00:00:00Z", "--as-of", "2026-02-01T00:00:00Z"],
        ["--model", "linear,markov,shapley"],
    ])
    func sidesMustDifferInExactlyOneWay(arguments: [String]) throws {
        let ledger = try TestLedger()
        let result = try RoiledgerProcess.run(["compare", "--db", ledger.path] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.standardError)")
    }
}

struct CompareTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
