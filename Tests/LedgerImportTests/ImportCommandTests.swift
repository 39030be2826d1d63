import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// `roiledger import` end to end, as a person or a script runs it.
@Suite("import command")
struct ImportCommandTests {
    static func ledger() throws -> (TemporaryDirectory, String) {
        let directory = TemporaryDirectory()
        let db = directory.file("l.sqlite")
        #expect(try RoiledgerProcess.run(["init", "--db", db, "--currency", "USD"]).status == 0)
        return (directory, db)
    }

    @Test func listAndHelpDocumentTheMappings() throws {
        let list = try RoiledgerProcess.run(["import", "--list"])
        #expect(list.status == 0)
        let lines = list.standardOutput.split(separator: "\n")
        #expect(lines.count == 15)
        #expect(lines.contains { $0.hasPrefix("hubspot-contacts ") && $0.contains("v1") })
        let help = try RoiledgerProcess.run(["import", "--help"])
        for flag in ["--mapping", "--dry-run", "--max-bad-rows", "--rejects", "--batch-size", "--recorded-at", "--time-zone", "--list"] {
            #expect(help.standardOutput.contains(flag), "\(flag)")
        }
        #expect(help.standardOutput.contains("ID_CONFLICT"))
        for name in MappingTests.shipped { #expect(help.standardOutput.contains(name), "\(name)") }
    }

    @Test func importsReportsAndIsIdempotent() throws {
        let (directory, db) = try Self.ledger()
        defer { withExtendedLifetime(directory) {} }
        let file = Fixtures.path("hubspot-deals.csv")
        let first = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "hubspot-deals", file])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("8 rows → 36 events: 36 appended, 0 already in the ledger"))
        #expect(first.standardOutput.contains("(seq 1-36)"))
        #expect(first.standardOutput.contains("times in America/New_York"))
        let again = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "hubspot-deals", "--time-zone", "America/New_York", file])
        #expect(again.standardOutput.contains("0 appended, 36 already in the ledger"))
    }

    @Test func badRowsExitNonZeroPrintTheFirstTenAndWriteEveryOneToTheRejectsFile() throws {
        let (directory, db) = try Self.ledger()
        var rows = ["period_start,channel,amount"]
        for day in 1...12 { rows.append("2026-01-\(String(format: "%02d", day)),paid_search,\(day == 3 ? "12.5" : "\"1,2,3\"")") }
        let file = directory.writeLines("spend.csv", rows)
        let rejects = directory.file("rejects.jsonl")
        let result = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "spend-sheet", "--rejects", rejects, file])
        #expect(result.status == 1)
        let errorLines = result.standardError.split(separator: "\n")
        #expect(errorLines.filter { $0.contains(": CAST_NUMBER in \"amount\"") }.count == 10)
        #expect(result.standardError.contains("\(file):2:3: CAST_NUMBER"))
        #expect(result.standardError.contains("… and 1 more (all in \(rejects))"))
        #expect(result.standardError.contains("rejected rows by code: CAST_NUMBER 11"))
        #expect(result.standardError.contains("11 of 12 rows are bad and --max-bad-rows is 0: nothing appended"))
        let written = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(written.count == 11)
        #expect(try EventLog(path: db, readOnly: true).count() == 0)
        let lenient = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "spend-sheet", "--max-bad-rows", "11", file])
        #expect(lenient.status == 0)
        #expect(lenient.standardOutput.contains("1 appended"))
        #expect(lenient.standardOutput.contains("11 rows rejected"))
    }

    @Test func aDryRunPrintsTheEventsOnStandardOutputAndAppendsNothing() throws {
        let (directory, db) = try Self.ledger()
        defer { withExtendedLifetime(directory) {} }
        let result = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "meta-ads", "--dry-run", Fixtures.path("meta-ads.csv")])
        #expect(result.status == 0, "\(result.standardError)")
        let events = result.standardOutput.split(separator: "\n")
        #expect(events.count == 14)
        #expect(events.allSatisfy { $0.hasPrefix("{\"amount\":") && $0.contains("\"type\":\"spend\"") })
        #expect(result.standardError.contains("dry run, nothing appended: 14 events"))
        #expect(try EventLog(path: db, readOnly: true).count() == 0)
    }

    @Test func usageErrorsNameTheOption() throws {
        let (directory, db) = try Self.ledger()
        defer { withExtendedLifetime(directory) {} }
        let unknown = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "hubspot-contact", Fixtures.path("hubspot-contacts.csv")])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("--mapping hubspot-contact is not a shipped mapping"))
        #expect(unknown.standardError.contains("hubspot-contacts"))
        let badZone = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "touch-sheet", "--time-zone", "Nowhere/City", Fixtures.path("touch-sheet.csv")])
        #expect(badZone.status == 64)
        #expect(badZone.standardError.contains("--time-zone Nowhere/City is not an IANA time zone"))
        let noMapping = try RoiledgerProcess.run(["import", "--db", db, Fixtures.path("touch-sheet.csv")])
        #expect(noMapping.status == 64)
        #expect(noMapping.standardError.contains("--mapping"))
        let missingFile = try RoiledgerProcess.run(["import", "--db", db, "--mapping", "touch-sheet", "/nonexistent/x.csv"])
        #expect(missingFile.status == 1)
        #expect(missingFile.standardError.contains("/nonexistent/x.csv: cannot open"))
    }

    @Test func explainNamesTheExportLineATouchCameFrom() throws {
        let (directory, db) = try Self.ledger()
        defer { withExtendedLifetime(directory) {} }
        for (mapping, file) in [("salesforce-leads", "salesforce-leads.csv"), ("salesforce-opportunities", "salesforce-opportunities.csv"),
                                ("salesforce-contact-roles", "salesforce-contact-roles.csv"), ("salesforce-campaign-members", "salesforce-campaign-members.csv")] {
            #expect(try RoiledgerProcess.run(["import", "--db", db, "--mapping", mapping, Fixtures.path(file)]).status == 0)
        }
        let explained = try RoiledgerProcess.run(["explain", "--db", db, "--from", "2025-10-01", "--to", "2026-06-30", "opportunity", "salesforce:0065g00000Jd9VwAAJ"])
        #expect(explained.status == 0, "\(explained.standardError)")
        #expect(explained.standardOutput.contains("imported from:"))
        #expect(explained.standardOutput.contains("salesforce-leads.csv:6 (salesforce-leads v1)"))
        #expect(explained.standardOutput.contains("salesforce-campaign-members.csv:8 (salesforce-campaign-members v1)"))
        let json = try RoiledgerProcess.run(["explain", "--db", db, "--from", "2025-10-01", "--to", "2026-06-30", "--format", "json", "opportunity", "salesforce:0065g00000Jd9VwAAJ"])
        #expect(json.standardOutput.contains(#""imported_from":{"file":"#))
    }
}
