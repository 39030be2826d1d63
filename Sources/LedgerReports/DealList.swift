public import LedgerCore
public import LedgerProjections

/// The deals behind one row of an attribution or ROI table: each deal that gave the channel
/// (and campaign) credit under a model, with the credit it gave. Its credit column adds up to
/// the row's figure in the report of the same window, model and rule set, to the unit.
public struct DealList: TableDocument {
    public struct Line: Sendable, Equatable {
        public var deal: String
        public var account: String
        public var created: Timestamp
        public var stage: String
        /// Pipeline: the deal's amount; revenue: its revenue to the window's end.
        public var amount: Money
        public var credit: Money
        /// Touches of the group that earned the credit.
        public var touches: Int
    }

    public var provenance: Provenance
    public var view: AttributionView
    public var channel: String?
    public var campaign: String?
    /// `attr:industry=saas` when only that segment's credit counts.
    public var segment: String?
    /// Largest credit first, then by deal id.
    public var lines: [Line]

    public init(provenance: Provenance, view: AttributionView, channel: String?, campaign: String?, segment: String? = nil, lines: [Line]) {
        self.provenance = provenance
        self.view = view
        self.channel = channel
        self.campaign = campaign
        self.segment = segment
        self.lines = lines.sorted { ($0.credit.units, $1.deal) > ($1.credit.units, $0.deal) }
    }

    /// The deals behind `channel` (and `campaign`; nil: all) under one attribution result.
    /// With `segment`, only credit whose row under that grouping (one segment level) is the value.
    public static func lines(_ result: AttributionResult, deals: [(deal: Deal, amount: Money)], channel: String?, campaign: String?,
                             segment: (grouping: RowGrouping, value: String)? = nil) -> [Line] {
        let grouping = RowGrouping([.channel, .campaign])
        var byDeal: [String: (credit: Int64, touches: Int)] = [:]
        for credit in result.credits {
            let key = grouping.key(of: credit)
            guard channel.map({ $0 == key[0] }) ?? true, campaign.map({ $0 == key[1] }) ?? true else { continue }
            if let segment, segment.grouping.key(of: credit)[0] != segment.value { continue }
            byDeal[credit.dealID, default: (0, 0)].credit += credit.amount.units
            byDeal[credit.dealID, default: (0, 0)].touches += credit.touch == nil ? 0 : 1
        }
        return deals.compactMap { entry in
            guard let found = byDeal[entry.deal.id] else { return nil }
            return Line(deal: entry.deal.id, account: entry.deal.account, created: entry.deal.created.at, stage: entry.deal.stage,
                        amount: entry.amount, credit: Money(units: found.credit), touches: found.touches)
        }
    }

    /// What the list holds as a table (`deals`), its total the group's credit.
    public var table: ReportTable {
        let scope = [segment, channel, campaign].compactMap { $0 }.joined(separator: " / ")
        let columns = [ReportTable.Column("account", "account"), .init("created", "created"), .init("stage", "stage"),
                       .init("amount", view == .pipeline ? "deal amount" : "revenue"), .init("credit", "credit"), .init("touches", "touches")]
        let rows = lines.map { line in
            ReportTable.Row(line.deal, [.text(line.account), .text(line.created.date.description), .text(line.stage), .money(line.amount),
                                        .money(line.credit), .count(line.touches)])
        }
        let total = ReportTable.Row("total", [.text(""), .text(""), .text("\(lines.count) deals"),
                                              .money(Money(units: lines.reduce(0) { $0 + $1.amount.units })),
                                              .money(Money(units: lines.reduce(0) { $0 + $1.credit.units })),
                                              .count(lines.reduce(0) { $0 + $1.touches })])
        return ReportTable(key: "deals", title: "Deals behind \(scope.isEmpty ? "every channel" : scope): \(view.rawValue) credit under \(provenance.models.first?.rawValue ?? "")",
                           groupTitle: "deal", columns: columns, rows: rows, total: total)
    }

    public var kind: String { "deals" }

    public var members: [JSONObject.Member] {
        var filter: [JSONObject.Member] = []
        if let channel { filter.append(.init(key: "channel", value: .string(channel))) }
        if let campaign { filter.append(.init(key: "campaign", value: .string(campaign))) }
        if let segment { filter.append(.init(key: "segment", value: .string(segment))) }
        return [.init(key: "filter", value: .object(JSONObject(filter))), .init(key: "view", value: .string(view.rawValue))]
    }
}
