import Foundation
import LedgerApp
import LedgerCore
import LedgerImport

/// The writes besides ingest, rules and close: an import of an export (the body is the CSV) and
/// the corrections ops makes. Each needs the `write` role and is recorded with its token.
extension API {
    /// `POST /v1/import?mapping=hubspot-contacts&file_name=contacts.csv`: a shipped mapping only
    /// (a server reads no mapping file named in a URL).
    static func importExport(_ request: WebRequest, _ session: LedgerSession, token: AuthenticatedToken) throws -> WebResponse {
        let query = try QueryReader(request, allowed: ["mapping", "file_name", "max_bad_rows", "time_zone", "recorded_at", "dry_run"])
        guard let mapping = query.string("mapping") else {
            throw Problem.invalid("mapping", "", "is missing", expected: "a shipped mapping's name (see `roiledger import --list`)")
        }
        let shipped = ShippedMappings.names()
        guard shipped.contains(mapping) else {
            throw Problem.invalid("mapping", mapping, "is not a shipped mapping", expected: "one of \(shipped.joined(separator: ", ")) (a server reads no mapping file)")
        }
        let name = query.string("file_name") ?? "upload.csv"
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ")
        guard !name.hasPrefix("."), name.count <= 200, name.allSatisfy(allowed.contains) else {
            throw Problem.invalid("file_name", name, "is not a plain file name", expected: "letters, digits, dot, dash, underscore and space, at most 200, such as contacts.csv")
        }
        let maxBadRows = try query.int("max_bad_rows", default: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roiledger-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name).path
        try Data(request.body).write(to: URL(fileURLWithPath: file))
        let run = ImportRequest(inputs: [file], mapping: mapping, dryRun: query.string("dry_run") == "true", maxBadRows: Int(maxBadRows),
                                recordedAt: query.string("recorded_at"), timeZone: query.string("time_zone"))
        let summary = try session.written(by: token, action: "import", { try session.importExports(run) }) { summary in
            summary.firstSeq.flatMap { first in summary.lastSeq.map { first...$0 } }
        }
        var members: [JSONObject.Member] = [
            .init(key: "mapping", value: .string("\(summary.mapping) v\(summary.mappingVersion)")),
            .init(key: "rows", value: .number(String(summary.rows))), .init(key: "rejected_rows", value: .number(String(summary.rejectedRows))),
            .init(key: "appended", value: .number(String(summary.appended))), .init(key: "duplicates", value: .number(String(summary.duplicates))),
            .init(key: "landed", value: .bool(summary.landed)),
            .init(key: "rejects", value: .array(summary.firstRejects.map { .string("\($0)") })),
        ]
        if let first = summary.firstSeq, let last = summary.lastSeq {
            members += [.init(key: "first_seq", value: .number(String(first))), .init(key: "last_seq", value: .number(String(last)))]
        }
        return WebResponse(status: summary.appended > 0 ? 201 : 200, contentType: WebResponse.json, text: JSONValue.object(JSONObject(members)).canonicalText + "\n")
    }

    /// `POST /v1/merges?kind=contact&from=A&into=B&reason=…`, `/v1/unmerges?merge=ID&reason=…`,
    /// `/v1/retractions?event=ID&reason=…`: the same corrections as the commands, a reason required.
    static func correct(_ request: WebRequest, _ session: LedgerSession, kind resource: String, token: AuthenticatedToken) throws -> WebResponse {
        let common = ["reason", "at", "id", "recorded_at"]
        let action: CorrectionRequest.Action
        let query: QueryReader
        switch resource {
        case "merges":
            query = try QueryReader(request, allowed: common + ["kind", "from", "into"])
            let kindText = query.string("kind") ?? "contact"
            guard let kind = MergeKind(rawValue: kindText) else { throw Problem.invalid("kind", kindText, "is not a merge kind", expected: "contact or account") }
            guard let from = query.string("from") else { throw Problem.invalid("from", "", "is missing", expected: "the id merged away") }
            guard let into = query.string("into") else { throw Problem.invalid("into", "", "is missing", expected: "the id that survives") }
            action = .merge(kind: kind, from: from, into: into)
        case "unmerges":
            query = try QueryReader(request, allowed: common + ["merge"])
            guard let merge = query.string("merge") else { throw Problem.invalid("merge", "", "is missing", expected: "the id of the merge to undo") }
            action = .unmerge(mergeID: merge)
        default:
            query = try QueryReader(request, allowed: common + ["event"])
            guard let event = query.string("event") else { throw Problem.invalid("event", "", "is missing", expected: "the id of the event to retract") }
            action = .retract(eventID: event)
        }
        let correction = CorrectionRequest(action, context: ActionContext(at: query.string("at"), id: query.string("id"), recordedAt: query.string("recorded_at"),
                                                                          actor: "token:\(token.name)", reason: query.string("reason")))
        let result = try session.written(by: token, action: correction.typeName, { try session.correct(correction) }) { result in
            if case .appended(let seq, _) = result { seq...seq } else { nil }
        }
        return WebResponse(status: appendedStatus(result), contentType: WebResponse.json,
                           text: JSONValue.object(JSONObject([.init(key: correction.typeName, value: appendedJSON(result))])).canonicalText + "\n")
    }
}
