extension EventDecoder {
    func decodePayload(_ type: EventType, _ fields: FieldReader) throws(EventValidationError) -> EventPayload {
        if type.recordsWhoAndWhy {
            // Who made a correction, close or publication, and why: optional, but typed when given.
            _ = try fields.name("actor", required: false)
            _ = try fields.freeText("reason")
        }
        switch type {
        case .touch: return .touch(try touch(fields))
        case .contact: return .contact(try contactFacts(fields))
        case .account:
            return .account(AccountFacts(account: try fields.requiredIdentifier("account"),
                                         attributes: try attributes(fields) ?? []))
        case .stage:
            return .stage(StageChange(
                contact: try fields.requiredIdentifier("contact"),
                stage: try fields.name("stage", required: true)!,
                reason: try fields.freeText("reason")))
        case .opportunity: return .opportunity(try opportunity(fields))
        case .merge: return .merge(try merge(fields))
        case .unmerge: return .unmerge(Unmerge(mergeEventID: try fields.requiredIdentifier("merge")))
        case .spend: return .spend(try spend(fields))
        case .adjustment:
            let opportunity = try fields.requiredIdentifier("opportunity")
            let amount = try fields.money("amount", required: true)!
            try requireCurrency(fields, required: true)
            return .adjustment(Adjustment(opportunity: opportunity, amount: amount, reason: try fields.freeText("reason")))
        case .selfReport:
            return .selfReport(SelfReport(
                contact: try fields.requiredIdentifier("contact"),
                source: try fields.name("source", required: true)!))
        case .retract:
            return .retract(Retraction(eventID: try fields.requiredIdentifier("event"), reason: try fields.freeText("reason")))
        case .close: return .close(try periodClose(fields))
        case .rules:
            let name = try fields.string("name", required: true, maxLength: EventLimits.ruleSetNameLengthMax, kind: "a rule-set name")!
            let effectiveFrom = try fields.date("effective_from", required: true)!
            let body = try fields.object("body", required: true)!
            do {
                _ = try RuleSet(document: .object(body))
            } catch {
                throw EventValidationError(field: "body." + error.dottedField, problem: error.problem, expected: error.expected)
            }
            return .rules(RulesPublication(name: name, effectiveFrom: effectiveFrom, body: body))
        }
    }

    private func touch(_ fields: FieldReader) throws(EventValidationError) -> Touch {
        let contact = try fields.requiredIdentifier("contact")
        let account = try fields.identifier("account", required: false)
        let channel = try fields.optionalText("channel")
        let campaign = try fields.optionalText("campaign")
        var utm = UTM()
        if let utmObject = try fields.object("utm", required: false) {
            let utmFields = FieldReader(utmObject, path: "utm")
            utm = UTM(
                source: try utmFields.optionalText("source"),
                medium: try utmFields.optionalText("medium"),
                campaign: try utmFields.optionalText("campaign"),
                content: try utmFields.optionalText("content"),
                term: try utmFields.optionalText("term"))
        }
        let touchType = try fields.name("touch_type", required: false)
        return Touch(contact: contact, account: account, channel: channel, campaign: campaign, utm: utm, touchType: touchType)
    }

    private func contactFacts(_ fields: FieldReader) throws(EventValidationError) -> ContactFacts {
        let contact = try fields.requiredIdentifier("contact")
        let account = try fields.identifier("account", required: false)
        let email = try fields.string("email", required: false, maxLength: EventLimits.emailLengthMax, kind: "an email address")
        return ContactFacts(contact: contact, account: account, email: email, attributes: try attributes(fields) ?? [])
    }

