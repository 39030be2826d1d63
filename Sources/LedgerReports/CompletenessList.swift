public import LedgerCore
public import LedgerProjections

/// The records behind the completeness counts of a report's window: what to fix, one row each.
public struct CompletenessList: TableDocument {
    public var provenance: Provenance
    public var records: CompletenessRecords

    public init(provenance: Provenance, records: CompletenessRecords) {
        self.provenance = provenance
        self.records = records
    }

    public var kind: String { "completeness" }
    public var members: [JSONObject.Member] { [] }

    public var table: ReportTable {
        ReportTable(key: "records", title: "Records behind the completeness counts: what to fix", groupTitle: "issue",
                    columns: [.init("id", "id"), .init("seq", "seq"), .init("at", "at"), .init("detail", "detail")],
                    rows: records.records.map { record in
                        ReportTable.Row(record.issue, [.text(record.id), .text(record.seq.map(String.init) ?? ""), .text(record.at?.description ?? ""),
                                                       .text(record.detail)])
                    },
                    total: ReportTable.Row("total", [.text("\(records.records.count) records"), .text(""), .text(""), .text("")]))
    }
}
