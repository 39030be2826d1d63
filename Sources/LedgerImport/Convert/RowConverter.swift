import LedgerCore

/// An event a row produced, before validation: its JSON object and, for a revisable fact, the
/// key that names the fact across revisions.
struct ProducedEvent {
    var object: JSONObject
    var revisionKey: String?
}

/// Turns one data row into the events its mapping's templates produce, or into the first
/// problem that stops the row (a cell that is not its type, a required cell left empty, a value
/// no map knows). A row lands whole or not at all.
struct RowConverter {
    let mapping: Mapping
    let header: BoundHeader
    let clock: ZoneClock
    let ledgerCurrency: String
    private let columnsByKey: [String: ColumnSpec]
    private let familiesByKey: [String: FamilySpec]
    private let requiredKeys: [String]

    init(mapping: Mapping, header: BoundHeader, clock: ZoneClock, ledgerCurrency: String) {
        self.mapping = mapping
        self.header = header
        self.clock = clock
        self.ledgerCurrency = ledgerCurrency
        columnsByKey = Dictionary(uniqueKeysWithValues: mapping.columns.map { ($0.key, $0) })
        familiesByKey = Dictionary(uniqueKeysWithValues: mapping.families.map { ($0.key, $0) })
        requiredKeys = mapping.columns.filter(\.required).map(\.key)
    }

    /// A problem in one cell, located by column.
    struct Refusal: Error {
        var column: Int?
        var header: String?
        var value: String?
        var problem: CellProblem
    }

    /// The values of one row, read on first use.
    private final class RowValues {
        var cache: [String: CellValue?] = [:]
    }

    func convert(_ record: CSVRecord) throws(Refusal) -> [ProducedEvent] {
        let values = RowValues()
        for key in requiredKeys where try value(key, record, values) == nil {
            let index = header.indices[key]!
            throw Refusal(column: index + 1, header: header.labels[index], value: "",
                          problem: CellProblem(code: .requiredEmpty, problem: "is empty", expected: "a value in every row"))
        }
        var produced: [ProducedEvent] = []
        for template in mapping.events {
            if try !applies(template, record, values) { continue }
            switch template.repeating {
            case nil:
                produced.append(try build(template, record, values, scope: [:]))
            case .items(let key)?:
                guard case .list(let items)? = try value(key, record, values) else { continue }
                for item in items {
                    produced.append(try build(template, record, values, scope: ["item": .text(item)]))
                }
            case .family(let key)?:
                let family = familiesByKey[key]!
                for member in header.families[key] ?? [] where member.index < record.count {
                    guard let raw = try cellText(member.index, record, label: member.label),
                          let cell = try read(raw, type: family.type, separator: ";", column: member.index, label: member.label) else { continue }
                    var scope: [String: CellValue] = ["value": cell]
                    for (name, captured) in member.captures { scope[name] = .text(captured) }
                    produced.append(try build(template, record, values, scope: scope))
                }
            }
        }
        return produced
    }

    /// `when` columns must hold a value (a yes/no column: yes); `unless` columns must not.
    private func applies(_ template: EventTemplate, _ record: CSVRecord, _ values: RowValues) throws(Refusal) -> Bool {
        func holds(_ key: String) throws(Refusal) -> Bool {
            switch try value(key, record, values) {
            case nil, .bool(false)?: false
            default: true
            }
        }
        for key in template.when where try !holds(key) { return false }
        for key in template.unless where try holds(key) { return false }
        if !template.unlessEqual.isEmpty {
            var allEqual = true
            for pair in template.unlessEqual where try value(pair.0, record, values) != value(pair.1, record, values) {
                allEqual = false
                break
            }
            if allEqual { return false }
        }
        return true
    }

