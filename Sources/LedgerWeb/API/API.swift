import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerProjections
import LedgerReports
import LedgerStore

/// The HTTP API under `/v1/`: each answer is the bytes the command line prints for the same
/// options with `--format json` (or csv, or table), so a digest checked on one is checked on
/// the other. Runs on the ledger's queue.
enum API {
    static let reportParameters = QueryReader.replay + ["model", "view", "by", "every", "format"]

    /// What a route needs of the token: reads `read` (unless the server reads publicly).
    static func role(method: String, segments: [String]) -> TokenRole {
        guard method == "POST" else { return .read }
        switch segments.dropFirst().first {
        case "closes": return .close
        case "audit": return .read
        default: return .write
        }
    }

    static func respond(_ request: WebRequest, session: LedgerSession, token: AuthenticatedToken?, cache: ResponseCache) throws -> WebResponse {
        let segments = Array(request.segments.dropFirst())
        switch (request.method, segments.first, segments.count) {
        case ("GET", "head", 1):
            _ = try QueryReader(request, allowed: [])
            return WebResponse(contentType: WebResponse.json, text: LedgerDocuments.head(try session.head()) + "\n")
        case ("GET", "events", 1):
            return try events(request, session)
        case ("POST", "events", 1):
            return try ingest(request, session, token: token!)
        case ("GET", "report", 1):
            return try report(request, session, cache: cache)
        case ("GET", "reports", 2):
            _ = try QueryReader(request, allowed: [])
            guard let found = cache.document(digest: segments[1]) else {
                throw Problem.notFound("no report with digest \(segments[1]) was served recently; request it again with its parameters (its provenance names them)")
            }
            return immutable(found)
        case ("GET", "compare", 1):
            return try compare(request, session)
        case ("GET", "explain", 2):
            let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "view"])
            let result = try session.explain(try explainRequest(query, id: segments[1]))
            return WebResponse(contentType: WebResponse.json, text: result.explanation.renderJSON(provenance: result.provenance.json))
        case ("GET", "deals", 1):
            let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "view", "channel", "campaign", "segment", "format"])
            let list = try session.deals(try dealsRequest(query))
            return try document(format: APIFormat(query), json: list.renderJSON(), csv: list.renderCSV(), table: list.renderTable(), digest: list.digest)
        case ("GET", "completeness", 1):
            let query = try QueryReader(request, allowed: QueryReader.replay + ["model", "format"])
            let list = try session.completenessRecords(try query.replay, model: try singleModel(query))
            return try document(format: APIFormat(query), json: list.renderJSON(), csv: list.renderCSV(), table: list.renderTable(), digest: list.digest)
        case ("GET", "rules", 1):
            let query = try QueryReader(request, allowed: ["as_of"])
            return WebResponse(contentType: WebResponse.json, text: rulesList(try session.listRules(asOf: query.string("as_of"))) + "\n")
        case ("GET", "rules", 2):
            let query = try QueryReader(request, allowed: ["as_of"])
            return WebResponse(contentType: WebResponse.json, text: try session.showRules(segments[1], asOf: query.string("as_of")).json + "\n")
        case ("POST", "rules", 1):
            return try publish(request, session, token: token!)
        case ("POST", "import", 1):
            return try importExport(request, session, token: token!)
        case ("POST", "merges", 1), ("POST", "unmerges", 1), ("POST", "retractions", 1):
            return try correct(request, session, kind: segments[0], token: token!)
        case ("GET", "closes", 1):
            let query = try QueryReader(request, allowed: ["as_of"])
            var answer = WebResponse(contentType: WebResponse.json, text: closesList(try session.listCloses(asOf: query.string("as_of"))) + "\n")
            answer.isCacheable = false
            return answer
        case ("POST", "closes", 2):
            return try close(request, session, period: segments[1], token: token!)
        case ("GET", "verify", 1):
            _ = try QueryReader(request, allowed: [])
            var answer = WebResponse(contentType: WebResponse.json, text: try verification(session) + "\n")
            answer.isCacheable = false
            return answer
        case ("POST", "audit", 1):
            _ = try QueryReader(request, allowed: [])
            let result = try session.audit(reportText: String(decoding: request.body, as: UTF8.self), source: "(request body)")
            return WebResponse(contentType: WebResponse.json, text: audit(result) + "\n")
        case (_, "head", 1), (_, "events", 1), (_, "report", 1), (_, "reports", 2), (_, "compare", 1), (_, "explain", 2), (_, "deals", 1), (_, "completeness", 1),
             (_, "rules", 1), (_, "rules", 2), (_, "closes", 1), (_, "closes", 2), (_, "verify", 1), (_, "audit", 1),
             (_, "import", 1), (_, "merges", 1), (_, "unmerges", 1), (_, "retractions", 1):
            throw Problem.methodNotAllowed(request.method, request.path)
        default:
            throw Problem.notFound("no resource \(request.path); see the OpenAPI document (schemas/openapi.json)")
        }
    }

    // MARK: Reads

    static func report(_ request: WebRequest, _ session: LedgerSession, cache: ResponseCache) throws -> WebResponse {
        let query = try QueryReader(request, allowed: reportParameters)
        let format = try APIFormat(query)
        let groupBy = try query.groupBy
        let report = ReportRequest(replay: try query.replay, models: try query.models, views: try query.views(default: "attribution"), groupBy: groupBy)
        if let every = try OptionValues.every(query.string("every")) ?? groupBy.period {
            if query.string("every") != nil, groupBy.period != nil {
                throw Problem(status: 400, slug: "parameter-conflict", title: "Parameters conflict",
                              detail: "give every for a series with each period's tables, or by=\(groupBy.name) for the trend tables alone, not both", parameter: "every")
            }
            let series = try session.series(SeriesRequest(report: report, every: every, detail: query.string("every") != nil))
            return try document(format: format, json: series.renderJSON(), csv: series.renderCSV(), table: series.renderTable(), digest: series.digest,
                                ifNoneMatch: request.ifNoneMatch, cache: cache)
        }
        let result = try session.report(report)
        return try document(format: format, json: result.renderJSON(), csv: result.renderCSV(), table: result.renderTable(), digest: result.digest,
                            ifNoneMatch: request.ifNoneMatch, cache: cache)
    }

    static let compareParameters = ["from", "to", "period", "level", "rules", "as_of", "model", "view", "by"]

    static func compare(_ request: WebRequest, _ session: LedgerSession) throws -> WebResponse {
        let query = try QueryReader(request, allowed: compareParameters + ["every", "format"], repeatable: ["rules", "as_of"])
        let compare = try compareRequest(query)
        let format = try APIFormat(query)
        if let unit = try OptionValues.every(query.string("every")) {
            let series = try session.compareSeries(compare, every: unit)
            return try document(format: format, json: series.renderJSON(), csv: series.renderCSV(), table: series.renderTable(), digest: series.digest)
        }
        let comparison = try session.compare(compare)
        return try document(format: format, json: comparison.renderJSON(), csv: comparison.renderCSV(), table: comparison.renderTable(),
                            digest: comparison.digest)
    }

    /// Two sides as `roiledger compare` reads them: exactly one of rules, model and as_of given
    /// twice, the others at most once (for both).
    static func compareRequest(_ query: QueryReader) throws -> CompareRequest {
        let models = try OptionValues.models(query.all("model"))
        let (rules, asOf) = (query.all("rules"), query.all("as_of"))
        let counts = [rules.count, models.count, asOf.count]
        guard counts.filter({ $0 == 2 }).count == 1, counts.allSatisfy({ $0 <= 2 }) else {
            throw Problem(status: 400, slug: "parameter-conflict", title: "Parameters conflict",
                          detail: "give exactly one of rules, model or as_of twice (the two sides); the others at most once, for both", parameter: "rules")
        }
        func pick<T>(_ values: [T], _ side: Int) -> T? { values.count == 2 ? values[side] : values.first }
        func side(_ index: Int) -> CompareRequest.Side {
            CompareRequest.Side(rules: pick(rules, index).map(RuleChoice.published) ?? .inForce, model: pick(models, index), asOf: pick(asOf, index))
        }
        let groupBy = try query.groupBy
        if groupBy.period != nil {
            throw Problem.invalid("by", groupBy.name, "is a period", expected: "channel, campaign or attributes; for periods give every")
        }
        return CompareRequest(a: side(0), b: side(1), from: query.string("from"), to: query.string("to"), level: try OptionValues.level(query.string("level")),
                              views: try query.views(default: "all"), groupBy: groupBy, period: query.string("period"))
    }

    static func events(_ request: WebRequest, _ session: LedgerSession) throws -> WebResponse {
        let query = try QueryReader(request, allowed: ["after", "limit", "type", "contact", "account"])
        let limit = try query.int("limit", default: 1000)
        guard (1...10_000).contains(limit) else {
            throw Problem.invalid("limit", String(limit), "is out of range", expected: "1 to 10000 events a page; page on with after=LAST_SEQ")
        }
        var text = ""
        try session.events(LogRequest(after: try query.int("after", default: 0), type: try OptionValues.eventType(query.string("type")),
                                      contact: query.string("contact"), account: query.string("account"), limit: Int(limit))) { event in
            text += LedgerDocuments.logLine(event) + "\n"
        }
        return WebResponse(contentType: WebResponse.ndjson, text: text)
    }

    static func explainRequest(_ query: QueryReader, id: String) throws -> ExplainRequest {
        ExplainRequest(replay: try query.replay, opportunity: id, model: try singleModel(query),
                              view: try OptionValues.attributionView(query.string("view")) ?? .pipeline)
    }

    /// The one model a query names, if any.
    static func singleModel(_ query: QueryReader) throws -> AttributionModelName? {
        let models = try query.models
        if models.count > 1 { throw Problem.invalid("model", query.string("model")!, "names several models", expected: "one model") }
        return models.first
    }

    static func dealsRequest(_ query: QueryReader) throws -> DealsRequest {
        DealsRequest(replay: try query.replay, channel: query.string("channel"), campaign: query.string("campaign"),
                     segment: try OptionValues.segment(query.string("segment")), model: try singleModel(query),
                            view: try OptionValues.attributionView(query.string("view")) ?? .pipeline)
    }

    /// A document in the format asked, its digest its ETag.
    static func document(format: APIFormat, json: @autoclosure () -> String, csv: @autoclosure () -> String, table: @autoclosure () -> String,
                         digest: String, ifNoneMatch: String? = nil, cache: ResponseCache? = nil) throws -> WebResponse {
        let etag = format == .json ? "\"\(digest)\"" : "\"\(digest)-\(format.rawValue)\""
        let asked = ifNoneMatch.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") } } ?? []
        if asked.contains(etag) { return WebResponse(status: 304, contentType: WebResponse.json, body: [], headers: [("ETag", etag)]) }
        let response: WebResponse
        switch format {
        case .json:
            response = WebResponse(contentType: WebResponse.json, text: json(), headers: [("ETag", etag)])
            cache?.put("digest:" + digest, response, digest: digest)
        case .csv: response = WebResponse(contentType: WebResponse.csv, text: csv(), headers: [("ETag", etag)])
        case .table: response = WebResponse(contentType: WebResponse.plain, text: table(), headers: [("ETag", etag)])
        }
        return response
    }

    static func immutable(_ response: WebResponse) -> WebResponse {
        var response = response
        response.headers.append(("Cache-Control", "public, max-age=31536000, immutable"))
        return response
    }

    static func rulesList(_ entries: [PublishedRuleSetEntry]) -> String {
        JSONValue.object(JSONObject([.init(key: "rule_sets", value: .array(entries.map { entry in
            var members: [JSONObject.Member] = [
                .init(key: "label", value: .string(entry.label)), .init(key: "effective_from", value: .string(entry.effectiveFrom.description)),
                .init(key: "at", value: .string(entry.at.description)), .init(key: "seq", value: .number(String(entry.seq))),
            ]
            members.append(.init(key: "hash", value: entry.hash.map(JSONValue.string) ?? .null))
            return .object(JSONObject(members))
        }))])).canonicalText
    }

    static func closesList(_ entries: [CloseEntry]) -> String {
        JSONValue.object(JSONObject([.init(key: "closes", value: .array(entries.map { entry in
            .object(JSONObject([
                .init(key: "period", value: .string(entry.period)), .init(key: "seq", value: .number(String(entry.seq))),
                .init(key: "at", value: .string(entry.at.description)), .init(key: "from", value: .string(entry.from.description)),
                .init(key: "to", value: .string(entry.to.description)), .init(key: "digest", value: .string(entry.sealedDigest)),
                .init(key: "rules", value: entry.rules.map(JSONValue.string) ?? .null), .init(key: "superseded", value: .bool(entry.superseded)),
                .init(key: "reproduces", value: entry.reproduces.map(JSONValue.bool) ?? .null),
            ]))
        }))])).canonicalText
    }

    static func verification(_ session: LedgerSession) throws -> String {
        // The ledger itself: the file, or the server (not its local copy).
        let report = try session.store.verify(anchor: nil, progress: nil)
        let guards = try session.store.schemaProblems()
        var members: [JSONObject.Member] = [
            .init(key: "intact", value: .bool(report.isValid && guards.isEmpty)),
            .init(key: "checked", value: .number(String(report.checkedCount))),
            .init(key: "head", value: report.head.map { (try? JSONParser.parse(LedgerDocuments.head($0))) ?? .null } ?? .null),
            .init(key: "guard_problems", value: .array(guards.map(JSONValue.string))),
        ]
        if let failure = report.failure {
            members.append(.init(key: "failure", value: .object(JSONObject([.init(key: "seq", value: .number(String(failure.seq))),
                                                                            .init(key: "reason", value: .string(failure.reason))]))))
        }
        return JSONValue.object(JSONObject(members)).canonicalText
    }

    static func audit(_ result: AuditResult) -> String {
        let verdict: (String, String) = switch result.verdict {
        case .reproduced(let ruleSet, _, let window): ("reproduced", "the ledger replays to the report byte for byte under \(ruleSet), \(window.from) to \(window.to)")
        case .edited(let content, let digest): ("edited", "the content hashes to \(content), not its digest \(digest)")
        case .ledgerShortened(let events, let seq): ("ledger_shortened", "the ledger has \(events) events; the report names seq \(seq)")
        case .ledgerRewritten(let seq, let hash, let named): ("ledger_rewritten", "seq \(seq) has hash \(hash), the report names \(named)")
        case .chainBroken(let seq, let reason): ("chain_broken", "the chain fails at seq \(seq): \(reason)")
        case .ruleSetMissing(let reference, let seq): ("rule_set_missing", "the rule set \(reference) is not in the ledger as of seq \(seq)")
        case .ruleSetDiffers(let hash, let named): ("rule_set_differs", "the rule set hashes to \(hash), the report names \(named)")
        case .replayDiffers(let digest, let named, _): ("replay_differs", "the ledger replays to digest \(digest), not \(named)")
        }
        return JSONValue.object(JSONObject([
            .init(key: "passed", value: .bool(result.passed)), .init(key: "verdict", value: .string(verdict.0)), .init(key: "detail", value: .string(verdict.1)),
            .init(key: "digest", value: .string(result.digest)), .init(key: "head_seq", value: .number(String(result.headSeq))),
            .init(key: "events_verified", value: .number(String(result.eventsVerified))),
        ])).canonicalText
    }

    // MARK: Writes (each recorded with the token that made it, in the same transaction)

    static func ingest(_ request: WebRequest, _ session: LedgerSession, token: AuthenticatedToken) throws -> WebResponse {
        let query = try QueryReader(request, allowed: ["recorded_at"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roiledger-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("body.jsonl").path
        try Data(request.body).write(to: URL(fileURLWithPath: file))
        var ingest = IngestRequest(input: file, recordedAt: query.string("recorded_at"))
        ingest.label = "(request body)"
        let summary = try session.written(by: token, action: "ingest", { try session.ingest(ingest) }) { summary in
            summary.firstSeq.flatMap { first in summary.lastSeq.map { first...$0 } }
        }
        var members: [JSONObject.Member] = [
            .init(key: "lines", value: .number(String(summary.lines))), .init(key: "appended", value: .number(String(summary.appended))),
            .init(key: "duplicates", value: .number(String(summary.duplicates))),
        ]
        if let first = summary.firstSeq, let last = summary.lastSeq {
            members += [.init(key: "first_seq", value: .number(String(first))), .init(key: "last_seq", value: .number(String(last)))]
        }
        members.append(.init(key: "head", value: (try? JSONParser.parse(LedgerDocuments.head(try session.head()))) ?? .null))
        return WebResponse(status: summary.appended > 0 ? 201 : 200, contentType: WebResponse.json, text: JSONValue.object(JSONObject(members)).canonicalText + "\n")
    }

    static func publish(_ request: WebRequest, _ session: LedgerSession, token: AuthenticatedToken) throws -> WebResponse {
        let query = try QueryReader(request, allowed: ["name", "effective_from", "reason", "at", "id"])
        guard let name = query.string("name") else { throw Problem.invalid("name", "", "is missing", expected: "the rule set's name, such as default") }
        guard let effectiveFrom = query.string("effective_from") else {
            throw Problem.invalid("effective_from", "", "is missing", expected: "the first day it is in force, YYYY-MM-DD")
        }
        let publish = PublishRulesRequest(document: String(decoding: request.body, as: UTF8.self), source: "(request body)", name: name,
                                          effectiveFrom: effectiveFrom,
                                          context: ActionContext(at: query.string("at"), id: query.string("id"), actor: "token:\(token.name)", reason: query.string("reason")))
        let result = try session.written(by: token, action: "rules", { try session.publishRules(publish) }) { result in
            if case .appended(let seq, _)? = result.appended { seq...seq } else { nil }
        }
        return WebResponse(status: appendedStatus(result.appended), contentType: WebResponse.json, text: JSONValue.object(JSONObject([
            .init(key: "label", value: .string(result.label)), .init(key: "effective_from", value: .string(result.effectiveFrom.description)),
            .init(key: "hash", value: .string(result.hash)), .init(key: "appended", value: appendedJSON(result.appended)),
        ])).canonicalText + "\n")
    }

    static func close(_ request: WebRequest, _ session: LedgerSession, period: String, token: AuthenticatedToken) throws -> WebResponse {
        let query = try QueryReader(request, allowed: ["from", "to", "rules", "reclose", "reason"])
        let reclose = query.string("reclose") == "true"
        let close = CloseRequest(period: period, from: query.string("from"), to: query.string("to"), rules: query.string("rules"), reclose: reclose,
                                 context: ActionContext(actor: "token:\(token.name)", reason: query.string("reason")))
        let result = try session.written(by: token, action: "close", { try session.close(close) }) { result in
            if case .appended(let seq, _) = result.appended { seq...seq } else { nil }
        }
        return WebResponse(status: appendedStatus(result.appended), contentType: WebResponse.json, text: result.report.renderJSON())
    }

    static func appendedStatus(_ appended: AppendResult?) -> Int {
        if case .appended? = appended { 201 } else { 200 }
    }

    static func appendedJSON(_ appended: AppendResult?) -> JSONValue {
        switch appended {
        case .appended(let seq, let id)?: .object(JSONObject([.init(key: "seq", value: .number(String(seq))), .init(key: "id", value: .string(id))]))
        case .alreadyPresent(let seq, let id)?:
            .object(JSONObject([.init(key: "seq", value: .number(String(seq))), .init(key: "id", value: .string(id)), .init(key: "already_present", value: .bool(true))]))
        case nil: .null
        }
    }
}
