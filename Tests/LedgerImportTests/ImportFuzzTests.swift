import Foundation
import LedgerCore
@testable import LedgerImport
import LedgerStore
import Testing
import TestSupport

/// Hostile input: the reader and the importer never crash, never grow without bound, and say
/// what is wrong with a row instead of guessing.
@Suite("hostile exports")
struct ImportFuzzTests {
    static let lenient = ImportOptions(maxBadRows: Int.max)

    static func run(_ ledger: TestLedger, _ bytes: [UInt8]) throws -> ImportRun {
        let path = ledger.directory.file("hostile-\(UUID().uuidString).csv")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try ledger.importFiles([path], mapping: "touch-sheet", options: lenient)
    }

    static let header = Array("contact_id,timestamp,touch_type\n".utf8)

    @Test func anUnbalancedQuoteRejectsOnlyItsRowNamingTheLineItStarts() throws {
        let ledger = try TestLedger()
        let run = try Self.run(ledger, Self.header + Array("c-1,2026-01-05T10:00:00Z,ad_click\n\"c-2,2026-01-05T11:00:00Z,ad_click\nc-3,2026-01-05T12:00:00Z,ad_click\n".utf8))
        #expect(run.summary.appended == 1)
        #expect(run.rejects.map(\.code) == [.unbalancedQuote])
        #expect(run.rejects.first?.line == 3)
    }

    @Test func nulBytesAndInvalidUTF8AreRejectedCellsNotSilentlyEmptyOnes() throws {
        let ledger = try TestLedger()
        let nul = Array("c-\u{0}1,2026-01-05T10:00:00Z,ad_click\n".utf8)
        let invalid: [UInt8] = Array("c-".utf8) + [0xC3, 0x28] + Array(",2026-01-05T10:00:00Z,ad_click\n".utf8)
        let run = try Self.run(ledger, Self.header + nul + invalid + Array("c-3,2026-01-05T12:00:00Z,ad_click\n".utf8))
        #expect(run.rejects.map(\.code) == [.invalidText, .invalidText])
        #expect(run.rejects.map(\.line) == [2, 3])
        #expect(run.rejects.allSatisfy { $0.column == 1 && $0.header == "contact_id" })
        #expect(run.summary.appended == 1)
    }

    @Test func aHundredMegabyteCellIsCutAndRejectedWithoutHoldingIt() throws {
        let ledger = try TestLedger()
        var bytes = Self.header + Array("c-1,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        bytes += Array("\",ad_click\nc-2,2026-01-05T12:00:00Z,ad_click\n".utf8)
        let run = try Self.run(ledger, bytes)
        #expect(run.rejects.map(\.code) == [.cellTooLarge])
        #expect(run.rejects.first?.column == 2)
        #expect(run.summary.appended == 1)
    }

    @Test func aMillionColumnsIsOneRejectedRow() throws {
        let ledger = try TestLedger()
        var bytes = Self.header
        bytes += Array(repeating: Array("a,".utf8), count: 1_000_000).flatMap { $0 }
        bytes += Array("z\nc-2,2026-01-05T12:00:00Z,ad_click\n".utf8)
        let run = try Self.run(ledger, bytes)
        #expect(run.rejects.map(\.code) == [.columnCount])
        #expect(run.summary.appended == 1)
    }

    /// Random bytes from an alphabet of what breaks CSV readers, in a seeded sequence: every run
    /// ends with a summary or a named failure, and every reject names a line in the file.
    @Test(arguments: 1...20)
    func randomHostileBytes(seed: UInt64) throws {
        var generator = SplitMix(seed: seed)
        let alphabet: [UInt8] = Array("\",\n\r\t ;aZ09-:T.".utf8) + [0x00, 0xFF, 0xC3, 0xE2, 0x82]
        var bytes = Self.header
        for _ in 0..<20_000 { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
        let ledger = try TestLedger()
        do {
            let run = try Self.run(ledger, bytes)
            let lines = bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
            #expect(run.rejects.allSatisfy { $0.line >= 2 && $0.line <= lines })
            #expect(run.summary.rows >= run.summary.rejectedRows)
        } catch let failure as ImportFailure {
            #expect(!failure.message.isEmpty)
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
