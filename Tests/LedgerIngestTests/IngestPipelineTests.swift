import LedgerCore
import LedgerIngest
import LedgerStore
import Testing
import TestSupport

/// Ingest prepares lines (parse, validation, canonical form) on another thread in runs of about
/// a thousand, ahead of the appends. These inputs span several runs, so a bad line may already
/// be prepared while earlier lines are still being appended: what lands, what is acknowledged
/// and which error is reported must be exactly what a line-by-line ingest would give.
@Suite("Ingest prepares lines ahead of the appends")
struct IngestPipelineTests {
    static let badLine = #"{"id":"bad","type":"touch","at":"2026-01-05T10:00:00Z"}"#

    func ingest(_ ledger: TestLedger, _ lines: [String], batchSize: Int?) -> (acknowledgements: [BatchAcknowledgement], summary: IngestSummary?, error: IngestError?) {
        let file = ledger.directory.writeLines("many.jsonl", lines)
        var acknowledgements: [BatchAcknowledgement] = []
        do {
            let summary = try Ingestor(log: ledger.log, options: IngestOptions(batchSize: batchSize))
                .ingest(try LineReader(path: file), displayName: "many.jsonl", onCommit: { acknowledgements.append($0) })
            return (acknowledgements, summary, nil)
        } catch let error as IngestError {
            return (acknowledgements, nil, error)
        } catch {
            Issue.record("unexpected error \(error)")
            return (acknowledgements, nil, nil)
        }
    }

    @Test func manyRunsLandInInputOrderWithTheirLineNumbers() throws {
        let ledger = try TestLedger()
        // Blank lines every 700 lines and three at the end: they count as lines, not events.
        var lines: [String] = []
        for (index, line) in LedgerFixture.touches(5_000).lines.enumerated() {
            if index > 0, index % 700 == 0 { lines.append("") }
            lines.append(line)
        }
        lines += ["", "  ", ""]
        let run = ingest(ledger, lines, batchSize: 1_500)
        let summary = try #require(run.summary)
        #expect(summary.appended == 5_000 && summary.lines == 5_000 && summary.batches == 4)
        #expect(run.acknowledgements.map(\.lineCount) == [1_500, 1_500, 1_500, 500])
        // Batch n's first line follows batch n-1's last (blank lines between belong to the next).
        #expect(run.acknowledgements.map(\.firstLine) == [1, 1_503, 3_005, 4_507])
        #expect(run.acknowledgements.map(\.lastLine) == [1_502, 3_004, 4_506, lines.count])
        let ids = try ledger.events().map(\.id)
        #expect(ids == (1...5_000).map { "t-\($0)" })
        #expect(try ledger.log.verify().isValid)
    }

    @Test func aBadLineFarAheadFailsOnlyItsBatchAfterEveryBatchBefore() throws {
        let ledger = try TestLedger()
        var lines = LedgerFixture.touches(5_000).lines
        lines[4_499] = Self.badLine
        let run = ingest(ledger, lines, batchSize: 1_000)
        let error = try #require(run.error)
        #expect(error.line == 4_500 && error.field == "contact" && error.file == "many.jsonl")
        #expect(run.acknowledgements.map(\.lastLine) == [1_000, 2_000, 3_000, 4_000])
        #expect(try ledger.log.count() == 4_000)
        // The preparing thread has stopped: the same ledger takes the fixed input.
        lines[4_499] = LedgerFixture.touches(1, prefix: "fixed").lines[0]
        let rerun = try #require(ingest(ledger, lines, batchSize: 1_000).summary)
        #expect(rerun.appended == 1_000 && rerun.duplicates == 4_000)
        #expect(try ledger.log.verify().isValid)
    }

    @Test func aConflictIsReportedBeforeABadLinePreparedAfterIt() throws {
        let ledger = try TestLedger()
        var lines = LedgerFixture.touches(5_000).lines
        // Line 3,000 reuses the id of line 10 with other content; line 3,100 is not valid.
        lines[2_999] = LedgerFixture().touch("t-10", contact: "someone-else").lines[0]
        lines[3_099] = Self.badLine
        let run = ingest(ledger, lines, batchSize: 1_000)
        let error = try #require(run.error)
        #expect(error.line == 3_000 && error.field == "id")
        #expect(error.message.contains("seq 10 of the ledger"))
        #expect(run.acknowledgements.map(\.lastLine) == [1_000, 2_000])
        #expect(try ledger.log.count() == 2_000)
    }

    @Test func aWholeInputLandsOrNothingDoes() throws {
        let ledger = try TestLedger()
        var lines = LedgerFixture.touches(4_000).lines
        lines[3_999] = Self.badLine
        let run = ingest(ledger, lines, batchSize: nil)
        #expect(run.error?.line == 4_000)
        #expect(run.acknowledgements.isEmpty)
        #expect(try ledger.log.count() == 0)
        #expect(try ledger.log.head() == nil)
    }
}
