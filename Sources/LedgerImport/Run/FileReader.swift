import LedgerCore
import LedgerStore

/// The reading side of one file's import: records in, prepared rows out. Finds the header
/// (rows before it are preamble), skips totals, stops at the footer, converts each data row
/// through the mapping and validates its events, all on the reading thread.
final class FileReader {
    let path: String
    let sha256: String
    let bytes: Int64
    private let mapping: Mapping
    private let source: ImportSource
    private let reader: CSVReader
    private var converter: RowConverter?
    private var isInFooter = false
    private var recordsBeforeHeader = 0
    private(set) var headerLine = 0
    private(set) var skippedRows = 0
    /// Data records read so far (the `record` of a reject).
    private var record = 0

    init(path: String, mapping: Mapping) throws {
        self.path = path
        self.mapping = mapping
        // The file's hash first: provenance names the file by content.
        sha256 = try Self.hash(path, encoding: mapping.dialect.encoding)
        source = try ImportSource(path: path, encoding: mapping.dialect.encoding)
        bytes = source.totalBytes ?? 0
        reader = CSVReader(source: source, delimiter: mapping.dialect.delimiter, quote: mapping.dialect.quote)
    }

    private static func hash(_ path: String, encoding: SourceEncoding) throws -> String {
        let source = try ImportSource(path: path, encoding: encoding)
        while try source.nextChunk() != nil {}
        return source.sha256()
    }

    /// The next data row, prepared; nil at the end of the file (or of its data, at a footer).
    func next(clock: ZoneClock, decoder: EventDecoder, writer: inout CanonicalJSONWriter) throws -> PreparedRow? {
        while let record = try reader.next() {
            guard let converter else {
                try findHeader(record, clock: clock, ledgerCurrency: decoder.currency)
                continue
            }
            if isInFooter { continue }
            let first = Self.firstCell(record)
            if mapping.dialect.stopAt.contains(where: { $0.matches(first) }) {
                isInFooter = true
                continue
            }
            if first == nil { continue }
            if mapping.dialect.skipRows.contains(where: { $0.matches(first) }) {
                skippedRows += 1
                continue
            }
            self.record += 1
            let content = prepare(record, converter: converter, decoder: decoder, writer: &writer)
            return PreparedRow(content: content, line: record.firstLine, record: self.record, bytesRead: reader.bytesRead)
        }
        if converter == nil { try headerNotFound(line: nil) }
        return nil
    }

    private func prepare(_ record: CSVRecord, converter: RowConverter, decoder: EventDecoder, writer: inout CanonicalJSONWriter) -> PreparedRow.Content {
        if let problem = Self.structuralProblem(record, header: converter.header) {
            return .rejected(reject(record, problem))
        }
        let produced: [ProducedEvent]
        do {
            produced = try converter.convert(record)
        } catch {
            return .rejected(reject(record, error))
        }
        var events: [PreparedEvent] = []
        events.reserveCapacity(produced.count)
        for event in produced {
            do {
                events.append(PreparedEvent(try decoder.decode(.object(event.object)), revisionKey: event.revisionKey, writer: &writer))
            } catch {
                let type = event.object["type"].map { if case .string(let text) = $0 { text } else { "" } } ?? ""
                return .rejected(reject(record, RowConverter.Refusal(column: nil, header: nil, value: nil, problem: CellProblem(
                    code: .invalidEvent, problem: "the \(type) event it states has field `\(error.field)` that \(error.problem)",
                    expected: "\(error.expected); check the mapping's template for it"))))
            }
        }
        return .events(events)
    }

    /// Takes `record` as the header when the mapping's required columns are all in it;
    /// otherwise it is preamble. Fails once `headerSearchRows` records held no header.
    private func findHeader(_ record: CSVRecord, clock: ZoneClock, ledgerCurrency: String) throws {
        recordsBeforeHeader += 1
        let labels = (0..<record.count).map { record.text($0) ?? "" }
        if !record.isBlank, let header = BoundHeader(labels: labels, mapping: mapping) {
            if let currency = header.labelCaptures["currency"], currency.uppercased() != ledgerCurrency {
                let index = header.indices.values.first { labels[$0].contains(currency) } ?? 0
                throw ImportFailure(file: path, line: record.firstLine, column: index + 1,
                                    message: "CURRENCY_MISMATCH: the export is in \(currency) (\"\(labels[index])\"), the ledger in \(ledgerCurrency)",
                                    hint: "export the report in \(ledgerCurrency), or import it into a ledger kept in \(currency)")
            }
            headerLine = record.firstLine
            converter = RowConverter(mapping: mapping, header: header, clock: clock, ledgerCurrency: ledgerCurrency)
            return
        }
        guard recordsBeforeHeader < mapping.dialect.headerSearchRows else {
            try headerNotFound(line: record.firstLine)
        }
    }

    /// Fails the file: no row in the search range (or in the whole file) is the header.
    private func headerNotFound(line: Int?) throws -> Never {
        let wanted = mapping.columns.filter(\.required).map { column in
            column.headers.first.map { "\"\($0)\"" } ?? column.headerPattern.map { "\"\($0.text)\"" } ?? column.key
        }
        throw ImportFailure(file: path, line: line,
                            message: "MISSING_COLUMN: no header row in the first \(mapping.dialect.headerSearchRows) rows has the columns \(mapping.name) needs (\(wanted.joined(separator: ", ")))",
                            hint: "is this a \(mapping.description.isEmpty ? mapping.name : mapping.description) export? `roiledger import --list` shows the mappings")
    }

    func reject(_ record: CSVRecord, _ refusal: RowConverter.Refusal) -> Reject {
        var line = record.firstLine
        if let column = refusal.column, column >= 1, column <= record.count { line = record.cells[column - 1].line }
        return Reject(file: path, line: line, record: self.record, column: refusal.column, header: refusal.header, value: refusal.value,
                      code: refusal.problem.code, problem: refusal.problem.problem, expected: refusal.problem.expected)
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
