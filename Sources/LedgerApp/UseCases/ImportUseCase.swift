#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerImport

/// Importing exports (CRM and ad-platform CSV) through a mapping.
public struct ImportRequest: Sendable {
    public var inputs: [String]
    /// A shipped mapping's name, or the path of a mapping file.
    public var mapping: String
    public var dryRun = false
    public var maxBadRows = 0
    /// Where to write every rejected row as JSON Lines.
    public var rejectsPath: String?
    public var batchSize: Int?
    /// Backfill: the ledger time of every event (RFC 3339).
    public var recordedAt: String?
    /// The IANA zone of the export's naive times, overriding the mapping's.
    public var timeZone: String?

    public init(inputs: [String], mapping: String, dryRun: Bool = false, maxBadRows: Int = 0, rejectsPath: String? = nil,
                batchSize: Int? = nil, recordedAt: String? = nil, timeZone: String? = nil) {
        self.inputs = inputs
        self.mapping = mapping
        self.dryRun = dryRun
        self.maxBadRows = maxBadRows
        self.rejectsPath = rejectsPath
        self.batchSize = batchSize
        self.recordedAt = recordedAt
        self.timeZone = timeZone
    }
}

extension LedgerSession {
    /// The shipped mappings, by name.
    public static func shippedMappings() throws -> [Mapping] {
        do {
            return try ShippedMappings.all()
        } catch {
            throw AppError.wrap(error)
        }
    }

    /// Imports the request's files. `onEvent` sees each event a dry run would append (canonical
    /// JSON); `onProgress` rows and bytes read with the current file's size.
    public func importExports(_ request: ImportRequest, onEvent: ((String) -> Void)? = nil,
                              onProgress: @escaping (Int, Int64, Int64?) -> Void = { _, _, _ in }) throws -> ImportSummary {
        if let size = request.batchSize, size < 1 {
            throw AppError.invalidParameter(.batchSize, value: String(size), problem: "is less than 1", expected: "a number of rows, at least 1, such as 10000")
        }
        if request.maxBadRows < 0 {
            throw AppError.invalidParameter(.maxBadRows, value: String(request.maxBadRows), problem: "is negative", expected: "a number of rows, 0 or more")
        }
        if request.dryRun, request.batchSize != nil {
            throw AppError.parameterConflict([.batchSize], problem: "a dry run appends nothing, so it has no batches to commit; leave out --batch-size")
        }
        let recordedAt = try request.recordedAt.map { try RequestValues.timestamp($0, .recordedAt) }
        if let zone = request.timeZone, !Importer.isKnownTimeZone(zone) {
            throw AppError.invalidParameter(.timeZone, value: zone, problem: "is not an IANA time zone",
                                            expected: "a name such as America/New_York, Europe/Berlin or UTC (the zone the export's times are in)")
        }
        if !ShippedMappings.isPath(request.mapping), !ShippedMappings.names().contains(request.mapping) {
            throw AppError.invalidParameter(.mapping, value: request.mapping, problem: "is not a shipped mapping",
                                            expected: "one of \(ShippedMappings.names().joined(separator: ", ")), or the path of a mapping file (see `roiledger import --list`)")
        }
        var rejectsFile: UnsafeMutablePointer<FILE>?
        if let path = request.rejectsPath {
            guard let file = fopen(path, "w") else {
                throw AppError.cannotWrite(path: path, reason: String(cString: strerror(errno)), after: nil)
            }
            rejectsFile = file
        }
        defer { if let rejectsFile { fclose(rejectsFile) } }
        do {
            let mapping = try ShippedMappings.load(request.mapping)
            let importer = try Importer(log: store, mapping: mapping, options: ImportOptions(
                dryRun: request.dryRun, maxBadRows: request.maxBadRows, batchSize: request.batchSize,
                recordedAt: recordedAt, timeZone: request.timeZone))
            return try importer.run(request.inputs, onReject: { reject in
                if let rejectsFile { fputs(reject.jsonLine + "\n", rejectsFile) }
            }, onEvent: onEvent, onProgress: onProgress)
        } catch let error as TooManyBadRows {
            throw AppError.tooManyBadRows(error.summary, limit: error.limit, batchesCommitted: request.batchSize != nil)
        } catch {
            throw AppError.wrap(error)
        }
    }
}
