import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import LedgerApp
import LedgerCore
import LedgerStore
import LedgerWeb
import Testing
import TestSupport

/// The dashboard on a PostgreSQL ledger: another writer's batch reaches the pages through
/// LISTEN/NOTIFY and a catch-up by seq, without any request asking the server.
@Suite("Dashboard on PostgreSQL")
struct PostgresLiveTests {
    @Test func anotherWritersBatchReachesThePagesThroughNotifications() async throws {
        let ledger = try BackendLedger(.postgres)
        try Self.appendTouches(3, prefix: "a", to: ledger)
        var environment = AppEnvironment(defaultActor: "test", mirrorFolder: ledger.directory.file("mirrors"))
        environment.replayCache = ReplayCache()
        environment.checkpoints = .off
        let session = try LedgerSession.open(ledger.location, readOnly: false, environment: environment)
        #expect(session.isServer)
        let dashboard = try Dashboard(session: session, publicRead: true) { _ in }
        // A long safety timeout: only a notification can wake the listener within the test.
        dashboard.followServer(url: ledger.location, safetySeconds: 600)
        defer { dashboard.stopFollowing() }
        let app = Application(router: WebServer.router(dashboard))
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/v1/head", method: .get)
            #expect(String(buffer: first.body).contains(#""seq":3}"#))
            // Give the listener a moment to subscribe, then another writer appends.
            try await Task.sleep(for: .milliseconds(500))
            try Self.appendTouches(2, prefix: "b", to: ledger)
            var seen = ""
            for _ in 0..<100 {
                seen = String(buffer: try await client.execute(uri: "/v1/head", method: .get).body)
                if seen.contains(#""seq":5}"#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(seen.contains(#""seq":5}"#), "the page still shows \(seen)")
            #expect(seen.contains(try #require(try ledger.store.head()).hash.description))
            // Writes over HTTP are refused: on a server ledger the database's roles decide who writes.
            let refused = try await client.execute(uri: "/v1/events", method: .post, headers: [.authorization: "Bearer rl_" + String(repeating: "0", count: 64)],
                                                   body: ByteBuffer(string: LedgerFixture.touches(1, prefix: "c").lines[0] + "\n"))
            #expect(refused.status == .unauthorized)
        }
    }

    static func appendTouches(_ count: Int, prefix: String, to ledger: BackendLedger) throws {
        let decoder = EventDecoder(currency: "USD")
        var writer = CanonicalJSONWriter()
        _ = try ledger.store.append(recordedAt: nil) { appender in
            for line in LedgerFixture.touches(count, prefix: prefix).lines {
                let decoded = try decoder.decode(try JSONParser.parse(line))
                writer.reset()
                writer.write(.object(decoded.canonicalBody))
                _ = try writer.bytes.withUnsafeBytes { try appender.append(decoded.event, canonicalBody: $0) }
            }
        }
    }
}
