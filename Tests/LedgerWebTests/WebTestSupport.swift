import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerStore
import LedgerWeb
import NIOCore
import TestSupport

/// The shipped sample ledger behind a dashboard, driven through Hummingbird's router in process.
final class WebFixture: @unchecked Sendable {
    let ledger: TestLedger
    let session: LedgerSession
    let dashboard: Dashboard
    let refusals = Refusals()

    init(publicRead: Bool = false, sample: Bool = true) throws {
        ledger = try TestLedger()
        if sample {
            let file = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("snapshots/sample-ledger.jsonl").path
            _ = try Ingestor(log: ledger.log).ingest(try LineReader(path: file), displayName: "sample-ledger.jsonl")
        }
        var environment = AppEnvironment(clock: FixedClock(Timestamp(microseconds: 1_800_000_000_000_000)), defaultActor: "test")
        environment.replayCache = ReplayCache()
        environment.checkpoints = .off
        session = try LedgerSession.open(ledger.path, readOnly: false, environment: environment)
        let refusals = self.refusals
        dashboard = try Dashboard(session: session, publicRead: publicRead) { refusals.append($0) }
    }

    /// A token with `roles`, made through the use case the `token create` command calls.
    func token(_ roles: [TokenRole], name: String = "test") throws -> String {
        try session.createToken(name: name, roles: roles).secret
    }

    /// Runs requests against the router in process.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: WebServer.router(dashboard))
        try await app.test(.router, body)
    }
}

/// What the server logged as refused.
final class Refusals: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

extension TestClientProtocol {
    func get(_ uri: String, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    func post(_ uri: String, token: String?, body: String) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue? { try? JSONParser.parse(text) }
}
