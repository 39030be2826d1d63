import TerminalSupport
import ArgumentParser
import LedgerApp

/// The root command: it only lists the subcommands.
struct RoiledgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roiledger",
        abstract: "An append-only marketing ledger: pipeline and revenue per dollar of spend, with proof.",
        version: ProgramVersion.current,
        subcommands: [
            InitCommand.self, IngestCommand.self, ImportCommand.self, LogCommand.self, HeadCommand.self,
            VerifyCommand.self, ReportCommand.self, CompareCommand.self, ExplainCommand.self, DealsCommand.self, CompletenessCommand.self,
            MergeCommand.self, UnmergeCommand.self, RetractCommand.self, RulesCommand.self, CloseCommand.self, AuditCommand.self, CheckpointCommand.self, SampleCommand.self, DemoCommand.self,
            ServeCommand.self, TokenCommand.self, PushCommand.self, PullCommand.self,
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
        } catch {
            Terminal.clearProgress()
            if let (text, code) = ErrorMessages.message(for: error) {
                Terminal.writeError("roiledger: \(text)")
                Terminal.exit(code)
            }
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
