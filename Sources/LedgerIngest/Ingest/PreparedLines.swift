import LedgerCore

/// A run of input lines parsed, validated and put in canonical form, ready to append.
///
/// Preparing a line (JSON parse, validation into a typed `Event`, canonical re-encoding) costs
/// about as much as appending it, so `prepare` does it on another core a run ahead of the
/// appends. The canonical bodies of a run sit end to end in one buffer: one allocation per run,
/// not per line.
struct PreparedLines: Sendable {
    struct Line: Sendable {
        /// 1-based line number in the input.
        var number: Int
        var event: Event
        /// Where its canonical body ends in `bodies` (it starts where the previous one ends).
        var bodyEnd: Int
    }

    static let runLength = 1024

    var lines: [Line] = []
    var bodies: [UInt8] = []
    /// The input's last line number and bytes read once this run was cut (blank lines count).
    var linesRead = 0
    var bytesRead: Int64 = 0

    /// The canonical body of `lines[index]`.
    func withBody<R>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : lines[index - 1].bodyEnd
        return try bodies.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<lines[index].bodyEnd])) }
    }

    /// Reads `reader` to its end in runs, putting each into `pipe` until the pipe stops taking
    /// them. A line that cannot be read, parsed or validated ends the input with its error
    /// (after the runs before it, so every line before it is appended or rejected first).
    static func prepare(_ reader: LineReader, decoder: EventDecoder, displayName: String, into pipe: BatchPipe<PreparedLines>) throws(IngestError) {
        var writer = CanonicalJSONWriter(reservingCapacity: 4096)
        var run = PreparedLines()
        func cut() -> Bool {
            run.linesRead = reader.lineNumber
            run.bytesRead = reader.bytesRead
            defer { run = PreparedLines() }
            return pipe.put(run)
        }
        while true {
            let line: UnsafeBufferPointer<UInt8>?
            do throws(IngestError) {
                line = try reader.nextLine()
            } catch {
                var located = error
                located.file = located.file ?? displayName
                _ = cut()
                throw located
            }
            guard let line else { _ = cut(); return }
            if isBlank(line) { continue }
            let decoded: EventDecoder.Decoded
            do throws(IngestError) {
                decoded = try decode(line, lineNumber: reader.lineNumber, decoder: decoder, file: displayName)
            } catch {
                _ = cut()
                throw error
            }
            writer.reset()
            writer.write(.object(decoded.canonicalBody))
            if run.lines.isEmpty { run.bodies.reserveCapacity(runLength * 384) }
            run.bodies.append(contentsOf: writer.bytes)
            run.lines.append(Line(number: reader.lineNumber, event: decoded.event, bodyEnd: run.bodies.count))
            if run.lines.count == runLength, !cut() { return }
        }
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, decoder: EventDecoder, file: String) throws(IngestError) -> EventDecoder.Decoded {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw IngestError(file: file, line: lineNumber, column: error.offset + 1, message: "invalid JSON: \(error.message)",
                              hint: "each line must be one JSON object")
        }
        do {
            return try decoder.decode(value)
        } catch {
            throw IngestError(file: file, line: lineNumber, field: error.field, message: error.problem, hint: "expected \(error.expected)")
        }
    }
}

/// The caller's reader, used by the preparing thread alone while an ingest runs (the ingest
/// returns only after that thread has stopped).
struct UncheckedReader: @unchecked Sendable {
    let reader: LineReader
}
