/// Builds JSON Lines text straight into one reusable byte buffer.
///
/// Why bytes and not `String`: a million events is a few hundred megabytes of text, and
/// interpolating every field would allocate per field. Every literal here is a `StaticString`
/// (copied with one `memcpy`) and every number is formatted by hand, so a line costs no
/// allocation once the buffer has grown to its flush size. Callers only ever pass text from the
/// generator's own tables, which holds no `"` or `\`, so nothing needs escaping.
struct SampleLineWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    /// Hands the buffered lines to `emit` and empties the buffer, keeping its storage.
    mutating func flush(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try emit($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Arbitrary text given by the caller (used only for the currency code, checked at init).
    mutating func text(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    /// A non-negative integer in decimal, at least `width` digits (zero-padded).
    mutating func decimal(_ value: Int, width: Int = 1) {
        precondition(value >= 0, "decimal(_:) formats non-negative values only")
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let length = max(digits, width)
        let start = bytes.count
        for _ in 0..<length { bytes.append(UInt8(ascii: "0")) }
        var index = start + length - 1
        var remaining = value
        while remaining > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// Money from integer cents as the contract's decimal string with two fraction digits
    /// (`4800000` → `48000.00`, `-1250` → `-12.50`). Never a `Double`.
    mutating func money(cents: Int64) {
        if cents < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = Int(cents.magnitude)
        decimal(magnitude / 100)
        byte(UInt8(ascii: "."))
        decimal(magnitude % 100, width: 2)
    }

    /// `digits` lowercase hex digits of `value` (the low `4 * digits` bits).
    mutating func hex(_ value: UInt64, digits: Int) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }
}
