/// Streams CSV records out of an export, RFC 4180 and the dialects real exports use: any
/// one-byte delimiter, quoted cells with doubled quotes, line breaks inside quoted cells, LF, CRLF
/// or lone CR line ends, and Excel's `sep=X` first line.
///
/// Hostile input cannot make it crash or grow without bound: a cell longer than
/// `cellBytesMax` or a row wider than `columnsMax` is cut and the record marked damaged (the
/// row is rejected), and a quote left open at the end of the file damages only its record.
final class CSVReader {
    static let cellBytesMax = 1 << 20
    static let columnsMax = 4096

    private let source: ImportSource
    private(set) var delimiter: UInt8
    private let quote: UInt8
    private var record = CSVRecord()
    private var chunk: [UInt8] = []
    private var position = 0
    private var isAtEnd = false
    private var isStarted = false
    /// The physical line the reader is on.
    private var line = 1
    private var state = State.cellStart
    private var cellStart = 0
    private var cellLine = 1
    private var cellBytes = 0
    private var sawCarriageReturn = false

    private enum State {
        case cellStart, unquoted, quoted, quoteInQuoted
    }

    init(source: ImportSource, delimiter: UInt8, quote: UInt8) {
        self.source = source
        self.delimiter = delimiter
        self.quote = quote
        record.reset(line: 1)
    }

    /// Bytes of the file read so far, for progress.
    var bytesRead: Int64 { source.bytesRead }

    /// The next record, or nil at the end of the file. The record is the reader's own: it is
    /// overwritten by the next call.
    func next() throws -> CSVRecord? {
        if !isStarted {
            isStarted = true
            try load()
            skipSeparatorLine()
            if delimiter == 0 { delimiter = Self.guessDelimiter(chunk[position...]) }
        }
        while true {
            if position == chunk.count {
                if isAtEnd { return finish() }
                try load()
                continue
            }
            let byte = chunk[position]
            position += 1
            if sawCarriageReturn {
                sawCarriageReturn = false
                if byte == 0x0A { continue }
            }
            switch state {
            case .cellStart:
                if byte == quote {
                    state = .quoted
                } else if byte == delimiter {
                    endCell()
                } else if byte == 0x0A || byte == 0x0D {
                    return endRecord(byte)
                } else {
                    state = .unquoted
                    store(byte)
                }
            case .unquoted:
                if byte == delimiter {
                    endCell()
                    state = .cellStart
                } else if byte == 0x0A || byte == 0x0D {
                    return endRecord(byte)
                } else {
                    store(byte)
                }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else if byte == 0x0A || byte == 0x0D {
                    // A line break inside a quoted cell: one physical line more, kept as `\n`.
                    line += 1
                    if byte == 0x0D { sawCarriageReturn = true }
                    store(0x0A)
                } else {
                    store(byte)
                }
            case .quoteInQuoted:
                if byte == quote {
                    store(byte)
                    state = .quoted
                } else if byte == delimiter {
                    endCell()
                    state = .cellStart
                } else if byte == 0x0A || byte == 0x0D {
                    return endRecord(byte)
                } else {
                    // Text after a closing quote (`"abc"def`): kept, as spreadsheets do.
                    store(byte)
                    state = .unquoted
                }
            }
        }
    }

    private func load() throws {
        if let next = try source.nextChunk() {
            chunk = next
        } else {
            chunk = []
            isAtEnd = true
        }
        position = 0
    }

    /// The delimiter of a file whose mapping says `auto`: tab when the start of the file has
    /// tabs (tab-separated downloads quote no numbers, comma-separated ones quote `1,234`),
    /// else semicolon when semicolons outnumber commas, else comma.
    static func guessDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var tabs = 0, commas = 0, semicolons = 0
        for byte in bytes.prefix(65_536) {
            switch byte {
            case 0x09: tabs += 1
            case 0x2C: commas += 1
            case 0x3B: semicolons += 1
            default: break
            }
        }
        if tabs > 0, tabs * 2 >= commas { return 0x09 }
        return semicolons > commas ? 0x3B : 0x2C
    }

    /// Excel's `sep=;` first line sets the delimiter and is not a row.
    private func skipSeparatorLine() {
        var index = 0
        if chunk.count > index, chunk[index] == quote { index += 1 }
        let prefix = Array("sep=".utf8)
        guard chunk.count >= index + 5,
              zip(chunk[index..<index + 4], prefix).allSatisfy({ $0 | 0x20 == $1 }) else { return }
        let separator = chunk[index + 4]
        var end = index + 5
        if end < chunk.count, chunk[end] == quote { end += 1 }
        guard end < chunk.count, chunk[end] == 0x0A || chunk[end] == 0x0D else { return }
        if chunk[end] == 0x0D { sawCarriageReturn = true }
        delimiter = separator
        position = end + 1
        line = 2
        record.reset(line: 2)
        cellLine = 2
    }

    private func store(_ byte: UInt8) {
        cellBytes += 1
        if cellBytes > Self.cellBytesMax {
            if record.damage == nil { record.damage = .cellTooLarge(column: record.cells.count + 1) }
            return
        }
        if record.cells.count < Self.columnsMax { record.bytes.append(byte) }
    }

    private func endCell() {
        if record.cells.count < Self.columnsMax {
            record.cells.append(CSVRecord.Cell(start: cellStart, end: record.bytes.count, line: cellLine))
        } else if record.damage == nil {
            record.damage = .tooManyColumns
        }
        cellStart = record.bytes.count
        cellLine = line
        cellBytes = 0
    }

    /// Ends the record at a line end and hands it out; the next call starts a new one.
    private func endRecord(_ byte: UInt8) -> CSVRecord {
        endCell()
        record.lastLine = line
        let finished = record
        line += 1
        if byte == 0x0D { sawCarriageReturn = true }
        startRecord()
        return finished
    }

    private func startRecord() {
        state = .cellStart
        record.reset(line: line)
        cellStart = 0
        cellLine = line
        cellBytes = 0
    }

    /// The last record when the file does not end with a line end; nil once nothing is left.
    private func finish() -> CSVRecord? {
        guard state != .cellStart || !record.cells.isEmpty || record.damage != nil else { return nil }
        if state == .quoted { record.damage = .unbalancedQuote }
        endCell()
        record.lastLine = line
        let finished = record
        startRecord()
        return finished
    }
}
