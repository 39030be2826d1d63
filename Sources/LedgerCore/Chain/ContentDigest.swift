internal import Crypto

/// SHA-256 of content, as 64 hex digits: the digest reports carry and rule sets are named by.
public enum ContentDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: bytes)
        return Hex.encode(Array(hasher.finalize()))
    }

    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return Hex.encode(Array(hasher.finalize()))
    }

    public static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }
}

/// SHA-256 over content that arrives in pieces (a file read chunk by chunk).
public struct StreamingDigest: Sendable {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The digest as 64 hex digits; the hasher is not used afterwards.
    public func finish() -> String {
        Hex.encode(Array(hasher.finalize()))
    }
}
