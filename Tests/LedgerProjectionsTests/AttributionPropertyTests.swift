import LedgerCore
import LedgerIngest
@testable import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// Properties over seeded random ledgers (the sample generator), for every model.
@Suite("Attribution properties")
struct AttributionPropertyTests {
    /// Both years of the sample: the history year and the reporting year.
    static let window = ReportWindow(from: ReplayFixture.date("2025-01-01"), to: ReplayFixture.date("2026-12-31"))
    static let seeds: [UInt64] = [1, 2, 3]

    static func sampleLines(seed: UInt64, count: Int = 4_000) -> [String] {
        var bytes: [UInt8] = []
        SampleGenerator(options: SampleOptions(eventCount: count, seed: seed)).generate { bytes.append(contentsOf: $0) }
        return bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The report's content (every view) without its provenance (which names the ledger head).
    static func content(_ lines: [String], models: [AttributionModelName] = AttributionModelName.allCases,
                        rules: RuleSet = .shippedDefault) throws -> String {
        content(facts: try ReplayFixture.facts(lines), models: models, rules: rules)
    }

    static func content(facts: LedgerFacts, models: [AttributionModelName] = AttributionModelName.allCases,
                        rules: RuleSet = .shippedDefault) -> String {
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        let provenance = Provenance(program: "test", headSeq: 0, headHash: "", asOf: nil, ruleSetName: "", ruleSetVersion: nil,
                                    ruleSetHash: "", ruleSetSource: "", window: (window.from, window.to), models: models,
                                    level: rules.attribution.level, groupBy: "channel", views: ReportView.allCases)
        let report = Report(provenance: provenance, facts: facts, ledger: ledger, rules: rules, window: window, groupBy: .channel)
        guard case .object(var object) = report.content else { return "" }
        object["provenance"] = nil
        return JSONValue.object(object).canonicalText
    }

    @Test(arguments: AttributionModelName.allCases)
    func creditIsConservedToTheUnitPerDeal(model: AttributionModelName) throws {
        for seed in Self.seeds {
            for level in AttributionLevel.allCases {
                var rules = RuleSet.shippedDefault
                rules.attribution.level = level
                let ledger = ResolvedLedger(facts: try ReplayFixture.facts(Self.sampleLines(seed: seed)), rules: rules)
                let engine = AttributionEngine(ledger: ledger, rules: rules, window: Self.window)
                for view in AttributionView.allCases {
                    let result = engine.run(model, view: view)
                    let scope = engine.dealsInScope(view)
                    #expect(scope.count > 10)
                    var perDeal: [String: Int64] = [:]
                    for credit in result.credits { perDeal[credit.dealID, default: 0] += credit.amount.units }
                    for (deal, amount) in scope { #expect(perDeal[deal.id] == amount.units, "seed \(seed) \(view) \(deal.id)") }
                    #expect(result.credits.reduce(0) { $0 + $1.amount.units } == scope.reduce(0) { $0 + $1.amount.units })
                }
            }
        }
    }

    @Test func replayingTwiceGivesTheSameBytes() throws {
        let lines = Self.sampleLines(seed: 5)
        #expect(try Self.content(lines) == Self.content(lines))
    }

    @Test(arguments: seeds)
    func mergeThenUnmergeIsAsIfNeither(seed: UInt64) throws {
        let lines = Self.sampleLines(seed: seed)
        let touched = lines.filter { $0.contains(#""type":"touch""#) }
        let contacts = touched.compactMap { line -> String? in
            guard let range = line.range(of: #""contact":""#) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        let from = try #require(contacts.first { !$0.hasSuffix("-dup") })
        let into = try #require(contacts.last { !$0.hasSuffix("-dup") && $0 != from })
        let corrected = lines + [
            #"{"id":"prop-m","type":"merge","at":"2026-06-01T00:00:00Z","kind":"contact","from":"\#(from)","into":"\#(into)"}"#,
            #"{"id":"prop-u","type":"unmerge","at":"2026-06-02T00:00:00Z","merge":"prop-m"}"#,
        ]
        #expect(try Self.content(corrected) == Self.content(lines))
        // The merge alone does change something (otherwise the test proves nothing).
        #expect(try Self.content(Array(corrected.dropLast())) != Self.content(lines))
    }

    @Test(arguments: seeds)
    func retractingAnEventIsAsIfItWereNeverThere(seed: UInt64) throws {
        let lines = Self.sampleLines(seed: seed)
        let models: [AttributionModelName] = [.wShaped, .markov, .timeDecay]
        var checked: [String] = []
        for type in ["opportunity", "touch", "stage"] {
            // An event referenced by no later line, so that removing it keeps the log valid.
            let candidates = lines.enumerated().filter { $0.element.contains(#""type":"\#(type)""#) && $0.element.contains("created") == (type == "opportunity") }
            let (index, line) = try #require(candidates.dropFirst(candidates.count / 2).first)
            let id = String(line.dropFirst(7).prefix { $0 != "\"" })
            guard !lines.contains(where: { $0.contains(#""event":"\#(id)""#) }) else { continue }
            var without = lines
            without.remove(at: index)
            let retracted = lines + [#"{"id":"prop-x","type":"retract","at":"2026-12-01T00:00:00Z","event":"\#(id)"}"#]
            #expect(try Self.content(retracted, models: models) == Self.content(without, models: models), "\(type) \(id)")
            if type == "opportunity" {
                // Retracting a deal moves credit (otherwise the comparison proves nothing).
                #expect(try Self.content(retracted, models: models) != Self.content(lines, models: models))
            }
            checked.append(type)
        }
        // A seed whose candidates are all referenced later would check nothing: it must not pass silently.
        #expect(checked.contains("opportunity") && checked.count >= 2, "checked only \(checked)")
    }

    @Test func retractingARetractionReinstates() throws {
        let lines = Self.sampleLines(seed: 4)
        let touch = try #require(lines.first { $0.contains(#""type":"touch""#) && $0.contains("2026-0") })
        let id = String(touch.dropFirst(7).prefix { $0 != "\"" })
        let reinstated = lines + [
            #"{"id":"prop-x1","type":"retract","at":"2026-12-01T00:00:00Z","event":"\#(id)"}"#,
            #"{"id":"prop-x2","type":"retract","at":"2026-12-02T00:00:00Z","event":"prop-x1"}"#,
        ]
        #expect(try Self.content(reinstated) == Self.content(lines))
    }

    /// `compare` lets its second report reuse the first's runs and funnel; that must never show.
    @Test(arguments: ["same", "qualification", "model", "lookback", "allocation"])
    func aReportReusingAnotherEqualsOneComputedAlone(variant: String) throws {
        let facts = try ReplayFixture.facts(Self.sampleLines(seed: 5))
        let base = RuleSet.shippedDefault
        var other = base
        switch variant {
        case "qualification": other.qualification = try QualificationRules(mql: "score >= 30", sql: "stage('sql') or score >= 90")
        case "model": other.attribution.model = .linear
        case "lookback": other.attribution.lookbackDays = 14
        case "allocation": other.costAllocation = .byLeads
        default: break
        }
        let ledger = ResolvedLedger(facts: facts, rules: base)
        func provenance(_ rules: RuleSet) -> Provenance {
            Provenance(program: "test", headSeq: 0, headHash: "", asOf: nil, ruleSetName: "", ruleSetVersion: nil, ruleSetHash: "",
                       ruleSetSource: "", window: (Self.window.from, Self.window.to), models: [rules.attribution.model],
                       level: rules.attribution.level, groupBy: "channel", views: ReportView.allCases)
        }
        let first = Report(provenance: provenance(base), facts: facts, ledger: ledger, rules: base, window: Self.window, groupBy: .channel)
        let reused = Report(provenance: provenance(other), facts: facts, ledger: ledger, rules: other, window: Self.window, groupBy: .channel,
                            reusing: first)
        let alone = Report(provenance: provenance(other), facts: facts, ledger: ResolvedLedger(facts: facts, rules: other), rules: other,
                           window: Self.window, groupBy: .channel)
        #expect(reused.renderJSON() == alone.renderJSON())
        #expect((reused.renderJSON() == first.renderJSON()) == (variant == "same"))
    }
}
