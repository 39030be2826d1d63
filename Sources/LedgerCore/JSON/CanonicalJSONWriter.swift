/// Writes a `JSONValue` in the ledger's canonical form, the form that is stored and hashed:
/// object keys sorted by their UTF-8 bytes, no insignificant whitespace, numbers in
/// `CanonicalNumber` form, strings with the minimal escapes (`"`, `\`, and control characters:
/// `\b \f \n \r \t` short, others as `\u00xx`), non-ASCII characters as raw UTF-8, `/` unescaped.
///
/// Two events are "the same" exactly when their canonical bytes are equal, so this form never
/// changes meaning once a ledger holds hashes made with it.
public struct CanonicalJSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer but keeps its storage, so one writer serves a whole ingest.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let text): bytes.append(contentsOf: CanonicalNumber.canonical(text).utf8)
        case .string(let string): writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            // A body read back from the ledger is already in key order: no sorted copy for it.
            if Self.isInKeyOrder(object.members) {
                writeMembers(object.members)
            } else {
                writeMembers(object.members.sorted { Self.precedes($0.key, $1.key) })
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeMembers(_ members: [JSONObject.Member]) {
        for (offset, member) in members.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(member.key)
            bytes.append(UInt8(ascii: ":"))
            write(member.value)
        }
    }

    /// The canonical key order: by UTF-8 bytes. (Keys are unique, so no two compare equal.)
    private static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func isInKeyOrder(_ members: [JSONObject.Member]) -> Bool {
        var index = 1
        while index < members.count {
            if !precedes(members[index - 1].key, members[index].key) { return false }
            index += 1
        }
        return true
    }

    private mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                // Copy the run of plain bytes before this one in one go, then the escape.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                appendEscape(for: byte)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}

extension JSONValue {
    /// The canonical text of this value (see `CanonicalJSONWriter`).
    public var canonicalText: String {
        var writer = CanonicalJSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
