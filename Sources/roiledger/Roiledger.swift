import ArgumentParser
import LedgerIngest
import LedgerStore

/// The root command: it only lists the subcommands.
struct RoiledgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roiledger",
        abstract: "An append-only marketing ledger: pipeline and revenue per dollar of spend, with proof.",
        version: ProgramVersion.current,
        subcommands: [
            InitCommand.self, IngestCommand.self, LogCommand.self, HeadCommand.self,
            VerifyCommand.self, ReportCommand.self, CompareCommand.self, ExplainCommand.self,
            MergeCommand.self, UnmergeCommand.self, RetractCommand.self, RulesCommand.self, CloseCommand.self, AuditCommand.self, CheckpointCommand.self, SampleCommand.self, DemoCommand.self, BenchCommand.self,
        ]
    )
}

/// The entry point: runs the command and renders every error in one place, on standard error,
/// with a non-zero exit.
@main
enum Main {
    static func main() {
        do {
            var command = try RoiledgerCommand.parseAsRoot()
            try command.run()
            BackgroundWork.finish()
        } catch let failure as CommandFailure {
            Terminal.writeError("roiledger: \(failure.message)")
            Terminal.exit(failure.exitCode)
        } catch let error as IngestError {
            Terminal.writeError("roiledger: error: \(error)")
            Terminal.exit(1)
        } catch let error as StoreError {
            Terminal.writeError("roiledger: error: \(error)")
            Terminal.exit(error.isBadLedger ? 2 : 1)
        } catch {
            BackgroundWork.finish()
            RoiledgerCommand.exit(withError: error)
        }
    }
}

/// A failure a command has already put into words, with its exit status.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = 1
}

enum ProgramVersion {
    static let current = "0.1.0"
}

extension StoreError {
    /// A ledger that cannot be trusted as it stands (not a ledger, damaged, guards gone): exit 2,
    /// as `verify` does for a broken chain.
    var isBadLedger: Bool {
        switch self {
        case .notALedger, .damaged, .guardsAltered: true
        case .sqlite(let code, _, _): code & 0xFF == 11 || code & 0xFF == 26
        default: false
        }
    }
}
