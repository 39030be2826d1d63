import Foundation

/// The demo's exports, as marketing ops downloads them: a HubSpot contacts export (all
/// properties, BOM, CRLF, naive New York times) of April's new paid-search leads, and a Google
/// Ads campaign report by day for April (title and date-range lines, `Total:` rows). Written
/// deterministically, so the demo's import step prints the same figures every run.
public struct DemoExports: Sendable {
    public var hubspotContacts: String
    public var googleAds: String

    public static let contacts = 6
    public static let campaigns = ["Brand - Exact", "Generic - Attribution Software"]

    public init(folder: String) throws {
        hubspotContacts = folder + "/hubspot-contacts-april.csv"
        googleAds = folder + "/google-ads-april.csv"
        try Self.write(Self.hubspotText(), to: hubspotContacts)
        try Self.write(Self.googleAdsText(), to: googleAds)
    }

    static func hubspotText() -> String {
        func row(_ cells: [String]) -> String { cells.map { "\"\($0)\"" }.joined(separator: ",") + "\r\n" }
        var text = "\u{FEFF}" + row(["Record ID", "First Name", "Last Name", "Email", "Create Date", "Lifecycle Stage", "Original Source",
                                      "Original Source Drill-Down 1", "Original Source Drill-Down 2", "Became a Lead Date",
                                      "Became a Marketing Qualified Lead Date", "Number of Employees", "HubSpot Score", "Industry"])
        let people = [("Amara", "Osei"), ("Jonas", "Keller"), ("Priya", "Natarajan"), ("Mateo", "Rossi"), ("Yuki", "Tanaka"), ("Elin", "Berg")]
        // Newest first, as HubSpot lists them.
        for index in (0..<contacts).reversed() {
            let (first, last) = people[index]
            let day = 6 + index * 4
            let created = String(format: "2026-04-%02d %02d:%02d", day, 9 + index, 5 * index)
            let qualified = index % 2 == 0 ? String(format: "2026-04-%02d 15:30", day + 2) : ""
            let campaign = index % 2 == 0 ? "q2-brand" : "q2-generic"
            text += row([String(91_000_000_000 + index * 1_117), first, last, "\(first.lowercased()).\(last.lowercased())@example.com", created,
                         qualified.isEmpty ? "Lead" : "Marketing Qualified Lead", "Paid Search", campaign, "attribution software",
                         created, qualified, String(150 + index * 90), String(40 + index * 7), index % 3 == 0 ? "Financial Services" : "Computer Software"])
        }
        return text
    }

    static func googleAdsText() -> String {
        var text = "Campaign report\r\n\"April 1, 2026 - April 30, 2026\"\r\nCampaign status,Campaign,Day,Campaign type,Currency code,Cost,Impr.,Clicks\r\n"
        var totals = [Int](repeating: 0, count: 30)
        for (index, campaign) in campaigns.enumerated() {
            for day in 1...30 {
                // Cents, varying by day and campaign, every figure exact.
                let cents = (index == 0 ? 18_000 : 61_000) + (day * 7_919 + index * 3_301) % 9_000
                totals[day - 1] += cents
                let cost = Self.money(cents)
                text += "Enabled,\(campaign),2026-04-\(String(format: "%02d", day)),Search,USD,\(cost.contains(",") ? "\"\(cost)\"" : cost),\(900 + day * 13),\(40 + day)\r\n"
            }
        }
        for day in 1...30 {
            let cost = Self.money(totals[day - 1])
            text += "Total: Account,--,2026-04-\(String(format: "%02d", day)),--,USD,\(cost.contains(",") ? "\"\(cost)\"" : cost),--,--\r\n"
        }
        return text
    }

    /// `1,234.56` from cents.
    static func money(_ cents: Int) -> String {
        let whole = cents / 100
        let grouped = whole >= 1000 ? "\(whole / 1000),\(String(format: "%03d", whole % 1000))" : String(whole)
        return "\(grouped).\(String(format: "%02d", cents % 100))"
    }

    private static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AppError.cannotWrite(path: path, reason: "\(error.localizedDescription)", after: nil)
        }
    }
}
