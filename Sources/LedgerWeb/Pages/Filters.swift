import LedgerCore
import LedgerProjections

/// The filter form every page carries: window, model, level, rule set, segment grouping and
/// as-of point, named as the query parameters (and the command line's options) are.
struct Filters {
    /// Also offer `by` (pages that group rows).
    var grouping = false
    /// Also offer `segment` (pages that show one segment's rows).
    var segment = false

    /// `window`: the window shown, filling the date fields a named period or the default left empty.
    func context(_ request: WebRequest, window: (from: String, to: String)?) -> [String: Any] {
        let given = Dictionary(request.query.map { ($0.name, $0.value) }) { first, _ in first }
        func value(_ name: String) -> String { given[name] ?? "" }
        let model = value("model")
        let level = value("level")
        // Everything else the page was asked for rides along unchanged (view, channel, …).
        let shown = Set(["from", "to", "period", "model", "level", "rules", "as_of"] + (grouping ? ["by"] : []) + (segment ? ["segment"] : []))
        let hidden = request.query.filter { !shown.contains($0.name) }.map { ["name": $0.name, "value": $0.value] }
        return [
            "from": given["period"] == nil && value("from").isEmpty ? window?.from ?? "" : value("from"),
            "to": given["period"] == nil && value("to").isEmpty ? window?.to ?? "" : value("to"), "period": value("period"), "rules": value("rules"), "as_of": value("as_of"),
            "by": value("by"), "grouping": grouping, "hidden": hidden, "segment": value("segment"), "segmenting": segment,
            "models": [["name": "", "label": "rule set's model", "selected": model.isEmpty]]
                + AttributionModelName.allCases.map { ["name": $0.rawValue, "label": $0.rawValue, "selected": $0.rawValue == model] },
            "levels": [["name": "", "label": "rule set's level", "selected": level.isEmpty]]
                + AttributionLevel.allCases.map { ["name": $0.rawValue, "label": $0.rawValue, "selected": $0.rawValue == level] },
        ]
    }
}
