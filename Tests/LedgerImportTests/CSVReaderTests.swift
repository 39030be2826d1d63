import Foundation
@testable import LedgerImport
import Testing
import TestSupport

/// The reader on files written to disk: physical lines, dialects, encodings.
@Suite("reading CSV")
struct CSVReaderTests {
    struct Row: Equatable {
        var cells: [String]
        var firstLine: Int
        var lastLine: Int
    }

    static func rows(_ bytes: [UInt8], encoding: SourceEncoding = .auto, delimiter: UInt8 = UInt8(ascii: ",")) throws -> (rows: [Row], damage: [CSVRecord.Damage?]) {
        let directory = TemporaryDirectory()
        let path = directory.file("input.csv")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let reader = CSVReader(source: try ImportSource(path: path, encoding: encoding), delimiter: delimiter, quote: UInt8(ascii: "\""))
        var rows: [Row] = []
        var damage: [CSVRecord.Damage?] = []
        while let record = try reader.next() {
            rows.append(Row(cells: (0..<record.count).map { record.text($0) ?? "<invalid>" }, firstLine: record.firstLine, lastLine: record.lastLine))
            damage.append(record.damage)
        }
        return (rows, damage)
    }

    static func rows(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [Row] {
        try rows(Array(text.utf8), delimiter: delimiter).rows
    }

    @Test func quotedCellsKeepDelimitersQuotesAndLineBreaksAndTheirPhysicalLines() throws {
        let rows = try Self.rows("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nlast,row,here")
        #expect(rows == [
            Row(cells: ["a", "b", "c"], firstLine: 1, lastLine: 1),
            Row(cells: ["x, y", "say \"hi\"", "two\nlines"], firstLine: 2, lastLine: 3),
            Row(cells: ["last", "row", "here"], firstLine: 4, lastLine: 4),
        ])
    }

    @Test func lineEndsOfEveryKindAndEmptyCells() throws {
        let rows = try Self.rows("a,,c\rd,e,\n\n,,\n")
        #expect(rows.map(\.cells) == [["a", "", "c"], ["d", "e", ""], [""], ["", "", ""]])
        #expect(rows.map(\.firstLine) == [1, 2, 3, 4])
    }

    @Test func anExcelSeparatorLineSetsTheDelimiterAndIsNotARow() throws {
        let rows = try Self.rows("sep=;\r\nperiod;amount\r\n31.01.2026;\"12.500,00\"\r\n")
        #expect(rows.map(\.cells) == [["period", "amount"], ["31.01.2026", "12.500,00"]])
        #expect(rows.map(\.firstLine) == [2, 3])
    }

    @Test func utf16WithAByteOrderMarkInEitherOrderAndUTF8WithOne() throws {
        let text = "Day\tCost\r\nZoë\t1,5\r\n"
        var little: [UInt8] = [0xFF, 0xFE]
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let expected = [["Day", "Cost"], ["Zoë", "1,5"]]
        #expect(try Self.rows(little, delimiter: 0x09).rows.map(\.cells) == expected)
        #expect(try Self.rows(big, delimiter: 0x09).rows.map(\.cells) == expected)
        #expect(try Self.rows([0xEF, 0xBB, 0xBF] + Array(text.utf8), delimiter: 0x09).rows.map(\.cells) == expected)
    }

    @Test func windows1252IsReadWhenDeclared() throws {
        // "Pässe €5" in Windows-1252: ä is 0xE4, € is 0x80.
        let bytes: [UInt8] = Array("memo\n".utf8) + [0x50, 0xE4, 0x73, 0x73, 0x65, 0x20, 0x80, 0x35, 0x0A]
        #expect(try Self.rows(bytes, encoding: .windows1252).rows.map(\.cells) == [["memo"], ["Pässe €5"]])
        // Read as UTF-8, the same bytes are not text: the cell says so instead of guessing.
        #expect(try Self.rows(bytes, encoding: .utf8).rows[1].cells == ["<invalid>"])
    }

    @Test func aDelimiterDeclaredAutoIsTakenFromTheFile() {
        #expect(CSVReader.guessDelimiter(ArraySlice(Array("a\tb\t\"1,234\"\n".utf8))) == 0x09)
        #expect(CSVReader.guessDelimiter(ArraySlice(Array("a;b;c\n1;2,5;3\n".utf8))) == 0x3B)
        #expect(CSVReader.guessDelimiter(ArraySlice(Array("a,b,\"x;y\"\n".utf8))) == 0x2C)
    }

    @Test func aQuoteLeftOpenDamagesOnlyItsRecordAndNamesWhereItStarted() throws {
        let (rows, damage) = try Self.rows(Array("h1,h2\nok,1\nbad,\"never closed\nmore\n".utf8))
        #expect(rows.count == 3)
        #expect(rows[2].firstLine == 3)
        #expect(damage == [nil, nil, .unbalancedQuote])
    }
}
