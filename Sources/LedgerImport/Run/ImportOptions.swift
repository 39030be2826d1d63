public import LedgerCore

/// Settings of one import run.
public struct ImportOptions: Sendable {
    /// Read, convert and check everything; append nothing.
    public var dryRun = false
    /// Land the good rows when at most this many rows are bad (0: the import lands whole or
    /// not at all).
    public var maxBadRows = 0
    /// Commit every this many data rows (nil: one transaction for the whole run).
    public var batchSize: Int?
    /// A backfill's ledger time for every event of the run.
    public var recordedAt: Timestamp?
    /// The IANA zone of the export's naive times, overriding the mapping's.
    public var timeZone: String?

    public init(dryRun: Bool = false, maxBadRows: Int = 0, batchSize: Int? = nil, recordedAt: Timestamp? = nil, timeZone: String? = nil) {
        self.dryRun = dryRun
        self.maxBadRows = maxBadRows
        self.batchSize = batchSize
        self.recordedAt = recordedAt
        self.timeZone = timeZone
    }
}

/// What one file of an import did.
public struct ImportedFile: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public var bytes: Int64
    /// The physical line of the header row.
    public var headerLine: Int
    /// Data rows read (after the header, not counting blank, total and footer rows).
    public var rows = 0
    /// Total and subtotal rows the mapping skips.
    public var skippedRows = 0
    public var rejectedRows = 0
    public var events = 0
    public var appended = 0
    public var duplicates = 0
    /// Earlier revisions of facts the platform revised, retracted by this import.
    public var retracted = 0
}

/// What an import did, or in a dry run would do.
public struct ImportSummary: Sendable, Equatable {
    public var mapping: String
    public var mappingVersion: Int
    public var mappingSHA256: String
    public var timeZone: String
    public var files: [ImportedFile] = []
    /// False for a dry run, and when bad rows stopped the import.
    public var landed = false
    public var dryRun = false
    /// Rejected rows by code.
    public var rejectCounts: [RejectCode: Int] = [:]
    /// The first rejects, in file order, for the terminal.
    public var firstRejects: [Reject] = []
    public var firstSeq: Int64?
    public var lastSeq: Int64?

    public var rows: Int { files.reduce(0) { $0 + $1.rows } }
    public var rejectedRows: Int { files.reduce(0) { $0 + $1.rejectedRows } }
    public var events: Int { files.reduce(0) { $0 + $1.events } }
    public var appended: Int { files.reduce(0) { $0 + $1.appended } }
    public var duplicates: Int { files.reduce(0) { $0 + $1.duplicates } }
    public var retracted: Int { files.reduce(0) { $0 + $1.retracted } }

    static let firstRejectsKept = 10
}

/// The import stopped because more rows were bad than `--max-bad-rows` allows; nothing was
/// appended (or, with batches, nothing after the last committed batch).
public struct TooManyBadRows: Error, Sendable {
    public var summary: ImportSummary
    public var limit: Int
}
