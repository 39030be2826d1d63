import Foundation
import LedgerCore
@testable import LedgerImport
import Testing

/// Numbers, dates, zones and ids as exports write them, read strictly.
@Suite("reading cell values")
struct ValueReadingTests {
    static let usd = NumberLocale(decimal: ".", group: ",", currencySymbols: ["$", "USD"], negativeParentheses: true, missing: ["--"])
    static let german = NumberLocale(decimal: ",", group: ".", currencySymbols: ["€"])
    static let bare = NumberLocale(decimal: ".")

    @Test(arguments: [
        ("1,234.56", "1234.56"), ("$48,000.00", "48000"), ("USD 48,000.00", "48000"), ("(1,200.50)", "-1200.5"),
        ("-$5.25", "-5.25"), ("$-5.25", "-5.25"), ("0.00", "0"), ("  212.45 ", "212.45"), ("1,234,567.8900", "1234567.89"),
        ("12", "12"), ("007", "7"),
    ])
    func moneyInTheUSLocale(text: String, expected: String) throws {
        #expect(try Self.usd.read(text, money: true) == expected)
    }

    @Test func theGermanLocaleReadsCommaDecimalsAndDotGroups() throws {
        #expect(try Self.german.read("12.500,00", money: true) == "12500")
        #expect(try Self.german.read("-412,50", money: true) == "-412.5")
        #expect(try Self.german.read("1.234.567,8 €", money: true) == "1234567.8")
    }

    @Test func missingMarkersAndEmptyCellsAreNoValue() throws {
        #expect(try Self.usd.read("--", money: true) == nil)
        #expect(try Self.usd.read("  ", money: true) == nil)
    }

    @Test(arguments: [
        (bare, "1,234", RejectCode.ambiguousNumber),
        (german, "1,234.5", RejectCode.castNumber),
        (usd, "1,23,4", RejectCode.castNumber),
        (usd, "12,34.5", RejectCode.castNumber),
        (usd, "1.5e3", RejectCode.castNumber),
        (usd, "12.34567", RejectCode.moneyPrecision),
        (usd, "twelve", RejectCode.castNumber),
        (usd, "1.2.3", RejectCode.castNumber),
        (usd, ".", RejectCode.castNumber),
    ])
    func strictRefusals(locale: NumberLocale, text: String, code: RejectCode) {
        #expect(throws: CellProblem.self) { try locale.read(text, money: true) }
        do {
            _ = try locale.read(text, money: true)
        } catch {
            #expect(error.code == code, "\(text)")
        }
    }

    @Test func moreThanFourFractionDigitsAreFineWhenTheExtraDigitsAreZeroOrTheValueIsNotMoney() throws {
        #expect(try Self.usd.read("12.345600", money: true) == "12.3456")
        #expect(try Self.usd.read("45.925123", money: false) == "45.925123")
    }

    static func parse(_ format: String, _ text: String) -> LocalDateTime? {
        DateFormat(format)!.parse(text)
    }

    @Test func datePatterns() {
        #expect(Self.parse("M/D/YYYY, h:mm a", "1/5/2026, 2:05 PM") == LocalDateTime(year: 2026, month: 1, day: 5, hour: 14, minute: 5))
        #expect(Self.parse("M/D/YYYY, h:mm a", "12/15/2025, 12:04 AM") == LocalDateTime(year: 2025, month: 12, day: 15, hour: 0, minute: 4))
        #expect(Self.parse("YYYYMMDD", "20260131") == LocalDateTime(year: 2026, month: 1, day: 31, isDateOnly: true))
        #expect(Self.parse("DD.MM.YYYY", "31.01.2026") == LocalDateTime(year: 2026, month: 1, day: 31, isDateOnly: true))
        #expect(Self.parse("MMMM D, YYYY", "January 7, 2026") == LocalDateTime(year: 2026, month: 1, day: 7, isDateOnly: true))
        #expect(Self.parse("MMM D, YYYY", "Feb 28, 2026") == LocalDateTime(year: 2026, month: 2, day: 28, isDateOnly: true))
        #expect(Self.parse("YYYY-MM-DD HH:mm", "2026-02-30 10:00") == nil, "no 30 February")
        #expect(Self.parse("YYYY-MM-DD HH:mm", "2026-02-03 24:00") == nil)
        #expect(Self.parse("M/D/YYYY h:mm a", "1/5/2026 13:05 PM") == nil)
        #expect(Self.parse("YYYYMMDD", "2026131") == nil)
        #expect(DateFormat("YYYY-QQ") == nil, "letters that are not fields are refused")
        #expect(DateFormat("h:mm") == nil, "a format needs a date")
    }

