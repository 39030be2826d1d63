import TerminalSupport
import ArgumentParser
import Foundation
import LedgerApp
import LedgerCore
import LedgerReports

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
    @Option(help: "Why (kept in the ledger).") var reason: String?
    @Option(help: "Who publishes it (kept in the ledger; default: the user running roiledger).") var actor: String?
    @Option(help: "Business time of the publication (RFC 3339; default: now).") var at: String?
    @Option(help: "The event id (default: derived from the name, version and time).") var id: String?
    @Option(help: "Backfill: the ledger time to record it at (RFC 3339; default: now).") var recordedAt: String?
    @Flag(help: "Validate only; append nothing.") var preview = false

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw AppError.cannotRead(path: file, reason: FileErrors.reason(error))
        }
        let request = PublishRulesRequest(document: text, source: file, name: name, effectiveFrom: effectiveFrom,
                                          context: ActionContext(at: at, id: id, recordedAt: recordedAt, actor: actor, reason: reason), dryRun: preview)
        let result = try global.session(readOnly: false).publishRules(request)
        switch result.appended {
        case nil:
            Terminal.writeLine("preview: \(result.label) is valid (nothing appended); sha256 \(result.hash)")
        case .appended(let seq, let id)?:
            Terminal.writeLine("appended seq \(seq): rules \(id)")
            Terminal.writeLine("\(result.label) in force from \(result.effectiveFrom); sha256 \(result.hash)")
        case .alreadyPresent(_, let id)?:
            Terminal.writeLine("already in the ledger (same id and content): rules \(id); nothing appended")
        }
    }
}

/// `rules list`.
struct RulesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every published rule set, in ledger order.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "List what was published up to this ledger time (RFC 3339).") var asOf: String?

    func run() throws {
        let entries = try global.session(readOnly: true).listRules(asOf: asOf)
        var table = TextTable([("rule set", .left), ("effective from", .left), ("published (at)", .left), ("seq", .right), ("sha256", .left)])
        for entry in entries {
            table.append([entry.label, entry.effectiveFrom.description, RFC3339.format(entry.at, nanosecondRemainder: 0), String(entry.seq),
                          entry.hash ?? "(invalid under this program)"])
        }
        Terminal.write(table.rowCount == 0 ? "no rule set published; reports use the shipped default\n" : table.render())
    }
}

/// `rules show NAME[@VERSION]`.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One published rule set as canonical JSON (standard output: the JSON alone, ready for `rules publish`).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "NAME (latest version) or NAME@VERSION.") var reference: String
    @Option(help: "As the ledger stood at this time (RFC 3339).") var asOf: String?

    func run() throws {
        let (entry, json) = try global.session(readOnly: true).showRules(reference, asOf: asOf)
        Terminal.writeLine(json)
        Terminal.writeError("\(entry.label), effective from \(entry.effectiveFrom), seq \(entry.seq), sha256 \(entry.hash ?? "(invalid under this program)")")
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
        let lines = try global.session(readOnly: true).diffRules(first, second)
        Terminal.write(lines.isEmpty ? "no difference\n" : lines.joined(separator: "\n") + "\n")
    }
}
