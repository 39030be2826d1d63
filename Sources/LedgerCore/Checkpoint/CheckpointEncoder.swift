/// Writes projection state as compact bytes for a checkpoint: integers as LEB128 varints
/// (signed ones zigzagged), strings interned so that a contact or channel named a million times
/// is written once, and the rest as tags. Only `CheckpointDecoder` reads it, in the same program
/// version, so the format needs no stability beyond one `codeVersion` of a projection.
public struct CheckpointEncoder {
    public private(set) var bytes: [UInt8] = []
    private var interned: [String: UInt32] = [:]

    public init(reservingCapacity capacity: Int = 1 << 20) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func write(_ value: Int) {
        write(Int64(value))
    }

    public mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func write(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    /// A string likely to repeat (a contact, a channel, a stage): written once, then by number.
    public mutating func write(_ string: String) {
        if let number = interned[string] {
            write(UInt64(number) << 1)
            return
        }
        interned[string] = UInt32(interned.count)
        writeBytes(of: string, tag: 1)
    }

    /// A string that never repeats (an event id): written in place and not remembered, on
    /// either side (`CheckpointDecoder.readUnique`).
    public mutating func writeUnique(_ string: String) {
        writeBytes(of: string, tag: 1)
    }

    /// An event id (never repeats, like `writeUnique`): a UUID kept as bits is written as its
    /// 16 bytes after a zero head, any other id as its text (whose head is odd), so a ledger of
    /// random ids saves 20 bytes an id and makes no string for it on either side.
    public mutating func write(_ id: EventID) {
        switch id {
        case .text(let text):
            writeUnique(text)
        case .uuid(let high, let low):
            bytes.append(0)
            appendBigEndian(high)
            appendBigEndian(low)
        }
    }

    public mutating func write(_ string: String?) {
        guard let string else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        write(string)
    }

    public mutating func write(_ money: Money) {
        write(money.units)
    }

    public mutating func write(_ timestamp: Timestamp) {
        write(timestamp.microseconds)
    }

    public mutating func write(_ date: LedgerDate) {
        write(date.dayNumber)
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(0)
        case .bool(let flag): bytes.append(flag ? 2 : 1)
        case .number(let text):
            bytes.append(3)
            write(text)
        case .string(let text):
            bytes.append(4)
            write(text)
        case .array(let elements):
            bytes.append(5)
            write(elements.count)
            for element in elements { write(element) }
        case .object(let object):
            bytes.append(6)
            write(object.members.count)
            for member in object.members {
                write(member.key)
                write(member.value)
            }
        }
    }

    /// A part of the state with a string table of its own, written with its length, so that
    /// `CheckpointDecoder.readSection` can hand it to another core: the parts of a large state
    /// are decoded side by side.
    public mutating func writeSection(_ body: (inout CheckpointEncoder) -> Void) {
        var section = CheckpointEncoder(reservingCapacity: 1 << 16)
        body(&section)
        write(section.bytes.count)
        bytes.append(contentsOf: section.bytes)
    }

    private mutating func appendBigEndian(_ word: UInt64) {
        for shift in stride(from: 56 as UInt64, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
    }

    private mutating func writeBytes(of string: String, tag: UInt64) {
        var copy = string
        copy.withUTF8 { utf8 in
            write(UInt64(utf8.count) << 1 | tag)
            bytes.append(contentsOf: utf8)
        }
    }
}
