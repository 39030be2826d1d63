public import ArgumentParser
import Foundation
import LedgerCore
import LedgerProjections
import LedgerReports
import LedgerStore

/// The reporting window and level, shared by every command that replays the ledger.
struct WindowOptions: ParsableArguments {
    @Option(help: "First day of the window (YYYY-MM-DD, UTC, inclusive; default: the first day with a touch or deal).")
    var from: String?

    @Option(help: "Last day of the window (YYYY-MM-DD, UTC, inclusive; default: the last day with a touch or deal).")
    var to: String?

    @Option(help: "contact or account: whose touches a deal sees (default: the rule set's).")
    var level: AttributionLevel?

    func validate() throws {
        if let from, LedgerDate(from) == nil { throw ValidationError("--from must be a date YYYY-MM-DD") }
        if let to, LedgerDate(to) == nil { throw ValidationError("--to must be a date YYYY-MM-DD") }
        if let from = from.flatMap(LedgerDate.init), let to = to.flatMap(LedgerDate.init), to < from {
            throw ValidationError("--to \(to) is before --from \(from)")
        }
    }
}

/// Options of every command that replays the ledger once: the as-of point, the rule set and the
/// reporting window.
struct ReplayOptions: ParsableArguments {
    @Option(help: "Replay only what the ledger had recorded at this time (RFC 3339; default: everything).")
    var asOf: String?

    @Option(help: "A rule-set JSON file (a what-if); default: the rule set published in the log in force at the window's end, else the shipped default.")
    var rulesFile: String?

    @Option(help: "A rule set published in the log: NAME (its latest version as of --as-of) or NAME@VERSION.")
    var rules: String?

    @OptionGroup var window: WindowOptions

    func validate() throws {
        if let asOf, RFC3339.parse(asOf) == nil { throw ValidationError("--as-of must be an RFC 3339 timestamp such as 2026-03-31T23:59:59Z") }
        if rules != nil, rulesFile != nil { throw ValidationError("give --rules NAME[@VERSION] or --rules-file PATH, not both") }
    }
}

extension AttributionLevel: ExpressibleByArgument {}

extension CheckpointKey {
    /// The raw fold's checkpoints under this program (the fold reads no rule set).
    static let facts = CheckpointKey(LedgerFacts.self, program: "roiledger \(ProgramVersion.current)")
}

extension CheckpointPolicy {
    /// On unless `ROILEDGER_CHECKPOINTS=off`; `ROILEDGER_CHECKPOINT_INTERVAL` sets how many
    /// newly folded events make a replay save its state (default 100,000).
    static var fromEnvironment: CheckpointPolicy {
        let environment = ProcessInfo.processInfo.environment
        var policy = CheckpointPolicy(defersSave: true)
        if environment["ROILEDGER_CHECKPOINTS"] == "off" { policy.isEnabled = false }
        if let interval = environment["ROILEDGER_CHECKPOINT_INTERVAL"].flatMap(Int64.init), interval > 0 { policy.interval = interval }
        return policy
    }
}

/// The result of replaying under `ReplayOptions`: everything a view needs, computed in one pass.
struct PreparedReplay {
    var facts: LedgerFacts
    var rules: RuleSet
    var ruleSetName: String
    var ruleSetVersion: Int?
    var ruleSetSource: String
    var window: ReportWindow
    var head: LedgerHead?
    var ledger: ResolvedLedger

    /// Replays the log once (up to the as-of point) and settles the rule set and the window.
    static func prepare(_ log: EventLog, _ options: ReplayOptions) throws -> PreparedReplay {
        let asOf = options.asOf.flatMap { RFC3339.parse($0)?.timestamp }
        let head = try asOf.map { try log.head(asOf: $0) } ?? log.head()
        let facts = try fold(log, through: [head])[0]
        return try settle(facts: facts, head: head, rulesFile: options.rulesFile, window: window(facts, from: options.window.from, to: options.window.to),
                          level: options.window.level, published: options.rules)
    }

    /// Folds the log once, in seq order, through the latest of `heads`, and returns the facts as
    /// they stood at each head (a value copy taken on the way: one pass serves every as-of point).
    /// The fold resumes from the nearest checkpoint and saves a new one after a long pass
    /// (`CheckpointPolicy.fromEnvironment`); `audit` passes `.off` to prove from the log alone.
    static func fold(_ log: EventLog, through heads: [LedgerHead?], checkpoints policy: CheckpointPolicy = .fromEnvironment) throws -> [LedgerFacts] {
        let seqs = heads.map { $0?.seq ?? 0 }
        let last = seqs.max() ?? 0
        let started = Terminal.monotonicSeconds()
        let folded = try log.fold(LedgerFacts.self, key: .facts, through: seqs, policy: policy) { seq in
            if Terminal.monotonicSeconds() - started > 1 {
                Terminal.progress("replay: \(Figures.grouped(seq)) of \(Figures.grouped(last)) events")
            }
        }
        Terminal.clearProgress()
        for problem in folded.skipped { Terminal.writeError("note: checkpoint skipped: \(problem)") }
        if let save = folded.pendingSave {
            // Encoding and writing the state takes about as long as the fold; on the other core
            // it overlaps resolution and the views instead of adding to them.
            BackgroundWork.start {
                do {
                    try save.perform()
                } catch {
                    Terminal.writeError("note: checkpoint not saved: \(error)")
                }
            }
        }
        KeptUntilExit.keep(folded.states)
        return folded.states
    }

