import Foundation

/// A request as the dashboard's handlers see it, whatever server carried it: the method, the
/// path, the query in order, the headers that matter and the body. Handlers are functions of
/// this, so the same code answers Hummingbird and the in-process tests.
public struct WebRequest: Sendable {
    public var method: String
    public var path: String
    /// Decoded `name=value` pairs in the order given (`+` is a space).
    public var query: [(name: String, value: String)]
    public var authorization: String?
    public var ifNoneMatch: String?
    public var body: [UInt8]

    public init(method: String = "GET", path: String, query: [(name: String, value: String)] = [], authorization: String? = nil,
                ifNoneMatch: String? = nil, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.authorization = authorization
        self.ifNoneMatch = ifNoneMatch
        self.body = body
    }

    /// Splits and decodes a raw query string (`a=1&b=x%2Cy`).
    public static func parseQuery(_ raw: String?) -> [(name: String, value: String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The path's segments after the leading slash, each percent-decoded.
    public var segments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { $0.removingPercentEncoding ?? String($0) }
    }
}

/// A response before any server writes it.
public struct WebResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// False for an answer that re-checks the file itself (verification, whether closes still
    /// reproduce): an edit below the head does not move the head, so it is not kept by head.
    public var isCacheable = true

    public init(status: Int = 200, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = body
    }

    public init(status: Int = 200, contentType: String, text: String, headers: [(name: String, value: String)] = []) {
        self.init(status: status, contentType: contentType, body: Array(text.utf8), headers: headers)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    static let json = "application/json"
    static let html = "text/html; charset=utf-8"
    static let csv = "text/csv; charset=utf-8"
    static let plain = "text/plain; charset=utf-8"
    static let ndjson = "application/x-ndjson"
    static let problem = "application/problem+json"
}
