import LedgerCore

extension Mapping {
    /// The mapping format this program reads (`format` in the file).
    public static let formatVersion = 1
    static let eventTypes: Set<String> = Set(EventType.allCases.map(\.rawValue))
    /// A built-in placeholder: the ledger's currency, for exports whose amounts carry none.
    static let ledgerCurrencyName = "ledger_currency"


    /// Reads a mapping from its JSON text, checking every reference (placeholders name columns,
    /// filters name maps, formats parse) so a broken mapping fails before any row is read.
    public static func parse(_ text: String) throws(MappingError) -> Mapping {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw MappingError(field: "(file)", problem: "is not valid JSON at byte \(error.offset + 1): \(error.message)", expected: "one JSON object")
        }
        guard case .object(let object) = value else {
            throw MappingError(field: "(file)", problem: "is a JSON \(value.typeName)", expected: "one JSON object")
        }
        var writer = CanonicalJSONWriter()
        writer.write(value)
        let reader = MappingReader(object: object, path: "")
        try reader.allowOnly(["$schema", "format", "mapping", "version", "description", "dialect", "numbers", "time", "columns",
                              "column_families", "maps", "events"])
        let format = try reader.integer("format", required: true)!
        guard format == formatVersion else {
            throw reader.fail("format", "is \(format)", "\(formatVersion), the mapping format this roiledger reads")
        }
        let name = try reader.string("mapping", required: true)!
        guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw reader.fail("mapping", "is \"\(name)\"", "a name of lower-case letters, digits and dashes, such as acme-crm-contacts")
        }
        let version = try reader.integer("version", required: true)!
        guard version >= 1 else { throw reader.fail("version", "is \(version)", "an integer of at least 1") }
        var mapping = Mapping(
            name: name, version: version,
            description: try reader.string("description", required: false) ?? "",
            sha256: ContentDigest.sha256(writer.bytes),
            dialect: try parseDialect(reader.object("dialect")),
            numbers: try parseNumbers(reader.object("numbers")),
            time: try parseTime(reader.object("time", required: true)!),
            columns: [], families: [], maps: [:], events: [])
        mapping.columns = try parseColumns(reader)
        mapping.families = try parseFamilies(reader)
        mapping.maps = try parseMaps(reader)
        mapping.events = try parseEvents(reader)
        try mapping.checkReferences()
        return mapping
    }

    private static func parseDialect(_ reader: MappingReader?) throws(MappingError) -> Dialect {
        var dialect = Dialect()
        guard let reader else { return dialect }
        try reader.allowOnly(["encoding", "delimiter", "quote", "header_search_rows", "skip_rows", "stop_at"])
        if let encoding = try reader.string("encoding", required: false) {
            guard let known = SourceEncoding(rawValue: encoding) else {
                throw reader.fail("encoding", "is \"\(encoding)\"", "one of \(SourceEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dialect.encoding = known
        }
        dialect.delimiter = try reader.byte("delimiter") ?? dialect.delimiter
        dialect.quote = try reader.byte("quote") ?? dialect.quote
        if let rows = try reader.integer("header_search_rows", required: false) {
            guard (1...1000).contains(rows) else { throw reader.fail("header_search_rows", "is \(rows)", "1 to 1000") }
            dialect.headerSearchRows = rows
        }
        dialect.skipRows = try parseRowRules(reader, "skip_rows")
        dialect.stopAt = try parseRowRules(reader, "stop_at")
        return dialect
    }

    private static func parseRowRules(_ reader: MappingReader, _ key: String) throws(MappingError) -> [RowRule] {
        var rules: [RowRule] = []
        for (index, item) in try reader.objects(key).enumerated() {
            let rule = item
            try rule.allowOnly(["first_cell_starts_with", "first_cell_equals", "first_cell_contains", "blank_row"])
            if try rule.bool("blank_row") == true {
                rules.append(RowRule(test: .blank))
            } else if let text = try rule.string("first_cell_starts_with", required: false) {
                rules.append(RowRule(test: .startsWith(text)))
            } else if let text = try rule.string("first_cell_equals", required: false) {
                rules.append(RowRule(test: .equals(text)))
            } else if let text = try rule.string("first_cell_contains", required: false) {
                rules.append(RowRule(test: .contains(text)))
            } else {
                throw MappingError(field: "\(reader.path(key))[\(index)]", problem: "states no test",
                                   expected: "one of first_cell_starts_with, first_cell_equals, first_cell_contains, blank_row")
            }
        }
        return rules
    }

    private static func parseNumbers(_ reader: MappingReader?) throws(MappingError) -> NumberLocale {
        guard let reader else { return NumberLocale() }
        try reader.allowOnly(["decimal", "group", "currency_symbols", "negative_parentheses", "missing"])
        let decimal = try reader.character("decimal") ?? "."
        let group = try reader.character("group")
        if let group, group == decimal { throw reader.fail("group", "is the decimal character too", "a different character") }
        return NumberLocale(decimal: decimal, group: group,
                            currencySymbols: try reader.strings("currency_symbols"),
                            negativeParentheses: try reader.bool("negative_parentheses") ?? false,
                            missing: try reader.strings("missing"))
    }

    private static func parseTime(_ reader: MappingReader) throws(MappingError) -> TimeSettings {
        try reader.allowOnly(["zone", "formats"])
        let zone = try reader.string("zone", required: true)!
        guard ZoneClock(identifier: zone) != nil else {
            throw reader.fail("zone", "is \"\(zone)\", not an IANA time zone", "a name such as America/New_York or UTC")
        }
        var formats: [DateFormat] = []
        for (index, text) in try reader.strings("formats").enumerated() {
            guard let format = DateFormat(text) else {
                throw MappingError(field: "\(reader.path("formats"))[\(index)]", problem: "\"\(text)\" is not a date format",
                                   expected: "a pattern of YYYY, MM, M, MMM, MMMM, DD, D, HH, H, hh, h, mm, ss, SSS, a, Z and literals, or iso8601, or excel_serial")
            }
            formats.append(format)
        }
        guard !formats.isEmpty else { throw reader.fail("formats", "is empty or missing", "at least one date format") }
        return TimeSettings(zone: zone, formats: formats)
    }

    private static func parseColumns(_ reader: MappingReader) throws(MappingError) -> [ColumnSpec] {
        guard let columns = try reader.object("columns", required: true) else { return [] }
        var specs: [ColumnSpec] = []
        for key in columns.keys {
            try checkKey(key, columns.path(key))
            let column = try columns.object(key, required: true)!
            try column.allowOnly(["header", "aliases", "header_pattern", "type", "required", "separator"])
            var headers: [String] = []
            if let header = try column.string("header", required: false) { headers.append(header) }
            headers += try column.strings("aliases")
            let pattern = try column.string("header_pattern", required: false).map { (text) throws(MappingError) in
                try parsePattern(text, column.path("header_pattern"))
            }
            guard !headers.isEmpty || pattern != nil else {
                throw MappingError(field: columns.path(key), problem: "names no header", expected: "`header`, `aliases` or `header_pattern`")
            }
            specs.append(ColumnSpec(key: key, headers: headers, headerPattern: pattern, type: try columnType(column),
                                    required: try column.bool("required") ?? false,
                                    separator: try column.string("separator", required: false) ?? ";"))
        }
        return specs
    }

    private static func parseFamilies(_ reader: MappingReader) throws(MappingError) -> [FamilySpec] {
        guard let families = try reader.object("column_families") else { return [] }
        var specs: [FamilySpec] = []
        for key in families.keys {
            try checkKey(key, families.path(key))
            let family = try families.object(key, required: true)!
            try family.allowOnly(["header_pattern", "type"])
            let pattern = try parsePattern(try family.string("header_pattern", required: true)!, family.path("header_pattern"))
            specs.append(FamilySpec(key: key, pattern: pattern, type: try columnType(family)))
        }
        return specs
    }

    private static func columnType(_ reader: MappingReader) throws(MappingError) -> ColumnType {
        let text = try reader.string("type", required: false) ?? "text"
        guard let type = ColumnType(rawValue: text) else {
            throw reader.fail("type", "is \"\(text)\"", "one of \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }

    private static func parsePattern(_ text: String, _ path: String) throws(MappingError) -> HeaderPattern {
        guard case .success(let template) = Template.parse(text) else {
            throw MappingError(field: path, problem: "\"\(text)\" is not a pattern", expected: "literal text with {name} captures")
        }
        var parts: [HeaderPattern.Part] = []
        for part in template.parts {
            switch part {
            case .literal(let literal): parts.append(.literal(literal))
            case .placeholder(let placeholder):
                if case .capture? = parts.last {
                    throw MappingError(field: path, problem: "has two captures with nothing between them", expected: "literal text between captures")
                }
                parts.append(.capture(placeholder.name))
            }
        }
        return HeaderPattern(text: text, parts: parts)
    }

    private static func parseMaps(_ reader: MappingReader) throws(MappingError) -> [String: ValueMap] {
        guard let maps = try reader.object("maps") else { return [:] }
        var result: [String: ValueMap] = [:]
        for key in maps.keys {
            try checkKey(key, maps.path(key))
            let map = try maps.object(key, required: true)!
            try map.allowOnly(["values", "otherwise"])
            let values = try map.object("values", required: true)!
            var table: [String: String] = [:]
            for from in values.keys {
                let to = try values.string(from, required: true, allowEmpty: true)!
                if table.updateValue(to, forKey: from.lowercased()) != nil {
                    throw values.fail(from, "repeats a value that differs only in case", "each value once")
                }
            }
            let otherwiseText = try map.string("otherwise", required: false) ?? "keep"
            let otherwise: ValueMap.Otherwise
            switch otherwiseText {
            case "keep": otherwise = .keep
            case "reject": otherwise = .reject(.unknownValue)
            case "reject_stage": otherwise = .reject(.unknownStage)
            default: throw map.fail("otherwise", "is \"\(otherwiseText)\"", "keep, reject or reject_stage")
            }
            result[key] = ValueMap(values: table, otherwise: otherwise)
        }
        return result
    }

    private static func parseEvents(_ reader: MappingReader) throws(MappingError) -> [EventTemplate] {
        var templates: [EventTemplate] = []
        let items = try reader.objects("events")
        guard !items.isEmpty else { throw reader.fail("events", "is empty or missing", "at least one event template") }
        for event in items {
            try event.allowOnly(["type", "id", "at", "when", "unless", "unless_equal", "for_each", "for_each_column_of", "revisable", "fields"])
            let type = try event.string("type", required: true)!
            guard eventTypes.contains(type), !["close", "rules", "unmerge", "retract"].contains(type) else {
                throw event.fail("type", "is \"\(type)\"", "an event type an export can state: touch, contact, account, stage, opportunity, merge, spend, adjustment or self_report")
            }
            var repeating: EventTemplate.Repeat?
            if let items = try event.string("for_each", required: false) { repeating = .items(items) }
            if let family = try event.string("for_each_column_of", required: false) {
                guard repeating == nil else { throw event.fail("for_each_column_of", "is given with for_each", "one of the two") }
                repeating = .family(family)
            }
            let fieldsReader = try event.object("fields", required: true)!
            templates.append(EventTemplate(
                type: type,
                id: try template(event, "id"),
                at: try template(event, "at"),
                when: try event.strings("when"),
                unless: try event.strings("unless"),
                unlessEqual: try pairs(event, "unless_equal"),
                repeating: repeating,
                revisable: try event.bool("revisable") ?? false,
                fields: try fieldTemplate(.object(fieldsReader.object), path: fieldsReader.path(""))))
        }
        return templates
    }

    private static func pairs(_ reader: MappingReader, _ key: String) throws(MappingError) -> [(String, String)] {
        guard let value = reader.object[key] else { return [] }
        guard case .array(let items) = value else { throw reader.fail(key, "is a JSON \(value.typeName)", "an array of [column, column] pairs") }
        var pairs: [(String, String)] = []
        for (index, item) in items.enumerated() {
            guard case .array(let pair) = item, pair.count == 2, case .string(let first) = pair[0], case .string(let second) = pair[1] else {
                throw MappingError(field: "\(reader.path(key))[\(index)]", problem: "is not a pair of column keys", expected: "[\"column\", \"column\"]")
            }
            pairs.append((first, second))
        }
        return pairs
    }

    private static func template(_ reader: MappingReader, _ key: String) throws(MappingError) -> Template {
        let text = try reader.string(key, required: true)!
        switch Template.parse(text) {
        case .success(let template): return template
        case .failure(let error): throw reader.fail(key, "\"\(text)\" \(error.problem)", "a template such as hubspot:contact:{id}")
        }
    }

    private static func fieldTemplate(_ value: JSONValue, path: String) throws(MappingError) -> FieldTemplate {
        switch value {
        case .string(let text):
            switch Template.parse(text) {
            case .success(let template):
                guard template.placeholders.isEmpty else { return .text(template) }
                return .literal(.string(template.parts.map { if case .literal(let text) = $0 { text } else { "" } }.joined()))
            case .failure(let error): throw MappingError(field: path, problem: "\"\(text)\" \(error.problem)", expected: "a template")
            }
        case .object(let object) where object["$each"] != nil:
            let reader = MappingReader(object: object, path: path)
            try reader.allowOnly(["$each", "$as"])
            return .each(list: try reader.string("$each", required: true)!, template: try template(reader, "$as"))
        case .object(let object) where object["$when"] != nil:
            let reader = MappingReader(object: object, path: path)
            try reader.allowOnly(["$when", "$then"])
            guard let then = object["$then"] else { throw reader.fail("$then", "is missing", "the value to use when the column holds one") }
            return .conditional(column: try reader.string("$when", required: true)!, then: try fieldTemplate(then, path: "\(path).$then"))
        case .object(let object) where object["$first"] != nil:
            guard object.members.count == 1, case .array(let options)? = object["$first"], !options.isEmpty else {
                throw MappingError(field: path, problem: "is not a $first object", expected: "{\"$first\": [template, template, …]}")
            }
            var templates: [FieldTemplate] = []
            for (index, option) in options.enumerated() { templates.append(try fieldTemplate(option, path: "\(path).$first[\(index)]")) }
            return .firstOf(templates)
        case .object(let object):
            var members: [(String, FieldTemplate)] = []
            for member in object.members {
                members.append((member.key, try fieldTemplate(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)")))
            }
            return .object(members)
        case .array(let items):
            var templates: [FieldTemplate] = []
            for (index, item) in items.enumerated() { templates.append(try fieldTemplate(item, path: "\(path)[\(index)]")) }
            return .array(templates)
        default:
            return .literal(value)
        }
    }

    private static func checkKey(_ key: String, _ path: String) throws(MappingError) {
        guard let first = key.first, first.isLetter, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw MappingError(field: path, problem: "is not a usable key", expected: "letters, digits and underscores, starting with a letter")
        }
    }

    /// Every placeholder names a column, family capture or built-in; every `map:` a declared
    /// map; every `when` a column; every `for_each` a list column or a family.
    func checkReferences() throws(MappingError) {
        let columnKeys = Set(columns.map(\.key))
        var builtIns = columnKeys
        builtIns.insert(Self.ledgerCurrencyName)
        for (index, event) in events.enumerated() {
            let path = "events[\(index)]"
            var names = builtIns
            switch event.repeating {
            case .items(let key)?:
                guard let column = columns.first(where: { $0.key == key }), column.type == .list else {
                    throw MappingError(field: "\(path).for_each", problem: "names \"\(key)\"", expected: "a column of type list")
                }
                names.insert("item")
            case .family(let key)?:
                guard let family = families.first(where: { $0.key == key }) else {
                    throw MappingError(field: "\(path).for_each_column_of", problem: "names \"\(key)\"", expected: "a key of column_families")
                }
                names.insert("value")
                for case .capture(let capture) in family.pattern.parts { names.insert(capture) }
            case nil:
                break
            }
            for key in event.when + event.unless + event.unlessEqual.flatMap({ [$0.0, $0.1] }) where !columnKeys.contains(key) {
                throw MappingError(field: "\(path).when", problem: "names \"\(key)\"", expected: "a key of columns")
            }
            func check(_ template: Template, _ field: String, allowDigest: Bool) throws(MappingError) {
                for placeholder in template.placeholders {
                    let known = names.contains(placeholder.name) || (allowDigest && placeholder.name == "#digest")
                    guard known else {
                        throw MappingError(field: "\(path).\(field)", problem: "uses {\(placeholder.name)}, which is not a column",
                                           expected: "one of \(names.sorted().joined(separator: ", "))")
                    }
                    for filter in placeholder.filters {
                        if case .map(let name) = filter, maps[name] == nil {
                            throw MappingError(field: "\(path).\(field)", problem: "uses map \"\(name)\", which is not declared", expected: "a key of maps")
                        }
                        if case .or(let name) = filter, !names.contains(name) {
                            throw MappingError(field: "\(path).\(field)", problem: "falls back to \"\(name)\", which is not a column", expected: "a key of columns")
                        }
                    }
                }
            }
            try check(event.id, "id", allowDigest: true)
            try check(event.at, "at", allowDigest: false)
            func walk(_ field: FieldTemplate, _ at: String) throws(MappingError) {
                switch field {
                case .text(let template): try check(template, at, allowDigest: false)
                case .literal: break
                case .object(let members): for (key, member) in members { try walk(member, "\(at).\(key)") }
                case .array(let items): for (offset, item) in items.enumerated() { try walk(item, "\(at)[\(offset)]") }
                case .firstOf(let options): for (offset, option) in options.enumerated() { try walk(option, "\(at).$first[\(offset)]") }
                case .conditional(let column, let then):
                    guard names.contains(column) else {
                        throw MappingError(field: "\(path).\(at).$when", problem: "names \"\(column)\"", expected: "a key of columns")
                    }
                    try walk(then, "\(at).$then")
                case .each(let list, let template):
                    guard let column = columns.first(where: { $0.key == list }), column.type == .list else {
                        throw MappingError(field: "\(path).\(at).$each", problem: "names \"\(list)\"", expected: "a column of type list")
                    }
                    names.insert("item")
                    defer { names.remove("item") }
                    try check(template, at, allowDigest: false)
                }
            }
            try walk(event.fields, "fields")
        }
    }
}