    /// The window given, each missing end defaulting to the first or last day with a touch or deal.
    static func window(_ facts: LedgerFacts, from: String?, to: String?) -> ReportWindow {
        ReportWindow(from: from.flatMap(LedgerDate.init) ?? firstDay(facts), to: to.flatMap(LedgerDate.init) ?? lastDay(facts))
    }

    /// Settles the rule set (file, else published in force at the window's end, else the
    /// default) and resolves the ledger under it, reusing `reusable` when it was resolved from
    /// the same facts under the same resolution rules.
    static func settle(facts: LedgerFacts, head: LedgerHead?, rulesFile: String?, window: ReportWindow, level: AttributionLevel?,
                       published reference: String? = nil, reusable: PreparedReplay? = nil) throws -> PreparedReplay {
        var rules: RuleSet
        var name: String
        var version: Int?
        var source: String
        if let path = rulesFile {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "error: cannot read --rules-file \(path): \(error.localizedDescription)")
            }
            do {
                rules = try RuleSet(json: text)
            } catch {
                throw CommandFailure(message: "error: \(path): \(error)")
            }
            name = String(path.split(separator: "/").last ?? Substring(path))
            source = "file"
        } else if let reference {
            guard let published = PublishedRuleSets(facts).find(reference) else {
                let known = PublishedRuleSets(facts).versions.map(\.label).joined(separator: ", ")
                throw CommandFailure(message: "error: --rules \(reference): no such rule set in the ledger (as of the replay point); published: \(known.isEmpty ? "none" : known). See `roiledger rules list`")
            }
            rules = try published.ruleSet()
            name = published.name
            version = published.version
            source = "log"
        } else if let published = PublishedRuleSets(facts).inForce(at: window.to), let parsed = try? published.ruleSet() {
            rules = parsed
            name = published.name
            version = published.version
            source = "log"
        } else {
            rules = RuleSet.shippedDefault
            name = "default"
            source = "shipped default"
        }
        if let level { rules.attribution.level = level }
        let ledger: ResolvedLedger
        if let reusable, reusable.head?.seq == head?.seq, reusable.ledger.resolutionRules == ResolutionRules(rules) {
            ledger = reusable.ledger
        } else {
            ledger = ResolvedLedger(facts: facts, rules: rules)
            KeptUntilExit.keep(ledger)
        }
        return PreparedReplay(facts: facts, rules: rules, ruleSetName: name, ruleSetVersion: version, ruleSetSource: source,
                              window: window, head: head, ledger: ledger)
    }

    static func firstDay(_ facts: LedgerFacts) -> LedgerDate {
        let instants = facts.touches.map(\.at) + facts.opportunities.values.flatMap { $0.map(\.at) }
        return instants.min()?.date ?? LedgerDate(dayNumber: 0)
    }

    static func lastDay(_ facts: LedgerFacts) -> LedgerDate {
        let instants = facts.touches.map(\.at) + facts.opportunities.values.flatMap { $0.map(\.at) }
        return instants.max()?.date ?? LedgerDate(dayNumber: 0)
    }

    /// The report of these views under this replay.
    /// `reusing` an earlier report over the same resolved ledger shares what both would compute.
    func report(models: [AttributionModelName], groupBy: GroupBy, views: [ReportView], asOf: String?, reusing previous: Report? = nil) -> Report {
        Report(provenance: provenance(models: models, groupBy: groupBy, asOf: asOf, views: views), facts: facts, ledger: ledger,
               rules: rules, window: window, groupBy: groupBy, reusing: previous)
    }

    func provenance(models: [AttributionModelName], groupBy: GroupBy, asOf: String?, views: [ReportView] = [.attribution, .completeness]) -> Provenance {
        Provenance(program: "roiledger \(ProgramVersion.current)", headSeq: head?.seq ?? 0,
                   headHash: head?.hash.description ?? EventHash.genesis.description, asOf: asOf,
                   ruleSetName: ruleSetName, ruleSetVersion: ruleSetVersion, ruleSetHash: rules.contentHash.description,
                   ruleSetSource: ruleSetSource, window: (window.from, window.to), models: models,
                   level: rules.attribution.level, groupBy: groupBy.name, views: views)
    }
}
