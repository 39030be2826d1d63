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

/// Event ids in a checkpoint: a UUID as its 16 bytes, any other id as its text.
@Suite("Checkpoint event ids")
struct CheckpointEventIDTests {
    static let ids = [
        EventID("3f2504e0-4f89-41d3-9a0c-0305e82c3301"), EventID("t-0000001"), EventID(""),
        EventID("3F2504E0-4F89-41D3-9A0C-0305E82C3301"), .uuid(0, 0), .uuid(.max, 1),
    ]

    static func encoded(_ ids: [EventID]) -> [UInt8] {
        var encoder = CheckpointEncoder()
        for id in ids { encoder.write(id) }
        return encoder.bytes
    }

    static func decoded(_ bytes: [UInt8], count: Int) throws -> [EventID] {
        try CheckpointDecoder.decode(bytes[...]) { decoder throws(CheckpointError) in
            var ids: [EventID] = []
            for _ in 0..<count { ids.append(try decoder.readEventID()) }
            return ids
        }
    }

    @Test func idsComeBackAsTheyWent() throws {
        let back = try Self.decoded(Self.encoded(Self.ids), count: Self.ids.count)
        #expect(back == Self.ids)
        #expect(back.map(\.description) == Self.ids.map(\.description))
    }

    @Test func aUUIDTakesSeventeenBytesAndAnyOtherIdItsText() {
        #expect(Self.encoded([EventID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")]).count == 17)
        #expect(Self.encoded([EventID("t-0000001")]) == [9 << 1 | 1] + Array("t-0000001".utf8))
    }

    /// A UUID that damage (or another writer) left as text still decodes to its bits, so it
    /// equals the same id read from a touch.
    @Test func aUUIDWrittenAsTextIsReadAsItsBits() throws {
        var encoder = CheckpointEncoder()
        encoder.writeUnique("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        let back = try Self.decoded(encoder.bytes, count: 1)
        #expect(back == [EventID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")])
        guard case .uuid = back[0] else {
            Issue.record("kept as text")
            return
        }
    }

    @Test func damagedIdsAreRefused() {
        let uuid = Self.encoded([EventID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")])
        // Cut short inside the bits, an even head that is not zero, and a cut text.
        for bytes in [Array(uuid.dropLast()), [2] + Array(uuid.dropFirst()), Array(Self.encoded([EventID("t-0000001")]).dropLast())] {
            #expect(throws: CheckpointError.self) { try Self.decoded(bytes, count: 1) }
        }
    }
}
