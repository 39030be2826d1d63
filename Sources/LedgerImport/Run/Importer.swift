import LedgerCore
public import LedgerStore

/// Reads exports through a mapping and appends the events their rows state, with the file and
/// line of each event recorded beside the log.
///
/// Rows land whole or not at all; the import lands whole or not at all unless `maxBadRows`
/// allows some bad rows (then the good ones land) or `batchSize` commits as it goes. Ids come
/// from the source records and facts, so importing the same export again appends nothing, and
/// a later export appends only what changed; a revisable fact whose value changed (a day's
/// spend) retracts the old event and appends the new one, so restatements show the move.
///
/// Two threads, as ingest: one reads, converts and validates rows a few hundred ahead
/// (`FileReader`); the calling thread appends them in file order.
public final class Importer {
    public let log: any EventStore
    public let mapping: Mapping
    public let options: ImportOptions
    private let decoder: EventDecoder
    private let zone: String

    /// Events appended in a dry run are shown, not kept.
    public typealias EventSink = (_ canonicalLine: String) -> Void

    static let rowsPerBatch = 256

    public init(log: any EventStore, mapping: Mapping, options: ImportOptions) throws(ImportFailure) {
        self.log = log
        self.mapping = mapping
        self.options = options
        decoder = EventDecoder(currency: log.currency)
        zone = options.timeZone ?? mapping.time.zone
        guard ZoneClock(identifier: zone) != nil else {
            throw ImportFailure(file: "(options)", field: "time-zone", message: "\"\(zone)\" is not an IANA time zone",
                                hint: "name one such as America/New_York, Europe/Berlin or UTC")
        }
    }

    /// Whether `zone` names an IANA time zone this machine knows.
    public static func isKnownTimeZone(_ zone: String) -> Bool {
        ZoneClock(identifier: zone) != nil
    }

    private enum Stop: Error {
        case dryRun
        case tooManyBadRows
    }

    /// Imports `paths` in order. `onReject` sees every refused row; `onEvent` (dry runs) every
    /// event that would be appended; `onProgress` rows and bytes read with the file's size.
    public func run(_ paths: [String], onReject: @escaping (Reject) -> Void = { _ in }, onEvent: EventSink? = nil,
                    onProgress: @escaping (_ rows: Int, _ bytes: Int64, _ total: Int64?) -> Void = { _, _, _ in }) throws -> ImportSummary {
        let pipe = BatchPipe<[PreparedItem]>(capacity: 4)
        let (mapping, decoder, zone) = (self.mapping, self.decoder, self.zone)
        pipe.startProducer { pipe in try Self.read(paths, mapping: mapping, decoder: decoder, zone: zone, into: pipe) }
        defer { pipe.stopAndWaitForProducer() }
        var context = RunContext(summary: ImportSummary(mapping: mapping.name, mappingVersion: mapping.version, mappingSHA256: mapping.sha256,
                                                        timeZone: zone, dryRun: options.dryRun),
                                 pipe: pipe, onReject: onReject, onEvent: onEvent, onProgress: onProgress)
        do {
            while !context.isAtEnd {
                // One transaction for the run, or one per batch of rows.
                try log.append(recordedAt: options.recordedAt) { appender in
                    try appendRows(into: appender, context: &context)
                    if context.isAtEnd {
                        if context.rejectedRows > options.maxBadRows { throw Stop.tooManyBadRows }
                        if options.dryRun { throw Stop.dryRun }
                    }
                }
            }
            context.summary.landed = true
        } catch Stop.dryRun {
            context.summary.landed = false
        } catch Stop.tooManyBadRows {
            // The file being read when the limit was passed counts too.
            if let current = context.current { context.summary.files.append(current.result) }
            throw TooManyBadRows(summary: context.summary, limit: options.maxBadRows)
        }
        return context.summary
    }

    /// The reading thread: every file's rows, prepared, in order.
    private static func read(_ paths: [String], mapping: Mapping, decoder: EventDecoder, zone: String, into pipe: BatchPipe<[PreparedItem]>) throws {
        let clock = ZoneClock(identifier: zone)!
        var writer = CanonicalJSONWriter(reservingCapacity: 1024)
        for path in paths {
            let file = try FileReader(path: path, mapping: mapping)
            guard pipe.put([.fileStarted(name: path, sha256: file.sha256, bytes: file.bytes)]) else { return }
            var rows: [PreparedRow] = []
            rows.reserveCapacity(rowsPerBatch)
            while let row = try file.next(clock: clock, decoder: decoder, writer: &writer) {
                rows.append(row)
                if rows.count == rowsPerBatch {
                    guard pipe.put([.rows(rows)]) else { return }
                    rows.removeAll(keepingCapacity: true)
                }
            }
            guard pipe.put([.rows(rows), .fileEnded(headerLine: file.headerLine, skippedRows: file.skippedRows)]) else { return }
        }
    }

