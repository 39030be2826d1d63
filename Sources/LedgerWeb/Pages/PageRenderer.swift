import Foundation
import LedgerApp
import LedgerCore
import LedgerReports
import LedgerStore
import Mustache
import TerminalSupport

/// Renders the dashboard's pages from the Mustache templates shipped as resources: a layout
/// (navigation, filters, provenance, downloads) around a page body. Pages are plain HTML with
/// server-rendered SVG charts: no script is needed to read any of them.
final class PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: [UInt8]

    init() throws {
        guard let folder = Bundle.module.resourceURL else { throw Problem.notFound("the page templates are missing from the build") }
        var library = MustacheLibrary()
        let templates = folder.appendingPathComponent("Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path).sorted() where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        self.library = library
        stylesheet = Array(try Data(contentsOf: folder.appendingPathComponent("Static/roiledger.css")))
    }

    /// The page a GET of `request` shows.
    func respond(_ request: WebRequest, session: LedgerSession, head: LedgerHead?) throws -> WebResponse {
        let segments = request.segments
        let page: Page
        switch (segments.first, segments.count) {
        case (nil, 0): page = try SummaryPage.make(request, session)
        case ("report", 1): page = try ReportPage.make(request, session)
        case ("channels", 2): page = try DrillDown.channel(request, session, channel: segments[1])
        case ("deals", 1): page = try DrillDown.deals(request, session)
        case ("deals", 2): page = try DrillDown.deal(request, session, id: segments[1])
        case ("compare", 1): page = try ComparePage.make(request, session)
        case ("completeness", 1): page = try ReportPage.completeness(request, session)
        case ("rules", 1): page = try LedgerPages.rules(request, session)
        case ("rules", 2) where segments[1] == "diff": page = try LedgerPages.rulesDiff(request, session)
        case ("rules", 2): page = try LedgerPages.ruleSet(request, session, reference: segments[1])
        case ("closes", 1): page = try LedgerPages.closes(request, session)
        case ("closes", 2): page = try LedgerPages.restatement(request, session, period: segments[1])
        case ("log", 1): page = try LedgerPages.log(request, session)
        default: throw Problem.notFound("no page \(request.path)")
        }
        var response = WebResponse(contentType: WebResponse.html, text: render(page, request: request, head: head))
        response.isCacheable = page.isCacheable
        return response
    }

    func render(_ page: Page, request: WebRequest, head: LedgerHead?) -> String {
        let body = library.render(page.context, withTemplate: page.template) ?? ""
        var layout = page.layoutContext(request: request)
        layout["body"] = body
        layout["head_seq"] = head.map { Figures.grouped($0.seq) } ?? "0"
        return library.render(layout, withTemplate: "layout") ?? body
    }

    func errorPage(_ problem: Problem, request: WebRequest) -> WebResponse {
        var page = Page(title: problem.title, template: "error", context: [
            "status": String(problem.status), "title": problem.title, "detail": problem.detail, "parameter": problem.parameter ?? "",
        ])
        page.filters = nil
        let html = render(page, request: request, head: nil)
        var headers: [(name: String, value: String)] = []
        if problem.status == 401 { headers.append(("WWW-Authenticate", #"Bearer realm="roiledger""#)) }
        return WebResponse(status: problem.status, contentType: WebResponse.html, text: html, headers: headers)
    }
}

/// A page before the layout: its template and context, the provenance it shows, the API
/// addresses of the same data, and the filters its form offers.
struct Page {
    var title: String
    var template: String
    var context: [String: Any]
    /// `head_seq`, `rule_set`, `model`, `as_of`, `digest`, `window`.
    var provenance: [(key: String, label: String, value: String)] = []
    /// The same data from the API: JSON and CSV.
    var json: String?
    var csv: String?
    /// The filter form's fields with their current values; nil: no form.
    var filters: Filters? = Filters()
    var section: String = ""
    /// False when the page re-checks the file itself (`WebResponse.isCacheable`).
    var isCacheable = true
    /// The window the page shows, for the form's empty date fields.
    var window: (from: String, to: String)?

    init(title: String, template: String, context: [String: Any]) {
        self.title = title
        self.template = template
        self.context = context
    }

    mutating func show(_ provenance: Provenance, digest: String) {
        window = (provenance.window.from.description, provenance.window.to.description)
        self.provenance = [
            ("window", "window", "\(provenance.window.from) to \(provenance.window.to)" + (provenance.timeZone.map { " (\($0))" } ?? "")),
            ("head_seq", "ledger head", "seq \(provenance.headSeq)"),
            ("rule_set", "rule set", provenance.ruleSetName + (provenance.ruleSetVersion.map { "@\($0)" } ?? "") + " (\(provenance.ruleSetSource))"),
            ("model", "model", provenance.models.map(\.rawValue).joined(separator: ", ")),
            ("as_of", "as of", provenance.asOf ?? "the head"),
            ("digest", "digest", digest),
        ]
    }

    func layoutContext(request: WebRequest) -> [String: Any] {
        let carried = QueryReader.carry(request)
        let nav = [("Summary", "/", "summary"), ("Attribution", "/report?view=attribution", "attribution"), ("Funnel", "/report?view=funnel", "funnel"),
                   ("ROI", "/report?view=roi&by=channel,campaign", "roi"), ("Handoff", "/report?view=handoff", "handoff"), ("Compare", "/compare", "compare"),
                   ("Completeness", "/completeness", "completeness"), ("Rules", "/rules", "rules"), ("Closes", "/closes", "closes"), ("Log", "/log", "log")]
        var context: [String: Any] = [
            "title": title,
            "nav": nav.map { item -> [String: Any] in
                let keep = ["summary", "attribution", "funnel", "roi", "handoff", "completeness"].contains(item.2)
                // Completeness counts the whole window: no segment there.
                let kept = item.2 == "completeness" ? carried.filter { $0.name != "segment" } : carried
                let href = keep && !kept.isEmpty ? item.1 + (item.1.contains("?") ? "&" : "?") + QueryString.make(kept) : item.1
                return ["label": item.0, "href": href, "current": item.2 == section]
            },
            "provenance": provenance.map { ["key": $0.key, "label": $0.label, "value": $0.value] },
            "has_provenance": !provenance.isEmpty,
        ]
        if let json { context["json"] = json }
        if let csv { context["csv"] = csv }
        if let filters { context["filters"] = filters.context(request, window: window) }
        return context
    }
}

extension QueryReader {
    /// The replay filters a request carries, for links that keep them.
    static func carry(_ request: WebRequest) -> [(name: String, value: String)] {
        let names = replay + ["model", "segment"]
        return request.query.filter { names.contains($0.name) && !$0.value.isEmpty }
    }
}

/// Money and counts as the dashboard prints them: the table format's text, counts grouped.
enum WebText {
    static func text(_ value: ReportTable.Value) -> String {
        if case .count(let count) = value { return Figures.grouped(count) }
        return ReportTable.text(value)
    }

    static func isNumeric(_ value: ReportTable.Value) -> Bool {
        if case .text = value { return false }
        return true
    }

    static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
