#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One shared `String` per distinct long text a replay reads: campaign names, UTM values and
/// producers' long ids repeat across millions of rows, and each would otherwise be its own heap
/// allocation held for the whole replay. Texts of up to 15 UTF-8 bytes are stored inline by
/// `String` and are not interned (they cost no allocation).
///
/// Open addressing over FNV-1a hashes of the bytes; it stops taking new texts at `limit`
/// entries (a column of unique values then costs one lookup a row, and no memory).
/// One thread at a time: the replay's reader owns it.
final class TextInterner {
    private var hashes: [UInt64]
    private var strings: [String]
    private var mask: Int
    private var count = 0
    private let limit: Int

    init(limit: Int = 1 << 22) {
        self.limit = limit
        hashes = Array(repeating: 0, count: 1024)
        strings = Array(repeating: "", count: 1024)
        mask = 1023
    }

    /// The text of `bytes` (UTF-8), shared with every earlier equal text.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count <= 15 { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash |= 1  // 0 marks an empty slot
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash, Self.equal(strings[slot], bytes) { return strings[slot] }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard count < limit else { return text }
        hashes[slot] = hash
        strings[slot] = text
        count += 1
        if count * 2 > mask { grow() }
        return text
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }

    private func grow() {
        let oldHashes = hashes
        let oldStrings = strings
        let capacity = (mask + 1) * 2
        hashes = Array(repeating: 0, count: capacity)
        strings = Array(repeating: "", count: capacity)
        mask = capacity - 1
        for (hash, text) in zip(oldHashes, oldStrings) where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash >> 7) & mask
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = hash
            strings[slot] = text
        }
    }
}