    private func build(_ template: EventTemplate, _ record: CSVRecord, _ values: RowValues, scope: [String: CellValue]) throws(Refusal) -> ProducedEvent {
        var object = JSONObject()
        object["type"] = .string(template.type)
        let at: String
        switch try evaluateSingle(template.at, record, values, scope) {
        case .timestamp(let timestamp)?: at = timestamp.description
        case .date(let date)?: at = date.startOfDay.description
        case let other?: at = other.text
        case nil:
            throw Refusal(column: nil, header: nil, value: nil,
                          problem: CellProblem(code: .requiredEmpty, problem: "the event's time (\(template.at.text)) is empty", expected: "a date or time in every row that produces a \(template.type) event"))
        }
        object["at"] = .string(at)
        if case .object(let members) = template.fields {
            for (key, field) in members {
                if let rendered = try render(field, record, values, scope) { object[key] = rendered }
            }
        }
        var idText = try evaluateText(template.id, record, values, scope, object: object, emptyPartsAllowed: true)
        guard !idText.isEmpty else {
            throw Refusal(column: nil, header: nil, value: nil,
                          problem: CellProblem(code: .requiredEmpty, problem: "the event id (\(template.id.text)) is empty", expected: "the columns the id is made of"))
        }
        var revisionKey: String?
        if template.revisable {
            revisionKey = idText
            idText += "@" + Self.digest(of: object)
        }
        object["id"] = .string(idText)
        return ProducedEvent(object: object, revisionKey: revisionKey)
    }

    /// 16 hex digits of the SHA-256 of the event without its id: names a fact by its content.
    static func digest(of object: JSONObject) -> String {
        var copy = object
        copy["id"] = nil
        var writer = CanonicalJSONWriter()
        writer.write(.object(copy))
        return String(ContentDigest.sha256(writer.bytes).prefix(16))
    }

    private func render(_ field: FieldTemplate, _ record: CSVRecord, _ values: RowValues, _ scope: [String: CellValue]) throws(Refusal) -> JSONValue? {
        switch field {
        case .literal(let value):
            return value
        case .text(let template):
            if template.single != nil {
                return try evaluateSingle(template, record, values, scope)?.json
            }
            let text = try evaluateText(template, record, values, scope, object: nil)
            return text.isEmpty ? nil : .string(text)
        case .object(let members):
            var object = JSONObject()
            for (key, member) in members {
                if let rendered = try render(member, record, values, scope) { object[key] = rendered }
            }
            return object.members.isEmpty ? nil : .object(object)
        case .conditional(let column, let then):
            guard try lookup(column, record, values, scope) != nil else { return nil }
            return try render(then, record, values, scope)
        case .firstOf(let options):
            for option in options {
                if let rendered = try render(option, record, values, scope) { return rendered }
            }
            return nil
        case .each(let list, let template):
            guard case .list(let items)? = try value(list, record, values) else { return nil }
            var array: [JSONValue] = []
            for item in items {
                var itemScope = scope
                itemScope["item"] = .text(item)
                let text = try evaluateText(template, record, values, itemScope, object: nil)
                if !text.isEmpty { array.append(.string(text)) }
            }
            return array.isEmpty ? nil : .array(array)
        case .array(let items):
            var array: [JSONValue] = []
            for item in items {
                switch try render(item, record, values, scope) {
                case .array(let inner)?: array += inner
                case let value?: array.append(value)
                case nil: break
                }
            }
            return array.isEmpty ? nil : .array(array)
        }
    }

    /// A lone placeholder, keeping its type unless a filter turned it into text.
    private func evaluateSingle(_ template: Template, _ record: CSVRecord, _ values: RowValues, _ scope: [String: CellValue]) throws(Refusal) -> CellValue? {
        guard let placeholder = template.single else {
            let text = try evaluateText(template, record, values, scope, object: nil)
            return text.isEmpty ? nil : .text(text)
        }
        return try resolve(placeholder, record, values, scope)
    }

