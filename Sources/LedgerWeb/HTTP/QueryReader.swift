import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// A request's query read as the command line reads its options: the same names (`as_of` for
/// `--as-of`), the same values, the same checks (`OptionValues`). A parameter the resource does
/// not take is refused by name, so a mistyped filter never silently shows another view.
struct QueryReader {
    /// The filters every replaying page and report takes.
    static let replay = ["from", "to", "period", "as_of", "rules", "level"]
    /// List-valued parameters, which may repeat (`model=a&model=b` is `model=a,b`).
    static let lists: Set<String> = ["model", "view"]

    private var values: [String: [String]] = [:]
    let allowed: [String]

    /// `repeatable`: parameters that may be given more than once besides the lists (compare's
    /// two sides: `rules=default@1&rules=default@2`, as the command line's `--rules` twice).
    init(_ request: WebRequest, allowed: [String], repeatable: Set<String> = []) throws {
        self.allowed = allowed
        for (name, value) in request.query {
            guard allowed.contains(name) else { throw Problem.unknownParameter(name, allowed: allowed) }
            if let earlier = values[name], !Self.lists.contains(name), !repeatable.contains(name) {
                throw Problem.invalid(name, value, "is given twice (also \(earlier[0]))", expected: "one value")
            }
            if value.isEmpty { continue }
            values[name, default: []].append(value)
        }
    }

    /// The value, nil when absent or empty (an empty form field means "the default"); a list's
    /// values joined by commas.
    func string(_ name: String) -> String? {
        values[name].map { $0.joined(separator: ",") }
    }

    /// Every value given, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, default fallback: Int64) throws -> Int64 {
        guard let text = string(name) else { return fallback }
        guard let value = Int64(text) else { throw Problem.invalid(name, text, "is not a whole number", expected: "a number such as 100") }
        return value
    }

    var replay: ReplayRequest {
        get throws {
            ReplayRequest(asOf: string("as_of"), rules: string("rules").map(RuleChoice.published) ?? .inForce, from: string("from"), to: string("to"),
                          level: try OptionValues.level(string("level")), period: string("period"))
        }
    }

    var models: [AttributionModelName] { get throws { try OptionValues.models(string("model").map { [$0] } ?? []) } }

    func views(default fallback: String) throws -> [ReportView] {
        try OptionValues.views(string("view").map { [$0] } ?? [], default: fallback)
    }

    var groupBy: GroupBy { get throws { try OptionValues.groupBy(string("by") ?? "channel") } }

    /// The replay filters as a query string, for links that keep them (`from=…&model=…&segment=…`).
    func carried(_ names: [String] = Self.replay + ["model", "segment"]) -> [(name: String, value: String)] {
        names.compactMap { name in string(name).map { (name, $0) } }
    }
}

/// Output formats of the API, as `--format` names them.
enum APIFormat: String {
    case json, csv, table

    init(_ query: QueryReader) throws {
        let text = query.string("format") ?? "json"
        guard let format = APIFormat(rawValue: text) else { throw Problem.invalid("format", text, "is not a format", expected: "json, csv or table") }
        self = format
    }
}

/// Builds query strings for links.
enum QueryString {
    static func make(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    static func path(_ path: String, _ pairs: [(name: String, value: String)]) -> String {
        pairs.isEmpty ? path : path + "?" + make(pairs)
    }

    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "@"):
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return result
    }

    /// A path segment: like a query value.
    static func segment(_ text: String) -> String { encode(text) }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
