import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerCore
import LedgerReports
import LedgerWeb
import Testing
import TestSupport

/// The API answers with the command line's bytes, refuses what it cannot use by parameter, and
/// checks tokens before anything else.
@Suite("HTTP API", .serialized)
struct APITests {
    @Test("head and report answer byte for byte what the command line prints")
    func sameBytesAsTheCommandLine() async throws {
        let web = try WebFixture()
        let token = try web.token([.read])
        let head = try RoiledgerProcess.run(["head", "--db", web.ledger.path, "--format", "json"])
        let report = try RoiledgerProcess.run(["report", "--db", web.ledger.path, "--from", "2026-01-01", "--to", "2026-03-31", "--model", "linear,markov",
                                               "--view", "roi,funnel", "--by", "channel,campaign", "--format", "json"])
        let csv = try RoiledgerProcess.run(["report", "--db", web.ledger.path, "--period", "2026-Q2", "--view", "roi", "--format", "csv"])
        #expect(report.status == 0, "\(report.standardError)")
        try await web.test { client in
            do {
                let answer = try await client.get("/v1/head", token: token)
                #expect(answer.text == head.standardOutput)
            }
            let answer = try await client.get("/v1/report?from=2026-01-01&to=2026-03-31&model=linear,markov&view=roi,funnel&by=channel,campaign", token: token)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json")
            #expect(answer.text == report.standardOutput)
            // The digest is the ETag; a client holding it gets 304, and the digest fetches the same bytes.
            let digest = try #require(answer.json.flatMap { if case .object(let object) = $0, case .string(let digest)? = object["digest"] { digest } else { nil } })
            #expect(answer.headers[.eTag] == "\"\(digest)\"")
            let again = try await client.get("/v1/report?from=2026-01-01&to=2026-03-31&model=linear,markov&view=roi,funnel&by=channel,campaign", token: token,
                                             headers: [.ifNoneMatch: "\"\(digest)\""])
            #expect(again.status == .notModified)
            let byDigest = try await client.get("/v1/reports/\(digest)", token: token)
            #expect(byDigest.text == report.standardOutput)
            #expect(byDigest.headers[.cacheControl]?.contains("immutable") == true)
            do {
                let answer = try await client.get("/v1/report?period=2026-Q2&view=roi&format=csv", token: token)
                #expect(answer.text == csv.standardOutput)
            }
        }
    }

    @Test("events after a seq carry their hashes, as `log --format json` prints them")
    func eventsPage() async throws {
        let web = try WebFixture()
        let token = try web.token([.read])
        let log = try RoiledgerProcess.run(["log", "--db", web.ledger.path, "--since", "10", "--limit", "5", "--format", "json"])
        try await web.test { client in
            let page = try await client.get("/v1/events?after=10&limit=5", token: token)
            #expect(page.headers[.contentType] == "application/x-ndjson")
            #expect(page.text == log.standardOutput)
            #expect(page.text.split(separator: "\n").count == 5)
            let bad = try await client.get("/v1/events?limit=0", token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.json.map { "\($0)" }?.contains("limit") == true)
        }
    }

    @Test("bad parameters are 400 problem JSON naming the parameter; unknown ids 404")
    func refusals() async throws {
        let web = try WebFixture()
        let token = try web.token([.read])
        try await web.test { client in
            for (uri, parameter) in [("/v1/report?from=2026-02-30", "from"), ("/v1/report?model=last_click", "model"), ("/v1/report?view=pie", "view"),
                                     ("/v1/report?by=colour", "by"), ("/v1/report?as_of=yesterday", "as_of"), ("/v1/report?colour=red", "colour"),
                                     ("/v1/report?format=xml", "format"), ("/v1/report?from=2026-03-01&to=2026-02-01", "from"),
                                     ("/v1/compare?model=linear", "rules")] {
                let response = try await client.get(uri, token: token)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                guard case .object(let problem)? = response.json else { Issue.record("\(uri): not JSON"); continue }
                #expect(problem["parameter"] == .string(parameter), "\(uri): \(response.text)")
                #expect(problem["status"] == .number("400"))
            }
            let day = try await client.get("/v1/report?from=2026-02-30", token: token)
            #expect(day.text.contains("February 2026 has 28 days"))
            do {
                let answer = try await client.get("/v1/explain/op-does-not-exist", token: token)
                #expect(answer.status == .notFound)
            }
            do {
                let answer = try await client.get("/v1/rules/nosuch@9", token: token)
                #expect(answer.status == .notFound)
            }
            do {
                let answer = try await client.get("/v1/reports/0000", token: token)
                #expect(answer.status == .notFound)
            }
            do {
                let answer = try await client.get("/v1/nothing-here", token: token)
                #expect(answer.status == .notFound)
            }
            do {
                let answer = try await client.execute(uri: "/v1/head", method: .delete, headers: [.authorization: "Bearer \(token)"])
                #expect(answer.status == .methodNotAllowed)
            }
        }
    }

