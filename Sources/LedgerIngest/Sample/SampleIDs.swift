/// The event types the generator writes (never `close`: only `roiledger close` writes those).
enum SampleEventKind: UInt8, CaseIterable {
    case rules, touch, contact, stage, opportunity, merge, unmerge, spend, adjustment, selfReport, retract

    var typeName: StaticString {
        switch self {
        case .rules: "rules"
        case .touch: "touch"
        case .contact: "contact"
        case .stage: "stage"
        case .opportunity: "opportunity"
        case .merge: "merge"
        case .unmerge: "unmerge"
        case .spend: "spend"
        case .adjustment: "adjustment"
        case .selfReport: "self_report"
        case .retract: "retract"
        }
    }

    /// Readable ids: a prefix per type so ids never collide across types.
    var readablePrefix: StaticString {
        switch self {
        case .rules: "rules-"
        case .touch: "t-"
        case .contact: "ce-"
        case .stage: "s-"
        case .opportunity: "oe-"
        case .merge: "m-"
        case .unmerge: "um-"
        case .spend: "sp-"
        case .adjustment: "adj-"
        case .selfReport: "sr-"
        case .retract: "r-"
        }
    }

    /// Zero-padding of readable counters, sized for a typical sample (longer counters just grow).
    var readableWidth: Int {
        switch self {
        case .touch: 7
        case .contact, .stage, .opportunity: 6
        case .merge, .unmerge: 4
        case .rules: 1
        default: 5
        }
    }
}

/// The records events talk about: accounts, contacts and opportunities.
enum SampleRecordKind: UInt64 {
    case account = 1, contact = 2, opportunity = 3

    var readablePrefix: StaticString {
        switch self {
        case .account: "a-"
        case .contact: "c-"
        case .opportunity: "o-"
        }
    }

    var readableWidth: Int {
        switch self {
        case .account: 5
        case .contact: 6
        case .opportunity: 5
        }
    }
}

/// Enough to spell an event's id again later, when a `retract` or `unmerge` names it.
struct SampleEventRef {
    var kind: SampleEventKind
    /// 1-based count of events of this kind so far (readable ids).
    var counter: Int
    /// 1-based line number in the file (UUID ids).
    var line: Int
}

/// Writes ids in the chosen style.
///
/// UUIDs: the low 62 bits are a keyed bijection of (namespace, index), so two different events
/// or records can never get the same UUID; the high bits are a keyed hash, the version nibble is
/// 4 and the variant bits are `10`, as RFC 9562 asks of a version 4 UUID.
struct SampleIdentity {
    let style: SampleIDStyle
    private let permutationKey: UInt64
    private let hashKey: UInt64

    init(style: SampleIDStyle, seed: UInt64) {
        self.style = style
        var state = seed ^ 0x5EED_1D5_0F_1D5
        permutationKey = SampleRandom.splitMix(&state)
        hashKey = SampleRandom.splitMix(&state)
    }

    func writeEventID(_ ref: SampleEventRef, into out: inout SampleLineWriter) {
        switch style {
        case .readable:
            out.raw(ref.kind.readablePrefix)
            if ref.kind == .rules { out.raw("default-") }
            out.decimal(ref.counter, width: ref.kind.readableWidth)
        case .uuid:
            writeUUID(namespace: 0, index: UInt64(ref.line), into: &out)
        }
    }

    func writeRecordID(_ kind: SampleRecordKind, _ index: Int, into out: inout SampleLineWriter) {
        switch style {
        case .readable:
            out.raw(kind.readablePrefix)
            out.decimal(index + 1, width: kind.readableWidth)
        case .uuid:
            writeUUID(namespace: kind.rawValue, index: UInt64(index), into: &out)
        }
    }

    private func writeUUID(namespace: UInt64, index: UInt64, into out: inout SampleLineWriter) {
        precondition(index < 1 << 56, "index beyond the UUID namespace")
        let input = namespace << 56 | index
        let low = 0x8000_0000_0000_0000 | Self.permute62(input ^ permutationKey)
        let high = (SampleRandom.mix(input ^ hashKey) & ~0xF000) | 0x4000
        out.hex(high >> 32, digits: 8)
        out.byte(UInt8(ascii: "-"))
        out.hex(high >> 16, digits: 4)
        out.byte(UInt8(ascii: "-"))
        out.hex(high, digits: 4)
        out.byte(UInt8(ascii: "-"))
        out.hex(low >> 48, digits: 4)
        out.byte(UInt8(ascii: "-"))
        out.hex(low, digits: 12)
    }

    /// A bijection on 62-bit values: each step (xor with a constant, multiply by an odd number
    /// modulo 2^62, xor with a right shift) can be undone, so distinct inputs stay distinct.
    static func permute62(_ value: UInt64) -> UInt64 {
        let mask: UInt64 = (1 << 62) - 1
        var x = value & mask
        x = (x &* 0x9E37_79B9_7F4A_7C15) & mask
        x ^= x >> 31
        x = (x &* 0xBF58_476D_1CE4_E5B9) & mask
        x ^= x >> 29
        x = (x &* 0x94D0_49BB_1331_11EB) & mask
        x ^= x >> 32
        return x
    }
}
