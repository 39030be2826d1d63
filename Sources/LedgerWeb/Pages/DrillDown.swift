import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// Channel → campaigns → deals → one deal's explanation: each step the records behind a
/// figure of the step before, under the same filters.
enum DrillDown {
    /// A channel's campaigns: its rows of the ROI and attribution tables by channel and campaign.
    static func channel(_ request: WebRequest, _ session: LedgerSession, channel: String) throws -> Page {
        let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "segment"])
        let segment = try SegmentFilter(query)
        let byCampaign = GroupBy([.channel, .campaign])
        let report = try session.report(ReportRequest(replay: try query.replay, models: try query.models, views: [.attribution, .roi],
                                                      groupBy: try segment?.grouping(byCampaign) ?? byCampaign))
        let carried = query.carried()
        let nested = segment.map { segment in report.tables.compactMap(segment.rows) } ?? report.tables
        let tables = nested.filter { $0.levels.count == 2 }.compactMap { only(channel, of: $0) }
        guard !tables.isEmpty else { throw Problem.notFound("no channel \(channel) in this window") }
        let links = TableContext(rowLink: { path in
            QueryString.path("/deals", carried + [("channel", channel)] + (path.count > 1 ? [("campaign", path[1])] : []))
        })
        var page = Page(title: "Channel \(channel)", template: "tables", context: [
            "heading": "Channel \(channel)",
            "crumbs": [["label": "Summary", "href": QueryString.path("/", carried)]],
            "notes": ["Each campaign opens the deals that gave it credit; the channel's total opens all of its deals."],
            "tables": tables.map { links.context($0) },
        ])
        page.show(report.provenance, digest: report.digest)
        // The API has no segment filter: it answers the segment-first grouping the page filters.
        let api = carried.filter { $0.name != "segment" } + [("view", "attribution,roi"), ("by", (try segment?.grouping(byCampaign) ?? byCampaign).name)]
        page.json = QueryString.path("/v1/report", api)
        page.csv = QueryString.path("/v1/report", api + [("format", "csv")])
        return page
    }

    /// The rows of a channel, campaign by campaign, its subtotal as the total.
    static func only(_ channel: String, of table: ReportTable) -> ReportTable? {
        guard let subtotal = table.rows.first(where: { $0.path == [channel] }) else { return nil }
        var filtered = table
        filtered.rows = table.rows.filter { $0.path.count == 2 && $0.path[0] == channel }.map { ReportTable.Row(path: $0.path, $0.values) }
        filtered.total = ReportTable.Row(channel, subtotal.values)
        filtered.key = table.key
        return filtered
    }

    /// The deals behind a channel (and campaign).
    static func deals(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "view", "channel", "campaign", "segment"])
        let list = try session.deals(try API.dealsRequest(query))
        let carried = query.carried()
        let links = TableContext(rowLink: { path in
            QueryString.path("/deals/\(QueryString.segment(path[0]))", carried + (query.string("view").map { [("view", $0)] } ?? []))
        })
        let scope = [list.channel, list.campaign].compactMap { $0 }.joined(separator: " / ")
        var crumbs: [[String: Any]] = [["label": "Summary", "href": QueryString.path("/", carried)]]
        if let channel = list.channel { crumbs.append(["label": channel, "href": QueryString.path("/channels/\(QueryString.segment(channel))", carried)]) }
        var page = Page(title: "Deals: \(scope)", template: "tables", context: [
            "heading": "Deals behind \(scope.isEmpty ? "every channel" : scope)",
            "crumbs": crumbs,
            "notes": ["The credit column adds up to the \(list.view.rawValue) this group has in the attribution table under \(list.provenance.models.first?.rawValue ?? "the model"); each deal opens its explanation."],
            "tables": [links.context(list.table)],
        ])
        page.show(list.provenance, digest: list.digest)
        let parameters = carried + query.carried(["channel", "campaign", "view"])
        page.json = QueryString.path("/v1/deals", parameters)
        page.csv = QueryString.path("/v1/deals", parameters + [("format", "csv")])
        return page
    }

    /// One deal's explanation: its touches, raw UTM, the mapping rule, roles, shares, credit,
    /// where imported touches came from, and the corrections that moved it.
    static func deal(_ request: WebRequest, _ session: LedgerSession, id: String) throws -> Page {
        // A segment rides along from the deals page (for the way back); a deal is the same deal in any segment.
        let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "view", "segment"])
        let result = try session.explain(try API.explainRequest(query, id: id))
        let explanation = result.explanation
        let carried = query.carried()
        let deal = explanation.deal
        let facts: [[String: String]] = [
            ["label": "account", "value": deal.account],
            ["label": "contacts", "value": deal.contacts.isEmpty ? "(none)" : deal.contacts.joined(separator: ", ")],
            ["label": "created", "value": "\(deal.created.at) (\(deal.created.id))"],
            ["label": "stage", "value": deal.close.map { "\(deal.isWon ? "won" : "lost") \($0.at)" } ?? deal.stage],
            ["label": "pipeline amount", "value": MoneyText.cents(deal.amount)],
            ["label": "\(explanation.view.rawValue) credited", "value": explanation.amount.map(MoneyText.cents) ?? "none (not in scope of the window)"],
            ["label": "lookback", "value": "touches from \(explanation.lookbackStart) to \(explanation.windowEnd.at), both inclusive"],
        ]
        let corrections = explanation.corrections.map { "seq \($0.seq) \($0.id) at \($0.at): \($0.summary)" }
        let origins = explanation.lines.compactMap { line in explanation.origins[line.touch.seq].map { "seq \(line.touch.seq): \($0.description), file sha256 \($0.fileSHA256.prefix(12))" } }
        var page = Page(title: "Deal \(id)", template: "deal", context: [
            "id": id,
            "model": result.model.rawValue,
            "facts": facts,
            "touches": TableContext().context(touchTable(explanation)),
            "corrections": corrections, "has_corrections": !corrections.isEmpty,
            "origins": origins, "has_origins": !origins.isEmpty,
            "crumbs": [["label": "Summary", "href": QueryString.path("/", carried)]],
        ])
        page.show(result.provenance, digest: "")
        page.provenance.removeLast()
        page.json = QueryString.path("/v1/explain/\(QueryString.segment(id))", carried.filter { $0.name != "segment" } + query.carried(["view"]))
        page.csv = nil
        return page
    }

    static func touchTable(_ explanation: OpportunityExplanation) -> ReportTable {
        let columns = [ReportTable.Column("touch", "touch"), .init("at", "at"), .init("contact", "contact"), .init("utm", "utm source/medium/campaign"),
                       .init("channel", "channel"), .init("mapped_by", "mapped by"), .init("kept", "kept"), .init("roles", "roles"),
                       .init("share", "share"), .init("credit", "credit")]
        let rows = explanation.lines.map { line -> ReportTable.Row in
            let utm = line.touch.raw.utm
            let by: String = switch line.touch.channelSource {
            case .explicit: "explicit channel"
            case .rule(let index): "mapping rule \(index)"
            case .unmapped: "no rule"
            }
            let contact = line.mergePath.isEmpty ? line.touch.contact : "\(line.touch.raw.contact) → \(line.touch.contact)"
            return ReportTable.Row(String(line.touch.seq), [
                .text(line.touch.id), .text(line.touch.at.description), .text(contact),
                .text([utm.source, utm.medium, utm.campaign].map { $0 ?? "-" }.joined(separator: " / ")), .text(line.touch.channel), .text(by),
                .text(line.isKept ? "yes" : "no"), .text(line.roles.joined(separator: ", ")), .text(line.share), .optionalMoney(line.credit),
            ])
        }
        let credited = explanation.lines.compactMap(\.credit).reduce(Int64(0)) { $0 + $1.units }
        let total = ReportTable.Row("total", [.text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""),
                                              .optionalMoney(Money(units: credited))])
        return ReportTable(key: "explain.touches", title: "Touches of \(explanation.deal.id) under \(explanation.model.rawValue), \(explanation.view.rawValue) view",
                           groupTitle: "seq", columns: columns, rows: rows, total: total)
    }
}