    /// The template as text. An empty placeholder empties the whole text (a field built from a
    /// missing value is left out), except in ids, where optional parts are simply empty.
    private func evaluateText(_ template: Template, _ record: CSVRecord, _ values: RowValues, _ scope: [String: CellValue],
                              object: JSONObject?, emptyPartsAllowed: Bool = false) throws(Refusal) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal): text += literal
            case .placeholder(let placeholder):
                if placeholder.name == "#digest", let object { text += Self.digest(of: object); continue }
                guard let value = try resolve(placeholder, record, values, scope) else {
                    if emptyPartsAllowed { continue }
                    return ""
                }
                text += value.text
            }
        }
        return text
    }

    private func resolve(_ placeholder: Template.Placeholder, _ record: CSVRecord, _ values: RowValues, _ scope: [String: CellValue]) throws(Refusal) -> CellValue? {
        var current = try lookup(placeholder.name, record, values, scope)
        for filter in placeholder.filters {
            if case .or(let other) = filter {
                if current == nil { current = try lookup(other, record, values, scope) }
                continue
            }
            guard let present = current else { return nil }
            switch filter {
            case .lower: current = .text(present.text.lowercased())
            case .upper: current = .text(present.text.uppercased())
            case .trim: current = .text(NumberLocale.trimmed(present.text))
            case .slug: current = .text(Self.slug(present.text))
            case .date:
                if case .timestamp(let timestamp) = present { current = .date(timestamp.date) }
            case .first:
                if case .list(let items) = present { current = items.first.map { .text($0) } }
            case .map(let name):
                let map = mapping.maps[name]!
                guard let mapped = map.lookup(present.text) else {
                    let code: RejectCode = if case .reject(let code) = map.otherwise { code } else { .unknownValue }
                    let index = header.indices[placeholder.name]
                    throw Refusal(column: index.map { $0 + 1 }, header: index.map { header.labels[$0] }, value: present.text,
                                  problem: CellProblem(code: code, problem: "\"\(present.text)\" is not in the mapping's \(name) map",
                                                       expected: "one of \(map.values.keys.sorted().prefix(12).joined(separator: ", ")); add it to maps.\(name)"))
                }
                if mapped.isEmpty { return nil }
                current = .text(mapped)
            case .or:
                break
            }
        }
        return current
    }

    /// A name's value: the repeat's scope first, then the row's columns, then built-ins.
    private func lookup(_ name: String, _ record: CSVRecord, _ values: RowValues, _ scope: [String: CellValue]) throws(Refusal) -> CellValue? {
        if let scoped = scope[name] { return scoped }
        if name == Mapping.ledgerCurrencyName { return .text(ledgerCurrency) }
        return try value(name, record, values)
    }

    static func slug(_ text: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSeparator, !result.isEmpty { result.append("_") }
                pendingSeparator = false
                result.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return result
    }

    /// The column's value in this row, nil when absent or empty; read and cached on first use.
    private func value(_ key: String, _ record: CSVRecord, _ values: RowValues) throws(Refusal) -> CellValue? {
        if let cached = values.cache[key] { return cached }
        guard let column = columnsByKey[key], let index = header.indices[key], index < record.count,
              let raw = try cellText(index, record, label: header.labels[index]) else {
            values.cache[key] = .some(nil)
            return nil
        }
        let value = try read(raw, type: column.type, separator: column.separator, column: index, label: header.labels[index])
        values.cache[key] = .some(value)
        return value
    }

    /// The cell's text, nil when empty or a missing-value marker; a cell that is not text (bytes
    /// that are not UTF-8 in the file's encoding, or a NUL) refuses the row.
    private func cellText(_ index: Int, _ record: CSVRecord, label: String) throws(Refusal) -> String? {
        guard let text = record.text(index) else {
            throw Refusal(column: index + 1, header: label, value: record.lossyText(index), problem: CellProblem(
                code: .invalidText, problem: "the cell holds bytes that are not text in the mapping's encoding (invalid UTF-8 or a NUL byte)",
                expected: "text in \(mapping.dialect.encoding == .auto ? "UTF-8 or UTF-16 with a byte order mark" : mapping.dialect.encoding.rawValue); re-export the file, or declare dialect.encoding"))
        }
        let trimmed = NumberLocale.trimmed(text)
        if trimmed.isEmpty || mapping.numbers.missing.contains(trimmed) { return nil }
        return trimmed
    }

    private func read(_ raw: String, type: ColumnType, separator: String, column: Int, label: String) throws(Refusal) -> CellValue? {
        do throws(CellProblem) {
            return try CellReader.read(raw, type: type, separator: separator, numbers: mapping.numbers,
                                       formats: mapping.time.formats, clock: clock, ledgerCurrency: ledgerCurrency)
        } catch {
            throw Refusal(column: column + 1, header: label, value: raw, problem: error)
        }
    }
}
