import LedgerCore
import Foundation

/// A declarative description of one export format: how to read the file (dialect, numbers,
/// times), which columns it has (by header label or API name), and which events each row
/// produces. Shipped mappings cover the common CRMs and ad platforms; a user writes their own
/// for anything else (`schemas/mapping.schema.json`, README "Writing a mapping").
public struct Mapping: Sendable {
    public var name: String
    public var version: Int
    public var description: String
    /// SHA-256 of the mapping file's canonical JSON: the provenance says exactly which mapping
    /// produced an event, and a changed mapping is visible even under the same version.
    public var sha256: String
    var dialect: Dialect
    var numbers: NumberLocale
    var time: TimeSettings
    var columns: [ColumnSpec]
    var families: [FamilySpec]
    var maps: [String: ValueMap]
    var events: [EventTemplate]

    struct Dialect: Sendable {
        var encoding: SourceEncoding = .auto
        /// 0: decided from the file (a platform's "CSV" and "Excel CSV" downloads differ).
        var delimiter: UInt8 = UInt8(ascii: ",")
        var quote: UInt8 = UInt8(ascii: "\"")
        /// Rows read while looking for the header (preambles are rarely longer than a dozen).
        var headerSearchRows = 50
        /// Data rows that are not data (subtotals, `Total:` rows): skipped, never rejected.
        var skipRows: [RowRule] = []
        /// The first row of a footer: it and everything after it are not data.
        var stopAt: [RowRule] = []
    }

    struct TimeSettings: Sendable {
        var zone: String
        var formats: [DateFormat]
    }
}

/// A test on a row's first non-empty cell, for preambles, totals and footers; or on a blank
/// row (Salesforce puts its footer after blank lines).
struct RowRule: Sendable, Equatable {
    enum Test: Sendable, Equatable {
        case startsWith(String)
        case equals(String)
        case contains(String)
        case blank
    }

    var test: Test

    /// `firstCell` is nil for a blank row.
    func matches(_ firstCell: String?) -> Bool {
        guard let firstCell else { return test == .blank }
        switch test {
        case .startsWith(let prefix): return firstCell.hasPrefix(prefix)
        case .equals(let text): return firstCell == text
        case .contains(let text): return firstCell.contains(text)
        case .blank: return false
        }
    }
}

/// What a column's cells hold, and so how they are read and what JSON they become.
enum ColumnType: String, Sendable, CaseIterable {
    case text
    case salesforceID = "salesforce_id"
    case number
    case money
    case timestamp
    case date
    case boolean
    case list
    /// An ISO 4217 code that must be the ledger's currency.
    case currency
}

/// One column, found by its header label or any alias (API names, older labels), compared
/// without regard to case or surrounding space. A `headerPattern` such as `Amount spent
/// ({currency})` finds a column whose label carries a value; a captured `currency` is checked
/// against the ledger's.
struct ColumnSpec: Sendable {
    var key: String
    var headers: [String]
    var headerPattern: HeaderPattern?
    var type: ColumnType
    var required: Bool
    /// For `list`: the separator between items (HubSpot writes `;`).
    var separator: String
}

/// A family of columns whose labels follow one pattern (HubSpot's `Date entered "{stage}
/// ({pipeline})"`): a template may produce one event per member with a value.
struct FamilySpec: Sendable {
    var key: String
    var pattern: HeaderPattern
    var type: ColumnType
}

/// A label pattern: literal text with `{name}` captures, matched without regard to case.
struct HeaderPattern: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case capture(String)
    }

    var text: String
    var parts: [Part]

    /// The captures of `label` when it matches, else nil.
    func match(_ label: String) -> [String: String]? {
        var captures: [String: String] = [:]
        var rest = Substring(label.lowercased())
        var original = Substring(label)
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let literal):
                let lowered = literal.lowercased()
                guard rest.hasPrefix(lowered) else { return nil }
                rest = rest.dropFirst(lowered.count)
                original = original.dropFirst(literal.count)
            case .capture(let name):
                // Up to the next literal's last occurrence (labels rarely repeat it), or the end.
                var length = rest.count
                if index + 1 < parts.count, case .literal(let next) = parts[index + 1] {
                    guard let range = rest.range(of: next.lowercased(), options: .backwards) else { return nil }
                    length = rest.distance(from: rest.startIndex, to: range.lowerBound)
                }
                guard length > 0 else { return nil }
                captures[name] = String(original.prefix(length))
                rest = rest.dropFirst(length)
                original = original.dropFirst(length)
            }
        }
        return rest.isEmpty ? captures : nil
    }
}

/// A lookup table from export values (HubSpot's source labels, CRM stage names) to ledger
/// values, compared without regard to case.
struct ValueMap: Sendable {
    enum Otherwise: Sendable, Equatable {
        /// Unknown values pass through unchanged.
        case keep
        /// Unknown values reject the row with this code.
        case reject(RejectCode)
    }

    var values: [String: String]
    var otherwise: Otherwise

    func lookup(_ value: String) -> String? {
        if let found = values[value.lowercased()] { return found }
        if case .keep = otherwise { return value }
        return nil
    }
}

/// One event a row produces: its type, id, business time and fields, all as templates over the
/// row's columns, with the conditions under which it is produced.
struct EventTemplate: Sendable {
    enum Repeat: Sendable {
        /// One event per item of a list column; `{item}` names the item.
        case items(String)
        /// One event per column of a family with a value; `{value}` and the label's captures.
        case family(String)
    }

    var type: String
    var id: Template
    var at: Template
    var when: [String]
    var unless: [String]
    /// Skipped when every pair of columns holds equal values (HubSpot's latest source when it
    /// is the original source).
    var unlessEqual: [(String, String)]
    var repeating: Repeat?
    /// A fact a platform may revise (a day's spend): a changed value retracts the event it
    /// replaces instead of being refused as a conflict.
    var revisable: Bool
    var fields: FieldTemplate
}

/// A template for a JSON value: a string template, or an object or array of them;
/// `{"$each": LIST, "$as": TEMPLATE}` makes an array with one value per item of a list column
/// (`{item}`), `{"$first": [A, B]}` the first of its templates that is not empty, and
/// `{"$when": COLUMN, "$then": A}` A only when the column holds a value.
indirect enum FieldTemplate: Sendable {
    case text(Template)
    case literal(JSONValue)
    case object([(String, FieldTemplate)])
    case array([FieldTemplate])
    case each(list: String, template: Template)
    case firstOf([FieldTemplate])
    case conditional(column: String, then: FieldTemplate)
}
