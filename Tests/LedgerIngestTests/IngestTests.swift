import Foundation
import LedgerCore
import LedgerIngest
import LedgerStore
import Testing
import TestSupport

@Suite("Ingest")
struct IngestTests {
    func ingestError(_ ledger: TestLedger, _ lines: [String], options: IngestOptions = IngestOptions()) -> IngestError? {
        do {
            try ledger.ingest(lines, options: options)
            return nil
        } catch let error as IngestError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func acceptsEveryEventTypeOfTheContract() throws {
        let ledger = try TestLedger()
        let fixture = LedgerFixture()
            .rules("r-1")
            .touch("t-1", contact: "c-1", utmSource: "google", utmMedium: "cpc")
            .raw(#"{"id":"c-1","type":"contact","at":"2026-01-05T10:01:00Z","contact":"c-1","account":"a-1","email":"ana@example.com","attributes":{"score":64,"employees":800,"industry":"fintech","customer":false}}"#)
            .raw(#"{"id":"s-1","type":"stage","at":"2026-01-05T10:01:00Z","contact":"c-1","stage":"lead"}"#)
            .raw(#"{"id":"a-1","type":"account","at":"2026-01-05T10:00:00Z","account":"a-1","attributes":{"industry":"fintech","employees":800}}"#)
            .opportunity("o-1", contacts: ["c-1"])
            .opportunity("o-1-won", opportunity: "o-1", stage: "won", at: "2026-03-10T09:00:00Z", amount: nil)
            .spend("sp-1")
            .raw(#"{"id":"adj-1","type":"adjustment","at":"2026-04-01T00:00:00Z","opportunity":"o-1","amount":"-1200.50","currency":"USD","reason":"churn"}"#)
            .raw(#"{"id":"sr-1","type":"self_report","at":"2026-01-06T00:00:00Z","contact":"c-1","source":"a podcast"}"#)
            .merge("m-1", from: "c-2", into: "c-1")
            .unmerge("u-1", merge: "m-1")
            .retract("x-1", event: "t-1")
            .raw(#"{"id":"close-1","type":"close","at":"2026-04-01T00:00:00Z","period":"2026-Q1","from":"2026-01-01","to":"2026-03-31","report_digest":"abc","rules":{"name":"default","version":1}}"#)
        let summary = try ledger.ingest(fixture.lines)
        #expect(summary.appended == 14)
        #expect(summary.duplicates == 0)
        #expect(summary.batches == 1)
        #expect(Set(try ledger.events().map(\.type)) == Set(EventType.allCases))
        #expect(try ledger.log.verify().isValid)
    }

    @Test(arguments: [
        (#"{"id":"t-2","type":"touch","at":"2026-01-05T10:00:00Z"}"#, "contact"),
        (#"{"id":"t-2","type":"touch","at":"2026-01-05","contact":"c-1"}"#, "at"),
        (#"{"id":"t-2","type":"tuch","at":"2026-01-05T10:00:00Z","contact":"c-1"}"#, "type"),
        (#"{"type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1"}"#, "id"),
        (#"{"id":"o-2","type":"opportunity","at":"2026-01-05T10:00:00Z","opportunity":"o-2","account":"a","stage":"created","amount":48000,"currency":"USD"}"#, "amount"),
        (#"{"id":"o-2","type":"opportunity","at":"2026-01-05T10:00:00Z","opportunity":"o-2","account":"a","stage":"created","amount":"1","currency":"EUR"}"#, "currency"),
        (#"{"id":"t-2","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","seq":5}"#, "seq"),
        (#"{"id":"t-2","type":"touch","at":"2026-01-05T10:00:00Z","contact":null}"#, "contact"),
        (#"{"id":"sp-2","type":"spend","at":"2026-01-05T10:00:00Z","amount":"1","currency":"USD","period_start":"2026-02-30","period_end":"2026-03-01"}"#, "period_start"),
        (#"{"id":"x-2","type":"retract","at":"2026-01-05T10:00:00Z","event":"never-seen"}"#, "event"),
        (#"{"id":"x-2","type":"retract","at":"2026-01-05T10:00:00Z","event":"r-1"}"#, "event"),
        (#"{"id":"u-2","type":"unmerge","at":"2026-01-05T10:00:00Z","merge":"t-1"}"#, "merge"),
    ])
    func aBadLastLineNamesFileLineAndFieldAndWritesNothing(line: String, field: String) throws {
        let ledger = try TestLedger()
        try ledger.ingest(LedgerFixture().rules("r-1").lines, name: "first.jsonl")
        let before = try ledger.log.head()
        let lines = LedgerFixture.touches(3).lines + [line]
        let error = try #require(ingestError(ledger, lines))
        #expect(error.file == "events.jsonl")
        #expect(error.line == 4)
        #expect(error.field == field)
        #expect(error.description.hasPrefix("events.jsonl:4: field `\(field)`: "))
        #expect(try ledger.log.head() == before)
    }

    @Test func invalidJSONNamesTheColumn() throws {
        let ledger = try TestLedger()
        let error = try #require(ingestError(ledger, [#"{"id":"t-1","type":"touch",,}"#]))
        #expect(error.line == 1)
        #expect(error.column == 28)
        #expect(error.description.contains("events.jsonl:1:28: invalid JSON"))
    }

    @Test func duplicatesAreSkippedAndCountedAcrossAndWithinInputs() throws {
        let ledger = try TestLedger()
        let lines = LedgerFixture.touches(5).lines
        #expect(try ledger.ingest(lines).appended == 5)
        let again = try ledger.ingest(lines + [lines[0]] + LedgerFixture.touches(1, prefix: "new").lines)
        #expect(again.appended == 1)
        #expect(again.duplicates == 6)
        #expect(again.firstSeq == 6)
        #expect(try ledger.log.count() == 6)
    }

    @Test func aConflictNamesBothEvents() throws {
        let ledger = try TestLedger()
        try ledger.ingest(LedgerFixture().spend("sp-1", amount: "10").lines)
        let inBatch = LedgerFixture().touch("t-1", contact: "c-1").touch("t-2", contact: "c-2").touch("t-1", contact: "c-9").lines
        let first = try #require(ingestError(ledger, inBatch))
        #expect(first.line == 3)
        #expect(first.field == "id")
        #expect(first.message.contains("already used by line 1 of this input"))
        #expect(first.message.contains(#""contact":"c-9""#) && first.message.contains(#""contact":"c-1""#))
        let withLedger = try #require(ingestError(ledger, LedgerFixture().spend("sp-1", amount: "11").lines))
        #expect(withLedger.message.contains("seq 1 of the ledger"))
        #expect(try ledger.log.count() == 1)
    }

    @Test func batchesCommitAsTheyGoAndARerunSkipsWhatLanded() throws {
        let ledger = try TestLedger()
        let good = LedgerFixture.touches(25).lines
        let bad = #"{"id":"bad","type":"touch","at":"2026-01-05T10:00:00Z"}"#
        var acknowledgements: [BatchAcknowledgement] = []
        let file = ledger.directory.writeLines("big.jsonl", good + [bad])
        #expect(throws: IngestError.self) {
            try Ingestor(log: ledger.log, options: IngestOptions(batchSize: 10))
                .ingest(try LineReader(path: file), displayName: "big.jsonl", onCommit: { acknowledgements.append($0) })
        }
        #expect(acknowledgements.map(\.lastLine) == [10, 20])
        #expect(try ledger.log.count() == 20)
        let rerun = try ledger.ingest(good, options: IngestOptions(batchSize: 10))
        #expect(rerun.appended == 5)
        #expect(rerun.duplicates == 20)
        #expect(try ledger.log.verify().isValid)
    }

    @Test func anInputThatFillsItsLastBatchExactlyIsAcknowledgedOncePerBatch() throws {
        let ledger = try TestLedger()
        let file = ledger.directory.writeLines("even.jsonl", LedgerFixture.touches(20).lines + [""])
        var acknowledgements: [BatchAcknowledgement] = []
        let summary = try Ingestor(log: ledger.log, options: IngestOptions(batchSize: 10))
            .ingest(try LineReader(path: file), displayName: "even.jsonl", onCommit: { acknowledgements.append($0) })
        #expect(acknowledgements.map { [$0.firstLine, $0.lastLine, $0.appended] } == [[1, 10, 10], [11, 20, 10]])
        #expect(summary.batches == 2)
        #expect(summary.firstSeq == 1 && summary.lastSeq == 20)
    }

    @Test func toleratesCRLFAByteOrderMarkBlankLinesAndNoFinalNewline() throws {
        let ledger = try TestLedger()
        let lines = LedgerFixture.touches(3).lines
        let text = "\u{FEFF}" + lines[0] + "\r\n\r\n  \n" + lines[1] + "\r\n" + lines[2]
        let file = ledger.directory.write("odd.jsonl", text)
        let summary = try Ingestor(log: ledger.log).ingest(try LineReader(path: file), displayName: "odd.jsonl")
        #expect(summary.appended == 3)
        #expect(summary.lines == 3)
    }

    @Test func linesSpanningReadChunksAreReassembled() throws {
        let ledger = try TestLedger()
        // Long lines (about 40 KiB each) so that many straddle the 1 MiB read chunks.
        let padding = String(repeating: "x", count: 40_000)
        let lines = (1...60).map { #"{"id":"t-\#($0)","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1","note":"\#(padding)"}"# }
        #expect(try ledger.ingest(lines).appended == 60)
        #expect(try ledger.log.verify().isValid)
    }

    @Test func aBackfillRecordsItsLedgerTime() throws {
        let ledger = try TestLedger()
        let when = try #require(RFC3339.parse("2026-03-31T23:59:59Z")).timestamp
        try ledger.ingest(LedgerFixture.touches(2).lines, options: IngestOptions(recordedAt: when))
        #expect(try ledger.events().allSatisfy { $0.recordedAt == when })
        let earlier = try #require(RFC3339.parse("2026-03-01T00:00:00Z")).timestamp
        let error = try #require(ingestError(ledger, LedgerFixture.touches(1, prefix: "late").lines, options: IngestOptions(recordedAt: earlier)))
        #expect(error.message.contains("earlier than the ledger's last recorded_at"))
    }
}

@Suite("Ingest checks merges")
struct MergeIngestTests {
    @Test func cyclesDoubleMergesAndDoubleUnmergesAreRefusedWithTheirLine() throws {
        let ledger = try TestLedger()
        try ledger.ingest(LedgerFixture().merge("m-1", from: "c-1", into: "c-2").merge("m-2", from: "c-2", into: "c-3").lines, name: "a.jsonl")
        func refusal(_ fixture: LedgerFixture) -> IngestError? {
            do { try ledger.ingest(fixture.lines, name: "b.jsonl"); return nil } catch { return error as? IngestError }
        }
        let cycle = try #require(refusal(LedgerFixture.touches(2).merge("m-3", from: "c-3", into: "c-1")))
        #expect(cycle.line == 3)
        #expect(cycle.field == "into")
        #expect(refusal(LedgerFixture().merge("m-4", from: "c-1", into: "c-9"))?.field == "from")
        #expect(refusal(LedgerFixture().unmerge("u-1", merge: "m-1").unmerge("u-2", merge: "m-1"))?.line == 2)
        #expect(try ledger.log.count() == 2)
        // Re-sending the merges already in the ledger is a no-op, not a double merge.
        let again = try ledger.ingest(LedgerFixture().merge("m-1", from: "c-1", into: "c-2").lines, name: "c.jsonl")
        #expect(again.duplicates == 1)
        // After an unmerge, the record may be merged elsewhere.
        try ledger.ingest(LedgerFixture().unmerge("u-3", merge: "m-1").merge("m-5", from: "c-1", into: "c-9").lines, name: "d.jsonl")
        #expect(try ledger.log.count() == 4)
    }
}

/// Every example of the schemas through `ingest` itself: the valid ones land, each invalid one
/// is refused with the file, its line and its field, and leaves the ledger as it was.
@Suite("Ingest and the schema examples")
struct SchemaExampleIngestTests {
    @Test func everyValidExampleLands() throws {
        let ledger = try TestLedger()
        // Examples share ids across schemas only with equal content (the schema check enforces it).
        // References point backwards: corrections after the facts they correct.
        func rank(_ example: SchemaExamples.Example) -> Int {
            guard case .object(let object) = example.event, case .string(let type)? = object["type"] else { return 0 }
            return ["merge": 1, "unmerge": 2, "retract": 3][type] ?? 0
        }
        let ordered = SchemaExamples.valid.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
        let lines = ordered.map(\.element.event.canonicalText)
        let summary = try ledger.ingest(lines)
        #expect(summary.appended + summary.duplicates == lines.count)
        #expect(summary.appended >= 40)
    }

    @Test(arguments: SchemaExamples.invalid)
    func everyInvalidExampleIsRefusedWithFileLineAndField(example: SchemaExamples.Example) throws {
        let ledger = try TestLedger()
        let lines = LedgerFixture.touches(2).lines + [example.event.canonicalText]
        do {
            try ledger.ingest(lines, name: "examples.jsonl")
            Issue.record("accepted \(example)")
        } catch let error as IngestError {
            #expect(error.file == "examples.jsonl")
            #expect(error.line == 3)
            #expect(error.field == example.field)
        }
        #expect(try ledger.log.count() == 0)
    }
}
