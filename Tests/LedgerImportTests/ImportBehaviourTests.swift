import Foundation
import LedgerCore
@testable import LedgerImport
import LedgerStore
import Testing
import TestSupport

/// Bad rows, all-or-nothing, dry runs, revisions, conflicts and provenance, on real files.
@Suite("import behaviour")
struct ImportBehaviourTests {
    static let header = "period_start,period_end,channel,campaign,category,amount,currency"

    static func sheet(_ ledger: TestLedger, _ name: String, _ rows: [String]) -> String {
        ledger.directory.write(name, ([header] + rows).joined(separator: "\n") + "\n")
    }

    static let goodRows = [
        "2026-01-01,2026-01-31,paid_search,brand,media,1200.00,USD",
        "2026-01-01,2026-01-31,email,,software,300.00,USD",
    ]

    static let badRows = [
        "2026-01-01,2026-01-31,paid_search,generic,media,\"1,2,00\",USD",   // line 4: groups
        "2026-02-30,2026-02-28,paid_search,generic,media,10.00,USD",        // line 5: no 30 February
        "2026-02-01,2026-02-28,paid_social,,media,10.00,EUR",               // line 6: currency
        ",2026-02-28,paid_search,,media,10.00,USD",                         // line 7: no period
        "2026-03-01,2026-03-31,paid_search,brand,media,10.123456,USD",      // line 8: too precise
    ]

    @Test func oneBadRowAndNothingLandsEveryBadRowNamedByFileLineColumnAndCode() throws {
        let ledger = try TestLedger()
        let file = Self.sheet(ledger, "spend.csv", Self.goodRows + Self.badRows)
        var failure: TooManyBadRows?
        do {
            try ledger.importFiles([file], mapping: "spend-sheet")
        } catch let error as TooManyBadRows {
            failure = error
        }
        let summary = try #require(failure?.summary)
        #expect(try ledger.log.count() == 0, "nothing half-written")
        #expect(summary.rows == 7)
        #expect(summary.rejectedRows == 5)
        #expect(summary.rejectCounts == [.castNumber: 1, .castDate: 1, .currencyMismatch: 1, .requiredEmpty: 1, .moneyPrecision: 1])
        let rejects = summary.firstRejects
        #expect(rejects.map(\.line) == [4, 5, 6, 7, 8])
        #expect(rejects.map(\.code) == [.castNumber, .castDate, .currencyMismatch, .requiredEmpty, .moneyPrecision])
        #expect(rejects[0].column == 6 && rejects[0].header == "amount" && rejects[0].value == "1,2,00")
        #expect(rejects[1].column == 1 && rejects[1].header == "period_start")
        #expect(rejects[2].column == 7)
        #expect(rejects[3].header == "period_start")
        #expect(rejects[0].description.hasPrefix("\(file):4:6: CAST_NUMBER in \"amount\""))
        #expect(rejects[0].description.contains("; expected "))
    }

    @Test func maxBadRowsLandsTheGoodRowsAndTheRejectsFileHasEveryBadOne() throws {
        let ledger = try TestLedger()
        let file = Self.sheet(ledger, "spend.csv", Self.goodRows + Self.badRows)
        let run = try ledger.importFiles([file], mapping: "spend-sheet", options: ImportOptions(maxBadRows: 5))
        #expect(run.summary.landed)
        #expect(run.summary.appended == 2)
        #expect(try ledger.log.count() == 2)
        #expect(run.rejects.count == 5)
        // The rejects file's lines: canonical JSON with file, line, record, column, header, value, code, expected.
        guard case .object(let first) = try JSONParser.parse(run.rejects[0].jsonLine) else { Issue.record("not an object"); return }
        #expect(first.text("code") == "CAST_NUMBER")
        #expect(first["line"] == .number("4") && first["record"] == .number("3") && first["column"] == .number("6"))
        #expect(first.text("header") == "amount" && first.text("value") == "1,2,00" && first.text("expected") != nil)
        // One bad row more than allowed: nothing.
        let strict = try TestLedger()
        let again = Self.sheet(strict, "spend.csv", Self.goodRows + Self.badRows)
        #expect(throws: TooManyBadRows.self) { try strict.importFiles([again], mapping: "spend-sheet", options: ImportOptions(maxBadRows: 4)) }
        #expect(try strict.log.count() == 0)
    }

    @Test func aDryRunShowsWhatWouldLandAndAppendsNothing() throws {
        let ledger = try TestLedger()
        let file = Self.sheet(ledger, "spend.csv", Self.goodRows)
        let importer = try Importer(log: ledger.log, mapping: try ShippedMappings.load("spend-sheet"), options: ImportOptions(dryRun: true))
        var shown: [String] = []
        let summary = try importer.run([file], onEvent: { shown.append($0) })
        #expect(!summary.landed && summary.dryRun)
        #expect(summary.appended == 2)
        #expect(try ledger.log.count() == 0)
        #expect(shown.count == 2)
        #expect(shown[0].hasPrefix("{\"amount\":\"1200\""))
    }

