import LedgerCore
import LedgerStore
import TestSupport

/// Appends validated events straight through the store, without the ingest layer.
func append(_ lines: [String], to log: any EventStore, recordedAt: Timestamp? = nil) throws -> [AppendOutcome] {
    let decoder = EventDecoder(currency: log.currency)
    var writer = CanonicalJSONWriter()
    return try log.append(recordedAt: recordedAt) { appender in
        try lines.map { line in
            let decoded = try decoder.decode(try JSONParser.parse(line))
            writer.reset()
            writer.write(.object(decoded.canonicalBody))
            return try writer.bytes.withUnsafeBytes { try appender.append(decoded.event, canonicalBody: $0) }
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: LedgerClock, @unchecked Sendable {
    var time: Timestamp
    init(_ microseconds: Int64) { time = Timestamp(microseconds: microseconds) }
    func now() -> Timestamp { time }
}

let january2026: Int64 = 1_767_225_600_000_000
