import LedgerCore

/// Reads one object of a mapping file, naming the dotted path of any field at fault.
struct MappingReader {
    let object: JSONObject
    let prefix: String

    init(object: JSONObject, path: String) {
        self.object = object
        self.prefix = path
    }

    var keys: [String] { object.members.map(\.key) }

    func path(_ key: String) -> String {
        if key.isEmpty { return prefix }
        return prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    func fail(_ key: String, _ problem: String, _ expected: String) -> MappingError {
        MappingError(field: path(key), problem: problem, expected: expected)
    }

    func allowOnly(_ allowed: Set<String>) throws(MappingError) {
        for key in keys where !allowed.contains(key) {
            throw fail(key, "is not a field of this object", "one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func string(_ key: String, required: Bool, allowEmpty: Bool = false) throws(MappingError) -> String? {
        switch object[key] {
        case nil, .null?:
            if required { throw fail(key, "is missing", "a string") }
            return nil
        case .string(let text)?:
            if text.isEmpty, !allowEmpty { throw fail(key, "is empty", "a non-empty string") }
            return text
        case let other?:
            throw fail(key, "is a JSON \(other.typeName)", "a string")
        }
    }

    func integer(_ key: String, required: Bool) throws(MappingError) -> Int? {
        switch object[key] {
        case nil, .null?:
            if required { throw fail(key, "is missing", "an integer") }
            return nil
        case .number(let text)?:
            guard let value = Int(text) else { throw fail(key, "is \(text)", "an integer") }
            return value
        case let other?:
            throw fail(key, "is a JSON \(other.typeName)", "an integer")
        }
    }

    func bool(_ key: String) throws(MappingError) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw fail(key, "is a JSON \(other.typeName)", "true or false")
        }
    }

    func character(_ key: String) throws(MappingError) -> Character? {
        guard let text = try string(key, required: false) else { return nil }
        guard text.count == 1, let character = text.first else { throw fail(key, "is \"\(text)\"", "one character") }
        return character
    }

    /// One ASCII character, as the byte the CSV reader compares (`\t` for tabs).
    func byte(_ key: String) throws(MappingError) -> UInt8? {
        if case .string("auto")? = object[key] { return 0 }
        guard let character = try self.character(key) else { return nil }
        guard let ascii = character.asciiValue, ascii != 0x0A, ascii != 0x0D else {
            throw fail(key, "is \"\(character)\"", "one ASCII character other than a line end, such as , or ; or a tab")
        }
        return ascii
    }

    func strings(_ key: String) throws(MappingError) -> [String] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var result: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw MappingError(field: "\(path(key))[\(index)]", problem: "is a JSON \(item.typeName)", expected: "a string")
                }
                result.append(text)
            }
            return result
        case let other?:
            throw fail(key, "is a JSON \(other.typeName)", "an array of strings")
        }
    }

    func object(_ key: String, required: Bool = false) throws(MappingError) -> MappingReader? {
        switch object[key] {
        case nil, .null?:
            if required { throw fail(key, "is missing", "an object") }
            return nil
        case .object(let inner)?:
            return MappingReader(object: inner, path: path(key))
        case let other?:
            throw fail(key, "is a JSON \(other.typeName)", "an object")
        }
    }

    func objects(_ key: String) throws(MappingError) -> [MappingReader] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var result: [MappingReader] = []
            for (index, item) in items.enumerated() {
                guard case .object(let inner) = item else {
                    throw MappingError(field: "\(path(key))[\(index)]", problem: "is a JSON \(item.typeName)", expected: "an object")
                }
                result.append(MappingReader(object: inner, path: "\(path(key))[\(index)]"))
            }
            return result
        case let other?:
            throw fail(key, "is a JSON \(other.typeName)", "an array of objects")
        }
    }
}
