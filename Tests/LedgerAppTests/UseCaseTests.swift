import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore
import Testing
import TestSupport

/// The use cases the command line and the server call, run in process on real ledger files.
@Suite("use cases")
struct UseCaseTests {
    /// 2026-09-21T14:13:20Z: Q2 2026 has ended, Q3 has not.
    static let now = Timestamp(microseconds: 1_790_000_000_000_000)

    static let journey = LedgerFixture()
        .touch("t1", contact: "c-1", at: "2026-02-01T09:00:00Z", channel: "paid_search")
        .touch("t2", contact: "c-2", at: "2026-02-03T09:00:00Z", channel: "email")
        .opportunity("o-1", at: "2026-02-10T09:00:00Z", amount: "1000.00", contacts: ["c-1"])
        .rules("r1")

    static func session(_ fixture: LedgerFixture = journey) throws -> (TestLedger, LedgerSession) {
        let ledger = try TestLedger(clock: FixedClock(now))
        if !fixture.lines.isEmpty { try ledger.ingest(fixture.lines) }
        let environment = AppEnvironment(clock: FixedClock(now), defaultActor: "tester", checkpoints: .off)
        return (ledger, LedgerSession(log: ledger.log, path: ledger.path, environment: environment))
    }

    static func body(_ ledger: TestLedger, seq: Int64) throws -> JSONObject {
        guard let stored = try ledger.events().first(where: { $0.seq == seq }), case .object(let body) = try JSONParser.parse(stored.body) else {
            throw AppError.emptyLedger
        }
        return body
    }

    @Test func aMergeIsValidatedByLookupRecordsWhoAndWhyAndMayNameAnUnseenRecord() throws {
        let (ledger, session) = try Self.session()
        let result = try session.correct(CorrectionRequest(.merge(kind: .contact, from: "crm-only-7", into: "c-1"),
                                                           context: ActionContext(at: "2026-03-01T00:00:00Z", reason: "CRM dedupe")))
        guard case .appended(let seq, let id) = result else { Issue.record("not appended: \(result)"); return }
        #expect(seq == 5)
        #expect(id == "merge:contact:crm-only-7>c-1@2026-03-01T00:00:00Z")
        let body = try Self.body(ledger, seq: seq)
        #expect(body["actor"] == .string("tester"))
        #expect(body["reason"] == .string("CRM dedupe"))
        // The same request again is the same event: nothing appended.
        let again = try session.correct(CorrectionRequest(.merge(kind: .contact, from: "crm-only-7", into: "c-1"),
                                                          context: ActionContext(at: "2026-03-01T00:00:00Z", reason: "CRM dedupe")))
        #expect(again == .alreadyPresent(seq: 5, id: id))
        // Completeness counts the merge naming a record the ledger never saw.
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-12-31")))
        #expect(report.completeness.mergesNamingUnseenRecords == 1)
    }

