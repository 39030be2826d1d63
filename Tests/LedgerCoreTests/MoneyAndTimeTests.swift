import LedgerCore
import Testing

@Suite("Money")
struct MoneyTests {
    @Test(arguments: [
        ("12500.00", 125_000_000, "12500"), ("12500.5", 125_005_000, "12500.5"), ("-300", -3_000_000, "-300"),
        ("0.0001", 1, "0.0001"), ("-0.50", -5000, "-0.5"), ("-0", 0, "0"), ("007", 70000, "7"),
        ("99999999999999.9999", 999_999_999_999_999_999, "99999999999999.9999"),
    ])
    func parsesAndNormalises(text: String, units: Int64, canonical: String) throws {
        let money = try #require(Money(text))
        #expect(money.units == units)
        #expect(money.description == canonical)
    }

    @Test(arguments: ["", "-", "1.", ".5", "1.23456", "+5", "1e3", "1,000", " 1", "100000000000000", "1.2.3", "--1", "0x10"])
    func rejectsAnythingElse(text: String) {
        #expect(Money(text) == nil)
    }
}

@Suite("Time")
struct TimeTests {
    @Test(arguments: [
        ("2026-03-01T14:05:00Z", "2026-03-01T14:05:00Z"),
        ("2026-03-01T15:05:00+01:00", "2026-03-01T14:05:00Z"),
        ("2026-03-01T00:30:00-02:30", "2026-03-01T03:00:00Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
        ("2026-03-01t14:05:00.5z", "2026-03-01T14:05:00.5Z"),
        ("2026-03-01T14:05:00.123456789Z", "2026-03-01T14:05:00.123456789Z"),
        ("2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ])
    func parsesRFC3339ToUTC(text: String, canonical: String) throws {
        let parsed = try #require(RFC3339.parse(text))
        #expect(RFC3339.format(parsed.timestamp, nanosecondRemainder: parsed.nanosecondRemainder) == canonical)
    }

    @Test(arguments: [
        "2026-03-01 14:05:00Z", "2026-03-01T14:05:00", "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T14:60:00Z", "2026-03-01T14:05:60Z", "2026-03-01T14:05:00.Z",
        "2026-03-01T14:05:00.1234567890Z", "2026-03-01T14:05:00+0100", "2026-03-01T14:05:00+24:00",
        "0001-01-01T00:30:00+01:00", "26-03-01T14:05:00Z", "2026-3-01T14:05:00Z", "",
    ])
    func rejectsInvalidTimestamps(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func microsecondsSinceTheEpoch() throws {
        #expect(RFC3339.parse("1970-01-01T00:00:01.000001Z")?.timestamp.microseconds == 1_000_001)
        #expect(RFC3339.parse("1969-12-31T23:59:59.999999Z")?.timestamp.microseconds == -1)
        let leapDay = try #require(RFC3339.parse("2024-02-29T12:00:00Z")).timestamp
        #expect(leapDay.date.description == "2024-02-29")
    }

    @Test func datesRoundTripAndValidate() throws {
        let date = try #require(LedgerDate("2026-12-31"))
        #expect(date.description == "2026-12-31")
        #expect(LedgerDate("2026-02-29") == nil)
        #expect(LedgerDate("2024-02-29") != nil)
        #expect(LedgerDate("2026-13-01") == nil)
        #expect(LedgerDate("2026-04-31") == nil)
        #expect(try #require(LedgerDate("2026-03-01")).dayNumber - (try #require(LedgerDate("2026-02-28"))).dayNumber == 1)
        #expect(LedgerDate("1970-01-01")?.dayNumber == 0)
    }
}

@Suite("Hash chain")
struct EventHashTests {
    /// Pinned vectors: the chain's byte layout may never change once a ledger holds hashes.
    /// Computed independently with Python's hashlib over
    /// 32 zero bytes ‖ seq (8 bytes BE) ‖ recorded_at µs (8 bytes BE) ‖ body.
    @Test func linksMatchTheDocumentedLayout() {
        let body = Array(#"{"at":"2026-01-05T10:00:00Z","contact":"c-1","id":"t-1","type":"touch","v":1}"#.utf8)
        let recordedAt = Timestamp(microseconds: 1_790_000_000_000_000)
        let first = body.withUnsafeBytes { EventHash.link(previous: .genesis, seq: 1, recordedAt: recordedAt, body: $0) }
        #expect(first.description == "a461f75b1a991ec982111e731b8a3072efed86044a940bc9d8da1587ac098316")
        let second = body.withUnsafeBytes { EventHash.link(previous: first, seq: 2, recordedAt: recordedAt, body: $0) }
        #expect(second.description == "2353d48b20fae1fa271a52e83facbd3ef05708b6394f474ce3fb5bfa33f17b46")
    }

    @Test func parsesHexInEitherCase() {
        let hex = "A461F75B1A991EC982111E731B8A3072EFED86044A940BC9D8DA1587AC098316"
        #expect(EventHash(hex: hex)?.description == hex.lowercased())
        #expect(EventHash(hex: "abc") == nil)
        #expect(EventHash(hex: String(repeating: "g", count: 64)) == nil)
    }
}
