public import LedgerCore
public import LedgerProjections

extension CompletenessView {
    /// Each gap as a count, the whole it is part of, and the share.
    public var table: ReportTable {
        func row(_ name: String, _ part: Int, _ whole: Int) -> ReportTable.Row {
            .init(name, [.count(part), .count(whole), .percent(Ratio(Int64(part), Int64(whole)))])
        }
        return ReportTable(
            key: "completeness", title: "Data completeness", groupTitle: "gap",
            columns: [.init("count", "count"), .init("of", "of"), .init("share", "share")],
            rows: [
                row("touches unmapped to a channel", unmappedTouches, touches),
                row("duplicate touches dropped", duplicateTouchesDropped, touches),
                row("opportunities with no touch", opportunitiesWithNoTouch, opportunities),
                row("leads without UTM", leadsWithoutUTM, leads),
                row("spend records without campaign", spendWithoutCampaign, spendRecords),
                row("merges naming records never seen", mergesNamingUnseenRecords, merges),
            ])
    }

    public var json: JSONValue {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        return .object(JSONObject([
            .init(key: "touches", value: number(touches)),
            .init(key: "unmapped_touches", value: number(unmappedTouches)),
            .init(key: "duplicate_touches_dropped", value: number(duplicateTouchesDropped)),
            .init(key: "opportunities", value: number(opportunities)),
            .init(key: "opportunities_with_no_touch", value: number(opportunitiesWithNoTouch)),
            .init(key: "leads", value: number(leads)),
            .init(key: "leads_without_utm", value: number(leadsWithoutUTM)),
            .init(key: "spend_records", value: number(spendRecords)),
            .init(key: "spend_records_without_campaign", value: number(spendWithoutCampaign)),
            .init(key: "spend_without_campaign_amount", value: .string(spendWithoutCampaignAmount.description)),
            .init(key: "merges", value: number(merges)),
            .init(key: "merges_naming_unseen_records", value: number(mergesNamingUnseenRecords)),
        ]))
    }
}
