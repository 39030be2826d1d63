public import LedgerCore
public import LedgerProjections

extension OpportunityExplanation {
    public func renderTable(provenanceLines: [String]) -> String {
        var lines = provenanceLines
        let closeText = deal.close.map { " \(deal.isWon ? "won" : "lost") \($0.at)" } ?? " open"
        lines.append("opportunity \(deal.id), account \(deal.account), contacts \(deal.contacts.isEmpty ? "(none)" : deal.contacts.joined(separator: ", "))")
        lines.append("created \(deal.created.at) (\(deal.created.id)),\(closeText); pipeline amount \(MoneyText.cents(deal.amount))")
        let amountText = amount.map { MoneyText.cents($0) } ?? "none"
        lines.append("\(model.rawValue), \(view.rawValue) view: \(inScope ? "in scope" : "NOT in scope of the window"), amount \(amountText)")
        lines.append("lookback keeps touches from \(lookbackStart) to \(windowEnd.at) (\(windowEnd.id)), both inclusive")
        lines.append("")
        var table = TextTable([("seq", .right), ("touch", .left), ("at", .left), ("contact", .left), ("utm source/medium/campaign", .left),
                               ("channel", .left), ("by", .left), ("kept", .left), ("roles", .left), ("share", .right), ("credit", .right)])
        for line in self.lines {
            let utm = line.touch.raw.utm
            let raw = [utm.source, utm.medium, utm.campaign].map { $0 ?? "-" }.joined(separator: "/")
            let contact = line.mergePath.isEmpty ? line.touch.contact : "\(line.touch.raw.contact) → \(line.touch.contact)"
            let by: String = switch line.touch.channelSource {
            case .explicit: "explicit"
            case .rule(let index): "rule \(index)"
            case .unmapped: "no rule"
            }
            table.append([String(line.touch.seq), line.touch.id, line.touch.at.description, contact, raw, line.touch.channel, by,
                          line.isKept ? "yes" : "no", line.roles.joined(separator: ", "), line.share,
                          line.credit.map { MoneyText.cents($0) } ?? ""])
        }
        if self.lines.isEmpty { lines.append("no touch: the whole amount goes to \(AttributionEngine.noTouch)") }
        lines.append(table.render())
        if let amount, lines.count > 0, self.lines.contains(where: \.isKept) {
            lines.append("credit = \(MoneyText.cents(amount)) × share, floored to 1/10,000 and the leftover units given to the largest remainders")
        }
        let imported = self.lines.compactMap { line in origins[line.touch.seq].map { (line.touch.seq, $0) } }
        if !imported.isEmpty {
            lines.append("imported from:")
            for (seq, origin) in imported { lines.append("  seq \(seq): \(origin.description), file sha256 \(origin.fileSHA256.prefix(12))") }
        }
        lines.append("corrections:" + (corrections.isEmpty ? " none" : ""))
        for correction in corrections {
            lines.append("  seq \(correction.seq) \(correction.id) at \(correction.at): \(correction.summary)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func renderJSON(provenance: JSONValue) -> String {
        func member(_ key: String, _ value: JSONValue) -> JSONObject.Member { .init(key: key, value: value) }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let touches: [JSONValue] = lines.map { line in
            let utm = line.touch.raw.utm
            var origin: [JSONObject.Member] = []
            if let source = origins[line.touch.seq] {
                origin = [member("imported_from", .object(JSONObject([
                    member("file", .string(source.file)), member("line", .number(String(source.line))),
                    member("file_sha256", .string(source.fileSHA256)), member("mapping", .string(source.mapping)),
                    member("mapping_version", .number(String(source.mappingVersion)))])))]
            }
            let by: String = switch line.touch.channelSource {
            case .explicit: "explicit"
            case .rule(let index): "rule \(index)"
            case .unmapped: "unmapped"
            }
            return .object(JSONObject([
                member("seq", .number(String(line.touch.seq))), member("id", .string(line.touch.id)),
                member("at", .string(line.touch.at.description)), member("contact", .string(line.touch.raw.contact)),
                member("resolved_contact", .string(line.touch.contact)),
                member("merges", .array(line.mergePath.map(JSONValue.string))),
                member("utm", .object(JSONObject([member("source", text(utm.source)), member("medium", text(utm.medium)),
                                                  member("campaign", text(utm.campaign)), member("content", text(utm.content)),
                                                  member("term", text(utm.term))]))),
                member("channel", .string(line.touch.channel)), member("channel_by", .string(by)),
                member("campaign", text(line.touch.campaign)), member("kept", .bool(line.isKept)),
                member("roles", .array(line.roles.map(JSONValue.string))), member("share", .string(line.share)),
                member("credit", text(line.credit?.description)),
            ] + origin))
        }
        let document = JSONValue.object(JSONObject([
            member("explain", .string("opportunity")), member("provenance", provenance),
            member("opportunity", .string(deal.id)), member("account", .string(deal.account)),
            member("contacts", .array(deal.contacts.map(JSONValue.string))),
            member("created", .string(deal.created.at.description)),
            member("close", deal.close.map { .string($0.at.description) } ?? .null), member("won", .bool(deal.isWon)),
            member("model", .string(model.rawValue)), member("view", .string(view.rawValue)),
            member("in_scope", .bool(inScope)), member("amount", text(amount?.description)),
            member("lookback_from", .string(lookbackStart.description)), member("lookback_to", .string(windowEnd.at.description)),
            member("touches", .array(touches)),
            member("corrections", .array(corrections.map { correction in
                .object(JSONObject([member("seq", .number(String(correction.seq))), member("id", .string(correction.id)),
                                    member("at", .string(correction.at.description)), member("summary", .string(correction.summary))]))
            })),
        ]))
        return document.canonicalText + "\n"
    }
}
