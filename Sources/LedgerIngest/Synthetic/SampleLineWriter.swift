import LedgerCore

/// Builds JSON lines into one reusable byte buffer. The sample only writes strings it made
/// itself, so escaping is needed for none of them (checked in debug builds).
struct SampleLineWriter {
    private(set) var bytes: [UInt8] = []
    private var isFirstField = true

    init() {
        bytes.reserveCapacity(1 << 21)
    }

    mutating func begin(id: String, type: String, at: String) {
        bytes.append(UInt8(ascii: "{"))
        isFirstField = true
        string("id", id)
        string("type", type)
        string("at", at)
    }

    mutating func end() {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func key(_ name: StaticString) {
        if !isFirstField { bytes.append(UInt8(ascii: ",")) }
        isFirstField = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private mutating func quoted(_ value: String) {
        assert(!value.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 })
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        quoted(value)
    }

    mutating func number(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Pre-rendered JSON (an object or array the caller built).
    mutating func raw(_ name: StaticString, _ json: String) {
        key(name)
        bytes.append(contentsOf: json.utf8)
    }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (offset, value) in values.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object of string fields, in the order given.
    mutating func object(_ name: StaticString, _ fields: [(String, String)]) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        for (offset, field) in fields.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(field.0)
            bytes.append(UInt8(ascii: ":"))
            quoted(field.1)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Money from whole currency units, as the contract's decimal string (`"48000.00"`).
func sampleMoney(_ whole: Int) -> String {
    "\(whole).00"
}
