public import LedgerCore
public import LedgerProjections
public import LedgerReports

/// The option values every front end reads the same way, with errors naming the parameter:
/// `--model linear,markov` on the command line is `model=linear,markov` in a URL.
public enum OptionValues {
    /// Values given as repeated options, comma lists or both, spaces trimmed, empties dropped.
    public static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { trimmed(String($0)) } }.filter { !$0.isEmpty }
    }

    public static func models(_ values: [String]) throws -> [AttributionModelName] {
        try list(values).map { name in
            guard let model = AttributionModelName(rawValue: name) else {
                throw AppError.invalidParameter(.model, value: name, problem: "is not a model",
                                                expected: "one of " + AttributionModelName.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return model
        }
    }

    public static func views(_ values: [String], default fallback: String) throws -> [ReportView] {
        let parsed = ReportView.parse(values.isEmpty ? [fallback] : list(values))
        if let unknown = parsed.unknown {
            throw AppError.invalidParameter(.view, value: unknown, problem: "is not a view", expected: "attribution, funnel, roi, handoff, completeness or all")
        }
        return parsed.views
    }

    public static func groupBy(_ text: String) throws -> GroupBy {
        guard let groupBy = GroupBy(text) else {
            throw AppError.invalidParameter(.groupBy, value: text, problem: "is not a grouping",
                                            expected: "channel, campaign, attr:FIELD or account:FIELD, several of them nested (channel,campaign), or week, month or quarter alone")
        }
        return groupBy
    }

    public static func every(_ text: String?) throws -> ReportingCalendar.Unit? {
        guard let text else { return nil }
        guard let unit = ReportingCalendar.Unit(rawValue: text) else {
            throw AppError.invalidParameter(.every, value: text, problem: "is not a period length", expected: "week, month, quarter or year")
        }
        return unit
    }

    /// `attr:industry=saas`: one segment of a contact (or account) attribute, as the segment
    /// rules label it.
    public static func segment(_ text: String?) throws -> SegmentChoice? {
        guard let text else { return nil }
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, let level = GroupBy(parts[0]), level.levels.count == 1, level.levels[0].isAttribute else {
            throw AppError.invalidParameter(.segment, value: text, problem: "is not a segment",
                                            expected: "attr:FIELD=VALUE or account:FIELD=VALUE, such as attr:industry=saas")
        }
        return SegmentChoice(level: level, value: parts[1])
    }

    public static func level(_ text: String?) throws -> AttributionLevel? {
        guard let text else { return nil }
        guard let level = AttributionLevel(rawValue: text) else {
            throw AppError.invalidParameter(.level, value: text, problem: "is not a level", expected: "contact or account")
        }
        return level
    }

    public static func attributionView(_ text: String?) throws -> AttributionView? {
        guard let text else { return nil }
        guard let view = AttributionView(rawValue: text) else {
            throw AppError.invalidParameter(.view, value: text, problem: "is not a credit view", expected: "pipeline or revenue")
        }
        return view
    }

    public static func eventType(_ text: String?) throws -> EventType? {
        guard let text else { return nil }
        guard let type = EventType(rawValue: text) else {
            throw AppError.invalidParameter(.type, value: text, problem: "is not an event type",
                                            expected: "one of " + EventType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return type
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// One segment: the attribute level (`attr:industry`) and the label of its rows (`saas`).
public struct SegmentChoice: Sendable, Equatable {
    public var level: GroupBy
    public var value: String

    public var text: String { "\(level.name)=\(value)" }
}
