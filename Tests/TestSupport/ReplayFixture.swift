public import LedgerCore
public import LedgerProjections

/// Folds JSON lines straight into replay state, seq = line number, without a store: for
/// hand-computed projection tests.
public enum ReplayFixture {
    public static func records(_ lines: [String]) throws -> [ReplayRecord] {
        let decoder = EventDecoder(currency: "USD")
        return try lines.enumerated().map { offset, line in
            ReplayRecord(seq: Int64(offset + 1), recordedAt: Timestamp(microseconds: Int64(offset)),
                         event: try decoder.decode(JSONParser.parse(line)).event)
        }
    }

    public static func facts(_ lines: [String]) throws -> LedgerFacts {
        var facts = LedgerFacts()
        for record in try records(lines) { facts.apply(record) }
        return facts
    }

    public static func date(_ text: String) -> LedgerDate {
        LedgerDate(text)!
    }

    public static func timestamp(_ text: String) -> Timestamp {
        RFC3339.parse(text)!.timestamp
    }
}

extension LedgerFixture {
    public func stage(_ id: String, contact: String, stage: String, at: String) -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"stage","at":"\#(at)","contact":"\#(contact)","stage":"\#(stage)"}"#)
    }

    public func adjustment(_ id: String, opportunity: String, amount: String, at: String) -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"adjustment","at":"\#(at)","opportunity":"\#(opportunity)","amount":"\#(amount)","currency":"USD"}"#)
    }

    public func contactFacts(_ id: String, contact: String, account: String, at: String = "2026-01-01T00:00:00Z", attributes: String = "{}") -> LedgerFixture {
        raw(#"{"id":"\#(id)","type":"contact","at":"\#(at)","contact":"\#(contact)","account":"\#(account)","attributes":\#(attributes)}"#)
    }
}
