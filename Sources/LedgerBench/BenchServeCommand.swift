import ArgumentParser
import Dispatch
import Foundation
import LedgerApp
import LedgerCore
import LedgerIngest
import LedgerReports
import LedgerWeb
import TerminalSupport

/// `roiledger-bench serve`: the dashboard under load. Serves a generated ledger in process,
/// renders each page once cold, then drives the pages with `wrk` (50 connections by default,
/// cycling through them) and prints the latency percentiles against the goal (p95 ≤ 200 ms)
/// and against the server's floor, the stylesheet under the same load in the same run; then
/// appends events over the API and times the first page after them (the warm facts folding
/// only the new events).
struct BenchServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "roiledger serve under wrk: page latency percentiles after warm-up, the stylesheet as the floor, the first page after an append.")

    @Option(help: "Events of the generated ledger.")
    var events = 1_000_000

    @Option(help: "Seed of the generated ledger.")
    var seed: UInt64 = 7

    @Option(help: "Use this ledger instead of generating one (it gets a token and appended events).")
    var db: String?

    @Option(help: "Concurrent connections.")
    var connections = 50

    @Option(help: "Seconds of load per run.")
    var seconds = 20

    @Option(help: "Folder for the temporary files (default: a new folder under /tmp).")
    var workdir: String?

    /// The pages a dashboard user clicks through, with the window of the generated sample.
    static let pages = [
        "/?period=2026", "/?period=2026-Q1", "/?period=2026-Q1&model=linear", "/report?view=roi&by=channel,campaign&period=2026-Q1",
        "/report?view=funnel&period=2026-Q1", "/channels/paid_search?period=2026-Q1", "/deals?channel=paid_search&period=2026-Q1",
        "/completeness?period=2026-Q1", "/v1/report?period=2026-Q1&view=roi", "/log?type=spend&limit=200",
    ]

    func run() throws {
        #if DEBUG
        Terminal.writeLine("warning: this is a debug build; measure with `swift run -c release roiledger-bench serve`")
        #endif
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw ValidationError("wrk is not installed: apt-get install wrk")
        }
        let folder = try workdir ?? TemporaryFolder.make(prefix: "roiledger-bench")
        let sample = try BenchSampleLedger(db: db, events: events, seed: seed, folder: folder, name: "serve")
        var environment = AppEnvironment(checkpoints: .off)
        environment.replayCache = ReplayCache()
        let session = try LedgerSession.open(sample.path, readOnly: false, environment: environment)
        let writer = try session.createToken(name: "bench", roles: [.write]).secret
        let dashboard = try Dashboard(session: session, publicRead: true) { Terminal.writeError("serve: \($0)") }
        let url = try Self.start(dashboard)
        Terminal.writeLine("serving \(url) on a ledger of \(Figures.grouped(events)) events")

        var cold = TextTable([("page (first render, cold)", .left), ("seconds", .right), ("bytes", .right)])
        for page in Self.pages {
            let (seconds, bytes) = try Self.fetch(url + page.dropFirst())
            cold.append([page, Figures.fixed(seconds, decimals: 3), Figures.grouped(bytes)])
        }
        Terminal.write(cold.render())

        let script = folder + "/pages.lua"
        try Self.luaScript(pages: Self.pages).write(toFile: script, atomically: true, encoding: .utf8)
        let floor = try Self.load(url: url + "static/roiledger.css", script: nil, connections: connections, seconds: seconds)
        let pages = try Self.load(url: url, script: script, connections: connections, seconds: seconds)
        var table = TextTable([("under \(connections) connections, \(seconds) s", .left), ("requests/s", .right), ("p50 ms", .right), ("p95 ms", .right),
                               ("p99 ms", .right), ("errors", .right)])
        for (name, result) in [("stylesheet (the server's floor)", floor), ("the \(Self.pages.count) pages, cycled", pages)] {
            table.append([name, Figures.fixed(result.rate, decimals: 0), Figures.fixed(result.p50, decimals: 2), Figures.fixed(result.p95, decimals: 2),
                          Figures.fixed(result.p99, decimals: 2), String(result.errors)])
        }
        Terminal.write(table.render())
        Terminal.writeLine("pages p95 \(Figures.fixed(pages.p95, decimals: 1)) ms: \(Figures.fixed(pages.p95 / 200, decimals: 3)) of the 200 ms goal (\(pages.p95 <= 200 ? "met" : "NOT met")); "
            + "\(Figures.fixed(pages.p95 / max(floor.p95, 0.001), decimals: 2))x the stylesheet's p95")

        // New events arrive: the first summary after them folds only those events.
        let appended = try Self.appendSpend(url: url, token: writer, count: 1_000)
        let (after, _) = try Self.fetch(url + "?period=2026")
        let (again, _) = try Self.fetch(url + "?period=2026")
        Terminal.writeLine("after appending \(appended) events over the API: the summary of 2026 took \(Figures.fixed(after, decimals: 3)) s (warm facts + views), then \(Figures.fixed(again, decimals: 3)) s (cached)")
        if workdir == nil { TemporaryFolder.remove(folder, files: sample.made + [script]) }
    }

    /// Starts the server on a free port and returns its URL.
    static func start(_ dashboard: Dashboard) throws -> String {
        let ready = DispatchSemaphore(value: 0)
        let address = Address()
        Task {
            do {
                try await WebServer.run(dashboard: dashboard, host: "127.0.0.1", port: 0) { url in
                    address.set(url)
                    ready.signal()
                }
            } catch {
                Terminal.writeError("serve: \(error)")
                ready.signal()
            }
        }
        ready.wait()
        guard let url = address.value else { throw ValidationError("the server did not start") }
        return url
    }

    /// Seconds and bytes of one GET, by curl.
    static func fetch(_ url: String) throws -> (Double, Int) {
        let output = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", url])
        let parts = output.split(separator: " ")
        guard parts.count == 3, parts[0] == "200", let seconds = Double(parts[1]), let bytes = Int(parts[2]) else {
            throw ValidationError("GET \(url) answered \(output)")
        }
        return (seconds, bytes)
    }

    struct Load {
        var rate: Double
        var p50: Double
        var p95: Double
        var p99: Double
        var errors: Int
    }

    /// wrk with a script that cycles through the pages (or one URL) and prints the percentiles.
    static func load(url: String, script: String?, connections: Int, seconds: Int) throws -> Load {
        let report = script ?? NSTemporaryDirectory() + "roiledger-wrk-report.lua"
        if script == nil { try luaScript(pages: nil).write(toFile: report, atomically: true, encoding: .utf8) }
        let output = try run("/usr/bin/wrk", ["-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "10s", "-s", report, url])
        if script == nil { try? FileManager.default.removeItem(atPath: report) }
        var values: [String: Double] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("roiledger ") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let value = Double(parts[2]) { values[String(parts[1])] = value }
        }
        guard let rate = values["rate"], let p50 = values["p50"], let p95 = values["p95"], let p99 = values["p99"] else {
            throw ValidationError("wrk printed no figures:\n\(output)")
        }
        return Load(rate: rate, p50: p50 / 1000, p95: p95 / 1000, p99: p99 / 1000, errors: Int(values["errors"] ?? 0))
    }

    static func luaScript(pages: [String]?) -> String {
        var lines: [String] = []
        if let pages {
            lines.append("local pages = {" + pages.map { "\"\($0)\"" }.joined(separator: ", ") + "}")
            lines.append("local i = 0")
            lines.append("request = function() i = i % #pages + 1; return wrk.format(\"GET\", pages[i]) end")
        }
        lines += [
            "done = function(summary, latency, requests)",
            "  io.write(string.format(\"roiledger rate %.1f\\n\", summary.requests / (summary.duration / 1e6)))",
            "  for _, p in ipairs({50, 95, 99}) do io.write(string.format(\"roiledger p%d %d\\n\", p, latency:percentile(p))) end",
            "  local e = summary.errors",
            "  io.write(string.format(\"roiledger errors %d\\n\", e.connect + e.read + e.write + e.status + e.timeout))",
            "end",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Appends `count` spend events through POST /v1/events; returns how many landed.
    static func appendSpend(url: String, token: String, count: Int) throws -> Int {
        let body = (1...count).map { index in
            #"{"id":"bench-spend-\#(index)","type":"spend","at":"2026-12-20T00:00:00Z","channel":"paid_search","campaign":"bench","amount":"10.00","currency":"USD","period_start":"2026-12-01","period_end":"2026-12-31","category":"media"}"#
        }.joined(separator: "\n") + "\n"
        let file = NSTemporaryDirectory() + "roiledger-bench-append.jsonl"
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let output = try run("/usr/bin/curl", ["-s", "-H", "Authorization: Bearer \(token)", "--data-binary", "@\(file)", url + "v1/events"])
        guard output.contains("\"appended\":\(count)") else { throw ValidationError("the append answered \(output)") }
        return count
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The URL the server task reports, handed to the waiting command.
final class Address: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var value: String? { lock.withLock { stored } }
    func set(_ url: String) { lock.withLock { stored = url } }
}
