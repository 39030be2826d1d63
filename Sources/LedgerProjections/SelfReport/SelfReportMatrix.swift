public import LedgerCore

/// What buyers said ("how did you hear about us?") against what tracking saw: the dark funnel.
///
/// The population is every contact (after merges) with a self-report made in the window; its
/// latest one counts. The answer becomes a channel through the rule set's `self_report_mapping`
/// (ordered rules, case-insensitive; an answer no rule maps stays `(unmapped) answer`); a rule set
/// without one normalises the answer instead (lowercase, spaces and hyphens to `_`) so that
/// "Paid Search" meets the channel `paid_search`. Against it stand the channel of the
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
    /// Per reported channel (mapped answers only), the contacts who named it and those of them
    /// with no touch at all in that channel: the dark funnel. Sorted by channel.
    public var darkFunnel: [DarkFunnelRow]
    /// Answers no rule maps (only with a mapping).
    public var unmappedContacts: Int

    public struct DarkFunnelRow: Sendable, Equatable {
        public var channel: String
        public var contacts: Int
        /// Contacts with no touch in the channel they named.
        public var unseen: Int

        public init(channel: String, contacts: Int, unseen: Int) {
            self.channel = channel
            self.contacts = contacts
            self.unseen = unseen
        }
    }

    public static let unmappedPrefix = "(unmapped) "

    public init(facts: LedgerFacts, ledger: ResolvedLedger, window: ReportWindow, pipeline: AttributionResult, mapping: [SelfReportRule] = []) {
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
        var dark: [String: (contacts: Int, unseen: Int)] = [:]
        var unmapped = 0
        for (contact, report) in latest {
            let reported: String
            if mapping.isEmpty {
                reported = Self.normalised(report.value)
            } else if let channel = SelfReportRule.channel(of: report.value, mapping) {
                reported = channel
            } else {
                reported = Self.unmappedPrefix + report.value.lowercased()
                unmapped += 1
            }
            if !reported.hasPrefix(Self.unmappedPrefix) {
                let seen = ledger.touchesByContact[contact]?.contains { $0.channel == reported } ?? false
                var row = dark[reported] ?? (0, 0)
                row.contacts += 1
                if !seen { row.unseen += 1 }
                dark[reported] = row
            }
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
        darkFunnel = dark.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map {
            DarkFunnelRow(channel: $0, contacts: dark[$0]!.contacts, unseen: dark[$0]!.unseen)
        }
        unmappedContacts = unmapped
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
