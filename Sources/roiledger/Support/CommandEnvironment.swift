import TerminalSupport
import Foundation
import LedgerApp
import LedgerStore

/// The use cases' environment on a terminal: progress on standard error's line, notes as
/// `note:` lines, replay state kept until exit, the user running the program as the actor, and
/// checkpoints as `ROILEDGER_CHECKPOINTS` and `ROILEDGER_CHECKPOINT_INTERVAL` say.
enum CommandEnvironment {
    static func make(waitSeconds: Int = EventLog.defaultWaitSeconds) -> AppEnvironment {
        let started = Terminal.monotonicSeconds()
        return AppEnvironment(
            progress: { update in
                switch update {
                case .replay(let folded, let total):
                    if Terminal.monotonicSeconds() - started > 1 {
                        Terminal.progress("replay: \(Figures.grouped(folded)) of \(Figures.grouped(total)) events")
                    }
                case .done:
                    Terminal.clearProgress()
                }
            },
            notice: { Terminal.writeError("note: \($0)") },
            retain: { KeptUntilExit.keep($0) },
            defaultActor: actor,
            checkpoints: checkpointPolicy,
            waitSeconds: waitSeconds)
    }

    /// The user running the program (`$USER`, else `$LOGNAME`), as corrections record who acted.
    static var actor: String {
        let environment = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        return NSUserName().isEmpty ? "unknown" : NSUserName()
    }

    /// On unless `ROILEDGER_CHECKPOINTS=off`; `ROILEDGER_CHECKPOINT_INTERVAL` sets how many
    /// newly folded events make a replay save its state (default 100,000).
    static var checkpointPolicy: CheckpointPolicy {
        let environment = ProcessInfo.processInfo.environment
        var policy = CheckpointPolicy(defersSave: true)
        if environment["ROILEDGER_CHECKPOINTS"] == "off" { policy.isEnabled = false }
        if let interval = environment["ROILEDGER_CHECKPOINT_INTERVAL"].flatMap(Int64.init), interval > 0 { policy.interval = interval }
        return policy
    }
}
