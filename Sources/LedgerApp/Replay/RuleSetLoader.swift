public import LedgerCore
public import LedgerProjections
import Foundation

/// Loads rule sets from files and from the log, with errors that say where a document is wrong.
public enum RuleSetLoader {
    /// The rule set a replay applies and how provenance names it. A published rule set that
    /// does not load is an error, never a silent fall back to the shipped default.
    public static func load(_ choice: RuleChoice, facts: LedgerFacts, window: ReportWindow) throws -> (RuleSet, RuleSetIdentity) {
        switch choice {
        case .file(let path):
            let rules = try read(path).rules
            return (rules, RuleSetIdentity(name: String(path.split(separator: "/").last ?? Substring(path)), version: nil, source: .file))
        case .published(let reference):
            let version = try find(reference, in: facts)
            return (try load(version), RuleSetIdentity(name: version.name, version: version.version, source: .log))
        case .inForce:
            guard let version = PublishedRuleSets(facts).inForce(at: window.to) else { return (.shippedDefault, .shippedDefault) }
            return (try load(version), RuleSetIdentity(name: version.name, version: version.version, source: .log))
        }
    }

    /// A published version's rule set.
    public static func load(_ version: PublishedRuleSets.Version) throws -> RuleSet {
        do {
            return try version.ruleSet()
        } catch {
            throw AppError.publishedRuleSetInvalid(label: version.label, problem: "field `\(error.dottedField)` \(error.problem); expected \(error.expected)")
        }
    }

    /// A published version by `NAME` or `NAME@VERSION`.
    public static func find(_ reference: String, in facts: LedgerFacts) throws -> PublishedRuleSets.Version {
        try find(reference, in: PublishedRuleSets(facts))
    }

    /// The same, in a list of publications (read by lookup or from a replay's facts).
    static func find(_ reference: String, in published: PublishedRuleSets) throws -> PublishedRuleSets.Version {
        guard let version = published.find(reference) else {
            throw AppError.ruleSetNotPublished(reference: reference, published: published.versions.map(\.label))
        }
        return version
    }

    /// A rule-set file: its rule set and its JSON document. A syntax error is placed at its
    /// line and column; a document that is not a rule set names the field.
    public static func read(_ path: String) throws -> (rules: RuleSet, body: JSONValue) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AppError.cannotRead(path: path, reason: FileErrors.reason(error))
        }
        return try parse(text, source: path)
    }

    /// A rule-set document's text, from a file or a request body named `source`.
    public static func parse(_ text: String, source: String) throws -> (rules: RuleSet, body: JSONValue) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            let (line, column) = TextPosition.lineAndColumn(of: error.offset, in: text)
            throw AppError.invalidRuleSetDocument(source: source, location: "\(line):\(column)", problem: "invalid JSON: \(error.message)",
                                                  expected: nil)
        }
        do {
            return (try RuleSet(document: value), value)
        } catch {
            throw AppError.invalidRuleSetDocument(source: source, location: "field `\(error.dottedField)`", problem: error.problem, expected: error.expected)
        }
    }
}

/// Line and column (both from 1, columns in characters) of a UTF-8 byte offset.
enum TextPosition {
    static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for character in text {
            let width = character.utf8.count
            if consumed + width > offset { break }
            consumed += width
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// What a file-system error says, without Foundation's framing: the system's own words
/// (`No such file or directory`) when there is an errno under it.
public enum FileErrors {
    public static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "it is not UTF-8 text"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
