import LedgerCore

/// The typed columns of an event row, derived from the validated event. Append writes them and
/// `verify` re-derives them from the stored body and compares, so a row whose columns were
/// edited behind the body's back is caught even though the hash covers only the body.
enum EventColumns {
    /// Column names after `seq, id, type, v, at, recorded_at`, in binding order.
    static let names = [
        "contact", "account", "opportunity", "stage", "channel", "campaign", "touch_type",
        "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
        "amount", "contacts", "attributes", "email",
        "merge_kind", "merge_from", "merge_into", "target",
        "period_start", "period_end", "category", "shared", "source", "reason",
        "period", "report_digest", "rule_set_name", "rule_set_version", "effective_from",
    ]

    static let count = names.count

    /// The ledger's own and envelope columns, before the typed ones.
    static let envelope = ["seq", "id", "type", "v", "at", "recorded_at"]
    /// Every column in row order: the layout append, replay, verify and the benchmarks share.
    static let all = envelope + names + ["body", "hash"]
    /// Positions in `all` (and in any SELECT of a prefix of it).
    static let firstTyped = Int32(envelope.count)
    static let body = firstTyped + Int32(count)
    static let hash = body + 1

    /// `a, b, c` for a SELECT or INSERT of the first `prefix` columns of `all`.
    static func list(prefix: Int = all.count) -> String {
        all.prefix(prefix).joined(separator: ", ")
    }

    /// The typed column values of `event`, in `names` order.
    static func values(of event: Event) -> [SQLValue] {
        var row = [SQLValue](repeating: .null, count: count)
        forEachValue(of: event) { index, value in row[index] = value.sqlValue }
        return row
    }

    /// Calls `body` with each typed column the event sets (an index into `names` and the value);
    /// every other typed column is NULL. The one mapping from fields to columns: append binds
    /// through this, and `verify` compares through it, neither building an array.
    /// The canonical JSON of an attributes object, nil when there are none.
    static func attributesText(_ attributes: [(name: String, value: AttributeValue)]) -> String? {
        guard !attributes.isEmpty else { return nil }
        let object = JSONObject(attributes.map { name, value in
            switch value {
            case .string(let text): .init(key: name, value: .string(text))
            case .number(let text): .init(key: name, value: .number(text))
            case .bool(let flag): .init(key: name, value: .bool(flag))
            }
        })
        return JSONValue.object(object).canonicalText
    }

    static func forEachValue(of event: Event, _ body: (_ index: Int, _ value: ColumnValue) -> Void) {
        func set(_ index: Int, _ text: String?) { if let text { body(index, .text(text)) } }
        func set(_ index: Int, _ integer: Int64?) { if let integer { body(index, .integer(integer)) } }
        switch event.payload {
        case .touch(let touch):
            set(0, touch.contact); set(1, touch.account); set(4, touch.channel); set(5, touch.campaign)
            set(6, touch.touchType)
            set(7, touch.utm.source); set(8, touch.utm.medium); set(9, touch.utm.campaign)
            set(10, touch.utm.content); set(11, touch.utm.term)
        case .contact(let facts):
            set(0, facts.contact); set(1, facts.account); set(15, facts.email)
            set(14, attributesText(facts.attributes))
        case .account(let facts):
            set(1, facts.account)
            set(14, attributesText(facts.attributes))
        case .stage(let change):
            set(0, change.contact); set(3, change.stage); set(25, change.reason)
        case .opportunity(let change):
            set(2, change.opportunity); set(1, change.account); set(3, change.stage)
            set(12, change.amount?.units)
            if !change.contacts.isEmpty { set(13, JSONValue.array(change.contacts.map { .string($0) }).canonicalText) }
        case .merge(let merge):
            set(16, merge.kind.rawValue); set(17, merge.from); set(18, merge.into)
        case .unmerge(let unmerge):
            set(19, unmerge.mergeEventID)
        case .spend(let spend):
            set(12, spend.amount.units); set(20, Int64(spend.periodStart.dayNumber)); set(21, Int64(spend.periodEnd.dayNumber))
            set(4, spend.channel); set(5, spend.campaign); set(22, spend.category); set(23, spend.isShared ? 1 : 0)
        case .adjustment(let adjustment):
            set(2, adjustment.opportunity); set(12, adjustment.amount.units); set(25, adjustment.reason)
        case .selfReport(let report):
            set(0, report.contact); set(24, report.source)
        case .retract(let retraction):
            set(19, retraction.eventID); set(25, retraction.reason)
        case .close(let close):
            set(26, close.period); set(20, Int64(close.from.dayNumber)); set(21, Int64(close.to.dayNumber))
            set(27, close.reportDigest); set(28, close.rules?.name); set(29, close.rules.map { Int64($0.version) })
        case .rules(let rules):
            set(28, rules.name); set(30, Int64(rules.effectiveFrom.dayNumber))
        }
    }
}

/// A typed column's value as the event says it, borrowed from the event (no copy).
enum ColumnValue {
    case integer(Int64)
    case text(String)

    var sqlValue: SQLValue {
        switch self {
        case .integer(let integer): .integer(integer)
        case .text(let text): .text(text)
        }
    }
}
