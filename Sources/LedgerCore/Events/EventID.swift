/// An event's id, kept as compactly as its text allows.
///
/// Many producers send random UUIDs. As a `String`, a 36-character UUID does not fit the 15
/// bytes a string holds inline, so each one costs a heap block of its own (about 80 bytes
/// beside the string's 16); a replay keeps one per touch. A UUID in canonical form (lowercase
/// hexadecimal, hyphens at 8, 13, 18 and 23) is kept as its 128 bits instead, and any other
/// id as its text. The mapping is one to one, so two ids are equal exactly when their texts
/// are, and `description` gives the text back byte for byte.
public enum EventID: Hashable, Sendable, CustomStringConvertible {
    /// A canonical UUID's 128 bits: the first and last 16 hexadecimal digits.
    case uuid(UInt64, UInt64)
    case text(String)

    public init(_ text: String) {
        self = Self.parseUUID(text).map { .uuid($0.high, $0.low) } ?? .text(text)
    }

    public var description: String {
        switch self {
        case .text(let text):
            return text
        case .uuid(let high, let low):
            return String(unsafeUninitializedCapacity: 36) { output in
                var index = 0
                for digit in 0..<32 {
                    if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                        output[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    let word = digit < 16 ? high : low
                    let shift = UInt64(60 - 4 * (digit & 15))
                    output[index] = Hex.digits[Int(truncatingIfNeeded: (word >> shift) & 0xF)]
                    index += 1
                }
                return index
            }
        }
    }

    /// The bits of a canonical UUID, or nil for any other text (uppercase included: kept as
    /// text, it prints as it came).
    private static func parseUUID(_ text: String) -> (high: UInt64, low: UInt64)? {
        var text = text
        return text.withUTF8 { bytes -> (high: UInt64, low: UInt64)? in
            guard bytes.count == 36 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var digitCount = 0
            for (position, byte) in bytes.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte &- UInt8(ascii: "a") &+ 10
                default: return nil
                }
                if digitCount < 16 {
                    high = high << 4 | UInt64(value)
                } else {
                    low = low << 4 | UInt64(value)
                }
                digitCount += 1
            }
            return (high, low)
        }
    }
}