    @Test func aRevisedDaysSpendRetractsTheOldFigureAndARepeatIsANoOp() throws {
        let ledger = try TestLedger()
        let first = Self.sheet(ledger, "week1.csv", ["2026-01-05,2026-01-05,paid_search,brand,media,100.00,USD",
                                                     "2026-01-06,2026-01-06,paid_search,brand,media,120.00,USD"])
        try ledger.importFiles([first], mapping: "spend-sheet")
        // The platform revised 6 January; 5 January is unchanged.
        let revised = Self.sheet(ledger, "week1-again.csv", ["2026-01-05,2026-01-05,paid_search,brand,media,100.00,USD",
                                                             "2026-01-06,2026-01-06,paid_search,brand,media,118.40,USD"])
        let run = try ledger.importFiles([revised], mapping: "spend-sheet").summary
        #expect(run.appended == 2, "the retraction and the new figure")
        #expect(run.retracted == 1)
        #expect(run.duplicates == 1)
        let events = try ledger.events()
        let retraction = try #require(events.first { $0.type == .retract })
        let bodies = try ledger.bodies()
        let retracted = try #require(bodies[retraction.id]?.text("event"))
        #expect(bodies[retracted]?.text("amount") == "120")
        #expect(bodies[retraction.id]?.text("reason") == "the source revised this figure")
        // Importing the revised file again changes nothing.
        let repeatRun = try ledger.importFiles([revised], mapping: "spend-sheet").summary
        #expect(repeatRun.appended == 0 && repeatRun.retracted == 0)
        // The figure going back to its first value is one more revision, under a fresh id.
        let back = try ledger.importFiles([first], mapping: "spend-sheet").summary
        #expect(back.retracted == 1 && back.appended == 2)
        let visible = try ledger.events().filter { $0.type == .spend }.map(\.id)
        #expect(Set(visible).count == visible.count)
    }

    @Test func twoRowsStatingOneFactDifferentlyAreAConflictNotARevision() throws {
        let ledger = try TestLedger()
        let file = Self.sheet(ledger, "dup.csv", ["2026-01-05,2026-01-05,paid_search,brand,media,100.00,USD",
                                                  "2026-01-05,2026-01-05,paid_search,brand,media,101.00,USD"])
        let run = try ledger.importFiles([file], mapping: "spend-sheet", options: ImportOptions(maxBadRows: 1))
        #expect(run.rejects.map(\.code) == [.idConflict])
        #expect(run.rejects.first?.problem.contains("line 2 of this import") == true)
        #expect(run.summary.appended == 1)
    }

    /// A recorded fact that moved in a later export (a stage date) is refused with both values,
    /// never overwritten.
    @Test func aStageDateThatMovedIsAnIDConflictWithBothValues() throws {
        let ledger = try TestLedger()
        try ledger.importFiles(["hubspot-contacts.csv"], mapping: "hubspot-contacts")
        let original = try String(contentsOfFile: Fixtures.path("hubspot-contacts.csv"), encoding: .utf8)
        let moved = original.replacingOccurrences(of: "\"2026-03-18 14:05\"", with: "\"2026-03-19 09:00\"")
        #expect(moved != original)
        let file = ledger.directory.write("hubspot-contacts-later.csv", moved)
        var failure: TooManyBadRows?
        do {
            try ledger.importFiles([file], mapping: "hubspot-contacts")
        } catch let error as TooManyBadRows {
            failure = error
        }
        let reject = try #require(failure?.summary.firstRejects.first)
        #expect(reject.code == .idConflict)
        #expect(reject.line == 2)
        #expect(reject.problem.contains("hubspot:contact:88123408236:stage:mql"))
        #expect(reject.problem.contains("2026-03-18T18:05:00Z") && reject.problem.contains("2026-03-19T13:00:00Z"))
        #expect(try ledger.bodies()["hubspot:contact:88123408236:stage:mql"]?.text("at") == "2026-03-18T18:05:00Z")
    }

