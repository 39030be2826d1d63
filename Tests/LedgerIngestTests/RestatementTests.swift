import Foundation
import LedgerCore
import Testing
import TestSupport

/// `report --restatement PERIOD`: the closed report still reproduces, and every moved amount
/// is explained by a cause; the causes add up to the total.
@Suite("restatement")
struct RestatementTests {
    @Test func causesExplainEveryMovedAmountAndAddUp() throws {
        let ledger = try TestLedger()
        try ledger.ingest(LedgerFixture()
            .rules("r1")
            .touch("t1", contact: "c-1", at: "2026-02-01T09:00:00Z", channel: "paid_search")
            .touch("t2", contact: "c-2", at: "2026-02-03T09:00:00Z", channel: "email")
            .opportunity("o-1", at: "2026-02-10T09:00:00Z", amount: "1000.00", contacts: ["c-1"]).lines)
        // The commands append at the wall clock's time; the test's own appends never go back in
        // ledger time (the log records max(now, last recorded_at)).
        func run(_ arguments: [String]) throws -> RoiledgerProcess.Result {
            try RoiledgerProcess.run(arguments + ["--db", ledger.path])
        }
        #expect(try run(["close", "2026-Q1"]).status == 0)
        try ledger.ingest(LedgerFixture().touch("t3", contact: "c-1", at: "2026-02-05T09:00:00Z", channel: "webinar").lines, name: "late.jsonl")
        #expect(try run(["merge", "--contact", "c-2", "--into", "c-1", "--id", "m1", "--at", "2026-04-02T00:00:00Z", "--reason", "same person"]).status == 0)
        #expect(try run(["retract", "t3", "--reason", "wrong contact", "--at", "2026-04-03T00:00:00Z"]).status == 0)
        let firstTouch = ledger.directory.write("first.json", #"{"attribution":{"model":"first_touch"}}"#)
        #expect(try run(["rules", "publish", firstTouch, "--name", "default", "--effective-from", "2026-01-01"]).status == 0)

        let result = try run(["report", "--restatement", "2026-Q1", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        guard case .object(let document) = try JSONParser.parse(result.standardOutput), case .array(let tables)? = document["tables"],
              case .object(let causes) = tables[0], case .array(let movements)? = causes["rows"],
              case .object(let channels) = tables[1], case .array(let channelRows)? = channels["rows"] else {
            Issue.record("unexpected JSON: \(result.standardOutput)")
            return
        }
        #expect(document["reproduced"] == .bool(true))
        func string(_ row: JSONValue, _ key: String) -> String {
            if case .object(let object) = row, case .string(let text)? = object[key] { return text }
            return ""
        }
        #expect(Array(Set(movements.map { string($0, "group") })).sorted() == ["late touches", "merges", "newer rule set", "retractions"])
        // Per channel, the causes add up to now − closed, to the unit.
        var moved: [String: Int64] = [:]
        for row in movements { moved[string(row, "channel"), default: 0] += Money(string(row, "pipeline"))!.units }
        for row in channelRows {
            #expect(moved[string(row, "group"), default: 0] == Money(string(row, "pipeline_delta"))!.units, "\(row)")
        }
        // Closed: linear over t1 alone; now: first_touch, t1 again (t3 retracted, t2 later than t1).
        #expect(result.standardOutput.contains(#"{"group":"paid_search","pipeline_closed":"1000","pipeline_delta":"0","pipeline_now":"1000""#))
        #expect(result.standardOutput.contains(#"{"channel":"webinar","group":"late touches","pipeline":"500","revenue":"0"}"#))
        let never = try run(["report", "--restatement", "2026-Q2"])
        #expect(never.status == 1)
        #expect(never.standardError.contains("never closed"))
    }
}
