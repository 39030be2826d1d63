import LedgerCore

/// Checks copied rows against their bodies and the chain. Beyond decoding the body, a row that
/// passes costs no copies: its body is hashed, parsed and compared where it lies in the batch,
/// and each typed column is compared with the event's value in place. One per checking thread:
/// it reuses its writer's buffer from row to row.
struct RowChecker {
    let decoder: EventDecoder
    private var writer = CanonicalJSONWriter()

    init(decoder: EventDecoder) {
        self.decoder = decoder
    }

    /// Why row `row` of the batch fails, or nil; `arena` is the batch's `bytes`. The checks run
    /// in the order `verify` reports them: hash link, JSON, contract, canonical form, columns.
    ///
    /// The hash is linked from the previous row's *stored* hash, so rows can be checked in any
    /// order: up to the first row that fails, stored and recomputed hashes are the same, so the
    /// first failure is the one a sequential recomputation of the chain would find.
    mutating func problem(row: Int, in batch: VerifyBatch, arena: UnsafeRawBufferPointer) -> String? {
        let body = VerifyBatch.bytes(of: batch.cell(row, EventColumns.body), in: arena)
        let previous = row == 0 ? batch.previousHash : EventHash(bytes: VerifyBatch.bytes(of: batch.cell(row - 1, EventColumns.hash), in: arena))
        let storedHash = EventHash(bytes: VerifyBatch.bytes(of: batch.cell(row, EventColumns.hash), in: arena))
        // A previous hash that is not 32 bytes failed on its own row, which comes first.
        guard let previous, storedHash == EventHash.link(previous: previous, seq: batch.seq(row), recordedAt: batch.recordedAt(row), body: body) else {
            return "hash mismatch: the stored hash is not SHA-256 of the previous hash, seq, recorded_at and body; the event or one before it was altered"
        }
        let decoded: EventDecoder.Decoded
        do {
            decoded = try decoder.decode(try JSONParser.parse(body.assumingMemoryBound(to: UInt8.self)))
        } catch let error as JSONSyntaxError {
            return "body is not valid JSON (\(error.message) at byte \(error.offset))"
        } catch {
            return "body breaks the event contract: \(error)"
        }
        writer.reset()
        writer.write(.object(decoded.canonicalBody))
        let isCanonical = writer.bytes.withUnsafeBytes { Self.bytesEqual($0, body) }
        if !isCanonical { return "body is not in canonical form" }
        return columnProblem(decoded.event, row: row, in: batch, arena: arena)
    }

    /// The first column, in row order, whose stored value is not what the body says, described;
    /// nil when every column agrees. Compares in place; only a failure builds values to print.
    private func columnProblem(_ event: Event, row: Int, in batch: VerifyBatch, arena: UnsafeRawBufferPointer) -> String? {
        var mismatched: UInt64 = 0
        func check(_ column: Int32, _ expected: ColumnValue) {
            if !Self.matches(batch.cell(row, column), expected, arena) { mismatched |= 1 << UInt64(column) }
        }
        check(1, .text(event.id))
        check(2, .text(event.type.rawValue))
        check(3, .integer(Int64(event.schemaVersion)))
        check(4, .integer(event.at.microseconds))
        // recorded_at (5) is the ledger's own: the body says nothing about it.
        var isSet: UInt64 = 0
        EventColumns.forEachValue(of: event) { index, value in
            let column = EventColumns.firstTyped + Int32(index)
            isSet |= 1 << UInt64(column)
            check(column, value)
        }
        for column in EventColumns.firstTyped..<EventColumns.body where isSet & 1 << UInt64(column) == 0 {
            if batch.cell(row, column).kind != .null { mismatched |= 1 << UInt64(column) }
        }
        guard mismatched != 0 else { return nil }
        let column = Int32(mismatched.trailingZeroBitCount)
        let stored = Self.sqlValue(batch.cell(row, column), arena)
        return "column \(EventColumns.all[Int(column)]) holds \(stored) but the body says \(Self.expectedValue(event, column: column))"
    }

    private static func matches(_ cell: VerifyBatch.Cell, _ expected: ColumnValue, _ arena: UnsafeRawBufferPointer) -> Bool {
        switch expected {
        case .integer(let integer):
            return cell.kind == .integer && cell.value == integer
        case .text(let text):
            guard cell.kind == .text else { return false }
            var text = text
            return text.withUTF8 { bytesEqual(UnsafeRawBufferPointer($0), VerifyBatch.bytes(of: cell, in: arena)) }
        }
    }

    /// What the body says column `column` holds (the failure path only).
    private static func expectedValue(_ event: Event, column: Int32) -> SQLValue {
        switch column {
        case 1: .text(event.id)
        case 2: .text(event.type.rawValue)
        case 3: .integer(Int64(event.schemaVersion))
        case 4: .integer(event.at.microseconds)
        default: EventColumns.values(of: event)[Int(column - EventColumns.firstTyped)]
        }
    }

    /// A stored cell as `Statement.value` reads it (the failure path only).
    private static func sqlValue(_ cell: VerifyBatch.Cell, _ arena: UnsafeRawBufferPointer) -> SQLValue {
        switch cell.kind {
        case .null: .null
        case .integer: .integer(cell.value)
        case .blob: .blob(Array(VerifyBatch.bytes(of: cell, in: arena)))
        case .text, .real: .text(String(decoding: VerifyBatch.bytes(of: cell, in: arena), as: UTF8.self))
        }
    }

    /// Byte equality eight bytes at a time (`elementsEqual` walks one byte at a time).
    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var offset = 0
        while offset + 8 <= a.count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        while offset < a.count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }
}
