public import LedgerCore

/// A change of the rule set in force inside a report's window: the days before and after were
/// counted under different assumptions, so figures on either side are not comparable unless
/// one rule set is applied to both, and then the side it was not in force on is restated.
public struct RuleChange: Sendable, Equatable {
    /// What a change can touch, named after the rule-set document's parts.
    public enum Part: String, Sendable, CaseIterable {
        case attribution
        case channelMapping = "channel_mapping"
        case qualification
        case costAllocation = "cost_allocation"
        /// Anything else (margin, thresholds, stage probabilities, segments, dedupe, merges, calendar).
        case other
    }

    /// The first day the new rule set was in force.
    public var on: LedgerDate
    /// `name@version` in force the day before (`default` for the shipped one) and from `on`.
    public var before: String
    public var after: String
    public var parts: [Part]
    /// The rule set the report applied to its whole window; nil in a series that reports each
    /// period under the rule set in force in it.
    public var applied: String?

    public init(on: LedgerDate, before: String, after: String, parts: [Part], applied: String?) {
        self.on = on
        self.before = before
        self.after = after
        self.parts = parts
        self.applied = applied
    }

    /// Whether the change can move the figures of a table (by its key).
    public func affects(_ table: String) -> Bool {
        parts.contains { part in
            switch part {
            case .channelMapping, .other: true
            case .attribution: ["attribution", "roi", "roi.deals", "self_reported.model", "completeness"].contains(table)
            case .qualification: table.hasPrefix("funnel.") || table.hasPrefix("handoff.") || table == "roi" || table == "roi.cost_per_step"
            case .costAllocation: table == "roi" || table == "roi.cost_per_step"
            }
        }
    }

    /// Which side the applied rule set restates.
    public var restated: String {
        guard let applied else { return "each period is under the rule set in force in it, so periods on either side are not comparable" }
        if applied == after { return "the days before \(on) are restated under \(applied)" }
        if applied == before { return "the days from \(on) are restated under \(applied)" }
        return "both sides are restated under \(applied)"
    }

    /// For footnotes: `rule set changed on 2026-07-01: default@1 → default@2 (qualification); …`.
    public var text: String {
        "not comparable across \(on): the rule set in force changed from \(before) to \(after) (\(parts.map(\.rawValue).joined(separator: ", "))); \(restated)"
    }

    public var json: JSONValue {
        .object(JSONObject([
            .init(key: "on", value: .string(on.description)),
            .init(key: "before", value: .string(before)),
            .init(key: "after", value: .string(after)),
            .init(key: "parts", value: .array(parts.map { .string($0.rawValue) })),
            .init(key: "applied", value: applied.map(JSONValue.string) ?? .null),
        ]))
    }

    /// The parts in which two rule sets differ.
    public static func parts(_ a: RuleSet, _ b: RuleSet) -> [Part] {
        var parts: [Part] = []
        if a.attribution != b.attribution { parts.append(.attribution) }
        if a.channelMapping != b.channelMapping || a.dedupeWindowMinutes != b.dedupeWindowMinutes { parts.append(.channelMapping) }
        if a.qualification != b.qualification { parts.append(.qualification) }
        if a.costAllocation != b.costAllocation || a.costScope != b.costScope || a.segmentCostAllocation != b.segmentCostAllocation {
            parts.append(.costAllocation)
        }
        if a.grossMargin != b.grossMargin || a.thresholds != b.thresholds || a.stageProbabilities != b.stageProbabilities
            || a.segments != b.segments || a.mergePolicy != b.mergePolicy || a.calendar != b.calendar
            || a.handoff != b.handoff || a.selfReportMapping != b.selfReportMapping {
            parts.append(.other)
        }
        return parts
    }
}