    /// A file being appended: its results so far and its provenance row.
    final class FileState {
        var result: ImportedFile
        /// The file's provenance row, once an event needed it (kept across batches).
        var importFileID: Int64?

        init(name: String, sha256: String, bytes: Int64) {
            result = ImportedFile(name: name, sha256: sha256, bytes: bytes, headerLine: 0)
        }

        func provenance(_ mapping: Mapping) -> ImportFileRecord {
            ImportFileRecord(fileName: result.name, fileSHA256: result.sha256, fileBytes: result.bytes, mapping: mapping.name,
                             mappingVersion: mapping.version, mappingSHA256: mapping.sha256)
        }
    }

    /// What the appending side carries across files and batches.
    struct RunContext {
        var summary: ImportSummary
        let pipe: BatchPipe<[PreparedItem]>
        let onReject: (Reject) -> Void
        let onEvent: EventSink?
        let onProgress: (Int, Int64, Int64?) -> Void
        var current: FileState?
        var pending: [PreparedItem] = []
        var pendingRows: [PreparedRow] = []
        var rowIndex = 0
        var isAtEnd = false
        /// For the events the appending side composes (retractions of revised figures).
        var writer = CanonicalJSONWriter(reservingCapacity: 1024)
        var totalRows = 0
        var rejectedRows = 0
        /// Revisable facts stated by this run: key → the id and line that stated it.
        var revisionsThisRun: [String: (id: String, line: Int)] = [:]

        mutating func reject(_ reject: Reject) {
            current?.result.rejectedRows += 1
            rejectedRows += 1
            summary.rejectCounts[reject.code, default: 0] += 1
            if summary.firstRejects.count < ImportSummary.firstRejectsKept { summary.firstRejects.append(reject) }
            onReject(reject)
        }

        /// The next prepared row, handling file starts and ends on the way; nil at the end.
        mutating func nextRow() throws -> PreparedRow? {
            while true {
                if rowIndex < pendingRows.count {
                    rowIndex += 1
                    return pendingRows[rowIndex - 1]
                }
                if pending.isEmpty {
                    guard let items = try pipe.take() else {
                        isAtEnd = true
                        return nil
                    }
                    pending = items
                    continue
                }
                switch pending.removeFirst() {
                case .fileStarted(let name, let sha256, let bytes):
                    current = FileState(name: name, sha256: sha256, bytes: bytes)
                case .rows(let rows):
                    pendingRows = rows
                    rowIndex = 0
                case .fileEnded(let headerLine, let skippedRows):
                    if let file = current {
                        file.result.headerLine = headerLine
                        file.result.skippedRows = skippedRows
                        summary.files.append(file.result)
                    }
                    current = nil
                }
            }
        }
    }

    /// Appends rows into the open transaction until the input ends or the batch is full.
    private func appendRows(into appender: EventAppender, context: inout RunContext) throws {
        var rowsInBatch = 0
        while true {
            // With batches, the batch in which the limit is passed is not committed; without,
            // every row is read so that every bad one is reported.
            if options.batchSize != nil, context.rejectedRows > options.maxBadRows { throw Stop.tooManyBadRows }
            if let size = options.batchSize, rowsInBatch >= size { return }
            guard let row = try context.nextRow(), let file = context.current else { return }
            rowsInBatch += 1
            file.result.rows += 1
            context.totalRows += 1
            if context.totalRows & 0x3FFF == 0 { context.onProgress(context.totalRows, row.bytesRead, file.result.bytes) }
            let events: [PreparedEvent]
            switch row.content {
            case .rejected(let reject):
                context.reject(reject)
                continue
            case .events(let prepared):
                events = prepared
            }
            if events.isEmpty { continue }
            if file.importFileID == nil { file.importFileID = try appender.recordImportFile(file.provenance(mapping)) }
            func appendRow() throws {
                for event in events {
                    try append(event, line: row.line, file: file, appender: appender, context: &context)
                }
            }
            do {
                if events.count > 1 || events.contains(where: { MergeGraph.Correction($0.decoded.event) != nil || $0.revisionKey != nil }) {
                    try appender.atomically(appendRow)
                } else {
                    try appendRow()
                }
            } catch let error as StoreError {
                // A row the ledger refuses is a bad row; a ledger that fails stops the import.
                guard let problem = Self.refusal(error) else { throw error }
                context.reject(reject(row, file: file, problem))
            } catch let problem as CellProblem {
                context.reject(reject(row, file: file, problem))
            }
        }
    }

