public import LedgerCore
import LedgerProjections

extension AttributionReport {
    /// The section's JSON: rows, totals and fits (`schemas/report.schema.json`).
    public var json: JSONValue {
        func member(_ key: String, _ value: JSONValue) -> JSONObject.Member { .init(key: key, value: value) }
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func modelCells(_ cells: [Cell]) -> JSONValue {
            .object(JSONObject(zip(models, cells).map { model, cell in
                member(model.rawValue, .object(JSONObject([
                    member("pipeline", .string(cell.pipeline.description)), member("pipeline_deals", number(cell.pipelineDeals)),
                    member("revenue", .string(cell.revenue.description)), member("revenue_deals", number(cell.revenueDeals)),
                ])))
            }))
        }
        var fits: [JSONObject.Member] = []
        if !markov.isEmpty {
            fits.append(member("markov", .object(JSONObject(markov.keys.sorted { $0.rawValue < $1.rawValue }.map { view in
                let fit = markov[view]!
                return member(view.rawValue, .object(JSONObject([
                    member("conversion_probability", Self.real(fit.conversionProbability)),
                    member("removal_effects", .object(JSONObject(zip(fit.channels, fit.removalEffects).map { member($0, Self.real($1)) }))),
                    member("transitions", .array(fit.transitions.map { transition in
                        .object(JSONObject([member("from", .string(transition.from)), member("to", .string(transition.to)),
                                            member("count", number(transition.count)), member("probability", Self.real(transition.probability))]))
                    })),
                ])))
            }))))
        }
        if !shapley.isEmpty {
            fits.append(member("shapley", .object(JSONObject(shapley.keys.sorted { $0.rawValue < $1.rawValue }.map { view in
                let fit = shapley[view]!
                return member(view.rawValue, .object(JSONObject([
                    member("values", .object(JSONObject(zip(fit.channels, fit.values).map { member($0, Self.real($1)) }))),
                ])))
            }))))
        }
        return .object(JSONObject([
            member("rows", .array(rows.map { row in
                // Grouped by campaign, a row names the campaign's channel(s), as the table does.
                let channel = groupBy == .campaign ? [member("channels", .array((channelsOfGroup[row.group] ?? []).map(JSONValue.string)))] : []
                let path = groupBy.isNested ? [member("path", .array(row.path.map(JSONValue.string)))] : []
                return .object(JSONObject([member("group", .string(row.group))] + path + channel + [member("models", modelCells(row.cells))]))
            })),
            member("totals", modelCells(totals)),
            member("fits", .object(JSONObject(fits))),
        ]))
    }

    /// A real number for fits: 9 significant decimals, so that the last bits of floating point
    /// never reach the bytes of a report.
    static func real(_ value: Double) -> JSONValue {
        let scaled = (value * 1e9).rounded()
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        let whole = magnitude / 1_000_000_000
        let fraction = String(magnitude % 1_000_000_000)
        return .number((negative ? "-" : "") + "\(whole)." + String(repeating: "0", count: 9 - fraction.count) + fraction)
    }
}