    @Test("reads need a token unless public; writes need their role; refusals are logged and say nothing more")
    func tokens() async throws {
        let web = try WebFixture()
        let reader = try web.token([.read], name: "dashboard")
        let writer = try web.token([.write], name: "crm-sync")
        let revoked = try web.token([.admin], name: "old")
        let revokedID = try #require(try web.session.listTokens().first { $0.name == "old" }?.id)
        #expect(try web.session.revokeToken(id: revokedID, reason: "left the team"))
        let event = #"{"id":"t-web-1","type":"touch","at":"2026-06-01T10:00:00Z","contact":"c-web","account":"ac-1","utm":{"source":"newsletter","medium":"email"},"touch_type":"email"}"#
        try await web.test { client in
            let anonymous = try await client.get("/v1/head")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            do {
                let answer = try await client.get("/v1/head", token: "rl_" + String(repeating: "0", count: 64))
                #expect(answer.status == .unauthorized)
            }
            do {
                let answer = try await client.get("/v1/head", token: revoked)
                #expect(answer.status == .unauthorized)
            }
            do {
                let answer = try await client.get("/", token: nil)
                #expect(answer.status == .unauthorized)
            }
            do {
                let answer = try await client.get("/v1/head", token: reader)
                #expect(answer.status == .ok)
            }
            // A reader may not write; nothing is appended.
            let refused = try await client.post("/v1/events", token: reader, body: event + "\n")
            #expect(refused.status == .forbidden)
            #expect(!refused.text.contains("dashboard"), "a refusal names no token")
            // A writer appends, and the ledger records which token wrote which seqs.
            let written = try await client.post("/v1/events", token: writer, body: event + "\n")
            #expect(written.status == .created, "\(written.text)")
            #expect(written.text.contains(#""first_seq":4001"#))
            // A bad line is 422 naming line and field; nothing appended.
            let bad = try await client.post("/v1/events", token: writer, body: event.replacingOccurrences(of: "t-web-1", with: "t-web-2") + "\n{\"type\":\"touch\"}\n")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#""line":2"#))
            do {
                let answer = try await client.get("/v1/head", token: reader)
                #expect(answer.text.contains(#""seq":4001"#))
            }
            // Closing needs the close role.
            do {
                let answer = try await client.post("/v1/closes/2026-Q1?reason=quarter", token: writer, body: "")
                #expect(answer.status == .forbidden)
            }
        }
        let writes = try web.session.tokenWrites()
        #expect(writes.count == 1)
        #expect(writes.first.map { ($0.firstSeq, $0.lastSeq, $0.action) } ?? (0, 0, "") == (4001, 4001, "ingest"))
        #expect(web.refusals.all.count >= 4)
        #expect(web.refusals.all.allSatisfy { !$0.contains("rl_") }, "the log names no secret")
    }

    @Test("with --public-read reading needs no token; writing still does")
    func publicRead() async throws {
        let web = try WebFixture(publicRead: true)
        try await web.test { client in
            do {
                let answer = try await client.get("/v1/head")
                #expect(answer.status == .ok)
            }
            do {
                let answer = try await client.get("/")
                #expect(answer.status == .ok)
            }
            do {
                let answer = try await client.post("/v1/events", token: nil, body: "")
                #expect(answer.status == .unauthorized)
            }
        }
    }

    @Test("the server folds new events as they arrive: a report after an append includes them")
    func freshAfterAppend() async throws {
        let web = try WebFixture(publicRead: true)
        let writer = try web.token([.write])
        try await web.test { client in
            let before = try await client.get("/v1/report?from=2026-06-01&to=2026-06-30&view=attribution")
            let spend = #"{"type":"spend","id":"s-web-1","at":"2026-06-15T00:00:00Z","channel":"email","amount":"1000.00","currency":"USD","period_start":"2026-06-01","period_end":"2026-06-30","category":"media"}"#
            let append = try await client.post("/v1/events", token: writer, body: spend + "\n")
            #expect(append.status == .created, "\(append.text)")
            let after = try await client.get("/v1/report?from=2026-06-01&to=2026-06-30&view=attribution")
            #expect(before.text != after.text)
            #expect(after.text.contains(#""head_seq":4001"#))
            let direct = try web.session.report(ReportRequest(replay: ReplayRequest(from: "2026-06-01", to: "2026-06-30")))
            #expect(after.text == direct.renderJSON())
        }
        #expect(web.session.environment.replayCache?.warmSeq == 4001)
    }