    private func reject(_ row: PreparedRow, file: FileState, _ problem: CellProblem) -> Reject {
        Reject(file: file.result.name, line: row.line, record: row.record, code: problem.code, problem: problem.problem, expected: problem.expected)
    }

    /// Appends one event (first retracting the revisions it replaces), recording its line.
    private func append(_ event: PreparedEvent, line: Int, file: FileState, appender: EventAppender, context: inout RunContext) throws {
        var event = event
        if let key = event.revisionKey {
            // Two rows of one run stating the same fact with different values is not a
            // revision: one of them is wrong, and the import cannot tell which.
            if let earlier = context.revisionsThisRun[key], earlier.id != event.decoded.event.id {
                throw CellProblem(code: .idConflict, problem: "line \(earlier.line) of this import states the same fact (\(key)) with other values",
                                  expected: "one row per fact (date, channel, campaign, …); merge the rows or tell them apart")
            }
            context.revisionsThisRun[key] = (event.decoded.event.id, line)
            let revisions = try appender.revisions(ofKey: key)
            var id = event.decoded.event.id
            if let same = revisions.first(where: { $0.id == id }), same.isRetracted {
                // A value that comes back after a revision: the same content under a fresh id.
                id += ".\(revisions.filter { $0.id.hasPrefix(id) }.count + 1)"
                event.decoded.canonicalBody["id"] = .string(id)
                event.decoded.event.id = id
                event = PreparedEvent(event.decoded, revisionKey: key, writer: &context.writer)
            }
            for old in revisions where !old.isRetracted && old.id != id {
                var retraction = JSONObject()
                retraction["id"] = .string("retract:" + old.id)
                retraction["type"] = .string("retract")
                retraction["at"] = .string(event.decoded.event.at.description)
                retraction["event"] = .string(old.id)
                retraction["reason"] = .string("the source revised this figure")
                retraction["actor"] = .string("import:" + mapping.name)
                let retract = PreparedEvent(try decoder.decode(.object(retraction)), revisionKey: nil, writer: &context.writer)
                if try appendBody(retract, line: line, file: file, appender: appender, context: &context) {
                    file.result.retracted += 1
                }
            }
        }
        file.result.events += 1
        _ = try appendBody(event, line: line, file: file, appender: appender, context: &context)
    }

    /// True when appended (not a duplicate).
    private func appendBody(_ event: PreparedEvent, line: Int, file: FileState, appender: EventAppender, context: inout RunContext) throws -> Bool {
        let outcome = try event.body.withUnsafeBytes { body throws(StoreError) in try appender.append(event.decoded.event, canonicalBody: body) }
        switch outcome {
        case .appended(let seq):
            file.result.appended += 1
            context.summary.firstSeq = context.summary.firstSeq ?? seq
            context.summary.lastSeq = seq
            try appender.recordLine(seq: seq, importFile: file.importFileID!, line: line)
            context.onEvent?(String(decoding: event.body, as: UTF8.self))
            return true
        case .duplicate:
            file.result.duplicates += 1
            return false
        }
    }

    /// The refusal of a row the ledger will not take (a conflict, a bad reference); nil for
    /// errors about the ledger itself.
    static func refusal(_ error: StoreError) -> CellProblem? {
        switch error {
        case .conflict(let id, let existingSeq, let existingBody, let newBody):
            return CellProblem(code: .idConflict,
                               problem: "the fact \"\(id)\" is already in the ledger (seq \(existingSeq)) with other content: ledger \(existingBody), this export \(newBody)",
                               expected: "the same value as before (a recorded fact is never overwritten); retract the old event if the source was wrong")
        case .invalidReference(let field, let problem, let expected):
            return CellProblem(code: .invalidReference, problem: "field `\(field)` \(problem)", expected: expected)
        default:
            return nil
        }
    }
}
