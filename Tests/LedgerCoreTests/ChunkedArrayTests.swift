import LedgerCore
import Testing

@Suite("Chunked array")
struct ChunkedArrayTests {
    /// Around the chunk edges (2^14 elements a chunk), by position and by iteration, as an array would.
    @Test(arguments: [0, 1, 16_383, 16_384, 16_385, 40_000])
    func holdsWhatAnArrayHolds(count: Int) {
        var chunked = ChunkedArray<String>()
        var array: [String] = []
        for index in 0..<count {
            chunked.append("e\(index)")
            array.append("e\(index)")
        }
        #expect(chunked.count == count)
        #expect(Array(chunked) == array)
        #expect(chunked.indices.allSatisfy { chunked[$0] == array[$0] })
        #expect(chunked.reversed().first == array.last)
        #expect(chunked.enumerated().map(\.offset) == Array(array.indices))
    }

    /// A chunk taken to refer to an element stays what it was when the collection grows on.
    @Test func aChunkHoldsItsElementAtItsOffset() {
        var chunked = ChunkedArray<Int>()
        for value in 0..<40_000 { chunked.append(value) }
        for position in [0, 16_383, 16_384, 39_999] {
            let (elements, offset) = chunked.chunk(holding: position)
            #expect(elements[offset] == position)
            #expect(elements.count == min(16_384, 40_000 - position + offset))
        }
        let (last, offset) = chunked.chunk(holding: 39_999)
        for value in 40_000..<50_000 { chunked.append(value) }
        #expect(last.count == 40_000 - 32_768 && last[offset] == 39_999)
        #expect(chunked[39_999] == 39_999 && chunked.count == 50_000)
    }

    @Test func equalWhenTheElementsAre() {
        var one = ChunkedArray<Int>()
        var other: ChunkedArray<Int> = []
        for value in 0..<20_000 {
            one.append(value)
            other.append(value)
        }
        #expect(one == other)
        other.append(0)
        #expect(one != other)
        one.append(1)
        #expect(one != other)
        #expect(ChunkedArray<Int>() == [])
    }
}
