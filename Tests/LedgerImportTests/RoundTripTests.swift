import Foundation
import LedgerApp
import LedgerCore
@testable import LedgerImport
import LedgerReports
import LedgerStore
import Testing
import TestSupport

/// The shipped sample ledger written out as the exports users bring (a HubSpot contacts and
/// deals export, a touch sheet, a spend sheet), imported into a fresh ledger: attribution under
/// every model and the ROI view equal those of the JSON Lines, figure for figure. What the
/// exports cannot carry (self-reports, disqualifications, contact attributes' history, churn and
/// expansion adjustments, which come from billing, not the CRM) is left out of the comparison.
@Suite("round trip through exports")
struct RoundTripTests {
    static let sample = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("snapshots/sample-ledger.jsonl")

    struct Dated {
        var seq: Int
        var body: JSONObject
        var at: String { body.text("at") ?? "" }
    }

    /// The sample's events in force: retracted ones and unmerged merges are left out, as an
    /// export of the CRM's current state would.
    static func eventsInForce() throws -> [Dated] {
        let lines = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n")
        var all: [Dated] = []
        for (index, line) in lines.enumerated() {
            guard case .object(let body) = try JSONParser.parse(String(line)) else { continue }
            all.append(Dated(seq: index + 1, body: body))
        }
        let retracted = Set(all.filter { $0.body.text("type") == "retract" }.compactMap { $0.body.text("event") })
        let unmerged = Set(all.filter { $0.body.text("type") == "unmerge" && !retracted.contains($0.body.text("id")!) }.compactMap { $0.body.text("merge") })
        return all.filter { event in
            let id = event.body.text("id")!
            return !retracted.contains(id) && !unmerged.contains(id) && !["retract", "unmerge"].contains(event.body.text("type"))
        }
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func contact(_ id: String) -> String { "hubspot:contact:" + id }

    static func writeExports(_ events: [Dated], into directory: TemporaryDirectory) throws -> [(mapping: String, file: String)] {
        func of(_ type: String) -> [Dated] { events.filter { $0.body.text("type") == type } }

        var touches = [["contact_id", "account_id", "timestamp", "channel", "campaign", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "touch_type"]]
        for touch in of("touch") {
            let utm: JSONObject = if case .object(let object)? = touch.body["utm"] { object } else { JSONObject() }
            touches.append([contact(touch.body.text("contact")!), touch.body.text("account").map { "hubspot:company:" + $0 } ?? "", touch.at,
                            touch.body.text("channel") ?? "", touch.body.text("campaign") ?? "", utm.text("source") ?? "", utm.text("medium") ?? "",
                            utm.text("campaign") ?? "", utm.text("content") ?? "", utm.text("term") ?? "", touch.body.text("touch_type") ?? ""])
        }

        var spend = [["period_start", "period_end", "channel", "campaign", "category", "amount", "currency", "vendor", "shared"]]
        for record in of("spend") {
            let shared = if case .bool(true)? = record.body["shared"] { "true" } else { "false" }
            spend.append([record.body.text("period_start")!, record.body.text("period_end")!, record.body.text("channel") ?? "",
                          record.body.text("campaign") ?? "", record.body.text("category") ?? "", record.body.text("amount")!, "USD",
                          record.body.text("id")!, shared])
        }

        // Contacts: the current state of each (its account and attributes), its stage dates and
        // the records merged into it.
        var contacts: [String: (created: String, stages: [String: String], facts: [String: String], merged: [String])] = [:]
        func touchContact(_ id: String, at: String) {
            if contacts[id] == nil { contacts[id] = (at, [:], [:], []) } else if at < contacts[id]!.created { contacts[id]!.created = at }
        }
        for fact in of("contact").sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            let id = fact.body.text("contact")!
            touchContact(id, at: fact.at)
            if let account = fact.body.text("account") { contacts[id]!.facts["account"] = account }
            if case .object(let attributes)? = fact.body["attributes"] {
                for key in ["score", "employees", "industry", "country", "title"] { if let value = attributes.text(key) { contacts[id]!.facts[key] = value } }
            }
        }
        for stage in of("stage") {
            let id = stage.body.text("contact")!
            touchContact(id, at: stage.at)
            let name = stage.body.text("stage")!
            if let earlier = contacts[id]!.stages[name], earlier <= stage.at { continue }
            contacts[id]!.stages[name] = stage.at
        }
        for merge in of("merge") where merge.body.text("kind") == "contact" {
            let into = merge.body.text("into")!
            touchContact(into, at: merge.at)
            contacts[into]!.merged.append(merge.body.text("from")!)
        }
        var contactRows = [["Record ID", "Create Date", "Email", "Became a Lead Date", "Became a Marketing Qualified Lead Date",
                            "Became a Sales Qualified Lead Date", "Associated Company IDs", "HubSpot Score", "Number of Employees",
                            "Industry", "Country/Region", "Job Title", "Merged Contact IDs"]]
        for (id, record) in contacts.sorted(by: { $0.key < $1.key }) {
            contactRows.append([id, record.created, "", record.stages["lead"] ?? "", record.stages["mql"] ?? "", record.stages["sql"] ?? "",
                                record.facts["account"] ?? "", record.facts["score"] ?? "", record.facts["employees"] ?? "",
                                record.facts["industry"] ?? "", record.facts["country"] ?? "", record.facts["title"] ?? "",
                                record.merged.joined(separator: ";")])
        }

        // Deals: current amount, account and contacts, and the date each stage was entered.
        let labels = ["discovery": "Discovery", "proposal": "Proposal", "negotiation": "Negotiation", "won": "Closed Won", "lost": "Closed Lost"]
        var dealRows = [["Record ID", "Create Date", "Amount", "Currency", "Associated Contact IDs", "Associated Company IDs"]
                        + labels.values.sorted().map { "Date entered \"\($0) (Sales Pipeline)\"" }]
        let byDeal = Dictionary(grouping: of("opportunity"), by: { $0.body.text("opportunity")! })
        for (id, dealEvents) in byDeal.sorted(by: { $0.key < $1.key }) {
            let ordered = dealEvents.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
            guard let created = ordered.first(where: { $0.body.text("stage") == "created" }) else { continue }
            let amount = ordered.last { $0.body.text("amount") != nil }!.body.text("amount")!
            var contactIDs: [String] = []
            for event in dealEvents.sorted(by: { $0.seq < $1.seq }) {
                if case .array(let list)? = event.body["contacts"] {
                    for case .string(let contactID) in list where !contactIDs.contains(contactID) { contactIDs.append(contactID) }
                }
            }
            var entered: [String: String] = [:]
            for event in ordered {
                let stage = event.body.text("stage")!
                if let label = labels[stage], entered[label] == nil { entered[label] = event.at }
            }
            dealRows.append([id, created.at, amount, "USD", contactIDs.joined(separator: ";"), ordered.last!.body.text("account")!]
                            + labels.values.sorted().map { entered[$0] ?? "" })
        }

        // The shipped deals mapping, extended with the sample's pipeline stages: what a user
        // with a custom pipeline does.
        let mappingsFolder = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LedgerImport/Mappings")
        let shippedDeals = try String(contentsOf: mappingsFolder.appendingPathComponent("hubspot-deals.json"), encoding: .utf8)
        let customDeals = shippedDeals
            .replacingOccurrences(of: #""mapping": "hubspot-deals""#, with: #""mapping": "hubspot-deals-custom-pipeline""#)
            .replacingOccurrences(of: #""Closed Won": "won","#, with: #""Closed Won": "won", "Discovery": "discovery", "Proposal": "proposal", "Negotiation": "negotiation","#)
        #expect(customDeals.contains("\"Discovery\": \"discovery\""))

        return [
            ("hubspot-contacts", directory.write("contacts.csv", csv(contactRows))),
            (directory.write("deals-mapping.json", customDeals), directory.write("deals.csv", csv(dealRows))),
            ("touch-sheet", directory.write("touches.csv", csv(touches))),
            ("spend-sheet", directory.write("spend.csv", csv(spend))),
        ]
    }

    static func session(_ ledger: TestLedger) -> LedgerSession {
        LedgerSession(log: ledger.log, path: ledger.path, environment: AppEnvironment(checkpoints: .off))
    }

    @Test func reportsFromTheExportsEqualThoseFromTheJSONLines() throws {
        let original = try TestLedger()
        let lines = try String(contentsOf: Self.sample, encoding: .utf8).split(separator: "\n").map(String.init)
        try original.ingest(lines.filter { !$0.contains(#""type":"adjustment""#) })

        let imported = try TestLedger()
        try imported.ingest(lines.filter { $0.contains(#""type":"rules""#) })
        for (mapping, file) in try Self.writeExports(try Self.eventsInForce(), into: imported.directory) {
            let run = try imported.importFiles([file], mapping: mapping)
            #expect(run.rejects.isEmpty, "\(mapping): \(run.rejects.prefix(3).map(\.description))")
        }

        let models: [AttributionModelName] = [.firstTouch, .lastTouch, .linear, .positionBased, .uShaped, .wShaped, .timeDecay]
        let request = ReportRequest(replay: ReplayRequest(from: "2026-01-01", to: "2026-12-31"), models: models, views: [.attribution, .roi])
        let expected = try Self.session(original).report(request)
        let actual = try Self.session(imported).report(request)
        let expectedAttribution = try #require(expected.attribution)
        let actualAttribution = try #require(actual.attribution)
        #expect(expectedAttribution.rows.count > 5)
        #expect(actualAttribution.rows == expectedAttribution.rows)
        #expect(actualAttribution.totals == expectedAttribution.totals)
        let expectedROI = try #require(expected.tables.first { $0.key == "roi" })
        let actualROI = try #require(actual.tables.first { $0.key == "roi" })
        #expect(actualROI.rows == expectedROI.rows)
        #expect(actualROI.total == expectedROI.total)
    }
}
