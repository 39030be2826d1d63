import LedgerCore

/// Reads one cell's text as a column type, strictly: a value that does not fit is a problem
/// with a code, never a guess.
enum CellReader {
    static func read(_ raw: String, type: ColumnType, separator: String, numbers: NumberLocale,
                     formats: [DateFormat], clock: ZoneClock, ledgerCurrency: String) throws(CellProblem) -> CellValue? {
        switch type {
        case .text:
            return .text(raw)
        case .salesforceID:
            guard let id = SalesforceID.canonical(raw) else {
                throw CellProblem(code: .invalidID, problem: "\"\(raw)\" is not a Salesforce id",
                                  expected: "a 15- or 18-character Salesforce id (an 18-character id's last three characters must match its first fifteen)")
            }
            return .text(id)
        case .number:
            return try numbers.read(raw, money: false).map { .number($0) }
        case .money:
            guard let text = try numbers.read(raw, money: true) else { return nil }
            guard let money = Money(text) else {
                throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is out of range", expected: "an amount below 10^14")
            }
            return .money(money)
        case .timestamp, .date:
            guard let local = formats.lazy.compactMap({ $0.parse(raw) }).first else {
                throw CellProblem(code: .castDate, problem: "\"\(raw)\" is not a date in this mapping's formats",
                                  expected: "a date like \(formats.map(\.text).joined(separator: " or "))")
            }
            if type == .date, local.offsetSeconds == nil {
                return .date(local.date!)
            }
            guard let timestamp = clock.timestamp(local) else {
                throw CellProblem(code: .nonexistentLocalTime,
                                  problem: "\"\(raw)\" does not exist in \(clock.identifier) (the clocks skip it)",
                                  expected: "a local time that exists in \(clock.identifier), or --time-zone with the export's zone")
            }
            return type == .date ? .date(timestamp.date) : .timestamp(timestamp)
        case .boolean:
            switch raw.lowercased() {
            case "true", "yes", "1", "y", "checked", "x": return .bool(true)
            case "false", "no", "0", "n", "unchecked": return .bool(false)
            default:
                throw CellProblem(code: .castNumber, problem: "\"\(raw)\" is not a yes/no value", expected: "true, false, yes, no, 1 or 0")
            }
        case .list:
            let items = raw.split(separator: Character(separator.isEmpty ? ";" : String(separator.first!)), omittingEmptySubsequences: true)
                .map { NumberLocale.trimmed(String($0)) }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : .list(items)
        case .currency:
            let code = raw.uppercased()
            guard code == ledgerCurrency else {
                throw CellProblem(code: .currencyMismatch, problem: "the row is in \(raw), the ledger in \(ledgerCurrency)",
                                  expected: "amounts in \(ledgerCurrency), the ledger's currency; convert the export or use a ledger in \(raw)")
            }
            return .text(code)
        }
    }
}
