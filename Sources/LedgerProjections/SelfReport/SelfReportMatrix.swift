import LedgerCore

/// What buyers said ("how did you hear about us?") against what tracking saw: the dark funnel.
///
/// The population is every contact (after merges) with a self-report made in the window; its
/// latest one counts. The reported source is normalised (lowercase, spaces and hyphens to `_`)
/// so that "Paid Search" meets the channel `paid_search`. Against it stand the channel of the
/// contact's first kept touch (`(no touch)` without one) and the channel the chosen model
/// credited most from the contact's touches over the window's pipeline (`(no deal)` when none of
/// its touches earned credit; ties go to the channel first in UTF-8 order). A pair agrees when
/// the normalised source equals the channel.
public struct SelfReportMatrix: Sendable {
    public static let noDeal = "(no deal)"

    public struct Cell: Sendable, Equatable {
        public var reported: String
        public var tracked: String
        public var contacts: Int
    }

    /// Cells with at least one contact, sorted by reported source then channel.
    public var firstTouch: [Cell]
    public var model: [Cell]
    public var contacts: Int
    public var firstTouchAgreements: Int
    public var modelAgreements: Int

    public init(facts: LedgerFacts, ledger: ResolvedLedger, window: ReportWindow, pipeline: AttributionResult) {
        var latest: [String: LedgerFacts.Dated<String>] = [:]
        for (contact, reports) in facts.selfReports {
            for report in reports where window.contains(report.at) && facts.isVisible(report.eventID) {
                let survivor = ledger.identity.contact(contact, at: report.at)
                if let current = latest[survivor], (current.at, current.seq) > (report.at, report.seq) { continue }
                latest[survivor] = report
            }
        }
        var credited: [String: [String: Int64]] = [:]
        for credit in pipeline.credits {
            guard let touch = credit.touch, latest[touch.contact] != nil else { continue }
            credited[touch.contact, default: [:]][credit.channel, default: 0] += credit.amount.units
        }
        var firstTouch: [Pair: Int] = [:]
        var model: [Pair: Int] = [:]
        var firstTouchAgreements = 0
        var modelAgreements = 0
        for (contact, report) in latest {
            let reported = Self.normalised(report.value)
            let first = ledger.touchesByContact[contact]?.first?.channel ?? AttributionEngine.noTouch
            let top = credited[contact]?.filter { $0.value > 0 }
                .max { $0.value != $1.value ? $0.value < $1.value : $1.key.utf8.lexicographicallyPrecedes($0.key.utf8) }?.key ?? Self.noDeal
            firstTouch[Pair(reported: reported, tracked: first), default: 0] += 1
            model[Pair(reported: reported, tracked: top), default: 0] += 1
            if reported == first { firstTouchAgreements += 1 }
            if reported == top { modelAgreements += 1 }
        }
        self.firstTouch = Self.cells(firstTouch)
        self.model = Self.cells(model)
        contacts = latest.count
        self.firstTouchAgreements = firstTouchAgreements
        self.modelAgreements = modelAgreements
    }

    private struct Pair: Hashable {
        var reported: String
        var tracked: String
    }

    private static func cells(_ counts: [Pair: Int]) -> [Cell] {
        counts.map { Cell(reported: $0.key.reported, tracked: $0.key.tracked, contacts: $0.value) }.sorted {
            $0.reported != $1.reported ? $0.reported.utf8.lexicographicallyPrecedes($1.reported.utf8)
                : $0.tracked.utf8.lexicographicallyPrecedes($1.tracked.utf8)
        }
    }

    /// Lowercase, trimmed, runs of spaces and hyphens as one `_`: "Paid Search" → `paid_search`.
    public static func normalised(_ source: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in source.lowercased() {
            if character == " " || character == "-" || character == "_" || character == "\t" {
                pendingSeparator = !result.isEmpty
                continue
            }
            if pendingSeparator { result.append("_") }
            pendingSeparator = false
            result.append(character)
        }
        return result
    }
}