    @Test func correctionsNeedAReasonAndRefusalsAppendNothing() throws {
        let (ledger, session) = try Self.session()
        #expect(throws: AppError.reasonRequired(action: "merge")) {
            try session.correct(CorrectionRequest(.merge(kind: .contact, from: "c-2", into: "c-1"), context: ActionContext(reason: "  ")))
        }
        #expect(throws: AppError.eventRefused(action: "merge", field: "into", problem: "is \"c-1\", the same record as `from`",
                                              expected: "another contact: a record cannot be merged into itself")) {
            try session.correct(CorrectionRequest(.merge(kind: .contact, from: "c-1", into: "c-1"), context: ActionContext(reason: "x")))
        }
        do {
            _ = try session.correct(CorrectionRequest(.retract(eventID: "r1"), context: ActionContext(reason: "x")))
            Issue.record("a rules event was retracted")
        } catch AppError.eventRefused(_, let field, let problem, _) {
            #expect(field == "event")
            #expect(problem.contains("cannot be retracted"))
        }
        #expect(try ledger.log.count() == 4)
    }

    @Test func aPreviewMovesCreditWithoutAppending() throws {
        let (ledger, session) = try Self.session()
        let preview = try session.previewCorrection(CorrectionRequest(.merge(kind: .contact, from: "c-2", into: "c-1"),
                                                                      context: ActionContext(at: "2026-03-01T00:00:00Z", reason: "same person")),
                                                    replay: ReplayRequest(from: "2026-01-01", to: "2026-12-31"), model: .linear)
        let pipeline = try #require(preview.previews.first { $0.view == .pipeline }?.preview)
        #expect(pipeline.dealsMoved == 1)
        #expect(pipeline.changes.map { "\($0.channel) \($0.before.units) \($0.after.units)" } == ["email 0 5000000", "paid_search 10000000 5000000"])
        #expect(try ledger.log.count() == 4)
    }

    @Test func aPeriodClosesOnceAfterItEndsAndAReclosesNeedsAReason() throws {
        let (ledger, session) = try Self.session()
        #expect(throws: AppError.periodNotEnded(period: "2026-Q3", lastDay: LedgerDate("2026-09-30")!, today: LedgerDate("2026-09-21")!)) {
            try session.close(CloseRequest(period: "2026-Q3"))
        }
        let first = try session.close(CloseRequest(period: "2026-Q1", context: ActionContext(at: "2026-04-01T00:00:00Z")))
        guard case .appended(let seq, _) = first.appended else { Issue.record("not closed"); return }
        #expect(try Self.body(ledger, seq: seq)["actor"] == .string("tester"))
        #expect(throws: AppError.periodAlreadyClosed(period: "2026-Q1", seq: seq, digest: first.report.digest)) {
            try session.close(CloseRequest(period: "2026-Q1"))
        }
        #expect(throws: AppError.reasonRequired(action: "reclose")) { try session.close(CloseRequest(period: "2026-Q1", reclose: true)) }
        // The sealed report is reproduced from the ledger, with its digest.
        let sealed = try session.closedReport(ClosedPeriodRequest(period: "2026-Q1"))
        #expect(sealed.reproduces && sealed.closeSeq == seq && sealed.sealedDigest == first.report.digest)
        // Late news, then a deliberate reclose: restatements start from it.
        try ledger.ingest(LedgerFixture().touch("late", contact: "c-1", at: "2026-02-05T00:00:00Z", channel: "podcast").lines, name: "late.jsonl")
        let second = try session.close(CloseRequest(period: "2026-Q1", reclose: true, context: ActionContext(reason: "late podcast touch")))
        #expect(second.supersedes == seq)
        #expect(second.report.digest != first.report.digest)
        let latest = try session.closedReport(ClosedPeriodRequest(period: "2026-Q1"))
        #expect(latest.sealedDigest == second.report.digest && latest.reproduces)
        #expect(try session.restatement(ClosedPeriodRequest(period: "2026-Q1")).restatement.movements.isEmpty)
        #expect(throws: AppError.periodNeverClosed(period: "2026-Q2")) { try session.closedReport(ClosedPeriodRequest(period: "2026-Q2")) }
    }

    @Test func aShownRuleSetPublishesAgainAsIsAndABadDocumentIsPlaced() throws {
        let (_, session) = try Self.session()
        let shown = try session.showRules("default")
        let published = try session.publishRules(PublishRulesRequest(document: shown.json, source: "shown.json", name: "default",
                                                                     effectiveFrom: "2026-06-01"))
        #expect(published.label == "default@2")
        #expect(published.hash == shown.entry.hash)
        #expect(try session.listRules().map(\.label) == ["default@1", "default@2"])
        #expect(throws: AppError.invalidRuleSetDocument(source: "bad.json", location: "2:18", problem: "invalid JSON: unexpected character; expected a value", expected: nil)) {
            try session.publishRules(PublishRulesRequest(document: "{\n  \"attribution\": }", source: "bad.json", name: "x", effectiveFrom: "2026-01-01"))
        }
        #expect(throws: AppError.ruleSetNotPublished(reference: "nope", published: ["default@1", "default@2"])) { try session.showRules("nope") }
    }

    @Test func requestValuesAreCheckedWithTheReason() throws {
        let (_, session) = try Self.session()
        #expect(throws: AppError.invalidParameter(.from, value: "2026-02-30", problem: "is not a day: February 2026 has 28 days",
                                                  expected: "a date YYYY-MM-DD, such as 2026-03-31")) {
            try session.report(ReportRequest(replay: ReplayRequest(from: "2026-02-30")))
        }
        #expect(throws: AppError.parameterConflict([.from, .to], problem: "the window ends (2026-01-01) before it starts (2026-02-01)")) {
            try session.report(ReportRequest(replay: ReplayRequest(from: "2026-02-01", to: "2026-01-01")))
        }
        let (_, empty) = try Self.session(LedgerFixture())
        #expect(throws: AppError.emptyLedger) { try empty.report(ReportRequest()) }
    }

    @Test func comparedModelsLabelEachSideWithItsOwnModel() throws {
        let (_, session) = try Self.session()
        let comparison = try session.compare(CompareRequest(a: .init(model: .lastTouch), b: .init(model: .wShaped), from: "2026-01-01", to: "2026-12-31"))
        #expect(comparison.a.label == "model last_touch" && comparison.b.label == "model w_shaped")
        let attribution = try #require(comparison.tables.first { $0.key == "attribution" })
        #expect(attribution.lines.first { $0.metric == "pipeline" }?.metricTitle == "A: last_touch pipeline; B: w_shaped pipeline")
        let roi = try #require(comparison.tables.first { $0.key == "roi" })
        #expect(roi.title.contains("under last_touch") && roi.title.contains("B: ROI by channel under w_shaped"))
    }

    @Test func anAuditNamesWhatWasEdited() throws {
        let (_, session) = try Self.session()
        let report = try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-12-31")))
        let clean = try session.audit(reportText: report.renderJSON(), source: "r.json")
        #expect(clean.passed && clean.eventsVerified == 4)
        let edited = try session.audit(reportText: report.renderJSON().replacingOccurrences(of: "\"pipeline\":\"1000\"", with: "\"pipeline\":\"1001\""),
                                       source: "r.json")
        guard case .edited = edited.verdict else { Issue.record("\(edited.verdict)"); return }
        #expect(!edited.passed)
        #expect(throws: AppError.notAReport(path: "x.json", problem: "it has no report, provenance or digest")) {
            try session.audit(reportText: "{}", source: "x.json")
        }
    }
}
