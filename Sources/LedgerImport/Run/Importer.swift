import LedgerCore
public import LedgerStore

/// Reads exports through a mapping and appends the events their rows produce, with the file and
/// line of each event recorded beside the log.
///
/// Rows land whole or not at all; the import lands whole or not at all unless `maxBadRows`
/// allows some bad rows (then the good ones land) or `batchSize` commits as it goes. Ids come
/// from the source records and facts, so importing the same export again appends nothing, and
/// a later export appends only what changed; a revisable fact whose value changed (a day's
/// spend) retracts the old event and appends the new one, so restatements show the move.
public final class Importer {
    public let log: EventLog
    public let mapping: Mapping
    public let options: ImportOptions
    private let decoder: EventDecoder
    private let clock: ZoneClock

    /// Events appended in a dry run are shown, not kept.
    public typealias EventSink = (_ canonicalLine: String) -> Void

    public init(log: EventLog, mapping: Mapping, options: ImportOptions) throws(ImportFailure) {
        self.log = log
        self.mapping = mapping
        self.options = options
        decoder = EventDecoder(currency: log.currency)
        let zone = options.timeZone ?? mapping.time.zone
        guard let clock = ZoneClock(identifier: zone) else {
            throw ImportFailure(file: "(options)", field: "time-zone", message: "\"\(zone)\" is not an IANA time zone",
                                hint: "name one such as America/New_York, Europe/Berlin or UTC")
        }
        self.clock = clock
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
        var summary = ImportSummary(mapping: mapping.name, mappingVersion: mapping.version, mappingSHA256: mapping.sha256,
                                    timeZone: clock.identifier, dryRun: options.dryRun)
        var files: [FileRun] = []
        for path in paths { files.append(try FileRun(path: path, mapping: mapping)) }
        var context = RunContext(summary: summary, onReject: onReject, onEvent: onEvent, onProgress: onProgress)
        var fileIndex = 0
        do {
            while fileIndex < files.count {
                // One transaction for the run, or one per batch of rows.
                try log.append(recordedAt: options.recordedAt) { appender in
                    var rowsInBatch = 0
                    while fileIndex < files.count {
                        let done = try importRows(of: files[fileIndex], into: appender, context: &context, rowsInBatch: &rowsInBatch)
                        if !done { return }
                        context.summary.files.append(files[fileIndex].result)
                        fileIndex += 1
                    }
                    if context.rejectedRows > options.maxBadRows { throw Stop.tooManyBadRows }
                    if options.dryRun { throw Stop.dryRun }
                }
            }
            context.summary.landed = true
        } catch Stop.dryRun {
            context.summary.landed = false
        } catch Stop.tooManyBadRows {
            // The file being read when the limit was passed counts too.
            if fileIndex < files.count, context.summary.files.count == fileIndex { context.summary.files.append(files[fileIndex].result) }
            throw TooManyBadRows(summary: context.summary, limit: options.maxBadRows)
        }
        summary = context.summary
        return summary
    }

    /// What a run carries across files and batches.
    struct RunContext {
        var summary: ImportSummary
        let onReject: (Reject) -> Void
        let onEvent: EventSink?
        let onProgress: (Int, Int64, Int64?) -> Void
        var writer = CanonicalJSONWriter(reservingCapacity: 1024)
        var totalRows = 0
        var rejectedRows = 0
        /// Revisable facts stated by this run: key → the id and line that stated it.
        var revisionsThisRun: [String: (id: String, line: Int)] = [:]

        mutating func reject(_ reject: Reject, file: FileRun) {
            file.result.rejectedRows += 1
            rejectedRows += 1
            summary.rejectCounts[reject.code, default: 0] += 1
            if summary.firstRejects.count < ImportSummary.firstRejectsKept { summary.firstRejects.append(reject) }
            onReject(reject)
        }
    }