    @Test("audit of a posted report, rules, closes and verify")
    func auditRulesClosesVerify() async throws {
        let web = try WebFixture(publicRead: true)
        let closer = try web.token([.close])
        try await web.test { client in
            let report = try await client.get("/v1/report?period=2026-Q1&view=roi")
            let audit = try await client.post("/v1/audit", token: nil, body: report.text)
            #expect(audit.text.contains(#""passed":true"#), "\(audit.text)")
            let edited = try await client.post("/v1/audit", token: nil, body: report.text.replacingOccurrences(of: #""head_seq":4000"#, with: #""head_seq":3999"#))
            #expect(edited.text.contains(#""passed":false"#))
            do {
                let answer = try await client.get("/v1/rules")
                #expect(answer.text.contains(#""label":"default@1""#))
            }
            do {
                let answer = try await client.get("/v1/rules/default@1")
                #expect(answer.status == .ok)
            }
            let verify = try await client.get("/v1/verify")
            #expect(verify.text.contains(#""intact":true"#))
            let close = try await client.post("/v1/closes/2026-Q1?reason=quarter%20end", token: closer, body: "")
            #expect(close.status == .created, "\(close.text)")
            let closes = try await client.get("/v1/closes")
            #expect(closes.text.contains(#""period":"2026-Q1""#) && closes.text.contains(#""reproduces":true"#), "\(closes.text)")
            do {
                let answer = try await client.post("/v1/closes/2026-Q1?reason=again", token: closer, body: "")
                #expect(answer.status == .conflict)
            }
        }
    }
}

/// The pages and documents added around the drill-down: completeness records, segment filter,
/// rule-set diff, and the token commands.
@Suite("Dashboard records and filters", .serialized)
struct RecordsAndFiltersTests {
    @Test("completeness records: the API answers `roiledger completeness --format json`, one row per counted record")
    func completenessRecords() async throws {
        let web = try WebFixture(publicRead: true)
        let cli = try RoiledgerProcess.run(["completeness", "--db", web.ledger.path, "--period", "2026-Q1", "--format", "json"])
        #expect(cli.status == 0, "\(cli.standardError)")
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), views: [.attribution, .funnel, .completeness]))
        let list = try web.session.completenessRecords(ReplayRequest(period: "2026-Q1"))
        let counted = report.completeness.unmappedTouches + report.completeness.opportunitiesWithNoTouch + report.completeness.leadsWithoutUTM
            + report.completeness.spendWithoutCampaign + report.completeness.mergesNamingUnseenRecords
        #expect(list.records.records.count == counted)
        #expect(list.records.records.filter { $0.issue == "unmapped_touch" }.count == report.completeness.unmappedTouches)
        try await web.test { client in
            let answer = try await client.get("/v1/completeness?period=2026-Q1")
            #expect(answer.text == cli.standardOutput)
            let page = try await client.get("/completeness?period=2026-Q1")
            #expect(page.text.contains(#"<table data-table="records">"#))
            #expect(page.text.components(separatedBy: #"data-group="unmapped_touch""#).count - 1 == report.completeness.unmappedTouches)
        }
    }

    @Test("a segment filter shows the segment's rows, its subtotal as the total; a bad segment is 400")
    func segmentFilter() async throws {
        let web = try WebFixture(publicRead: true)
        let report = try web.session.report(ReportRequest(replay: ReplayRequest(period: "2026-Q1"), views: [.roi], groupBy: try OptionValues.groupBy("attr:segment,channel")))
        let roi = try #require(report.roi?.tables.first { $0.key == "roi" })
        let segment = try #require(roi.rows.first { $0.path.count == 1 }?.group)
        let subtotal = try #require(roi.rows.first { $0.path == [segment] })
        let cost = ReportTable.text(subtotal.values[roi.columns.firstIndex { $0.key == "cost" }!])
        try await web.test { client in
            let page = try await client.get("/?period=2026-Q1&segment=attr:segment=\(QueryEncoding.encode(segment))")
            #expect(page.status == .ok, "\(page.text.prefix(400))")
            #expect(page.text.contains(#"data-figure="spend"><span class="label">Spend</span><span class="value">\#(cost)</span>"#))
            let bad = try await client.get("/?segment=industry")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("segment industry is not a segment"))
            let nested = try await client.get("/report?view=roi&period=2026-Q1&segment=attr:segment=\(QueryEncoding.encode(segment))")
            #expect(nested.status == .ok)
        }
    }

    @Test("rule sets: the list, one version and a diff of two published versions; a path is refused")
    func ruleSetPages() async throws {
        let web = try WebFixture(publicRead: true)
        let document = try web.session.showRules("default@1").json
        _ = try web.session.publishRules(PublishRulesRequest(document: document.replacingOccurrences(of: #""lookback_days":90"#, with: #""lookback_days":120"#),
                                                             source: "test", name: "default", effectiveFrom: "2026-07-01", context: ActionContext(reason: "test")))
        try await web.test { client in
            let list = try await client.get("/rules").text
            #expect(list.contains("default@2"))
            let diff = try await client.get("/rules/diff?left=default@1&right=default@2")
            #expect(diff.status == .ok)
            #expect(document.contains(#""lookback_days":90"#))
            #expect(diff.text.contains("$.attribution.lookback_days: 90 -&gt; 120"), "\(diff.text)")
            let path = try await client.get("/rules/diff?left=/etc/passwd&right=default@1")
            #expect(path.status == .badRequest)
        }
    }

    @Test("token commands: create prints the secret once, list never shows it, revoke refuses it from then on")
    func tokenCommands() async throws {
        let ledger = try TestLedger()
        let created = try RoiledgerProcess.run(["token", "create", "--db", ledger.path, "--name", "crm-sync", "--role", "read,write"])
        #expect(created.status == 0, "\(created.standardError)")
        let secret = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("rl_") && secret.count == 67)
        let list = try RoiledgerProcess.run(["token", "list", "--db", ledger.path])
        #expect(list.standardOutput.contains("crm-sync") && list.standardOutput.contains("read,write") && !list.standardOutput.contains(secret))
        let id = try #require(list.standardOutput.split(separator: "\n").first { $0.contains("crm-sync") }?.split(separator: " ").first.map(String.init))
        #expect(id.hasPrefix("tok_"))
        let badRole = try RoiledgerProcess.run(["token", "create", "--db", ledger.path, "--name", "x", "--role", "owner"])
        #expect(badRole.status != 0 && badRole.standardError.contains("owner is not a role"))
        let revoked = try RoiledgerProcess.run(["token", "revoke", id, "--db", ledger.path, "--reason", "rotated"])
        #expect(revoked.standardOutput.contains("revoked \(id)"))
        let session = try LedgerSession.open(ledger.path, readOnly: true, environment: AppEnvironment())
        #expect(try session.authenticate(secret: secret) == nil)
    }
}

