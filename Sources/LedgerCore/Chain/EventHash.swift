internal import Crypto

/// A SHA-256 link of the ledger's hash chain.
///
/// Each event's hash is `SHA-256(previous hash ‖ seq ‖ recorded_at ‖ canonical body)`, where the
/// previous hash is 32 bytes (32 zero bytes before seq 1), `seq` and `recorded_at` (microseconds
/// since the epoch) are 8-byte big-endian signed integers, and the body is the canonical JSON's
/// UTF-8 bytes. Changing, removing, reordering or inserting any event therefore changes every
/// hash after it; an auditor who kept one `(seq, hash)` pair (see `head`) can prove the whole
/// prefix up to it.
public struct EventHash: Sendable, Hashable, CustomStringConvertible {
    public static let byteCount = 32

    /// The 32 bytes, kept as four words so a hash costs no allocation.
    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var word3: UInt64 = 0

    /// The "previous hash" of seq 1.
    public static let genesis = EventHash()

    private init() {}

    /// Builds a hash from exactly 32 bytes; nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init()
        withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
    }

    /// Builds a hash from exactly 32 bytes in memory; nil for any other length. (Not generic, so
    /// callers in other modules, such as `verify` once a row, get a plain copy of four words.)
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init()
        withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
    }

    /// Parses 64 hexadecimal digits (either case).
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == Self.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        var index = 0
        while index < utf8.count {
            guard let high = Hex.value(of: utf8[index]), let low = Hex.value(of: utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes: bytes)
    }

    /// The next link of the chain.
    public static func link(previous: EventHash, seq: Int64, recordedAt: Timestamp, body: UnsafeRawBufferPointer) -> EventHash {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        Swift.withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        Swift.withUnsafeBytes(of: recordedAt.microseconds.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: body)
        var result = EventHash()
        hasher.finalize().withUnsafeBytes { digest in
            result.withUnsafeMutableBytes { $0.copyMemory(from: digest) }
        }
        return result
    }

    /// The 32 bytes in order.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var copy = self
        let result: Result<R, E> = Swift.withUnsafeBytes(of: &copy) { raw in
            do throws(E) { return .success(try body(UnsafeRawBufferPointer(rebasing: raw[0..<Self.byteCount]))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &self) { try body(UnsafeMutableRawBufferPointer(rebasing: $0[0..<Self.byteCount])) }
    }

    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// 64 lowercase hex digits.
    public var description: String {
        withUnsafeBytes { Hex.encode($0) }
    }
}
