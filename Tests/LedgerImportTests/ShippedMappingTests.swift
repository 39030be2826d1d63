import Foundation
import LedgerCore
@testable import LedgerImport
import LedgerStore
import Testing
import TestSupport

/// Every shipped mapping imports its fixture (an export written to the vendor's documented
/// format) into a real ledger file: the events it states are pinned, and a second import of the
/// same file appends nothing.
@Suite("shipped mappings")
struct ShippedMappingTests {
    static func money(_ bodies: some Sequence<JSONObject>) -> Money {
        Money(units: bodies.reduce(0) { $0 + (Money($1.text("amount") ?? "0")?.units ?? 0) })
    }

    /// Imports `file` twice: the second run appends nothing.
    static func importIdempotently(_ ledger: TestLedger, _ file: String, mapping: String) throws -> ImportSummary {
        let first = try ledger.importFiles([file], mapping: mapping).summary
        #expect(first.landed && first.rejectedRows == 0)
        let second = try ledger.importFiles([file], mapping: mapping).summary
        #expect(second.appended == 0, "\(file) again")
        #expect(second.duplicates == first.appended, "\(file) again")
        return first
    }

    @Test func hubspotContacts() throws {
        let ledger = try TestLedger()
        let summary = try Self.importIdempotently(ledger, "hubspot-contacts.csv", mapping: "hubspot-contacts")
        #expect(summary.rows == 14)
        let bodies = try ledger.bodies()
        #expect(try ledger.ids(ofType: .contact).count == 14)
        #expect(try ledger.ids(ofType: .stage).count == 36)
        // 14 original sources and 9 latest sources that differ from the original.
        #expect(try ledger.ids(ofType: .touch).count == 23)
        // Tobias Greenfield went from lead to SQL without MQL.
        #expect(bodies["hubspot:contact:88123402871:stage:sql"]?.text("at") == "2025-11-14T15:22:00Z")
        #expect(bodies["hubspot:contact:88123402871:stage:mql"] == nil)
        // EDT after 8 March 2026: 14:05 in New York is 18:05 UTC.
        #expect(bodies["hubspot:contact:88123408236:stage:mql"]?.text("at") == "2026-03-18T18:05:00Z")
        let original = try #require(bodies["hubspot:contact:88123407150:touch:original"])
        #expect(original.text("channel") == "paid_search")
        #expect(original.text("at") == "2026-02-19T18:05:00Z")
        #expect(original["utm"] == .object(JSONObject([.init(key: "campaign", value: .string("q1-2026-nonbrand-us")),
                                                        .init(key: "source", value: .string("Paid Search")),
                                                        .init(key: "term", value: .string("observability pricing"))])))
        #expect(bodies["hubspot:contact:88123407150:touch:latest:2026-03-04T16:05:00Z:direct_traffic:tidewatermetrics_com_demo"]?.text("channel") == "direct")
        // Same original and latest source: one touch, not two.
        #expect(try ledger.ids(ofType: .touch).filter { $0.hasPrefix("hubspot:contact:88123408236:") } == ["hubspot:contact:88123408236:touch:original"])
        // The record that absorbed two others in HubSpot.
        #expect(try ledger.ids(ofType: .merge).sorted() == ["hubspot:contact:88123400245:merged:88123400698", "hubspot:contact:88123400245:merged:88123401133"])
        #expect(bodies["hubspot:contact:88123400245:merged:88123401133"]?.text("into") == "hubspot:contact:88123400245")
        // A job title with a line break inside its quoted cell, and one with a comma.
        let priyanka = try #require(bodies.first { $0.key.hasPrefix("hubspot:contact:88123401502:facts:") }?.value)
        guard case .object(let attributes)? = priyanka["attributes"] else { Issue.record("no attributes"); return }
        #expect(attributes.text("title") == "Head of Knowledge Management\nand Legal Operations")
        #expect(attributes["employees"] == .number("120"))
        #expect(priyanka.text("account") == "hubspot:company:22019347715")
        // Sofia Lindgren has no company: no account field, not an empty one.
        let sofia = try #require(bodies.first { $0.key.hasPrefix("hubspot:contact:88123406644:facts:") }?.value)
        #expect(sofia["account"] == nil)
    }

    @Test func hubspotDeals() throws {
        let ledger = try TestLedger()
        let summary = try Self.importIdempotently(ledger, "hubspot-deals.csv", mapping: "hubspot-deals")
        #expect(summary.rows == 8)
        #expect(summary.appended == 36)
        let bodies = try ledger.bodies()
        let ids = try ledger.ids(ofType: .opportunity)
        #expect(ids.filter { $0.hasSuffix(":stage:won") }.count == 3)
        #expect(ids.filter { $0.hasSuffix(":stage:lost") }.count == 2)
        let created = try #require(bodies["hubspot:deal:31470152246:created"])
        #expect(created.text("amount") == "148500.5")
        #expect(created.text("currency") == "USD")
        #expect(created.text("account") == "hubspot:company:23388015547")
        #expect(created["contacts"] == .array([.string("hubspot:contact:88123405127"), .string("hubspot:contact:88123405533")]))
        #expect(bodies["hubspot:deal:31470152246:stage:won"]?.text("at") == "2026-03-05T22:18:00Z")
        #expect(bodies["hubspot:deal:31470152246:stage:decision_maker_bought_in"] == nil, "no date entered: no event")
    }

    @Test func hubspotCompaniesAreAccountFacts() throws {
        let ledger = try TestLedger()
        let summary = try Self.importIdempotently(ledger, "hubspot-companies.csv", mapping: "hubspot-companies")
        #expect(summary.appended == 6)
        let sundial = try #require(try ledger.bodies().first { $0.key.hasPrefix("hubspot:company:23388015547:facts:") }?.value)
        #expect(sundial.text("type") == "account")
        guard case .object(let attributes)? = sundial["attributes"] else { Issue.record("no attributes"); return }
        #expect(attributes.text("industry") == "Hospital & Health Care")
        #expect(attributes["employees"] == .number("1500"))
        #expect(attributes["annual_revenue"] == .number("340000000"))
    }

    @Test func salesforceReportAndAPIExportsStateTheSameFacts() throws {
        let ledger = try TestLedger()
        let report = try Self.importIdempotently(ledger, "salesforce-leads.csv", mapping: "salesforce-leads")
        #expect(report.rows == 10)
        #expect(report.appended == 33)
        // The API export: 18-character ids, UTC times, API field names, no footer.
        let api = try ledger.importFiles(["salesforce-leads-api.csv"], mapping: "salesforce-leads").summary
        #expect(api.appended == 0)
        #expect(api.duplicates == 33)
        let bodies = try ledger.bodies()
        // Case twins are two leads.
        #expect(bodies["salesforce:00Q5g00000Lp7QAEAZ:stage:lead"] != nil)
        #expect(bodies["salesforce:00Q5g00000Lp7QaEAJ:stage:lead"] != nil)
        // 4:52 PM in Los Angeles on 24 February is 00:52 UTC on the 25th.
        #expect(bodies["salesforce:00Q5g00000pd4kgEAA:stage:lead"]?.text("at") == "2026-02-25T00:52:00Z")
        // A converted lead merges into its contact.
        let conversions = try ledger.ids(ofType: .merge).sorted()
        #expect(conversions == ["salesforce:00Q5g00000AbCdEEAV:converted", "salesforce:00Q5g00000Lp7QaEAJ:converted", "salesforce:00Q5g00000Mw2XsEAJ:converted"])
        #expect(bodies["salesforce:00Q5g00000AbCdEEAV:converted"]?.text("into") == "salesforce:0035g00000XyZaBAAV")
        #expect(bodies["salesforce:00Q5g00000AbCdEEAV:converted"]?.text("at") == "2026-01-12T08:00:00Z")
    }

    @Test func salesforceDealsFromOpportunitiesRolesAndHistory() throws {
        let ledger = try TestLedger()
        let opportunities = try Self.importIdempotently(ledger, "salesforce-opportunities.csv", mapping: "salesforce-opportunities")
        #expect(opportunities.appended == 9)
        let roles = try Self.importIdempotently(ledger, "salesforce-contact-roles.csv", mapping: "salesforce-contact-roles")
        #expect(roles.appended == 9)
        let history = try Self.importIdempotently(ledger, "salesforce-opportunity-history.csv", mapping: "salesforce-opportunity-history")
        #expect(history.appended == 19)
        let bodies = try ledger.bodies()
        #expect(bodies["salesforce:0065g00000QrStUAAV:created"]?.text("amount") == "48000")
        #expect(bodies["salesforce:0065g00000QrStUAAV:won"]?.text("at") == "2026-02-27T08:00:00Z")
        #expect(bodies["salesforce:0065g00000Ke5ZiAAJ:lost"] != nil)
        #expect(bodies["salesforce:0065g00000Lf8AjAAJ:won"] == nil && bodies["salesforce:0065g00000Lf8AjAAJ:lost"] == nil)
        #expect(bodies["salesforce:0065g00000QrStUAAV:role:0035g00000Jw3PzAAJ"]?["contacts"] == .array([.string("salesforce:0035g00000Jw3PzAAJ")]))
        let stages = try ledger.ids(ofType: .opportunity).filter { $0.hasPrefix("salesforce:0065g00000QrStUAAV:history:") }
        #expect(stages.count == 6)
        #expect(stages.last?.hasSuffix(":won") == true)
    }

    @Test func salesforceCampaignMembersTouchAtTheirFirstResponseElseTheirCreation() throws {
        let ledger = try TestLedger()
        let summary = try Self.importIdempotently(ledger, "salesforce-campaign-members.csv", mapping: "salesforce-campaign-members")
        #expect(summary.appended == 12)
        let touches = try ledger.bodies().values.filter { $0.text("type") == "touch" }
        #expect(touches.filter { $0.text("touch_type") == "campaign_responded" }.count == 3)
        #expect(touches.filter { $0.text("touch_type") == "campaign_attended" }.count == 4)
        // A converted lead's membership is the contact's touch.
        let newsletter = touches.first { $0.text("contact") == "salesforce:0035g00000XyZaBAAV" }
        #expect(newsletter?.text("at") == "2026-01-08T08:00:00Z")
        #expect(newsletter?.text("channel") == "email")
        #expect(newsletter?.text("campaign") == "January 2026 Product Newsletter")
        // Sent, never responded: the member's creation, 6:00 AM in Los Angeles.
        let sent = touches.first { $0.text("contact") == "salesforce:0035g00000Kx7QyAAJ" }
        #expect(sent?.text("at") == "2026-01-06T14:00:00Z")
        #expect(sent?.text("touch_type") == "campaign_sent")
    }

    @Test func adPlatformsStateSpendPerDayAndCampaign() throws {
        let ledger = try TestLedger()
        let google = try Self.importIdempotently(ledger, "google-ads.csv", mapping: "google-ads")
        #expect(google.rows == 21)
        #expect(google.files[0].skippedRows == 28, "Total: rows")
        // The "CSV (Excel)" download: UTF-16LE, tabs; the same facts.
        let excel = try ledger.importFiles(["google-ads-excel.csv"], mapping: "google-ads").summary
        #expect(excel.appended == 0 && excel.duplicates == 21)
        for (file, mapping, rows) in [("microsoft-ads.csv", "microsoft-ads", 14), ("linkedin-ads.csv", "linkedin-ads", 14), ("meta-ads.csv", "meta-ads", 14)] {
            #expect(try Self.importIdempotently(ledger, file, mapping: mapping).appended == rows, "\(file)")
        }
        let spends = try ledger.bodies().values.filter { $0.text("type") == "spend" }
        func total(_ prefix: String) -> String { Self.money(spends.filter { ($0.text("id") ?? "").hasPrefix(prefix) }).description }
        #expect(total("google-ads:") == "8851.42")
        #expect(total("microsoft-ads:") == "2034.31")
        #expect(total("linkedin-ads:") == "4234.73")
        #expect(total("meta-ads:") == "907.97")
        let day = try #require(spends.first { ($0.text("id") ?? "").hasPrefix("google-ads:2026-01-05:generic_attribution_software@") })
        #expect(day.text("amount") == "1342.18")
        #expect(day.text("period_start") == "2026-01-05" && day.text("period_end") == "2026-01-05")
        #expect(day.text("channel") == "paid_search")
    }

    @Test func aCostReportInAnotherCurrencyIsRefusedWhole() throws {
        let ledger = try TestLedger()
        #expect(throws: ImportFailure.self) { try ledger.importFiles(["meta-ads-eur.csv"], mapping: "meta-ads") }
        do {
            try ledger.importFiles(["meta-ads-eur.csv"], mapping: "meta-ads")
        } catch let failure as ImportFailure {
            #expect(failure.message.hasPrefix("CURRENCY_MISMATCH"))
            #expect(failure.message.contains("EUR"))
            #expect(failure.line == 1)
        }
        #expect(try ledger.log.count() == 0)
    }

    @Test func spendAndTouchSheets() throws {
        let ledger = try TestLedger()
        let spend = try Self.importIdempotently(ledger, "spend-sheet.csv", mapping: "spend-sheet")
        #expect(spend.appended == 12)
        #expect(Self.money(try ledger.bodies().values.filter { $0.text("type") == "spend" }).description == "123018.9")
        let touches = try Self.importIdempotently(ledger, "touch-sheet.csv", mapping: "touch-sheet")
        #expect(touches.appended == 15)
        let bodies = try ledger.bodies().values.filter { $0.text("type") == "touch" }
        // Email-only rows are keyed by the lower-cased address.
        #expect(bodies.filter { $0.text("contact") == "email:j.okonkwo@halden-saas.example" }.count >= 2)
        // A naive local time is read in the mapping's zone (UTC).
        #expect(bodies.contains { $0.text("at") == "2026-01-05T10:14:00Z" })
    }

    /// A user's own mapping file: the German Excel save of the same spend sheet (sep=;, decimal
    /// comma, DD.MM.YYYY, Windows-1252) states the same facts.
    @Test func aUsersOwnMappingReadsTheGermanSaveOfTheSameSheet() throws {
        let ledger = try TestLedger()
        try ledger.importFiles(["spend-sheet.csv"], mapping: "spend-sheet")
        let shipped = try String(contentsOf: Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LedgerImport/Mappings/spend-sheet.json"), encoding: .utf8)
        let german = shipped
            .replacingOccurrences(of: #""mapping": "spend-sheet""#, with: #""mapping": "finance-spend-de""#)
            .replacingOccurrences(of: #""encoding": "auto""#, with: #""encoding": "windows-1252""#)
            .replacingOccurrences(of: #""decimal": ".", "group": ",""#, with: #""decimal": ",", "group": ".""#)
            .replacingOccurrences(of: #""formats": ["YYYY-MM-DD""#, with: #""formats": ["DD.MM.YYYY", "YYYY-MM-DD""#)
        #expect(german != shipped)
        let mappingFile = ledger.directory.write("finance-spend-de.json", german)
        let run = try ledger.importFiles(["spend-sheet-de.csv"], mapping: mappingFile)
        #expect(run.rejects.isEmpty, "\(run.rejects.map(\.description))")
        #expect(run.summary.appended == 0)
        #expect(run.summary.duplicates == 12)
    }
}
