import LedgerCore

/// One way an export writes dates and times, as a pattern of fields and literals: `YYYY-MM-DD
/// HH:mm`, `M/D/YYYY h:mm a`, `YYYYMMDD`, `MMMM D, YYYY`. Two special names: `iso8601`
/// (RFC 3339 and its relatives: `T` or space, optional fraction and offset) and
/// `excel_serial` (days since 1899-12-30, Excel's serial numbers, only when a mapping says so).
///
/// Fields: `YYYY` year; `MM`/`M` month (two digits / one or two); `MMM`/`MMMM` month name
/// (`Jan` / `January`); `DD`/`D` day; `HH`/`H` hour 0–23; `hh`/`h` hour 1–12 with `a` (AM/PM);
/// `mm` minute; `ss` second; `SSS` fraction (1–9 digits); `Z` offset (`Z`, `+02:00`, `+0200`).
/// Anything else is a literal that must be there.
struct DateFormat: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year, month2, month, monthShortName, monthName, day2, day, hour24_2, hour24, hour12_2, hour12
        case minute, second, fraction, meridiem, offset
        case literal(Character)
    }

    enum Kind: Sendable, Equatable {
        case pattern([Token])
        case iso8601
        case excelSerial
    }

    let text: String
    let kind: Kind

    init?(_ text: String) {
        self.text = text
        switch text {
        case "iso8601": kind = .iso8601; return
        case "excel_serial": kind = .excelSerial; return
        default: break
        }
        var tokens: [Token] = []
        var rest = Substring(text)
        let fields: [(String, Token)] = [
            ("YYYY", .year), ("MMMM", .monthName), ("MMM", .monthShortName), ("MM", .month2), ("M", .month),
            ("DD", .day2), ("D", .day), ("HH", .hour24_2), ("H", .hour24), ("hh", .hour12_2), ("h", .hour12),
            ("mm", .minute), ("ss", .second), ("SSS", .fraction), ("a", .meridiem), ("Z", .offset),
        ]
        outer: while !rest.isEmpty {
            for (name, token) in fields where rest.hasPrefix(name) {
                tokens.append(token)
                rest = rest.dropFirst(name.count)
                continue outer
            }
            let character = rest.removeFirst()
            // Letters are fields; `T` alone is the ISO 8601 separator.
            if character.isLetter, character != "T" { return nil }
            tokens.append(.literal(character))
        }
        guard tokens.contains(.year), tokens.contains(where: { [.month, .month2, .monthName, .monthShortName].contains($0) }),
              tokens.contains(where: { $0 == .day || $0 == .day2 }) else { return nil }
        let hasTwelveHour = tokens.contains { $0 == .hour12 || $0 == .hour12_2 }
        guard hasTwelveHour == tokens.contains(.meridiem) else { return nil }
        kind = .pattern(tokens)
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]

    /// The wall-clock reading of `text`, or nil when it does not follow this format.
    func parse(_ text: String) -> LocalDateTime? {
        switch kind {
        case .iso8601: return Self.parseISO(Array(text.utf8))
        case .excelSerial: return Self.parseExcelSerial(text)
        case .pattern(let tokens): return Self.parse(Array(text.unicodeScalars), tokens)
        }
    }

    private static func parse(_ scalars: [Unicode.Scalar], _ tokens: [Token]) -> LocalDateTime? {
        var index = 0
        var result = LocalDateTime(year: 0, month: 0, day: 0)
        var hasTime = false
        var pm: Bool?
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < scalars.count, let digit = Int(String(scalars[index])), scalars[index].isASCII {
                value = value * 10 + digit
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        func word() -> String {
            var letters = ""
            while index < scalars.count, scalars[index].properties.isAlphabetic { letters.unicodeScalars.append(scalars[index]); index += 1 }
            return letters.lowercased()
        }
        for token in tokens {
            switch token {
            case .year: guard let value = digits(4, 4) else { return nil }; result.year = value
            case .month2: guard let value = digits(2, 2) else { return nil }; result.month = value
            case .month: guard let value = digits(1, 2) else { return nil }; result.month = value
            case .monthName, .monthShortName:
                let name = word()
                guard name.count >= 3, let found = monthNames.firstIndex(where: { token == .monthName ? $0 == name : $0.hasPrefix(name) && name.count == 3 }) else { return nil }
                result.month = found + 1
            case .day2: guard let value = digits(2, 2) else { return nil }; result.day = value
            case .day: guard let value = digits(1, 2) else { return nil }; result.day = value
            case .hour24_2, .hour12_2: guard let value = digits(2, 2) else { return nil }; result.hour = value; hasTime = true
            case .hour24, .hour12: guard let value = digits(1, 2) else { return nil }; result.hour = value; hasTime = true
            case .minute: guard let value = digits(2, 2) else { return nil }; result.minute = value
            case .second: guard let value = digits(2, 2) else { return nil }; result.second = value
            case .fraction:
                let start = index
                guard let value = digits(1, 9) else { return nil }
                var micro = value
                let count = index - start
                if count < 6 { for _ in count..<6 { micro *= 10 } } else { for _ in 6..<count { micro /= 10 } }
                result.microsecond = micro
            case .meridiem:
                switch word() {
                case "am": pm = false
                case "pm": pm = true
                default: return nil
                }
            case .offset:
                guard let offset = parseOffset(scalars, &index) else { return nil }
                result.offsetSeconds = offset
            case .literal(let character):
                guard index < scalars.count else { return nil }
                let scalar = scalars[index]
                // A space in a pattern matches any run of spaces (exports pad with them).
                if character == " " {
                    guard scalar.properties.isWhitespace else { return nil }
                    while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
                    continue
                }
                guard Character(scalar) == character else { return nil }
                index += 1
            }
        }
        guard index == scalars.count else { return nil }
        if let pm {
            guard (1...12).contains(result.hour) else { return nil }
            result.hour = result.hour % 12 + (pm ? 12 : 0)
        }
        result.isDateOnly = !hasTime
        guard result.date != nil, result.wallSeconds != nil else { return nil }
        return result
    }

    private static func parseOffset(_ scalars: [Unicode.Scalar], _ index: inout Int) -> Int? {
        guard index < scalars.count else { return nil }
        if scalars[index] == "Z" { index += 1; return 0 }
        let sign: Int
        switch scalars[index] {
        case "+": sign = 1
        case "-", "\u{2212}": sign = -1
        default: return nil
        }
        index += 1
        var digits: [Int] = []
        while index < scalars.count, digits.count < 4 {
            if scalars[index] == ":", digits.count == 2 { index += 1; continue }
            guard let digit = Int(String(scalars[index])) else { break }
            digits.append(digit)
            index += 1
        }
        guard digits.count == 4 || digits.count == 2 else { return nil }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits.count == 4 ? digits[2] * 10 + digits[3] : 0
        guard hours <= 18, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    private static let isoFormats = ["YYYY-MM-DDTHH:mm:ss.SSSZ", "YYYY-MM-DDTHH:mm:ssZ", "YYYY-MM-DDTHH:mmZ",
                                     "YYYY-MM-DDTHH:mm:ss.SSS", "YYYY-MM-DDTHH:mm:ss", "YYYY-MM-DDTHH:mm", "YYYY-MM-DD"]
        .map { DateFormat($0)! }

    /// `2026-01-05`, `2026-01-05T10:14`, `2026-01-05 10:14:00.000Z`, `2026-01-05T10:14:00+0100`.
    private static func parseISO(_ bytes: [UInt8]) -> LocalDateTime? {
        let text = String(decoding: bytes, as: UTF8.self).replacingFirstSpace()
        for format in isoFormats {
            if let parsed = format.parse(text) { return parsed }
        }
        return nil
    }

    /// Excel's serial day numbers: 45658 is 2025-01-01; a fraction is the time of day.
    private static func parseExcelSerial(_ text: String) -> LocalDateTime? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let days = Int(parts[0]), days > 60, days < 2_958_466 else { return nil }
        var fractionSeconds = 0
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return nil }
            let digits = String(parts[1].prefix(9))
            let scale = Double(pow10(digits.count))
            fractionSeconds = Int((Double(Int(digits)!) / scale * 86_400).rounded())
        }
        // Serial 25569 is 1970-01-01 (Excel's 1900 system, after its fictitious 1900-02-29).
        let dayNumber = days - 25_569
        let (year, month, day) = civil(dayNumber)
        return LocalDateTime(year: year, month: month, day: day, hour: fractionSeconds / 3600,
                             minute: fractionSeconds % 3600 / 60, second: fractionSeconds % 60,
                             isDateOnly: parts.count == 1)
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { value, _ in value * 10 } }

    private static func civil(_ dayNumber: Int) -> (Int, Int, Int) {
        let (year, month, day) = CivilCalendar.civil(fromDayNumber: dayNumber)
        return (year, month, day)
    }
}

private extension String {
    /// ISO 8601 allows a space for the `T` in practice (RFC 3339 notes it); read both.
    func replacingFirstSpace() -> String {
        guard let index = firstIndex(of: " ") else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: "T")
        return copy
    }
}
