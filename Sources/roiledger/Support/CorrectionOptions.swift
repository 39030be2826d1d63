import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerCore
import LedgerProjections
import LedgerReports

/// Options every correction command shares: who, when, why, and the preview.
struct CorrectionOptions: ParsableArguments {
    @Option(help: "Why (kept in the ledger; required).")
    var reason: String?

    @Option(help: "Who is making it (kept in the ledger; default: the user running roiledger).")
    var actor: String?

    @Option(help: "Business time of the correction (RFC 3339; default: now).")
    var at: String?

    @Option(help: "The event id (default: derived from the correction and its time).")
    var id: String?

    @Option(help: "Backfill: the ledger time to record it at (RFC 3339; not before the ledger's last, not in the future; default: now).")
    var recordedAt: String?

    @Flag(help: "Validate and show the before/after credit of the deals it moves, without appending anything.")
    var preview = false

    @Option(help: "The model the preview credits under (default: the rule set's).")
    var model: AttributionModelName?

    @OptionGroup var window: WindowOptions

    var context: ActionContext {
        ActionContext(at: at, id: id, recordedAt: recordedAt, actor: actor, reason: reason)
    }

    /// Appends the correction, or previews it; prints what happened.
    func run(_ action: CorrectionRequest.Action, global: GlobalOptions) throws {
        let request = CorrectionRequest(action, context: context)
        let session = try global.session(readOnly: false)
        guard preview else {
            switch try session.correct(request) {
            case .appended(let seq, let id): Terminal.writeLine("appended seq \(seq): \(request.typeName) \(id)")
            case .alreadyPresent(_, let id): Terminal.writeLine("already in the ledger (same id and content): \(request.typeName) \(id); nothing appended")
            }
            return
        }
        let result = try session.previewCorrection(request, replay: ReplayRequest(from: window.from, to: window.to, level: window.level), model: model)
        Terminal.writeLine("preview of \(request.typeName) \(result.id) (nothing appended); \(result.model.rawValue), \(result.window.from) to \(result.window.to)")
        for (view, preview) in result.previews { Terminal.write(CorrectionPreviewText.render(preview, view: view)) }
        if result.figures.figures.isEmpty {
            Terminal.writeLine("no figure of any view moves")
        } else {
            var table = TextTable([("table: row", .left), ("figure", .left), ("before", .right), ("after", .right), ("delta", .right)])
            for figure in result.figures.figures {
                table.append(["\(figure.table): \(figure.group)", figure.metricTitle, ReportTable.text(figure.closed), ReportTable.text(figure.now),
                              figure.delta.map(Comparison.signedText) ?? "n/a"])
            }
            Terminal.write("every figure that moves (cost, ROI, funnel, completeness and credit by channel):\n" + table.render())
        }
    }
}

/// The preview as text: per view, the deals whose credit moves, channel by channel.
enum CorrectionPreviewText {
    static func render(_ preview: CorrectionPreview, view: AttributionView) -> String {
        guard !preview.changes.isEmpty else { return "\(view.rawValue): no deal's credit moves\n" }
        var table = TextTable([("deal", .left), ("channel", .left), ("before", .right), ("after", .right), ("delta", .right)])
        var previous: String?
        for change in preview.changes {
            let delta = Money(units: change.after.units - change.before.units)
            table.append([change.dealID == previous ? "" : change.dealID, change.channel, MoneyText.cents(change.before),
                          MoneyText.cents(change.after), (delta.units > 0 ? "+" : "") + MoneyText.cents(delta)])
            previous = change.dealID
        }
        return "\(view.rawValue): \(preview.dealsMoved) deal(s) move\n" + table.render()
    }
}
