import LedgerCore
@testable import LedgerIngest
import LedgerStore
import Testing
import TestSupport

@Suite("Sample generator")
struct SampleTests {
    static func bytes(_ options: SampleOptions) -> [UInt8] {
        var out: [UInt8] = []
        SampleGenerator(options: options).generate { out.append(contentsOf: $0) }
        return out
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theSameSeedGivesTheSameBytes() {
        let options = SampleOptions(eventCount: 5_000, seed: 42)
        #expect(Self.bytes(options) == Self.bytes(options))
        #expect(Self.bytes(options) != Self.bytes(SampleOptions(eventCount: 5_000, seed: 43)))
        let uuid = SampleOptions(eventCount: 2_000, seed: 42, idStyle: .uuid)
        #expect(Self.bytes(uuid) == Self.bytes(uuid))
    }

    @Test(arguments: [1, 2, 10, 50, 977])
    func writesExactlyTheRequestedLinesAndEveryPrefixIsValid(count: Int) throws {
        let lines = Self.lines(Self.bytes(SampleOptions(eventCount: count, seed: 7)))
        #expect(lines.count == count)
        #expect(lines[0].contains(#""type":"rules""#))
        let ledger = try TestLedger()
        #expect(try ledger.ingest(lines).appended == count)
    }

    @Test(arguments: SampleIDStyle.allCases)
    func aSampleIngestsCompletelyAndVerifies(style: SampleIDStyle) throws {
        let lines = Self.lines(Self.bytes(SampleOptions(eventCount: 20_000, seed: 11, idStyle: style)))
        let ledger = try TestLedger()
        let summary = try ledger.ingest(lines)
        #expect(summary.appended == 20_000)
        #expect(summary.duplicates == 0)
        let types = Set(try ledger.events().map(\.type))
        // Closes are written by `close`; company facts (`account`) come from CRM imports, the
        // sample states them on contacts.
        #expect(types == Set(EventType.allCases).subtracting([.close, .account]))
        #expect(try ledger.log.verify().isValid)
        if style == .uuid {
            #expect(try ledger.events().allSatisfy { $0.id.count == 36 && $0.id.split(separator: "-").count == 5 })
        }
    }

    @Test func uuidsAreVersionFourText() {
        let id = SampleRun.uuid(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210)
        #expect(id == "01234567-89ab-4def-bedc-ba9876543210")
    }
}
