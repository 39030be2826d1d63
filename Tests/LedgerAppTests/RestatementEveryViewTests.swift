import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// Restatements of every view, by cause, and correction previews of cost and the funnel.
///
/// January, linear, MQL when the CRM records it: paid_search spend 310 and email 620; c-1
/// (paid_search touch, lead, MQL) opens o-1 (1,000) on 10 Jan; c-2 (email touch, lead) does not
/// qualify. January is closed; then a late email touch of c-1 (8 Jan), the retraction of the
/// paid_search spend, and a rule set from 1 January where every lead is an MQL.
@Suite("restatement of every view")
struct RestatementEveryViewTests {
    static let january = [
        #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"}}}"#,
        #"{"id":"sp1","type":"spend","at":"2026-01-01T00:00:00Z","channel":"paid_search","amount":"310","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
        #"{"id":"sp2","type":"spend","at":"2026-01-01T00:00:00Z","channel":"email","amount":"620","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#,
        #"{"id":"t1","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","channel":"paid_search"}"#,
        #"{"id":"s1","type":"stage","at":"2026-01-05T12:00:00Z","contact":"c-1","stage":"lead"}"#,
        #"{"id":"s1m","type":"stage","at":"2026-01-06T12:00:00Z","contact":"c-1","stage":"mql"}"#,
        #"{"id":"t2","type":"touch","at":"2026-01-07T10:00:00Z","contact":"c-2","channel":"email"}"#,
        #"{"id":"s2","type":"stage","at":"2026-01-07T12:00:00Z","contact":"c-2","stage":"lead"}"#,
        #"{"id":"o1","type":"opportunity","at":"2026-01-10T00:00:00Z","opportunity":"o-1","account":"a-1","stage":"created","amount":"1000","currency":"USD","contacts":["c-1"]}"#,
    ]
    static let later = [
        #"{"id":"t3","type":"touch","at":"2026-01-08T10:00:00Z","contact":"c-1","channel":"email"}"#,
        #"{"id":"x1","type":"retract","at":"2026-02-10T00:00:00Z","event":"sp1","reason":"invoice entered twice"}"#,
        #"{"id":"r2","type":"rules","at":"2026-02-11T00:00:00Z","name":"default","effective_from":"2026-01-01","body":{"attribution":{"model":"linear"},"qualification":{"mql":"stage('lead')"}}}"#,
    ]

    static func restated() throws -> RestatementReport {
        let ledger = try TestLedger()
        try ledger.ingest(january)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        _ = try session.close(CloseRequest(period: "2026-01", context: ActionContext(at: "2026-02-01T00:00:00Z")))
        try ledger.ingest(later, name: "later.jsonl")
        return try withExtendedLifetime(ledger) { try session.restatement(ClosedPeriodRequest(period: "2026-01")) }
    }

    static func figure(_ restated: RestatementReport, _ table: String, _ group: String, _ metric: String) -> FigureRestatement.Figure? {
        restated.figures.figures.first { $0.table == table && $0.group == group && $0.metric == metric }
    }

    @Test func aRetractedSpendRecordIsRestatedInCostAndROI() throws {
        let restated = try Self.restated()
        let cost = try #require(Self.figure(restated, "roi", "paid_search", "cost"))
        #expect(cost.closed == .money(Money(units: 3_100_000)) && cost.now == .money(.zero))
        #expect(cost.causes.map(\.cause) == ["retractions"] && cost.causes[0].delta == .money(Money(units: -3_100_000)))
        let roi = try #require(Self.figure(restated, "roi", "paid_search", "roi"))
        #expect(roi.closed == .percent(Ratio(-3_100_000, 3_100_000)) && roi.now == .percent(nil))
        #expect(try #require(Self.figure(restated, "roi", "total", "cost")).now == .money(Money(units: 6_200_000)))
        // The late touch moves credit, not cost.
        let pipeline = try #require(Self.figure(restated, "attribution", "paid_search", "pipeline"))
        #expect(pipeline.causes.map(\.cause) == ["late touches"] && pipeline.delta == .money(Money(units: -5_000_000)))
    }

    @Test func aNewQualificationRuleSetIsRestatedInTheFunnel() throws {
        let restated = try Self.restated()
        let mql = try #require(Self.figure(restated, "funnel.by_group", "email", "mql"))
        #expect(mql.closed == .count(0) && mql.now == .count(1) && mql.causes.map(\.cause) == [Restatement.ruleSetCause])
        let perMQL = try #require(Self.figure(restated, "roi.cost_per_step", "email", "cost_per_mql"))
        #expect(perMQL.closed == .optionalMoney(nil) && perMQL.now == .optionalMoney(Money(units: 6_200_000)))
        #expect(restated.renderTable().contains("Every restated figure, by cause"))
        #expect(restated.renderJSON().contains(#""cause":"newer rule set","delta":1}"#))
    }

    /// Each figure's causes add up to its delta: exactly for amounts and counts, at 4 decimals
    /// for ratios and shares.
    @Test func theCausesOfEveryFigureAddUpToItsDelta() throws {
        let restated = try Self.restated()
        #expect(restated.figures.figures.count > 10)
        for figure in restated.figures.figures {
            let parts = figure.causes.map(\.delta)
            switch figure.delta {
            case .money(let total)?:
                #expect(parts.reduce(0) { sum, part in if case .money(let money)? = part { sum + money.units } else { sum } } == total.units, "\(figure.table) \(figure.group) \(figure.metric)")
            case .count(let total)?:
                #expect(parts.reduce(0) { sum, part in if case .count(let count)? = part { sum + count } else { sum } } == total, "\(figure.table) \(figure.group) \(figure.metric)")
            case .percent(let total?)?, .ratio(let total?)?, .perDollar(let total?)?:
                guard parts.allSatisfy({ $0 != nil }) else { continue }
                let sum = parts.reduce(Int64(0)) { sum, part in
                    switch part {
                    case .percent(let ratio?)?, .ratio(let ratio?)?, .perDollar(let ratio?)?: sum + ratio.scaled(places: 4)
                    default: sum
                    }
                }
                #expect(sum == total.scaled(places: 4), "\(figure.table) \(figure.group) \(figure.metric)")
            default: continue
            }
        }
    }

    @Test func aSpendRetractionPreviewShowsItsCostAndROIMove() throws {
        let ledger = try TestLedger()
        try ledger.ingest(Self.january)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        let result = try session.previewCorrection(CorrectionRequest(.retract(eventID: "sp1"), context: ActionContext(at: "2026-02-10T00:00:00Z", reason: "twice")),
                                                   replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), model: nil)
        #expect(result.previews.allSatisfy { $0.preview.changes.isEmpty }, "no deal's credit moves")
        let cost = try #require(result.figures.figures.first { $0.table == "roi" && $0.group == "paid_search" && $0.metric == "cost" })
        #expect(cost.delta == .money(Money(units: -3_100_000)) && cost.causes.map(\.cause) == ["retractions"])
        #expect(try ledger.log.head()?.seq == Int64(Self.january.count), "a preview appends nothing")
    }
}
