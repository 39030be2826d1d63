public import LedgerCore
public import LedgerIngest
public import LedgerStore

/// Builds JSON Lines the way a producer would send them, so tests read like the user's input.
///
///     let lines = LedgerFixture()
///         .touch("t-1", contact: "c-1", at: "2026-01-05T10:00:00Z", channel: "paid_search")
///         .opportunity("o-1", account: "a-1", amount: "48000.00")
///         .lines
public struct LedgerFixture: Sendable {
    public private(set) var lines: [String] = []

    public init() {}

    public func raw(_ line: String) -> LedgerFixture {
        var copy = self
        copy.lines.append(line)
        return copy
    }

    public func touch(_ id: String, contact: String, at: String = "2026-01-05T10:00:00Z", channel: String? = nil,
                      campaign: String? = nil, utmSource: String? = nil, utmMedium: String? = nil, account: String? = nil) -> LedgerFixture {
        var fields = [#""id":"\#(id)""#, #""type":"touch""#, #""at":"\#(at)""#, #""contact":"\#(contact)""#]
        if let account { fields.append(#""account":"\#(account)""#) }
        if let channel { fields.append(#""channel":"\#(channel)""#) }
        if let campaign { fields.append(#""campaign":"\#(campaign)""#) }
        if utmSource != nil || utmMedium != nil {
            var utm: [String] = []
            if let utmSource { utm.append(#""source":"\#(utmSource)""#) }
            if let utmMedium { utm.append(#""medium":"\#(utmMedium)""#) }
            fields.append(#""utm":{\#(utm.joined(separator: ","))}"#)
        }
        return raw("{" + fields.joined(separator: ",") + "}")
    }

    public func opportunity(_ id: String, opportunity: String? = nil, account: String = "a-1", stage: String = "created",
                            at: String = "2026-02-10T09:00:00Z", amount: String? = "48000.00", currency: String = "USD",
                            contacts: [String] = []) -> LedgerFixture {
        var fields = [#""id":"\#(id)""#, #""type":"opportunity""#, #""at":"\#(at)""#,
                      #""opportunity":"\#(opportunity ?? id)""#, #""account":"\#(account)""#, #""stage":"\#(stage)""#]
        if let amount { fields.append(#""amount":"\#(amount)","currency":"\#(currency)""#) }
        if !contacts.isEmpty { fields.append(#""contacts":[\#(contacts.map { "\"\($0)\"" }.joined(separator: ","))]"#) }
        return raw("{" + fields.joined(separator: ",") + "}")
    }

    public func merge(_ id: String, kind: String = "contact", from: String, into: String, at: String = "2026-03-01T00:00:00Z") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"merge","at":"\#(at)","kind":"\#(kind)","from":"\#(from)","into":"\#(into)"}"#)
    }

    public func unmerge(_ id: String, merge: String, at: String = "2026-03-02T00:00:00Z") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"unmerge","at":"\#(at)","merge":"\#(merge)"}"#)
    }

    public func retract(_ id: String, event: String, at: String = "2026-03-03T00:00:00Z") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"retract","at":"\#(at)","event":"\#(event)","reason":"test"}"#)
    }

    public func rules(_ id: String, name: String = "default", effectiveFrom: String = "2026-01-01") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"rules","at":"2026-01-01T00:00:00Z","name":"\#(name)","effective_from":"\#(effectiveFrom)","body":{"attribution":{"model":"linear"}}}"#)
    }

    public func spend(_ id: String, amount: String = "1200.00", channel: String = "paid_search") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"spend","at":"2026-02-01T00:00:00Z","channel":"\#(channel)","amount":"\#(amount)","currency":"USD","period_start":"2026-01-01","period_end":"2026-01-31"}"#)
    }

    /// `count` distinct touches, ids `<prefix>-1`…, one contact each.
    public static func touches(_ count: Int, prefix: String = "t") -> LedgerFixture {
        var fixture = LedgerFixture()
        for index in 1...max(count, 1) where count > 0 {
            fixture = fixture.touch("\(prefix)-\(index)", contact: "c-\(index % 97)", at: "2026-01-05T10:00:00Z", channel: "email")
        }
        return fixture
    }
}

/// A ledger file in a temporary folder with a clock the test controls.
public final class TestLedger: @unchecked Sendable {
    public let directory = TemporaryDirectory()
    public let path: String
    public let log: EventLog

    public init(currency: String = "USD", clock: any LedgerClock = FixedClock(Timestamp(microseconds: 1_790_000_000_000_000))) throws {
        path = directory.file("ledger.sqlite")
        log = try EventLog.create(path: path, currency: currency, clock: clock)
    }

    /// Ingests the lines as one input file named `name`.
    @discardableResult
    public func ingest(_ lines: [String], name: String = "events.jsonl", options: IngestOptions = IngestOptions()) throws -> IngestSummary {
        let file = directory.writeLines(name, lines)
        return try Ingestor(log: log, options: options).ingest(try LineReader(path: file), displayName: name)
    }

    /// Every stored event, in seq order.
    public func events() throws -> [StoredEvent] {
        var all: [StoredEvent] = []
        try log.events { all.append($0) }
        return all
    }
}
