import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// The `roiledger` executable end to end, on real files, as a person or a script runs it.
@Suite("Command line")
struct CommandLineTests {
    @Test func initIngestLogHeadVerify() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        let input = directory.writeLines("in.jsonl", LedgerFixture.touches(3).lines)
        let created = try RoiledgerProcess.run(["init", "--db", db, "--currency", "USD"])
        #expect(created.status == 0)
        #expect(created.standardOutput.contains("created ledger"))

        let ingested = try RoiledgerProcess.run(["ingest", input], environment: ["ROILEDGER_DB": db])
        #expect(ingested.status == 0, "\(ingested.standardError)")
        #expect(ingested.standardOutput.contains("3 lines, 3 appended (seq 1-3), 0 duplicates"))

        let log = try RoiledgerProcess.run(["log", "--db", db, "--format", "json"])
        #expect(log.standardOutput.split(separator: "\n").count == 3)
        #expect(log.standardOutput.hasPrefix(#"{"event":{"at":"2026-01-05T10:00:00Z","channel":"email","contact":"c-1","id":"t-1","type":"touch","v":1},"hash":""#))

        let head = try RoiledgerProcess.run(["head", "--db", db, "--format", "json"])
        let hash = try #require(try EventLog(path: db, readOnly: true).head()).hash
        #expect(head.standardOutput.contains(#""hash":"\#(hash)""#))
        #expect(head.standardOutput.contains(#""seq":3"#))

        let verified = try RoiledgerProcess.run(["verify", "--db", db, "--anchor", "3:\(hash)"])
        #expect(verified.status == 0)
        #expect(verified.standardOutput.contains("ok: 3 events verified"))
        #expect(verified.standardOutput.contains("anchor 3:\(hash) matched"))
    }

    @Test func badInputFailsWithFileLineFieldAndANonZeroExit() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        _ = try RoiledgerProcess.run(["init", "--db", db])
        let input = directory.writeLines("bad.jsonl", LedgerFixture.touches(2).lines + [#"{"id":"x","type":"touch","at":"2026-01-05T10:00:00Z","contact":""}"#])
        let result = try RoiledgerProcess.run(["ingest", "--db", db, input])
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(input):3: field `contact`: is empty; expected an identifier"))
        #expect(try EventLog(path: db).count() == 0)
    }

    @Test func standardInputIsAnInput() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        _ = try RoiledgerProcess.run(["init", "--db", db])
        let text = LedgerFixture.touches(4).lines.joined(separator: "\n")
        let result = try RoiledgerProcess.run(["ingest", "--db", db, "-"], standardInput: Data(text.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try EventLog(path: db).count() == 4)
    }

    @Test func verifyExitsWithTwoOnATamperedLedger() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        _ = try RoiledgerProcess.run(["init", "--db", db])
        _ = try RoiledgerProcess.run(["ingest", "--db", db, directory.writeLines("in.jsonl", LedgerFixture.touches(5).lines)])
        let raw = try Connection(path: db, hardening: .none)
        try raw.execute("DROP TRIGGER events_no_update; UPDATE events SET contact = 'c-x' WHERE seq = 4")
        let result = try RoiledgerProcess.run(["verify", "--db", db])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("FAILED at seq 4: column contact"))
    }

    @Test func aMissingLedgerSaysHowToCreateOne() throws {
        let directory = TemporaryDirectory()
        let result = try RoiledgerProcess.run(["head", "--db", directory.file("none.sqlite")])
        #expect(result.status == 1)
        #expect(result.standardError.contains("roiledger init"))
    }
}

@Suite("Demo and sample commands")
struct DemoCommandTests {
    @Test func theDemoRunsAndVerifies() throws {
        let directory = TemporaryDirectory()
        let result = try RoiledgerProcess.run(["demo", "--events", "6000", "--workdir", directory.path])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("ingested 6,000 events"))
        #expect(output.contains("0 appended, 6,000 duplicates skipped"))
        #expect(output.contains("verify: ok, 6,000 events"))
        // The three users' stories, each with its evidence.
        #expect(output.contains("ROI by channel under w_shaped"))
        #expect(output.contains("appended seq 6003: merge m-demo") && output.contains(": retract retract:"))
        #expect(output.contains("default@2 in force from 2026-01-01"))
        #expect(output.contains("roiledger compare: A = rules default@1, B = rules default@2"))
        #expect(output.contains("replay: reproduced byte for byte") && output.contains("audit passed"))
        #expect(output.contains("the report as of the close reproduces the sealed digest"))
        #expect(output.contains("late touches") && output.contains("podcast"))
        #expect(output.contains("preview of unmerge") && output.contains(": unmerge unmerge:m-demo"))
        // What the demo leaves behind still audits.
        let audit = try RoiledgerProcess.run(["audit", directory.file("q1-closed.json"), "--db", directory.file("demo.sqlite")])
        #expect(audit.status == 0, "\(audit.standardError)")
    }

    @Test func samplePipedIntoIngestThenVerify() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        let sample = try RoiledgerProcess.run(["sample", "--events", "2500", "--seed", "5"])
        #expect(sample.status == 0)
        let file = directory.file("s.jsonl")
        _ = try RoiledgerProcess.run(["sample", "--events", "2500", "--seed", "5", "--out", file])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == sample.standardOutput)
        _ = try RoiledgerProcess.run(["init", "--db", db])
        let ingest = try RoiledgerProcess.run(["ingest", "--db", db, "-"], standardInput: Data(sample.standardOutput.utf8))
        #expect(ingest.standardOutput.contains("2,500 appended"))
        #expect(try RoiledgerProcess.run(["verify", "--db", db]).status == 0)
    }
}