    /// Reads rows of one file into the open transaction: true when the file is done, false when
    /// the batch is full (the caller commits and calls again).
    private func importRows(of file: FileRun, into appender: EventAppender, context: inout RunContext, rowsInBatch: inout Int) throws -> Bool {
        while true {
            // With batches, the batch in which the limit is passed is not committed; without,
            // every row is read so that every bad one is reported.
            if options.batchSize != nil, context.rejectedRows > options.maxBadRows { throw Stop.tooManyBadRows }
            if let size = options.batchSize, rowsInBatch >= size { return false }
            guard let record = try file.reader.next() else {
                if file.converter == nil { try file.headerNotFound(mapping: mapping) }
                return true
            }
            if file.converter == nil {
                try file.findHeader(record, mapping: mapping, clock: clock, ledgerCurrency: log.currency)
                continue
            }
            if file.isInFooter { continue }
            let first = Self.firstCell(record)
            if mapping.dialect.stopAt.contains(where: { $0.matches(first) }) {
                file.isInFooter = true
                continue
            }
            if first == nil { continue }
            if mapping.dialect.skipRows.contains(where: { $0.matches(first) }) {
                file.result.skippedRows += 1
                continue
            }
            file.result.rows += 1
            file.record += 1
            rowsInBatch += 1
            context.totalRows += 1
            if context.totalRows & 0x3FFF == 0 { context.onProgress(context.totalRows, file.reader.bytesRead, file.source.totalBytes) }
            if let problem = Self.structuralProblem(record, header: file.converter!.header) {
                context.reject(file.reject(record, problem), file: file)
                continue
            }
            let produced: [ProducedEvent]
            do {
                produced = try file.converter!.convert(record)
            } catch {
                context.reject(file.reject(record, error), file: file)
                continue
            }
            if produced.isEmpty { continue }
            var decoded: [(EventDecoder.Decoded, String?)] = []
            var invalid: Reject?
            for event in produced {
                do {
                    decoded.append((try decoder.decode(.object(event.object)), event.revisionKey))
                } catch {
                    invalid = file.reject(record, RowConverter.Refusal(column: nil, header: nil, value: nil, problem: CellProblem(
                        code: .invalidEvent, problem: "the \(event.object["type"].map { "\($0)" } ?? "") event it makes has field `\(error.field)` that \(error.problem)",
                        expected: "\(error.expected); check the mapping's template for it")))
                    break
                }
            }
            if let invalid {
                context.reject(invalid, file: file)
                continue
            }
            if file.importFileID == nil {
                file.importFileID = try appender.recordImportFile(file.provenance(mapping))
            }
            do {
                func appendRow() throws {
                    for (event, key) in decoded {
                        try append(event, revisionKey: key, line: record.firstLine, file: file, appender: appender, context: &context)
                    }
                }
                if decoded.count > 1 || decoded.contains(where: { MergeGraph.Correction($0.0.event) != nil || $0.1 != nil }) {
                    try appender.atomically(appendRow)
                } else {
                    try appendRow()
                }
            } catch let error as StoreError {
                context.reject(file.reject(record, Self.refusal(error)), file: file)
            } catch let refusal as RowConverter.Refusal {
                context.reject(file.reject(record, refusal), file: file)
            }
        }
    }

    /// Appends one event (first retracting the revisions it replaces), recording its line.
    private func append(_ decoded: EventDecoder.Decoded, revisionKey: String?, line: Int, file: FileRun,
                        appender: EventAppender, context: inout RunContext) throws {
        var decoded = decoded
        if let key = revisionKey {
            // Two rows of one run stating the same fact with different values is not a
            // revision: one of them is wrong, and the import cannot tell which.
            if let earlier = context.revisionsThisRun[key], earlier.id != decoded.event.id {
                throw RowConverter.Refusal(column: nil, header: nil, value: nil, problem: CellProblem(
                    code: .idConflict, problem: "line \(earlier.line) of this import states the same fact (\(key)) with other values",
                    expected: "one row per fact (date, channel, campaign, …); merge the rows or tell them apart"))
            }
            context.revisionsThisRun[key] = (decoded.event.id, line)
            let revisions = try appender.revisions(ofKey: key)
            var id = decoded.event.id
            if let same = revisions.first(where: { $0.id == id }), same.isRetracted {
                // A value that comes back after a revision: the same content under a fresh id.
                let generation = revisions.filter { $0.id.hasPrefix(id) }.count + 1
                id += ".\(generation)"
                decoded.canonicalBody["id"] = .string(id)
                decoded.event.id = id
            }
            for old in revisions where !old.isRetracted && old.id != id {
                var retraction = JSONObject()
                retraction["id"] = .string("retract:" + old.id)
                retraction["type"] = .string("retract")
                retraction["at"] = .string(decoded.event.at.description)
                retraction["event"] = .string(old.id)
                retraction["reason"] = .string("the source revised this figure")
                retraction["actor"] = .string("import:" + mapping.name)
                let retract = try decoder.decode(.object(retraction))
                if try appendBody(retract, line: line, file: file, appender: appender, context: &context) { file.result.retracted += 1 }
            }
        }
        file.result.events += 1
        _ = try appendBody(decoded, line: line, file: file, appender: appender, context: &context)
    }

