import Foundation
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports
import Testing
import TestSupport

/// Self-reported answers mapped to channels by the rule set's ordered rules, and the dark funnel:
/// buyers who named a channel tracking never saw for them.
///
/// c-1 said "LinkedIn  Ads" and was touched on paid_social; c-2 said "G2" and was touched by
/// email only; c-3 said "a podcast", which no rule maps, and has no touch.
@Suite("self-report mapping and the dark funnel")
struct SelfReportMappingTests {
    static let rules = #"{"attribution":{"model":"linear"},"self_report_mapping":[{"answer":{"prefix":"linkedin"},"channel":"paid_social"},{"answer":["g2","capterra"],"channel":"review_sites"},{"answer":{"contains":"linked"},"channel":"never_reached"}]}"#

    static func report(rules body: String = rules) throws -> Report {
        let lines = [
            #"{"id":"r1","type":"rules","at":"2026-01-01T00:00:00Z","name":"default","effective_from":"2026-01-01","body":\#(body)}"#,
            #"{"id":"t1","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-1","channel":"paid_social"}"#,
            #"{"id":"t2","type":"touch","at":"2026-01-05T00:00:00Z","contact":"c-2","channel":"email"}"#,
            #"{"id":"sr1","type":"self_report","at":"2026-01-06T00:00:00Z","contact":"c-1","source":"LinkedIn  Ads"}"#,
            #"{"id":"sr2","type":"self_report","at":"2026-01-06T00:00:00Z","contact":"c-2","source":"G2"}"#,
            #"{"id":"sr3","type":"self_report","at":"2026-01-06T00:00:00Z","contact":"c-3","source":"a podcast"}"#,
        ]
        let ledger = try TestLedger()
        try ledger.ingest(lines)
        let session = LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
        return try withExtendedLifetime(ledger) {
            try session.report(ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-01-31"), views: [.roi]))
        }
    }

    @Test func answersMapInOrderCaseInsensitivelyAndUnmappedOnesSaySo() throws {
        let matrix = try #require(try Self.report().roi?.selfReported)
        // The first rule that matches wins: "linkedin ads" is paid_social, not never_reached.
        #expect(matrix.firstTouch.map { "\($0.reported)>\($0.tracked)" } == ["(unmapped) a podcast>(no touch)", "paid_social>paid_social", "review_sites>email"])
        #expect(matrix.firstTouchAgreements == 1 && matrix.contacts == 3 && matrix.unmappedContacts == 1)
        #expect(SelfReportRule.channel(of: "  CAPTERRA ", [SelfReportRule(answer: .oneOf(["capterra"]), channel: "review_sites")]) == "review_sites")
    }

    @Test func theDarkFunnelCountsBuyersWhoseChannelTrackingNeverSaw() throws {
        let report = try Self.report()
        let matrix = try #require(report.roi?.selfReported)
        #expect(matrix.darkFunnel == [.init(channel: "paid_social", contacts: 1, unseen: 0), .init(channel: "review_sites", contacts: 1, unseen: 1)])
        let table = try #require(report.tables.first { $0.key == "self_reported.dark_funnel" })
        #expect(table.title.contains("(1 of 2, 50.0%; 1 answers unmapped)"))
        #expect(table.total?.values == [.count(2), .count(1), .count(1), .percent(Ratio(1, 2))])
    }

    /// Without a mapping the answer is normalised and meets a channel of the same name.
    @Test func withoutAMappingAnswersAreNormalised() throws {
        let matrix = try #require(try Self.report(rules: #"{"attribution":{"model":"linear"}}"#).roi?.selfReported)
        #expect(matrix.firstTouch.map(\.reported) == ["a_podcast", "g2", "linkedin_ads"])
        #expect(matrix.unmappedContacts == 0)
    }

    @Test(arguments: [
        (#"{"self_report_mapping":[{"channel":"x"}]}"#, "$.self_report_mapping[0].answer"),
        (#"{"self_report_mapping":[{"answer":"g2"}]}"#, "$.self_report_mapping[0].channel"),
        (#"{"self_report_mapping":[{"answer":{"suffix":"x"},"channel":"x"}]}"#, "$.self_report_mapping[0].answer.suffix"),
        (#"{"self_report_mapping":[{"answer":"g2","channel":""}]}"#, "$.self_report_mapping[0].channel"),
    ])
    func badRulesAreRefusedAtTheirPath(json: String, path: String) {
        do {
            _ = try RuleSet(json: json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }
}
