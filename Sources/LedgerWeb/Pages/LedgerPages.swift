import LedgerApp
import LedgerCore
import LedgerReports
import LedgerStore

/// The pages about the ledger itself: rule sets (list, show, diff), closes with whether each
/// still reproduces, a close's restatement, and the log.
enum LedgerPages {
    static func rules(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: ["as_of"])
        let entries = try session.listRules(asOf: query.string("as_of"))
        let table = ReportTable(key: "rules", title: "Rule sets published in the ledger, in ledger order", groupTitle: "rule set",
                                columns: [.init("effective_from", "in force from"), .init("at", "published"), .init("seq", "seq"), .init("hash", "sha256")],
                                rows: entries.map { .init($0.label, [.text($0.effectiveFrom.description), .text($0.at.description), .count(Int($0.seq)),
                                                                     .text($0.hash.map { String($0.prefix(16)) } ?? "does not load")]) })
        let labels = entries.map(\.label)
        var page = Page(title: "Rule sets", template: "tables", context: [
            "heading": "Rule sets",
            "notes": entries.isEmpty ? ["No rule set is published: reports use the shipped default."] : [],
            "tables": [TableContext(rowLink: { "/rules/\(QueryString.segment($0[0]))" }).context(table)],
            "diff": labels.count > 1,
            "left_options": labels.enumerated().map { ["label": $1, "selected": $0 == labels.count - 2] },
            "right_options": labels.enumerated().map { ["label": $1, "selected": $0 == labels.count - 1] },
        ])
        page.section = "rules"
        page.filters = nil
        page.json = "/v1/rules"
        return page
    }

    static func ruleSet(_ request: WebRequest, _ session: LedgerSession, reference: String) throws -> Page {
        let query = try QueryReader(request, allowed: ["as_of"])
        let shown = try session.showRules(reference, asOf: query.string("as_of"))
        var page = Page(title: "Rule set \(shown.entry.label)", template: "document", context: [
            "heading": "Rule set \(shown.entry.label)",
            "facts": [["label": "in force from", "value": shown.entry.effectiveFrom.description], ["label": "published", "value": shown.entry.at.description],
                      ["label": "seq", "value": String(shown.entry.seq)], ["label": "sha256", "value": shown.entry.hash ?? "does not load"]],
            "text": pretty(shown.json),
            "crumbs": [["label": "Rule sets", "href": "/rules"]],
        ])
        page.section = "rules"
        page.filters = nil
        page.json = "/v1/rules/\(QueryString.segment(reference))"
        return page
    }

    static func rulesDiff(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: ["left", "right"])
        guard let left = query.string("left") else { throw Problem.invalid("left", "", "is missing", expected: "a rule set NAME@VERSION") }
        guard let right = query.string("right") else { throw Problem.invalid("right", "", "is missing", expected: "a rule set NAME@VERSION") }
        // Only published rule sets: a server does not read files named in a URL.
        let published = Set(try session.listRules().flatMap { [$0.label, String($0.label.split(separator: "@")[0])] })
        for (name, reference) in [("left", left), ("right", right)] where !published.contains(reference) {
            throw Problem.invalid(name, reference, "is not a published rule set", expected: "a published rule set NAME or NAME@VERSION (see /rules)")
        }
        let lines = try session.diffRules(left, right)
        var page = Page(title: "Rule sets \(left) → \(right)", template: "document", context: [
            "heading": "\(left) → \(right)",
            "text": lines.isEmpty ? "the two rule sets are the same" : lines.joined(separator: "\n"),
            "crumbs": [["label": "Rule sets", "href": "/rules"]],
        ])
        page.section = "rules"
        page.filters = nil
        return page
    }

    static func closes(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: ["as_of"])
        let entries = try session.listCloses(asOf: query.string("as_of"))
        let table = ReportTable(key: "closes", title: "Closed periods: each sealed report replayed as of its close and its digest checked", groupTitle: "period",
                                columns: [.init("from", "from"), .init("to", "to"), .init("seq", "seq"), .init("rules", "rule set"),
                                          .init("status", "status"), .init("digest", "sealed digest")],
                                rows: entries.map { entry in
                                    let status = entry.superseded ? "superseded by a reclose" : entry.reproduces == true ? "reproduces" : "DOES NOT REPRODUCE"
                                    return .init(entry.period, [.text(entry.from.description), .text(entry.to.description), .count(Int(entry.seq)),
                                                                .text(entry.rules ?? "shipped default"), .text(status), .text(String(entry.sealedDigest.prefix(16)))])
                                })
        var page = Page(title: "Closes", template: "tables", context: [
            "heading": "Closed periods",
            "notes": entries.isEmpty ? ["No period is closed yet: close one with `roiledger close PERIOD` or POST /v1/closes/PERIOD."]
                : ["Each period opens its restatement: every figure that moved since the close, and why."],
            "tables": [TableContext(rowLink: { "/closes/\(QueryString.segment($0[0]))" }).context(table)],
        ])
        page.section = "closes"
        page.filters = nil
        page.isCacheable = false
        page.json = "/v1/closes"
        return page
    }

    static func restatement(_ request: WebRequest, _ session: LedgerSession, period: String) throws -> Page {
        let query = try QueryReader(request, allowed: ["as_of", "rules"])
        let report = try session.restatement(ClosedPeriodRequest(period: period, asOf: query.string("as_of"),
                                                                  rules: query.string("rules").map(RuleChoice.published) ?? .inForce))
        var page = Page(title: "Restatement of \(period)", template: "tables", context: [
            "heading": "Restatement of \(period)",
            "crumbs": [["label": "Closes", "href": "/closes"]],
            "notes": [report.isReproduced ? "The sealed report reproduces (digest \(report.sealedDigest))."
                        : "The report as of the close no longer reproduces: sealed \(report.sealedDigest), now \(report.reproducedDigest). Run `roiledger verify` and `roiledger audit`.",
                      "Rule set then: \(report.ruleSetThen); now: \(report.ruleSetNow). Window \(report.window.from) to \(report.window.to)."],
            "tables": report.tables.map { TableContext().context($0) },
        ])
        page.section = "closes"
        page.filters = nil
        return page
    }

    static func log(_ request: WebRequest, _ session: LedgerSession) throws -> Page {
        let query = try QueryReader(request, allowed: ["type", "contact", "account", "after", "through", "limit"])
        let limit = try query.int("limit", default: 200)
        guard (1...5_000).contains(limit) else { throw Problem.invalid("limit", String(limit), "is out of range", expected: "1 to 5000 events a page") }
        let after = try query.int("after", default: 0)
        var rows: [ReportTable.Row] = []
        var last: Int64 = after
        try session.events(LogRequest(after: after, through: try query.int("through", default: .max), type: try OptionValues.eventType(query.string("type")),
                                      contact: query.string("contact"), account: query.string("account"), limit: Int(limit))) { event in
            last = event.seq
            rows.append(.init(String(event.seq), [.text(event.recordedAt.description), .text(event.at.description), .text(event.type.rawValue),
                                                  .text(event.id), .text(String(event.hash.description.prefix(12))), .text(summary(event.body))]))
        }
        let table = ReportTable(key: "log", title: "Events in ledger order", groupTitle: "seq",
                                columns: [.init("recorded_at", "recorded at"), .init("at", "at"), .init("type", "type"), .init("id", "id"),
                                          .init("hash", "hash"), .init("body", "event")], rows: rows)
        let kept = query.carried(["type", "contact", "account", "through", "limit"])
        var page = Page(title: "Log", template: "log", context: [
            "tables": [TableContext().context(table)],
            "type": query.string("type") ?? "", "contact": query.string("contact") ?? "", "account": query.string("account") ?? "",
            "after": after == 0 ? "" : String(after), "through": query.string("through") ?? "",
            "types": EventType.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == query.string("type")] },
            "more": rows.count == Int(limit), "next": QueryString.path("/log", kept + [("after", String(last))]),
        ])
        page.section = "log"
        page.filters = nil
        page.json = QueryString.path("/v1/events", query.carried(["type", "contact", "account", "after"]) + [("limit", String(min(limit, 10_000)))])
        return page
    }

    /// An event's body, short: the canonical JSON without the envelope's repeated fields.
    static func summary(_ body: String) -> String {
        body.count > 160 ? String(body.prefix(157)) + "…" : body
    }

    /// Canonical JSON indented for reading.
    static func pretty(_ json: String) -> String {
        var out = ""
        var depth = 0
        var inString = false
        var escaped = false
        for character in json {
            if inString {
                out.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true; out.append(character)
            case "{", "[": depth += 1; out.append(character); out += "\n" + String(repeating: "  ", count: depth)
            case "}", "]": depth -= 1; out += "\n" + String(repeating: "  ", count: depth); out.append(character)
            case ",": out += ",\n" + String(repeating: "  ", count: depth)
            case ":": out += ": "
            default: out.append(character)
            }
        }
        return out
    }
}