    /// Provenance sits beside the log: a later export of the same facts with another hash (rows
    /// moved, as HubSpot lists newest first) is all duplicates, and each event keeps the file and
    /// line it first came from.
    @Test func provenanceNamesFileAndLineWithoutMakingReExportsConflict() throws {
        let ledger = try TestLedger()
        try ledger.importFiles(["hubspot-contacts.csv"], mapping: "hubspot-contacts")
        let text = try String(contentsOfFile: Fixtures.path("hubspot-contacts.csv"), encoding: .utf8)
        var lines = text.components(separatedBy: "\r\n")
        // Swap the first two data rows: another file, the same facts.
        lines.swapAt(1, 2)
        let reordered = ledger.directory.write("reordered.csv", lines.joined(separator: "\r\n"))
        let again = try ledger.importFiles([reordered], mapping: "hubspot-contacts").summary
        #expect(again.appended == 0 && again.rejectedRows == 0)
        #expect(again.files[0].sha256 != (try ledger.importFiles(["hubspot-contacts.csv"], mapping: "hubspot-contacts").summary.files[0].sha256))
        let events = try ledger.events()
        let seqs = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0.seq) })
        let origins = try ledger.log.origins(of: events.map(\.seq))
        #expect(origins.count == events.count)
        let original = try #require(origins[seqs["hubspot:contact:88123408236:touch:original"]!])
        #expect(original.file.hasSuffix("hubspot-contacts.csv"))
        #expect(original.line == 2)
        #expect(original.mapping == "hubspot-contacts" && original.mappingVersion == 1)
        // The row after the multi-line job title starts two physical lines later.
        let devon = try #require(origins[seqs["hubspot:contact:88123400245:stage:lead"]!])
        #expect(devon.line == 15)
        // Events appended by ingest have no origin.
        try ledger.ingest([#"{"id":"t-x","type":"touch","at":"2026-01-05T10:00:00Z","contact":"c-1"}"#])
        let head = try #require(try ledger.log.head()).seq
        #expect(try ledger.log.origins(of: [head]).isEmpty)
    }

    @Test func batchesCommitAsTheyGoAndARerunSkipsWhatLanded() throws {
        let ledger = try TestLedger()
        var rows = (1...10).map { String(format: "2026-01-%02d,2026-01-%02d,paid_search,brand,media,%d.00,USD", $0, $0, $0 * 10) }
        let good = rows[5]
        rows[5] = "2026-01-06,2026-01-06,paid_search,brand,media,oops,USD"
        let file = Self.sheet(ledger, "days.csv", rows)
        var failure: TooManyBadRows?
        do {
            try ledger.importFiles([file], mapping: "spend-sheet", options: ImportOptions(batchSize: 4))
        } catch let error as TooManyBadRows {
            failure = error
        }
        // The first batch of four landed; the batch with the bad row (rows 5 to 8) did not.
        #expect(try ledger.log.count() == 4)
        #expect(failure?.summary.rejectedRows == 1)
        #expect(failure?.summary.firstRejects.first?.line == 7)
        rows[5] = good
        let fixed = Self.sheet(ledger, "days.csv", rows)
        let rerun = try ledger.importFiles([fixed], mapping: "spend-sheet", options: ImportOptions(batchSize: 4)).summary
        #expect(rerun.appended == 6 && rerun.duplicates == 4)
    }

    @Test func aFileWithoutTheMappingsHeaderFailsNamingTheColumns() throws {
        let ledger = try TestLedger()
        let file = ledger.directory.write("wrong.csv", "Day,Campaign,Cost\n2026-01-01,Brand,1.00\n")
        do {
            try ledger.importFiles([file], mapping: "hubspot-contacts")
            Issue.record("imported a file without the header")
        } catch let failure as ImportFailure {
            #expect(failure.message.hasPrefix("MISSING_COLUMN"))
            #expect(failure.message.contains("\"Record ID\""))
            #expect(failure.message.contains("\"Create Date\""))
        }
    }

    @Test func aStageNoMapKnowsRejectsTheRowAsUnknownStage() throws {
        let ledger = try TestLedger()
        let text = try String(contentsOfFile: Fixtures.path("hubspot-deals.csv"), encoding: .utf8)
            .replacingOccurrences(of: "Contract Sent (Sales Pipeline)", with: "Legal Review (Sales Pipeline)")
        let file = ledger.directory.write("deals.csv", text)
        let run = try ledger.importFiles([file], mapping: "hubspot-deals", options: ImportOptions(maxBadRows: 10))
        #expect(run.rejects.allSatisfy { $0.code == .unknownStage })
        #expect(run.rejects.count == 4, "the deals that entered the renamed stage")
        #expect(run.rejects.first?.problem.contains("Legal Review") == true)
    }

    @Test func naiveTimesFollowTheTimeZoneOptionAndATimeTheClocksSkipIsRefused() throws {
        let ledger = try TestLedger()
        let file = ledger.directory.write("touches.csv", "contact_id,timestamp,touch_type\nc-1,2026-03-08 02:30,ad_click\nc-2,2026-03-09 09:00,ad_click\n")
        let run = try ledger.importFiles([file], mapping: "touch-sheet", options: ImportOptions(maxBadRows: 1, timeZone: "America/New_York"))
        #expect(run.rejects.map(\.code) == [.nonexistentLocalTime])
        #expect(run.rejects.first?.line == 2)
        #expect(try ledger.bodies().values.contains { $0.text("at") == "2026-03-09T13:00:00Z" })
        #expect(throws: ImportFailure.self) {
            _ = try Importer(log: ledger.log, mapping: try ShippedMappings.load("touch-sheet"), options: ImportOptions(timeZone: "Nowhere/Special"))
        }
    }
}
