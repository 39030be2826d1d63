/// One CSV record (a row that may span physical lines) with its cells unescaped, valid until the
/// reader moves on. Cells stay bytes until a mapping asks for one, so columns nobody maps cost
/// no string.
struct CSVRecord {
    struct Cell {
        var start: Int
        var end: Int
        /// The physical line the cell starts on.
        var line: Int
    }

    /// What made the record unreadable as a whole, if anything.
    enum Damage: Equatable {
        case unbalancedQuote
        case cellTooLarge(column: Int)
        case tooManyColumns
    }

    var bytes: [UInt8] = []
    var cells: [Cell] = []
    /// Physical lines the record starts and ends on.
    var firstLine = 0
    var lastLine = 0
    var damage: Damage?

    var count: Int { cells.count }

    /// The cell's text, or nil when its bytes are not valid UTF-8 (or hold a NUL).
    func text(_ index: Int) -> String? {
        let cell = cells[index]
        if cell.start == cell.end { return "" }
        return bytes.withUnsafeBufferPointer { all -> String? in
            let slice = UnsafeBufferPointer(rebasing: all[cell.start..<cell.end])
            if slice.contains(0) { return nil }
            return String(validating: slice, as: UTF8.self)
        }
    }

    /// The cell's bytes as lossy text, for messages about a cell that is not valid text.
    func lossyText(_ index: Int) -> String {
        let cell = cells[index]
        return String(decoding: bytes[cell.start..<min(cell.end, cell.start + 200)], as: UTF8.self)
    }

    /// True when every cell is empty or white space (blank lines and `,,,` rows).
    var isBlank: Bool {
        for cell in cells where bytes[cell.start..<cell.end].contains(where: { $0 != 0x20 && $0 != 0x09 }) { return false }
        return true
    }

    mutating func reset(line: Int) {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        firstLine = line
        lastLine = line
        damage = nil
    }
}
