public import LedgerCore

/// A document that is one table of records under a provenance (the deals behind a group, the
/// records behind a completeness count): the same JSON shape, digest and three formats, so the
/// command line and the API print the same bytes for each.
public protocol TableDocument: Sendable {
    /// `report` in the JSON (`deals`).
    var kind: String { get }
    var provenance: Provenance { get }
    /// Members between the provenance and the table (what the list is filtered to).
    var members: [JSONObject.Member] { get }
    var table: ReportTable { get }
}

extension TableDocument {
    /// The content as JSON, without its digest.
    public var content: JSONValue {
        .object(JSONObject([.init(key: "report", value: .string(kind)), .init(key: "provenance", value: provenance.json)] + members
            + [.init(key: table.key, value: table.json)]))
    }

    public var digest: String { ContentDigest.sha256(content.canonicalText) }

    public func renderJSON() -> String {
        guard case .object(var object) = content else { return content.canonicalText + "\n" }
        object["digest"] = .string(digest)
        return JSONValue.object(object).canonicalText + "\n"
    }

    public func renderTable() -> String {
        provenance.lines(digest: digest, title: "roiledger \(kind)").joined(separator: "\n") + "\n\n" + table.renderText()
    }

    public func renderCSV() -> String { table.renderCSV() }
}