/// Imports and corrections over HTTP: the same use cases as the commands, each needing `write`
/// and recorded with its token.
@Suite("HTTP writes: import and corrections", .serialized)
struct HTTPWritesTests {
    static let fixtures = SchemaExamples.schemasFolder.deletingLastPathComponent().appendingPathComponent("Tests/LedgerImportTests/Fixtures")

    @Test("an export posted with a shipped mapping lands as `import` lands it; a second post appends nothing")
    func importOverHTTP() async throws {
        let web = try WebFixture(sample: false)
        let writer = try web.token([.write])
        let csv = try String(contentsOf: Self.fixtures.appendingPathComponent("google-ads.csv"), encoding: .utf8)
        try await web.test { client in
            let refused = try await client.post("/v1/import?mapping=../etc/mapping", token: writer, body: csv)
            #expect(refused.status == .badRequest)
            let first = try await client.post("/v1/import?mapping=google-ads&file_name=google-ads.csv", token: writer, body: csv)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.text.contains(#""landed":true"#))
            let again = try await client.post("/v1/import?mapping=google-ads&file_name=google-ads.csv", token: writer, body: csv)
            #expect(again.status == .ok)
            #expect(again.text.contains(#""appended":0"#))
        }
        let writes = try web.session.tokenWrites()
        #expect(writes.count == 1 && writes[0].action == "import" && writes[0].firstSeq == 1)
    }

    @Test("a merge, its undo and a retraction over HTTP need a reason and land as the commands' do")
    func corrections() async throws {
        let web = try WebFixture()
        let writer = try web.token([.write])
        try await web.test { client in
            let noReason = try await client.post("/v1/merges?from=ct-13-1&into=ct-14-1", token: writer, body: "")
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains(#""parameter":"reason""#))
            let merged = try await client.post("/v1/merges?from=ct-13-1&into=ct-14-1&reason=same%20person&id=m-web", token: writer, body: "")
            #expect(merged.status == .created, "\(merged.text)")
            let undone = try await client.post("/v1/unmerges?merge=m-web&reason=not%20the%20same", token: writer, body: "")
            #expect(undone.status == .created, "\(undone.text)")
            let retracted = try await client.post("/v1/retractions?event=sp-0000001&reason=billed%20twice", token: writer, body: "")
            #expect(retracted.status == .created, "\(retracted.text)")
            let unknown = try await client.post("/v1/retractions?event=nope&reason=x", token: writer, body: "")
            #expect(unknown.status == .unprocessableContent, "\(unknown.text)")
        }
        #expect(try web.session.tokenWrites().map(\.action) == ["merge", "unmerge", "retract"])
    }
}
