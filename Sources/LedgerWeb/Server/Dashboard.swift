import Foundation
public import LedgerApp
import LedgerStore

/// Answers every request of `roiledger serve`: the API under `/v1/`, the pages, the stylesheet.
/// Checks the bearer token first (reads need `read` unless the server reads publicly; writes
/// their own role); logs every refusal without saying more to the client than the status.
public final class Dashboard: Sendable {
    let service: LedgerService
    let pages: PageRenderer
    let publicRead: Bool
    let log: @Sendable (String) -> Void
    /// Request bodies larger than this are refused (413).
    let bodyLimit = 64 << 20

    /// `session` is the ledger opened for writing; the server owns it from now on.
    public init(session: LedgerSession, publicRead: Bool, responseCacheBytes: Int = 256 << 20, log: @escaping @Sendable (String) -> Void) throws {
        guard let cache = session.environment.replayCache else { preconditionFailure("a server's session keeps a replay cache") }
        service = LedgerService(session: session, replayCache: cache, responseCacheBytes: responseCacheBytes)
        pages = try PageRenderer()
        self.publicRead = publicRead
        self.log = log
    }

    /// Keeps the pages of a PostgreSQL ledger current: catches up whenever the server notifies an
    /// append (`LedgerService.follow`). Nothing to do for a file.
    public func followServer(url: String, safetySeconds: Double = 30) {
        service.follow(url: url, safetySeconds: safetySeconds, log: log)
    }

    /// Stops following the server (tests; a serving process follows until it exits).
    public func stopFollowing() {
        service.stopFollowing()
    }

    public func respond(_ given: WebRequest) async -> WebResponse {
        var adjusted = given
        // A page's form sends the dates of the window it showed; a period typed in it wins.
        if adjusted.segments.first != "v1", adjusted.query.contains(where: { $0.name == "period" && !$0.value.isEmpty }) {
            adjusted.query.removeAll { $0.name == "from" || $0.name == "to" }
        }
        let request = adjusted
        if request.method == "GET", request.path == "/static/roiledger.css" {
            return WebResponse(contentType: "text/css; charset=utf-8", body: pages.stylesheet, headers: [("Cache-Control", "public, max-age=3600")])
        }
        let segments = request.segments
        let isAPI = segments.first == "v1"
        let role = isAPI ? API.role(method: request.method, segments: segments) : .read
        let service = self.service
        let pages = self.pages
        let publicRead = self.publicRead
        do {
            if request.body.count > bodyLimit { throw Problem.tooLarge(bodyLimit) }
            return try await service.run { session in
                let token = try Self.authorize(request, role: role, publicRead: publicRead, session: session)
                if !isAPI, request.method != "GET" { throw Problem.methodNotAllowed(request.method, request.path) }
                // Reads are a pure function of the request and the ledger head: answer from the cache when it has them.
                let head = try session.head()
                let key = request.method == "GET" ? Self.cacheKey(request, head: head) : nil
                if let key, let cached = service.responses.get(key) { return Self.conditional(cached, request) }
                let response = isAPI
                    ? try API.respond(request, session: session, token: token, cache: service.responses)
                    : try pages.respond(request, session: session, head: head)
                if let key, response.status == 200, response.isCacheable { service.responses.put(key, response) }
                return response
            }
        } catch {
            let problem = Problem.from(error)
            if problem.status == 401 || problem.status == 403 {
                log("refused: \(request.method) \(request.path): \(problem.status) \(problem.slug)")
            } else if problem.status >= 500 {
                log("error: \(request.method) \(request.path): \(error)")
            }
            return isAPI ? problem.response : pages.errorPage(problem, request: request)
        }
    }

    /// The token the request carries, checked for `role`; nil for a public read.
    static func authorize(_ request: WebRequest, role: TokenRole, publicRead: Bool, session: LedgerSession) throws -> AuthenticatedToken? {
        guard let header = request.authorization else {
            if role == .read, publicRead { return nil }
            throw Problem.unauthorized
        }
        guard header.hasPrefix("Bearer "), let token = try session.authenticate(secret: String(header.dropFirst(7))) else {
            throw Problem.unauthorized
        }
        guard token.may(role) || (role == .read && publicRead) else { throw Problem.forbidden(role) }
        return token
    }

    static func cacheKey(_ request: WebRequest, head: LedgerHead?) -> String {
        // Names and values re-encoded: a value holding `&` or `=` cannot pose as two parameters.
        "\(head?.seq ?? 0):\(head?.hash.description ?? "")|\(request.path)?" + QueryString.make(request.query)
    }

    /// A cached answer, or 304 when the client has its ETag.
    static func conditional(_ response: WebResponse, _ request: WebRequest) -> WebResponse {
        if let etag = response.header("ETag"), request.ifNoneMatch == etag {
            return WebResponse(status: 304, contentType: response.header("Content-Type") ?? WebResponse.json, body: [], headers: [("ETag", etag)])
        }
        return response
    }
}
