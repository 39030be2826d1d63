/// Reads typed fields out of an event object, throwing an `EventValidationError` that names the
/// field and says what was expected. One place for every rule of the contract's field kinds.
struct FieldReader {
    let object: JSONObject
    /// The dotted path of `object` inside the event, empty at the top level.
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    func fail(_ key: String, _ problem: String, _ expected: String) -> EventValidationError {
        EventValidationError(field: fieldPath(key), problem: problem, expected: expected)
    }

    /// A string with a length in Unicode code points between `minLength` and `maxLength`.
    /// (The description of what was expected is built only on failure: this runs for every
    /// field of every event.)
    func string(_ key: String, required: Bool, minLength: Int = 1, maxLength: Int, kind: @autoclosure () -> String) throws(EventValidationError) -> String? {
        func expected() -> String {
            minLength > 0
                ? "\(kind()): a string of \(minLength) to \(maxLength) characters"
                : "\(kind()): a string of at most \(maxLength) characters"
        }
        guard let value = object[key] else {
            if required { throw fail(key, "missing", expected()) }
            return nil
        }
        guard case .string(let string) = value else {
            throw fail(key, "is \(value.typeName)", expected() + (value == .null ? " (omit an optional field instead of null)" : ""))
        }
        // UTF-8 length bounds the code-point count from above, so short strings skip counting.
        let utf8Count = string.utf8.count
        if utf8Count < minLength { throw fail(key, "is empty", expected()) }
        if utf8Count > maxLength {
            let count = string.unicodeScalars.count
            if count > maxLength { throw fail(key, "has \(count) characters", expected()) }
        }
        return string
    }

    func identifier(_ key: String, required: Bool) throws(EventValidationError) -> String? {
        try string(key, required: required, maxLength: EventLimits.identifierLengthMax, kind: "an identifier")
    }

    func requiredIdentifier(_ key: String) throws(EventValidationError) -> String {
        try identifier(key, required: true)!
    }

    func name(_ key: String, required: Bool) throws(EventValidationError) -> String? {
        try string(key, required: required, maxLength: EventLimits.nameLengthMax, kind: "a name")
    }

    func optionalText(_ key: String) throws(EventValidationError) -> String? {
        try string(key, required: false, minLength: 0, maxLength: EventLimits.nameLengthMax, kind: "text")
    }

    func freeText(_ key: String) throws(EventValidationError) -> String? {
        try string(key, required: false, minLength: 0, maxLength: EventLimits.textLengthMax, kind: "free text")
    }

    func money(_ key: String, required: Bool) throws(EventValidationError) -> Money? {
        let expected = "a decimal string with at most \(Money.integerDigitsMax) integer and 4 fraction digits, such as \"12500.00\" or \"-300\""
        guard let value = object[key] else {
            if required { throw fail(key, "missing", expected) }
            return nil
        }
        guard case .string(let text) = value else {
            if case .number(let number) = value {
                throw fail(key, "is the JSON number \(number)", expected + " (money is always a string, never a JSON number)")
            }
            throw fail(key, "is \(value.typeName)", expected)
        }
        guard let money = Money(text) else { throw fail(key, "is \"\(text)\"", expected) }
        return money
    }

    func date(_ key: String, required: Bool) throws(EventValidationError) -> LedgerDate? {
        let expected = "a date YYYY-MM-DD that exists in the calendar"
        guard let value = object[key] else {
            if required { throw fail(key, "missing", expected) }
            return nil
        }
        guard case .string(let text) = value else { throw fail(key, "is \(value.typeName)", expected) }
        guard let date = LedgerDate(text) else { throw fail(key, "is \"\(text)\"", expected) }
        return date
    }

    func bool(_ key: String) throws(EventValidationError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else { throw fail(key, "is \(value.typeName)", "a boolean (true or false)") }
        return flag
    }

    func object(_ key: String, required: Bool) throws(EventValidationError) -> JSONObject? {
        guard let value = object[key] else {
            if required { throw fail(key, "missing", "a JSON object") }
            return nil
        }
        guard case .object(let nested) = value else { throw fail(key, "is \(value.typeName)", "a JSON object") }
        return nested
    }

    /// A positive integer; JSON Schema's "integer" accepts `2.0`, and so does this.
    func positiveInteger(_ key: String, required: Bool) throws(EventValidationError) -> Int? {
        let expected = "an integer of at least 1"
        guard let value = object[key] else {
            if required { throw fail(key, "missing", expected) }
            return nil
        }
        guard case .number(let text) = value else { throw fail(key, "is \(value.typeName)", expected) }
        let canonical = CanonicalNumber.canonical(text)
        guard let integer = Int32(canonical), integer >= 1 else { throw fail(key, "is \(text)", expected) }
        return Int(integer)
    }
}