    /// The `attributes` object of contact and account facts: strings, numbers and booleans,
    /// sorted by name.
    private func attributes(_ fields: FieldReader) throws(EventValidationError) -> [(name: String, value: AttributeValue)]? {
        var attributes: [(name: String, value: AttributeValue)] = []
        if let object = try fields.object("attributes", required: false) {
            guard object.members.count <= EventLimits.attributesPerContactMax else {
                throw fields.fail("attributes", "has \(object.members.count) attributes", "at most \(EventLimits.attributesPerContactMax)")
            }
            let attributeFields = FieldReader(object, path: "attributes")
            for member in object.members {
                switch member.value {
                case .string(let text):
                    _ = try attributeFields.freeText(member.key)
                    attributes.append((member.key, .string(text)))
                case .number(let text): attributes.append((member.key, .number(CanonicalNumber.canonical(text))))
                case .bool(let flag): attributes.append((member.key, .bool(flag)))
                default:
                    throw attributeFields.fail(member.key, "is \(member.value.typeName)", "a string, number or boolean")
                }
            }
            attributes.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
        return attributes
    }

    private func opportunity(_ fields: FieldReader) throws(EventValidationError) -> OpportunityChange {
        let opportunity = try fields.requiredIdentifier("opportunity")
        let account = try fields.requiredIdentifier("account")
        let stage = try fields.name("stage", required: true)!
        let amountRequired = stage == "created"
        let amount = try fields.money("amount", required: amountRequired || fields.object["currency"] != nil)
        try requireCurrency(fields, required: amount != nil)
        var contacts: [String] = []
        if let value = fields.object["contacts"] {
            guard case .array(let elements) = value else {
                throw fields.fail("contacts", "is \(value.typeName)", "an array of contact identifiers")
            }
            guard elements.count <= EventLimits.contactsPerOpportunityMax else {
                throw fields.fail("contacts", "has \(elements.count) contacts", "at most \(EventLimits.contactsPerOpportunityMax)")
            }
            let elementFields = FieldReader(JSONObject(elements.enumerated().map { .init(key: String($0.offset), value: $0.element) }), path: "contacts")
            for offset in elements.indices {
                contacts.append(try elementFields.requiredIdentifier(String(offset)))
            }
        }
        return OpportunityChange(opportunity: opportunity, account: account, stage: stage, amount: amount, contacts: contacts)
    }

    private func merge(_ fields: FieldReader) throws(EventValidationError) -> Merge {
        let kinds = MergeKind.allCases.map(\.rawValue).joined(separator: " or ")
        let kindName = try fields.string("kind", required: true, maxLength: 20, kind: "the merge kind")!
        guard let kind = MergeKind(rawValue: kindName) else {
            throw fields.fail("kind", "is \"\(kindName)\"", kinds)
        }
        let from = try fields.requiredIdentifier("from")
        let into = try fields.requiredIdentifier("into")
        guard from != into else {
            throw fields.fail("into", "is \"\(into)\", the same record as `from`", "another \(kind.rawValue): a record cannot be merged into itself")
        }
        return Merge(kind: kind, from: from, into: into)
    }

    private func spend(_ fields: FieldReader) throws(EventValidationError) -> Spend {
        let amount = try fields.money("amount", required: true)!
        try requireCurrency(fields, required: true)
        let start = try fields.date("period_start", required: true)!
        let end = try fields.date("period_end", required: true)!
        guard start <= end else {
            throw fields.fail("period_end", "is \(end), before period_start \(start)", "a date on or after period_start (both inclusive)")
        }
        return Spend(
            amount: amount, periodStart: start, periodEnd: end,
            channel: try fields.name("channel", required: false),
            campaign: try fields.identifier("campaign", required: false),
            category: try fields.name("category", required: false),
            isShared: try fields.bool("shared") ?? false)
    }

    private func periodClose(_ fields: FieldReader) throws(EventValidationError) -> PeriodClose {
        let period = try fields.string("period", required: true, maxLength: EventLimits.periodLengthMax, kind: "a period name such as 2026-Q1")!
        let from = try fields.date("from", required: true)!
        let to = try fields.date("to", required: true)!
        guard from <= to else {
            throw fields.fail("to", "is \(to), before from \(from)", "a date on or after `from`")
        }
        let digest = try fields.string("report_digest", required: true, maxLength: EventLimits.digestLengthMax, kind: "the report's digest")!
        var rules: RuleSetReference?
        if let object = try fields.object("rules", required: false) {
            let ruleFields = FieldReader(object, path: "rules")
            rules = RuleSetReference(
                name: try ruleFields.string("name", required: true, maxLength: EventLimits.ruleSetNameLengthMax, kind: "a rule-set name")!,
                version: try ruleFields.positiveInteger("version", required: true)!)
        }
        return PeriodClose(period: period, from: from, to: to, reportDigest: digest, rules: rules)
    }
}
