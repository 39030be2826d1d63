public import LedgerCore
public import LedgerIngest

/// Appending JSON Lines: each input lands whole or not at all (or batch by batch).
public struct IngestRequest: Sendable {
    /// A file path, or `-` for standard input.
    public var input: String
    public var batchSize: Int?
    /// Backfill: the ledger time of every event (RFC 3339).
    public var recordedAt: String?

    public init(input: String, batchSize: Int? = nil, recordedAt: String? = nil) {
        self.input = input
        self.batchSize = batchSize
        self.recordedAt = recordedAt
    }

    /// How errors and progress name the input when not by its path (`(request body)`).
    public var label: String?

    /// How the input is named in errors and progress.
    public var displayName: String { label ?? (input == "-" ? "(stdin)" : input) }
}

extension LedgerSession {
    /// Ingests one input. `onLine` sees lines and bytes read so far and the input's size when
    /// known; `onCommit` each committed batch.
    public func ingest(_ request: IngestRequest, onLine: @escaping (Int, Int64, Int64?) -> Void = { _, _, _ in },
                       onCommit: @escaping (BatchAcknowledgement) -> Void = { _ in }) throws -> IngestSummary {
        if let size = request.batchSize, size < 1 {
            throw AppError.invalidParameter(.batchSize, value: String(size), problem: "is less than 1", expected: "a number of lines, at least 1, such as 10000")
        }
        let recordedAt = try request.recordedAt.map { try RequestValues.timestamp($0, .recordedAt) }
        let ingestor = Ingestor(log: store, options: IngestOptions(batchSize: request.batchSize, recordedAt: recordedAt))
        do {
            let reader = try LineReader(path: request.input)
            let total = reader.totalBytes
            return try ingestor.ingest(reader, displayName: request.displayName, onLine: { onLine($0, $1, total) }, onCommit: onCommit)
        } catch {
            throw AppError.wrap(error)
        }
    }

}
