public import LedgerCore
public import LedgerStore

/// Settings of one ingest run.
public struct IngestOptions: Sendable {
    /// Commit and acknowledge every this many lines; nil lands each input whole or not at all.
    public var batchSize: Int?
    /// A backfill's ledger time for every event of the run.
    public var recordedAt: Timestamp?

    public init(batchSize: Int? = nil, recordedAt: Timestamp? = nil) {
        self.batchSize = batchSize
        self.recordedAt = recordedAt
    }
}

/// What one input did to the ledger.
public struct IngestSummary: Sendable, Equatable {
    public var lines = 0
    public var appended = 0
    public var duplicates = 0
    public var batches = 0
    public var firstSeq: Int64?
    public var lastSeq: Int64?

    public init() {}
}

/// A committed batch: durable once reported.
public struct BatchAcknowledgement: Sendable, Equatable {
    /// Lines `firstLine...lastLine` of the input are in the ledger (appended or duplicates).
    public var firstLine: Int
    public var lastLine: Int
    /// Event lines in the batch (blank lines are not events).
    public var lineCount: Int
    public var appended: Int
    public var duplicates: Int
    public var head: LedgerHead?
}

/// Reads JSON Lines, validates each event against the contract, and appends it to the ledger
/// in transactions that land whole or not at all.
///
/// The hot path per line, on two threads: byte-level JSON parse, validation into a typed
/// `Event` and canonical re-encoding into its run's shared buffer on one (`PreparedLines`);
/// one SHA-256 and one prepared INSERT on the calling thread. No Foundation decoder and no
/// per-line allocation beyond the parsed strings.
public struct Ingestor {
    public let log: any EventStore
    public var options: IngestOptions

    public init(log: any EventStore, options: IngestOptions = IngestOptions()) {
        self.log = log
        self.options = options
    }

    /// Ingests one input. `displayName` names it in errors. `onLine` is called every 65,536
    /// lines with the line count and bytes read, for progress; `onCommit` after each batch.
    ///
    /// Lines are prepared (parsed, validated, canonicalised) on another core a run ahead of
    /// the appends, which stay on the calling thread in input order; the first bad line stops
    /// the run as before, after every line ahead of it. `reader` is not used once this returns.
    public func ingest(_ reader: LineReader, displayName: String,
                       onLine: ((Int, Int64) -> Void)? = nil,
                       onCommit: ((BatchAcknowledgement) -> Void)? = nil) throws -> IngestSummary {
        let pipe = BatchPipe<PreparedLines>(capacity: 4)
        let input = UncheckedReader(reader: reader)
        let decoder = EventDecoder(currency: log.currency)
        pipe.startProducer { pipe in
            try PreparedLines.prepare(input.reader, decoder: decoder, displayName: displayName, into: pipe)
        }
        defer { pipe.stopAndWaitForProducer() }
        var state = RunState(pipe: pipe, displayName: displayName)
        var summary = IngestSummary()
        while !state.isAtEnd {
            let acknowledgement: BatchAcknowledgement
            do {
                acknowledgement = try log.append(recordedAt: options.recordedAt) { appender in
                    try appendBatch(to: appender, state: &state, summary: &summary, onLine: onLine)
                }
            } catch let error as StoreError {
                // Not about a line (the ledger file, the lock, --recorded-at): name the input.
                throw IngestError(file: displayName, line: nil, message: error.description, hint: nil)
            }
            guard acknowledgement.lineCount > 0 else { break }
            summary.batches += 1
            summary.appended += acknowledgement.appended
            summary.duplicates += acknowledgement.duplicates
            if acknowledgement.appended > 0, let head = acknowledgement.head {
                summary.firstSeq = summary.firstSeq ?? (head.seq - Int64(acknowledgement.appended) + 1)
                summary.lastSeq = head.seq
            }
            onCommit?(acknowledgement)
        }
        return summary
    }

    /// What one run carries from batch to batch: the prepared run being appended and where.
    struct RunState {
        let pipe: BatchPipe<PreparedLines>
        let displayName: String
        var run = PreparedLines()
        var index = 0
        /// The input's line count once it has ended (trailing blank lines included).
        var linesAtEnd = 0
        var isAtEnd = false

        init(pipe: BatchPipe<PreparedLines>, displayName: String) {
            self.pipe = pipe
            self.displayName = displayName
        }

        /// Moves to the next prepared line; false at the end of the input. Throws the error of
        /// the first line that could not be prepared, once every line before it was taken.
        mutating func advance() throws -> Bool {
            if isAtEnd { return false }
            index += 1
            while index >= run.lines.count {
                guard let next = try pipe.take() else {
                    isAtEnd = true
                    return false
                }
                linesAtEnd = next.linesRead
                run = next
                index = 0
            }
            return true
        }
    }

    /// Appends prepared lines until the input ends or the batch is full, inside one transaction.
    private func appendBatch(to appender: EventAppender, state: inout RunState,
                             summary: inout IngestSummary, onLine: ((Int, Int64) -> Void)?) throws -> BatchAcknowledgement {
        let headSeqBefore = appender.head?.seq ?? 0
        // The input line of each event appended in this batch, to name both sides of a conflict.
        var appendedLines: [Int32] = []
        var firstLine: Int?
        var lastLine: Int?
        var lineCount = 0
        while options.batchSize.map({ lineCount < $0 }) ?? true {
            guard try state.advance() else { break }
            let line = state.run.lines[state.index]
            firstLine = firstLine ?? line.number
            lastLine = line.number
            lineCount += 1
            summary.lines += 1
            let outcome: AppendOutcome
            do {
                outcome = try state.run.withBody(of: state.index) { (body) throws(StoreError) in
                    try appender.append(line.event, canonicalBody: body)
                }
            } catch let error as StoreError {
                throw Self.describe(error, file: state.displayName, line: line.number, batchLines: appendedLines, batchStartSeq: headSeqBefore)
            }
            if case .appended = outcome { appendedLines.append(Int32(truncatingIfNeeded: line.number)) }
            if summary.lines & 0xFFFF == 0 { onLine?(summary.lines, state.run.bytesRead) }
        }
        if state.isAtEnd { lastLine = state.linesAtEnd }
        return BatchAcknowledgement(firstLine: firstLine ?? state.linesAtEnd, lastLine: lastLine ?? state.linesAtEnd, lineCount: lineCount,
                                    appended: appender.appendedCount, duplicates: appender.duplicateCount, head: appender.head)
    }

    /// Turns a store refusal into an error that names the line, and for a conflict inside the
    /// same input, the earlier line too.
    static func describe(_ error: StoreError, file: String, line: Int, batchLines: [Int32], batchStartSeq: Int64) -> IngestError {
        switch error {
        case .conflict(let id, let existingSeq, let existingBody, let newBody):
            let offset = Int(existingSeq - batchStartSeq - 1)
            let earlier = offset >= 0 && offset < batchLines.count
                ? "line \(batchLines[offset]) of this input"
                : "seq \(existingSeq) of the ledger"
            return IngestError(file: file, line: line, field: "id",
                               message: "conflict: id \"\(id)\" was already used by \(earlier) with other content\n  earlier: \(existingBody)\n  this:    \(newBody)",
                               hint: "an id names one fact forever: give this event its own id, or retract the earlier one; nothing from this batch was written")
        case .invalidReference(let field, let problem, let expected):
            return IngestError(file: file, line: line, field: field, message: problem, hint: "expected \(expected)")
        default:
            return IngestError(file: file, line: line, message: error.description, hint: nil)
        }
    }
}
