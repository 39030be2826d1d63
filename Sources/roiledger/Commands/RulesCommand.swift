import ArgumentParser
import Foundation
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// `roiledger rules`: rule sets in the log.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Publish rule sets in the log, list them, show one, diff two.",
        subcommands: [RulesPublishCommand.self, RulesListCommand.self, RulesShowCommand.self, RulesDiffCommand.self])
}

/// `rules publish FILE --name N --effective-from DATE`.
struct RulesPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Append a `rules` event: the file's rule set becomes NAME's next version, in force from a date.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A rule-set JSON file (schemas/ruleset.schema.json).") var file: String
    @Option(help: "The rule set's name; versions are numbered per name.") var name: String
    @Option(help: "The first day it is in force (YYYY-MM-DD).") var effectiveFrom: String
    @OptionGroup var options: CorrectionOptions

    func validate() throws {
        if LedgerDate(effectiveFrom) == nil { throw ValidationError("--effective-from must be a date YYYY-MM-DD") }
    }

    func run() throws {
        let (rules, body) = try RulesFile.read(file)
        var correction = Correction(command: "rules", fields: [("name", .string(name)), ("effective_from", .string(effectiveFrom)), ("body", body)],
                                    idStem: "rules:\(name)", options: options, globals: global)
        // Versions count the publications of this name before this one.
        func version(_ facts: LedgerFacts) -> Int { PublishedRuleSets(facts).versions.filter { $0.name == name }.count + 1 }
        correction.stem = { "rules:\(name)@\(version($0))" }
        correction.previewsAttribution = false
        let outcome = try correction.run()
        if outcome.seq != nil {
            let version = version(outcome.factsBefore)
            Terminal.writeLine("\(name)@\(version) in force from \(effectiveFrom); sha256 \(rules.contentHash)")
        }
    }
}

/// `rules list`.
struct RulesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every published rule set, in ledger order.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "List what was published up to this ledger time (RFC 3339).") var asOf: String?

    func run() throws {
        let facts = try RulesFile.facts(global, asOf: asOf)
        var table = TextTable([("rule set", .left), ("effective from", .left), ("published (at)", .left), ("seq", .right), ("sha256", .left)])
        for version in PublishedRuleSets(facts).versions {
            let hash = (try? version.ruleSet().contentHash.description) ?? "(invalid)"
            table.append([version.label, version.effectiveFrom.description, RFC3339.format(version.at, nanosecondRemainder: 0), String(version.seq), hash])
        }
        Terminal.write(table.rowCount == 0 ? "no rule set published; reports use the shipped default\n" : table.render())
    }
}

/// `rules show NAME[@VERSION]`.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One published rule set as canonical JSON.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "NAME (latest version) or NAME@VERSION.") var reference: String
    @Option(help: "As the ledger stood at this time (RFC 3339).") var asOf: String?

    func run() throws {
        let facts = try RulesFile.facts(global, asOf: asOf)
        let version = try RulesFile.find(reference, in: facts)
        Terminal.writeLine("# \(version.label), effective from \(version.effectiveFrom), seq \(version.seq), sha256 \((try? version.ruleSet().contentHash.description) ?? "(invalid)")")
        Terminal.writeLine(JSONValue.object(version.body).canonicalText)
    }
}

/// `rules diff A B`.
struct RulesDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "What differs between two rule sets (NAME, NAME@VERSION or a file), key by key.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The first rule set.") var first: String
    @Argument(help: "The second rule set.") var second: String

    func run() throws {
        let facts = try RulesFile.facts(global, asOf: nil)
        func document(_ reference: String) throws -> JSONValue {
            if FileManager.default.fileExists(atPath: reference) { return try RulesFile.read(reference).body }
            return .object(try RulesFile.find(reference, in: facts).body)
        }
        let lines = RuleSetDiff.lines(try document(first), try document(second))
        Terminal.write(lines.isEmpty ? "no difference\n" : lines.joined(separator: "\n") + "\n")
    }
}

/// Reading rule sets from files and from the log, for the `rules` commands.
enum RulesFile {
    static func read(_ path: String) throws -> (rules: RuleSet, body: JSONValue) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "error: cannot read \(path): \(error.localizedDescription)")
        }
        do {
            let value = try JSONParser.parse(text)
            return (try RuleSet(document: value), value)
        } catch {
            throw CommandFailure(message: "error: \(path): \(error)")
        }
    }

    static func facts(_ global: GlobalOptions, asOf: String?) throws -> LedgerFacts {
        let log = try global.openLedger(readOnly: true)
        let point = try asOf.map { text in
            guard let parsed = RFC3339.parse(text) else { throw ValidationError("--as-of must be an RFC 3339 timestamp") }
            return parsed.timestamp
        }
        let head = try point.map { try log.head(asOf: $0) } ?? log.head()
        return try PreparedReplay.fold(log, through: [head])[0]
    }

    static func find(_ reference: String, in facts: LedgerFacts) throws -> PublishedRuleSets.Version {
        let published = PublishedRuleSets(facts)
        guard let version = published.find(reference) else {
            let known = published.versions.map(\.label).joined(separator: ", ")
            throw CommandFailure(message: "error: no rule set \(reference) in the ledger; published: \(known.isEmpty ? "none" : known)")
        }
        return version
    }
}

/// Key-by-key differences of two JSON documents, as `path: A -> B` lines sorted by path.
enum RuleSetDiff {
    static func lines(_ first: JSONValue, _ second: JSONValue) -> [String] {
        var left: [String: String] = [:]
        var right: [String: String] = [:]
        flatten(first, path: "$", into: &left)
        flatten(second, path: "$", into: &right)
        return Set(left.keys).union(right.keys).sorted().compactMap { path in
            switch (left[path], right[path]) {
            case let (a?, b?) where a != b: "\(path): \(a) -> \(b)"
            case (let a?, nil): "\(path): \(a) -> (absent)"
            case (nil, let b?): "\(path): (absent) -> \(b)"
            default: nil
            }
        }
    }

    /// Objects flatten to `$.key`; arrays and scalars stay whole (a mapping rule list is one value).
    static func flatten(_ value: JSONValue, path: String, into result: inout [String: String]) {
        if case .object(let object) = value, !object.members.isEmpty {
            for member in object.members { flatten(member.value, path: path + "." + member.key, into: &result) }
        } else {
            result[path] = value.canonicalText
        }
    }
}
