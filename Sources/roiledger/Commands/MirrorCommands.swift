import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerStore

/// `roiledger push`: sends a ledger file's new events to a PostgreSQL ledger.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Copy the file's events the server lacks to a PostgreSQL ledger.",
        discussion: """
        The server's history must be a prefix of the file's: the events are sent with their own \
        seq, recorded_at, body and hash, and a re-run sends only the new tail. Diverged histories \
        are refused with the first seq where they differ, and nothing is sent.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The PostgreSQL ledger (create it first with `roiledger init --db postgres://…`).", valueName: "postgres-url"))
    var to: String

    func run() throws {
        let file = global.databasePath
        let outcome = try MirrorUseCase.run(.init(file: file, server: to, direction: .push), environment: global.environment) { copied, total in
            Terminal.progress("push: \(Figures.grouped(copied)) of \(Figures.grouped(total)) events")
        }
        Terminal.clearProgress()
        MirrorReport.print(outcome, from: file, to: PostgresURL.redacted(to))
    }
}

/// `roiledger pull`: copies a PostgreSQL ledger's new events into a ledger file.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Copy a PostgreSQL ledger's events the file lacks into the file (created when missing).",
        discussion: """
        The file's history must be a prefix of the server's: the events arrive with their own \
        seq, recorded_at, body and hash, each checked as the next link of the chain, so the file \
        is the auditor's single-file copy of the team's ledger and `verify` works on either. A \
        re-run copies only the new tail; diverged histories are refused with the first seq where \
        they differ.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The PostgreSQL ledger to copy from.", valueName: "postgres-url"))
    var from: String

    func run() throws {
        let file = global.databasePath
        let outcome = try MirrorUseCase.run(.init(file: file, server: from, direction: .pull), environment: global.environment) { copied, total in
            Terminal.progress("pull: \(Figures.grouped(copied)) of \(Figures.grouped(total)) events")
        }
        Terminal.clearProgress()
        MirrorReport.print(outcome, from: PostgresURL.redacted(from), to: file)
    }
}

enum MirrorReport {
    static func print(_ outcome: LedgerMirror.Outcome, from source: String, to destination: String) {
        let head = outcome.after.map { "head seq \($0.seq) hash \($0.hash)" } ?? "empty ledger"
        if outcome.copied == 0 {
            Terminal.writeLine("\(destination) is up to date with \(source) (\(head))")
        } else {
            let first = (outcome.before?.seq ?? 0) + 1
            Terminal.writeLine("copied \(Figures.grouped(outcome.copied)) events (seq \(first)…\(outcome.after?.seq ?? first)) from \(source) to \(destination); \(head)")
        }
    }
}
