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
