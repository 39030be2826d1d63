public import LedgerCore

/// Parsing of request values with errors that say exactly what is wrong with one: a date that
/// does not exist is told apart from text that is not a date.
public enum RequestValues {
    public static func date(_ text: String, _ parameter: Parameter) throws -> LedgerDate {
        if let date = LedgerDate(text) { return date }
        throw AppError.invalidParameter(parameter, value: text, problem: dateProblem(text), expected: "a date YYYY-MM-DD, such as 2026-03-31")
    }

    public static func timestamp(_ text: String, _ parameter: Parameter) throws -> Timestamp {
        if let parsed = RFC3339.parse(text) { return parsed.timestamp }
        let datePart = String(text.prefix(10))
        let problem = text.count >= 10 && LedgerDate(datePart) == nil && isDateShaped(datePart) ? dateProblem(datePart) : "is not an RFC 3339 timestamp"
        throw AppError.invalidParameter(parameter, value: text, problem: problem, expected: "an RFC 3339 timestamp with its offset, such as 2026-03-31T23:59:59Z")
    }

    /// Why `text` is not a date: the wrong shape, or a day the calendar does not have.
    static func dateProblem(_ text: String) -> String {
        guard isDateShaped(text) else { return "is not a date YYYY-MM-DD" }
        let parts = text.split(separator: "-").map { Int($0) ?? 0 }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard year >= 1 else { return "has no year 0000" }
        guard (1...12).contains(month) else { return "has no month \(parts[1]) (months run 01 to 12)" }
        let days = daysIn(year: year, month: month)
        guard day >= 1, day <= days else {
            return "is not a day: \(monthNames[month - 1]) \(year) has \(days) days"
        }
        return "is not a date YYYY-MM-DD"
    }

    static func isDateShaped(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) }
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                             "November", "December"]
}
