/// Reads what `CheckpointEncoder` wrote. Every read is bounds-checked and throws on bytes that
/// cannot be what the encoder wrote, so a damaged checkpoint is refused, never half-believed
/// (the caller then replays from the log, as if it did not exist).
public struct CheckpointDecoder: ~Copyable {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var offset = 0
    private var interned: [String] = []

    /// Decodes `bytes` with `body`, which must consume them exactly.
    public static func decode<T>(_ bytes: ArraySlice<UInt8>, _ body: (inout CheckpointDecoder) throws(CheckpointError) -> T) throws(CheckpointError) -> T {
        let result: Result<T, CheckpointError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .failure(.damaged("empty state")) }
            return decode(base: base, count: buffer.count, body)
        }
        return try result.get()
    }

    private static func decode<T>(base: UnsafePointer<UInt8>, count: Int,
                                  _ body: (inout CheckpointDecoder) throws(CheckpointError) -> T) -> Result<T, CheckpointError> {
        var decoder = CheckpointDecoder(base: base, count: count)
        do throws(CheckpointError) {
            let value = try body(&decoder)
            guard decoder.offset == decoder.count else { return .failure(.damaged("\(decoder.count - decoder.offset) bytes left over")) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// A part written by `CheckpointEncoder.writeSection`, to decode (on any thread) with a
    /// string table of its own. It points into the bytes being decoded, so it may be used only
    /// inside the `decode` call that read it.
    public struct Section: @unchecked Sendable {
        fileprivate let base: UnsafePointer<UInt8>
        fileprivate let count: Int

        /// Decodes the part with `body`, which must consume it exactly.
        public func decode<T>(_ body: (inout CheckpointDecoder) throws(CheckpointError) -> T) -> Result<T, CheckpointError> {
            CheckpointDecoder.decode(base: base, count: count, body)
        }
    }

    /// The next part written by `CheckpointEncoder.writeSection`, skipped over here.
    public mutating func readSection() throws(CheckpointError) -> Section {
        let length = try readCount()
        defer { offset += length }
        return Section(base: base + offset, count: length)
    }

    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    public mutating func readUInt64() throws(CheckpointError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < count else { throw .damaged("truncated at byte \(offset)") }
            let byte = base[offset]
            offset += 1
            guard shift < 64 else { throw .damaged("varint too long at byte \(offset)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func readInt64() throws(CheckpointError) -> Int64 {
        let raw = try readUInt64()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    public mutating func readInt() throws(CheckpointError) -> Int {
        Int(try readInt64())
    }

    /// A count of elements to follow; refuses one the remaining bytes cannot hold (each
    /// element takes at least one byte), so damage cannot make a huge allocation.
    public mutating func readCount() throws(CheckpointError) -> Int {
        let value = try readInt64()
        guard value >= 0, value <= Int64(count - offset) else { throw .damaged("implausible count \(value) at byte \(offset)") }
        return Int(value)
    }

    public mutating func readBool() throws(CheckpointError) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let other: throw .damaged("flag \(other) at byte \(offset - 1)")
        }
    }

    public mutating func readString() throws(CheckpointError) -> String {
        let head = try readUInt64()
        if head & 1 == 0 {
            let number = Int(head >> 1)
            guard number < interned.count else { throw .damaged("unknown string \(number) at byte \(offset)") }
            return interned[number]
        }
        let string = try readBytes(length: head >> 1)
        interned.append(string)
        return string
    }

    public mutating func readUnique() throws(CheckpointError) -> String {
        let head = try readUInt64()
        guard head & 1 == 1 else { throw .damaged("expected a string in place at byte \(offset)") }
        return try readBytes(length: head >> 1)
    }

    /// What `CheckpointEncoder.write(_: EventID)` wrote.
    public mutating func readEventID() throws(CheckpointError) -> EventID {
        let head = try readUInt64()
        if head & 1 == 1 {
            // Parsed again rather than trusted as text, so that damage cannot make a second
            // spelling of a UUID that compares unequal to its bits.
            return EventID(try readBytes(length: head >> 1))
        }
        guard head == 0 else { throw .damaged("expected an event id at byte \(offset)") }
        guard count - offset >= 16 else { throw .damaged("event id overruns at byte \(offset)") }
        var words: (UInt64, UInt64) = (0, 0)
        for index in 0..<16 {
            let byte = UInt64(base[offset + index])
            if index < 8 { words.0 = words.0 << 8 | byte } else { words.1 = words.1 << 8 | byte }
        }
        offset += 16
        return .uuid(words.0, words.1)
    }

    public mutating func readOptionalString() throws(CheckpointError) -> String? {
        try readBool() ? try readString() : nil
    }

    public mutating func readMoney() throws(CheckpointError) -> Money {
        Money(units: try readInt64())
    }

    public mutating func readTimestamp() throws(CheckpointError) -> Timestamp {
        Timestamp(microseconds: try readInt64())
    }

    public mutating func readDate() throws(CheckpointError) -> LedgerDate {
        LedgerDate(dayNumber: try readInt())
    }

    public mutating func readJSON() throws(CheckpointError) -> JSONValue {
        switch try readByte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(try readString())
        case 4: return .string(try readString())
        case 5:
            var elements: [JSONValue] = []
            for _ in 0..<(try readCount()) { elements.append(try readJSON()) }
            return .array(elements)
        case 6:
            var members: [JSONObject.Member] = []
            for _ in 0..<(try readCount()) {
                let key = try readString()
                members.append(.init(key: key, value: try readJSON()))
            }
            return .object(JSONObject(members))
        case let other: throw .damaged("JSON tag \(other) at byte \(offset - 1)")
        }
    }

    private mutating func readByte() throws(CheckpointError) -> UInt8 {
        guard offset < count else { throw .damaged("truncated at byte \(offset)") }
        defer { offset += 1 }
        return base[offset]
    }

    private mutating func readBytes(length: UInt64) throws(CheckpointError) -> String {
        guard length <= UInt64(count - offset) else { throw .damaged("string of \(length) bytes overruns at byte \(offset)") }
        let string = String(decoding: UnsafeBufferPointer(start: base + offset, count: Int(length)), as: UTF8.self)
        offset += Int(length)
        return string
    }
}

/// Why a checkpoint was not used.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case damaged(String)

    public var description: String {
        switch self {
        case .damaged(let detail): "damaged checkpoint: \(detail)"
        }
    }
}
