import LedgerCore
import Testing

/// A checkpoint's sections are decoded side by side, each with its own string table: each must
/// read alone, be consumed exactly, and fit in the state.
@Suite("Checkpoint sections")
struct CheckpointSectionTests {
    static func twoSections() -> [UInt8] {
        var encoder = CheckpointEncoder()
        encoder.write(7 as Int)
        encoder.writeSection { section in
            section.write("c-1")
            section.write("c-1")
            section.write(42 as Int)
        }
        encoder.writeSection { section in
            section.write("c-1")
            section.write(true)
        }
        return encoder.bytes
    }

    @Test func eachSectionDecodesAloneWithItsOwnStrings() throws {
        let bytes = Self.twoSections()
        let (head, first, second) = try CheckpointDecoder.decode(bytes[...]) { decoder throws(CheckpointError) in
            let head = try decoder.readInt()
            let first = try decoder.readSection()
            let second = try decoder.readSection()
            // The second section first: it must not need the first one's string table.
            let secondValues = try second.decode { decoder throws(CheckpointError) in (try decoder.readString(), try decoder.readBool()) }.get()
            let firstValues = try first.decode { decoder throws(CheckpointError) in
                (try decoder.readString(), try decoder.readString(), try decoder.readInt())
            }.get()
            return (head, firstValues, secondValues)
        }
        #expect(head == 7)
        #expect(first == ("c-1", "c-1", 42))
        #expect(second == ("c-1", true))
    }

    @Test func aSectionMustBeReadExactly() throws {
        let bytes = Self.twoSections()
        let leftOver = try CheckpointDecoder.decode(bytes[...]) { decoder throws(CheckpointError) in
            _ = try decoder.readInt()
            let first = try decoder.readSection()
            _ = try decoder.readSection()
            return first.decode { decoder throws(CheckpointError) in try decoder.readString() }
        }
        #expect(throws: CheckpointError.self) { try leftOver.get() }
    }

    @Test func aSectionLongerThanTheStateIsRefused() {
        var bytes = Self.twoSections()
        bytes[1] = 0x7E  // the first section's length (a varint of one byte): 63 bytes, more than are left
        #expect(throws: CheckpointError.self) {
            try CheckpointDecoder.decode(bytes[...]) { decoder throws(CheckpointError) in
                _ = try decoder.readInt()
                return try decoder.readSection()
            }
        }
    }
}