    /// True when appended (not a duplicate).
    private func appendBody(_ decoded: EventDecoder.Decoded, line: Int, file: FileRun, appender: EventAppender, context: inout RunContext) throws -> Bool {
        context.writer.reset()
        context.writer.write(.object(decoded.canonicalBody))
        let outcome = try context.writer.bytes.withUnsafeBytes { body throws(StoreError) in try appender.append(decoded.event, canonicalBody: body) }
        switch outcome {
        case .appended(let seq):
            file.result.appended += 1
            context.summary.firstSeq = context.summary.firstSeq ?? seq
            context.summary.lastSeq = seq
            try appender.recordLine(seq: seq, importFile: file.importFileID!, line: line)
            context.onEvent?(String(decoding: context.writer.bytes, as: UTF8.self))
            return true
        case .duplicate:
            file.result.duplicates += 1
            return false
        }
    }

    static func refusal(_ error: StoreError) -> RowConverter.Refusal {
        switch error {
        case .conflict(let id, let existingSeq, let existingBody, let newBody):
            return RowConverter.Refusal(column: nil, header: nil, value: nil, problem: CellProblem(
                code: .idConflict,
                problem: "the fact \"\(id)\" is already in the ledger (seq \(existingSeq)) with other content: ledger \(existingBody), this export \(newBody)",
                expected: "the same value as before (a recorded fact is never overwritten); retract the old event if the source was wrong"))
        case .invalidReference(let field, let problem, let expected):
            return RowConverter.Refusal(column: nil, header: nil, value: nil,
                                        problem: CellProblem(code: .invalidReference, problem: "field `\(field)` \(problem)", expected: expected))
        default:
            return RowConverter.Refusal(column: nil, header: nil, value: nil,
                                        problem: CellProblem(code: .invalidEvent, problem: error.description, expected: "an event the ledger accepts"))
        }
    }

    static func firstCell(_ record: CSVRecord) -> String? {
        for index in 0..<record.count {
            if let text = record.text(index) {
                let trimmed = BoundHeader.trimmed(text)
                if !trimmed.isEmpty { return trimmed }
            }
        }
        return nil
    }

    /// A row the reader could not take apart, or with more cells than the header has.
    static func structuralProblem(_ record: CSVRecord, header: BoundHeader) -> RowConverter.Refusal? {
        switch record.damage {
        case .unbalancedQuote?:
            return RowConverter.Refusal(column: record.count, header: nil, value: nil, problem: CellProblem(
                code: .unbalancedQuote, problem: "a quoted cell opened here is never closed (the file ends inside it)",
                expected: "a closing \" for every opening one (a \" inside a quoted cell is written \"\")"))
        case .cellTooLarge(let column)?:
            return RowConverter.Refusal(column: column, header: column <= header.labels.count ? header.labels[column - 1] : nil, value: nil,
                                        problem: CellProblem(code: .cellTooLarge, problem: "the cell is longer than \(CSVReader.cellBytesMax) bytes",
                                                             expected: "cells under 1 MiB; is a quote left open above?"))
        case .tooManyColumns?:
            return RowConverter.Refusal(column: nil, header: nil, value: nil, problem: CellProblem(
                code: .columnCount, problem: "the row has more than \(CSVReader.columnsMax) cells", expected: "\(header.labels.count) cells, as the header"))
        case nil:
            break
        }
        if record.count > header.labels.count {
            for index in header.labels.count..<record.count where record.text(index).map({ !BoundHeader.trimmed($0).isEmpty }) ?? true {
                return RowConverter.Refusal(column: index + 1, header: nil, value: record.lossyText(index), problem: CellProblem(
                    code: .columnCount, problem: "the row has \(record.count) cells and the header \(header.labels.count)",
                    expected: "\(header.labels.count) cells; is a delimiter inside a cell that is not quoted?"))
            }
        }
        return nil
    }
}
