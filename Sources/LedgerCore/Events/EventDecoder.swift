/// Turns one parsed JSON event into a validated `Event` and its canonical body, or says which
/// field breaks the contract.
///
/// This is the only gate into the ledger: everything `ingest` appends passed through here, and
/// `verify` re-derives stored columns through it, so the contract lives in one place.
public struct EventDecoder: Sendable {
    /// The ledger's reporting currency: money in any other currency is refused.
    public let currency: String

    public init(currency: String) {
        self.currency = currency
    }

    /// A validated event and its canonical body (the bytes that are stored and hashed).
    public struct Decoded: Sendable {
        public var event: Event
        /// The producer's object with `at` in UTC, `amount` normalised and `v` present.
        public var canonicalBody: JSONObject
    }

    /// Fields the ledger sets on append and never takes from input.
    static let ledgerOwnedFields = ["seq", "recorded_at", "hash"]

    public func decode(_ value: JSONValue) throws(EventValidationError) -> Decoded {
        guard case .object(let object) = value else {
            throw EventValidationError(field: "(line)", problem: "is a JSON \(value.typeName)", expected: "one JSON object per line")
        }
        let fields = FieldReader(object)
        for key in Self.ledgerOwnedFields where object[key] != nil {
            throw fields.fail(key, "was supplied by the producer", "no `\(key)`: the ledger sets it on append")
        }
        let id = try fields.string("id", required: true, maxLength: EventLimits.idLengthMax, kind: "the producer's idempotency key")!
        let typeName = try fields.string("type", required: true, maxLength: 50, kind: "the event type")!
        guard let type = EventType(rawValue: typeName) else {
            let allTypes = EventType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fields.fail("type", "is \"\(typeName)\", an unknown type", "one of \(allTypes)")
        }
        let at = try timestamp(fields)
        let version = try fields.positiveInteger("v", required: false) ?? 1
        let payload = try decodePayload(type, fields)

        var body = object
        // One copy of the members, with room for `v`, rather than a copy and then a regrowth.
        body.members.reserveCapacity(object.members.count + 1)
        body["at"] = .string(RFC3339.format(at.timestamp, nanosecondRemainder: at.nanosecondRemainder))
        body["v"] = .number(String(version))
        if case .string(let amountText) = object["amount"], let amount = Money(amountText) {
            body["amount"] = .string(amount.description)
        }
        let event = Event(id: id, at: at.timestamp, schemaVersion: version, payload: payload)
        return Decoded(event: event, canonicalBody: body)
    }

    private func timestamp(_ fields: FieldReader) throws(EventValidationError) -> RFC3339.Parsed {
        let expected = "an RFC 3339 timestamp with a zone, such as 2026-03-01T14:05:00Z or 2026-03-01T15:05:00+01:00"
        guard let value = fields.object["at"] else { throw fields.fail("at", "missing", expected) }
        guard case .string(let text) = value else { throw fields.fail("at", "is \(value.typeName)", expected) }
        guard let parsed = RFC3339.parse(text) else { throw fields.fail("at", "is \"\(text)\"", expected) }
        return parsed
    }

    /// Money needs its currency, and the currency must be the ledger's.
    func requireCurrency(_ fields: FieldReader, required: Bool) throws(EventValidationError) {
        let expected = "the ledger's currency \"\(currency)\" (ISO 4217, set by init)"
        guard let value = fields.object["currency"] else {
            if required { throw fields.fail("currency", "missing", expected) }
            return
        }
        guard case .string(let code) = value else { throw fields.fail("currency", "is \(value.typeName)", expected) }
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw fields.fail("currency", "is \"\(code)\", not an ISO 4217 code", expected)
        }
        guard code == currency else {
            throw fields.fail("currency", "is \(code), but this ledger reports in \(currency)", expected + "; convert the amount before ingest")
        }
    }
}
