public import LedgerCore

/// CSV quoting (RFC 4180).
enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}

/// Money for people: rounded half-even to cents, with thousands separators.
public enum MoneyText {
    public static func cents(_ money: Money) -> String {
        let units = money.units
        var cents = units / 100
        let remainder = units % 100
        if abs(remainder) > 50 || (abs(remainder) == 50 && cents % 2 != 0) { cents += units < 0 ? -1 : 1 }
        let magnitude = cents.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (offset, character) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