    @Test func isoTimestampsWithAndWithoutOffsets() {
        let iso = DateFormat("iso8601")!
        #expect(iso.parse("2025-10-23T21:05:00.000Z") == LocalDateTime(year: 2025, month: 10, day: 23, hour: 21, minute: 5, offsetSeconds: 0))
        #expect(iso.parse("2026-01-06T08:30:00-05:00")?.offsetSeconds == -18_000)
        #expect(iso.parse("2026-01-06T08:30:00+0530")?.offsetSeconds == 19_800)
        #expect(iso.parse("2026-01-06 08:30") == LocalDateTime(year: 2026, month: 1, day: 6, hour: 8, minute: 30))
        #expect(iso.parse("2026-01-06T08:30:00.250Z")?.microsecond == 250_000)
        #expect(iso.parse("06/01/2026") == nil)
    }

    @Test func excelSerialDays() {
        let serial = DateFormat("excel_serial")!
        // 46023 is 2026-01-01 in Excel's 1900 date system; .75 is 18:00.
        #expect(serial.parse("46023") == LocalDateTime(year: 2026, month: 1, day: 1, isDateOnly: true))
        #expect(serial.parse("46023.75") == LocalDateTime(year: 2026, month: 1, day: 1, hour: 18))
        #expect(serial.parse("2026-01-01") == nil)
    }

    @Test func naiveTimesAreReadInTheirZoneAcrossDaylightSaving() throws {
        let newYork = try #require(ZoneClock(identifier: "America/New_York"))
        // EST (UTC-5) in January, EDT (UTC-4) after 8 March 2026.
        #expect(newYork.timestamp(LocalDateTime(year: 2026, month: 1, day: 14, hour: 10, minute: 20))?.description == "2026-01-14T15:20:00Z")
        #expect(newYork.timestamp(LocalDateTime(year: 2026, month: 3, day: 16, hour: 10, minute: 42))?.description == "2026-03-16T14:42:00Z")
        // 02:30 on 8 March 2026 does not exist in New York: the clocks skip from 02:00 to 03:00.
        #expect(newYork.timestamp(LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)) == nil)
        // 01:30 on 1 November 2026 happens twice; the first (EDT) is taken.
        #expect(newYork.timestamp(LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30))?.description == "2026-11-01T05:30:00Z")
        // A stated offset wins over the zone.
        #expect(newYork.timestamp(LocalDateTime(year: 2026, month: 1, day: 6, hour: 8, minute: 30, offsetSeconds: 0))?.description == "2026-01-06T08:30:00Z")
        #expect(ZoneClock(identifier: "Mars/Olympus_Mons") == nil)
    }

    @Test func salesforceIDsBecomeTheirEighteenCharacterForm() {
        // Pairs from the fixture's report (15) and API (18) exports.
        #expect(SalesforceID.canonical("00Q5g00000Lp7QA") == "00Q5g00000Lp7QAEAZ")
        #expect(SalesforceID.canonical("00Q5g00000Lp7Qa") == "00Q5g00000Lp7QaEAJ", "case twins stay apart")
        #expect(SalesforceID.canonical("00Q5g00000SG2NV") == "00Q5g00000SG2NVEA1")
        #expect(SalesforceID.canonical("00Q5g00000Lp7QAEAZ") == "00Q5g00000Lp7QAEAZ")
        #expect(SalesforceID.canonical("00Q5g00000Lp7QAeaz") == "00Q5g00000Lp7QAEAZ", "the suffix is case-insensitive")
        #expect(SalesforceID.canonical("00Q5g00000Lp7QAEAA") == nil, "a suffix that does not match")
        #expect(SalesforceID.canonical("00Q5g00000Lp7Q") == nil)
        #expect(SalesforceID.canonical("00Q5g00000Lp7Q!") == nil)
    }
}
