import LedgerCore
import LedgerStore

/// One file being imported: its reader, the header once found, and what it did so far.
final class FileRun {
    let path: String
    let source: ImportSource
    let reader: CSVReader
    let sha256: String
    var converter: RowConverter?
    var result: ImportedFile
    var isInFooter = false
    /// Data records read so far (the `record` of a reject).
    var record = 0
    /// Records read while looking for the header.
    private var recordsBeforeHeader = 0
    /// The provenance row of this file in the open transaction, once an event needed it.
    var importFileID: Int64?

    init(path: String, mapping: Mapping) throws {
        self.path = path
        // The file's hash first: provenance names the file by content, and an export read twice
        // gives one answer even if it changed between two imports.
        sha256 = try Self.hash(path, encoding: mapping.dialect.encoding)
        source = try ImportSource(path: path, encoding: mapping.dialect.encoding)
        reader = CSVReader(source: source, delimiter: mapping.dialect.delimiter, quote: mapping.dialect.quote)
        result = ImportedFile(name: path, sha256: sha256, bytes: source.totalBytes ?? 0, headerLine: 0)
    }

    private static func hash(_ path: String, encoding: SourceEncoding) throws -> String {
        let source = try ImportSource(path: path, encoding: encoding)
        while try source.nextChunk() != nil {}
        return source.sha256()
    }

    func provenance(_ mapping: Mapping) -> ImportFileRecord {
        ImportFileRecord(fileName: path, fileSHA256: sha256, fileBytes: result.bytes, mapping: mapping.name,
                         mappingVersion: mapping.version, mappingSHA256: mapping.sha256)
    }

    /// Takes `record` as the header when the mapping's required columns are all in it;
    /// otherwise it is preamble. Fails once `headerSearchRows` records held no header.
    func findHeader(_ record: CSVRecord, mapping: Mapping, clock: ZoneClock, ledgerCurrency: String) throws {
        recordsBeforeHeader += 1
        let labels = (0..<record.count).map { record.text($0) ?? "" }
        if !record.isBlank, let header = BoundHeader(labels: labels, mapping: mapping) {
            if let currency = header.labelCaptures["currency"], currency.uppercased() != ledgerCurrency {
                let index = header.indices.values.first { labels[$0].contains(currency) } ?? 0
                throw ImportFailure(file: path, line: record.firstLine, column: index + 1,
                                    message: "CURRENCY_MISMATCH: the export is in \(currency) (\"\(labels[index])\"), the ledger in \(ledgerCurrency)",
                                    hint: "export the report in \(ledgerCurrency), or import it into a ledger kept in \(currency)")
            }
            result.headerLine = record.firstLine
            converter = RowConverter(mapping: mapping, header: header, clock: clock, ledgerCurrency: ledgerCurrency)
            return
        }
        guard recordsBeforeHeader < mapping.dialect.headerSearchRows else {
            try headerNotFound(mapping: mapping, line: record.firstLine)
        }
    }

    /// Fails the file: no row in the search range (or in the whole file) is the header.
    func headerNotFound(mapping: Mapping, line: Int? = nil) throws -> Never {
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
}
