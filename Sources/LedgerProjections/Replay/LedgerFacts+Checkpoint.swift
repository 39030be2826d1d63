public import LedgerCore

/// The raw fold reads no rule set (resolution does, later), so its checkpoints are keyed with an
/// empty rules hash and serve every rule set. Every collection is written in the order the fold
/// built it, so folding on from a decoded state gives the state a fold from seq 1 gives.
extension LedgerFacts: CheckpointableFold {
    public static let checkpointProjection = "facts"
    /// Bump on any change to `apply` or to this encoding.
    public static let checkpointCodeVersion = 6

    /// Two sections of about equal decoding time, decoded one on each core: the touches (about
    /// half of a ledger's events) with the contacts' accounts and stages, and the rest.
    public func encodeCheckpoint(into encoder: inout CheckpointEncoder) {
        encoder.write(headSeq)
        encoder.write(eventCount)
        encoder.writeSection(encodeTouchesAccountsStages)
        encoder.writeSection(encodeRest)
    }

    private func encodeTouchesAccountsStages(into encoder: inout CheckpointEncoder) {
        // The shapes first, in table order, so a decoded fold remembers the same shapes at the
        // same positions; each touch then names its shape by position (0: one of its own follows).
        encoder.write(touchShapes.limit)
        encoder.write(touchShapes.all.count)
        for shape in touchShapes.all { Self.write(shape, into: &encoder) }
        encoder.write(touches.count)
        var previousSeq: Int64 = 0
        for fact in touches {
            encoder.write(fact.seq - previousSeq)
            previousSeq = fact.seq
            encoder.write(fact.eventID)
            encoder.write(fact.at)
            encoder.write(fact.contact)
            encoder.write(fact.account)
            encoder.write(Int(fact.shape.index) + 1)
            if fact.shape.index < 0 { Self.write(fact.shape, into: &encoder) }
        }
        Self.writeKeyedDated(contactAccounts, into: &encoder) { $1.write($0) }
        Self.writeKeyedDated(stages, into: &encoder) { $1.write($0) }
    }

    private func encodeRest(into encoder: inout CheckpointEncoder) {
        Self.writeKeyed(opportunities, into: &encoder) { fact, encoder in
            let change = fact.change
            encoder.write(fact.seq)
            encoder.write(fact.eventID)
            encoder.write(fact.at)
            encoder.write(change.opportunity)
            encoder.write(change.account)
            encoder.write(change.stage)
            encoder.write(change.amount != nil)
            if let amount = change.amount { encoder.write(amount) }
            encoder.write(change.contacts.count)
            for contact in change.contacts { encoder.write(contact) }
        }
        Self.writeKeyedDated(adjustments, into: &encoder) { $1.write($0) }
        Self.writeKeyedDated(contactAttributes, into: &encoder) { facts, encoder in
            encoder.write(facts.contact)
            encoder.write(facts.account)
            encoder.write(facts.email)
            Self.write(facts.attributes, into: &encoder)
        }
        Self.writeKeyedDated(accountAttributes, into: &encoder) { facts, encoder in
            encoder.write(facts.account)
            Self.write(facts.attributes, into: &encoder)
        }
        Self.writeKeyedDated(selfReports, into: &encoder) { $1.write($0) }
        encoder.write(mergeTimes.count)
        for id in Self.ordered(mergeTimes.keys) {
            encoder.write(id)
            encoder.write(mergeTimes[id]!)
        }
        Self.writeDated(rulePublications, into: &encoder) { publication, encoder in
            encoder.write(publication.name)
            encoder.write(publication.effectiveFrom)
            encoder.write(.object(publication.body))
        }
        Self.writeDated(spends, into: &encoder) { spend, encoder in
            encoder.write(spend.amount)
            encoder.write(spend.periodStart)
            encoder.write(spend.periodEnd)
            encoder.write(spend.channel)
            encoder.write(spend.campaign)
            encoder.write(spend.category)
            encoder.write(spend.isShared)
        }
        Self.writeDated(merges, into: &encoder) { merge, encoder in
            encoder.write(merge.kind == .contact)
            encoder.write(merge.from)
            encoder.write(merge.into)
        }
        Self.writeDated(unmerges, into: &encoder) { $1.write($0) }
        Self.writeDated(retractions, into: &encoder) { $1.write($0) }
    }

    public init(checkpoint decoder: inout CheckpointDecoder) throws(CheckpointError) {
        let headSeq = try decoder.readInt64()
        let eventCount = try decoder.readInt()
        let firstSection = try decoder.readSection()
        let restSection = try decoder.readSection()
        let (first, rest) = onBothCores({
            firstSection.decode { decoder throws(CheckpointError) in try Self.decodeTouchesAccountsStages(&decoder) }
        }, {
            restSection.decode { decoder throws(CheckpointError) in
                var facts = LedgerFacts()
                try facts.decodeRest(&decoder)
                return facts
            }
        })
        self = try rest.get()
        (touchShapes, touches, contactAccounts, stages) = try first.get()
        self.headSeq = headSeq
        self.eventCount = eventCount
    }

    private static func decodeTouchesAccountsStages(_ decoder: inout CheckpointDecoder) throws(CheckpointError)
        -> (TouchShapes, ChunkedArray<TouchFact>, [String: [Dated<String>]], [String: [Dated<String>]]) {
        let shapeLimit = try decoder.readInt()
        guard shapeLimit >= 0 else { throw .damaged("touch shape limit \(shapeLimit)") }
        var touchShapes = TouchShapes(limit: shapeLimit)
        let shapeCount = try decoder.readCount()
        for _ in 0..<shapeCount {
            guard touchShapes.shape(of: try Self.readShapeTouch(&decoder)).index == touchShapes.all.count - 1 else {
                throw .damaged("touch shape \(touchShapes.all.count) repeats an earlier one")
            }
        }
        let touchCount = try decoder.readCount()
        var touches = ChunkedArray<TouchFact>()
        var previousSeq: Int64 = 0
        for _ in 0..<touchCount {
            let seq = previousSeq + (try decoder.readInt64())
            previousSeq = seq
            let id = try decoder.readEventID()
            let at = try decoder.readTimestamp()
            let contact = try decoder.readString()
            let account = try decoder.readOptionalString()
            let shapeNumber = try decoder.readInt()
            let shape: TouchShape
            if shapeNumber == 0 {
                shape = TouchShape(try Self.readShapeTouch(&decoder), index: -1)
            } else {
                guard shapeNumber > 0, shapeNumber <= touchShapes.all.count else { throw .damaged("unknown touch shape \(shapeNumber - 1)") }
                shape = touchShapes.all[shapeNumber - 1]
            }
            touches.append(TouchFact(seq: seq, eventID: id, at: at, contact: contact, account: account, shape: shape))
        }
        let contactAccounts = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in try decoder.readString() }
        let stages = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in try decoder.readString() }
        return (touchShapes, touches, contactAccounts, stages)
    }

    private mutating func decodeRest(_ decoder: inout CheckpointDecoder) throws(CheckpointError) {
        opportunities = try Self.readKeyed(&decoder) { decoder throws(CheckpointError) in
            let seq = try decoder.readInt64()
            let id = try decoder.readEventID()
            let at = try decoder.readTimestamp()
            let opportunity = try decoder.readString()
            let account = try decoder.readString()
            let stage = try decoder.readString()
            let amount = try decoder.readBool() ? try decoder.readMoney() : nil
            var contacts: [String] = []
            for _ in 0..<(try decoder.readCount()) { contacts.append(try decoder.readString()) }
            return OpportunityFact(seq: seq, eventID: id, at: at, change: OpportunityChange(
                opportunity: opportunity, account: account, stage: stage, amount: amount, contacts: contacts))
        }
        adjustments = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in try decoder.readMoney() }
        contactAttributes = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in
            let contact = try decoder.readString()
            let account = try decoder.readOptionalString()
            let email = try decoder.readOptionalString()
            return ContactFacts(contact: contact, account: account, email: email, attributes: try Self.readAttributes(&decoder))
        }
        accountAttributes = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in
            let account = try decoder.readString()
            return AccountFacts(account: account, attributes: try Self.readAttributes(&decoder))
        }
        selfReports = try Self.readKeyedDated(&decoder) { decoder throws(CheckpointError) in try decoder.readString() }
        let mergeTimeCount = try decoder.readCount()
        mergeTimes.reserveCapacity(mergeTimeCount)
        for _ in 0..<mergeTimeCount {
            let id = try decoder.readString()
            mergeTimes[id] = try decoder.readTimestamp()
        }
        rulePublications = try Self.readDated(&decoder) { decoder throws(CheckpointError) in
            let name = try decoder.readString()
            let effectiveFrom = try decoder.readDate()
            guard case .object(let body) = try decoder.readJSON() else { throw .damaged("rules body is not an object") }
            return RulesPublication(name: name, effectiveFrom: effectiveFrom, body: body)
        }
        spends = try Self.readDated(&decoder) { decoder throws(CheckpointError) in
            Spend(amount: try decoder.readMoney(), periodStart: try decoder.readDate(), periodEnd: try decoder.readDate(),
                  channel: try decoder.readOptionalString(), campaign: try decoder.readOptionalString(),
                  category: try decoder.readOptionalString(), isShared: try decoder.readBool())
        }
        merges = try Self.readDated(&decoder) { decoder throws(CheckpointError) in
            Merge(kind: try decoder.readBool() ? .contact : .account, from: try decoder.readString(), into: try decoder.readString())
        }
        unmerges = try Self.readDated(&decoder) { decoder throws(CheckpointError) in try decoder.readString() }
        retractions = try Self.readDated(&decoder) { decoder throws(CheckpointError) in try decoder.readString() }
        rebuildCorrections()
    }

    private static func write(_ shape: TouchShape, into encoder: inout CheckpointEncoder) {
        encoder.write(shape.channel)
        encoder.write(shape.campaign)
        encoder.write(shape.utm.source)
        encoder.write(shape.utm.medium)
        encoder.write(shape.utm.campaign)
        encoder.write(shape.utm.content)
        encoder.write(shape.utm.term)
        encoder.write(shape.touchType)
    }

    /// A shape's fields, as a touch without contact or account.
    private static func readShapeTouch(_ decoder: inout CheckpointDecoder) throws(CheckpointError) -> Touch {
        let channel = try decoder.readOptionalString()
        let campaign = try decoder.readOptionalString()
        let utm = UTM(source: try decoder.readOptionalString(), medium: try decoder.readOptionalString(),
                      campaign: try decoder.readOptionalString(), content: try decoder.readOptionalString(),
                      term: try decoder.readOptionalString())
        return Touch(contact: "", channel: channel, campaign: campaign, utm: utm, touchType: try decoder.readOptionalString())
    }

    /// The corrections graph is derived: the merges, unmerges and retractions applied again in
    /// ledger order give the graph the fold built.
    private mutating func rebuildCorrections() {
        var ordered: [(seq: Int64, correction: MergeGraph.Correction)] = []
        ordered += merges.map { ($0.seq, .merge(id: $0.id, $0.value)) }
        ordered += unmerges.map { ($0.seq, .unmerge(id: $0.id, mergeID: $0.value)) }
        ordered += retractions.map { ($0.seq, .retract(id: $0.id, targetID: $0.value)) }
        ordered.sort { $0.seq < $1.seq }
        for (_, correction) in ordered { try? corrections.apply(correction, validating: false) }
    }

    // MARK: - Collections

    private static func writeDated<Value>(_ dated: [Dated<Value>], into encoder: inout CheckpointEncoder,
                                     value: (Value, inout CheckpointEncoder) -> Void) {
        encoder.write(dated.count)
        for fact in dated {
            encoder.write(fact.seq)
            encoder.write(fact.eventID)
            encoder.write(fact.at)
            value(fact.value, &encoder)
        }
    }

    private static func writeKeyedDated<Value>(_ keyed: [String: [Dated<Value>]], into encoder: inout CheckpointEncoder,
                                               value: (Value, inout CheckpointEncoder) -> Void) {
        writeKeyed(keyed, into: &encoder) { fact, encoder in
            encoder.write(fact.seq)
            encoder.write(fact.eventID)
            encoder.write(fact.at)
            value(fact.value, &encoder)
        }
    }

    /// Keys in byte order, so the same state always encodes to the same bytes (a dictionary's
    /// own order changes with each process's hash seed): checkpoints are reproducible and their
    /// hash can be pinned to the code version.
    static func ordered(_ keys: some Collection<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func writeKeyed<Element>(_ keyed: [String: [Element]], into encoder: inout CheckpointEncoder,
                                       element: (Element, inout CheckpointEncoder) -> Void) {
        encoder.write(keyed.count)
        for key in ordered(keyed.keys) {
            let elements = keyed[key]!
            encoder.write(key)
            encoder.write(elements.count)
            for item in elements { element(item, &encoder) }
        }
    }

    private static func readDated<Value>(_ decoder: inout CheckpointDecoder,
                                         value: (inout CheckpointDecoder) throws(CheckpointError) -> Value) throws(CheckpointError) -> [Dated<Value>] {
        var result: [Dated<Value>] = []
        let count = try decoder.readCount()
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readOneDated(&decoder, value: value)) }
        return result
    }

    private static func readKeyedDated<Value>(_ decoder: inout CheckpointDecoder,
                                              value: (inout CheckpointDecoder) throws(CheckpointError) -> Value) throws(CheckpointError) -> [String: [Dated<Value>]] {
        try readKeyed(&decoder) { decoder throws(CheckpointError) in try readOneDated(&decoder, value: value) }
    }

    private static func readOneDated<Value>(_ decoder: inout CheckpointDecoder,
                                            value: (inout CheckpointDecoder) throws(CheckpointError) -> Value) throws(CheckpointError) -> Dated<Value> {
        let seq = try decoder.readInt64()
        let id = try decoder.readEventID()
        let at = try decoder.readTimestamp()
        return Dated(seq: seq, eventID: id, at: at, value: try value(&decoder))
    }

    private static func readKeyed<Element>(_ decoder: inout CheckpointDecoder,
                                           element: (inout CheckpointDecoder) throws(CheckpointError) -> Element) throws(CheckpointError) -> [String: [Element]] {
        let keyCount = try decoder.readCount()
        var result: [String: [Element]] = [:]
        result.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            let key = try decoder.readString()
            let count = try decoder.readCount()
            var elements: [Element] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try element(&decoder)) }
            result[key] = elements
        }
        return result
    }

    private static func write(_ attributes: [(name: String, value: AttributeValue)], into encoder: inout CheckpointEncoder) {
        encoder.write(attributes.count)
        for (name, value) in attributes {
            encoder.write(name)
            switch value {
            case .string(let text):
                encoder.write(0 as UInt64)
                encoder.write(text)
            case .number(let text):
                encoder.write(1 as UInt64)
                encoder.write(text)
            case .bool(let flag):
                encoder.write(flag ? 3 : 2 as UInt64)
            }
        }
    }

    private static func readAttributes(_ decoder: inout CheckpointDecoder) throws(CheckpointError) -> [(name: String, value: AttributeValue)] {
        var attributes: [(name: String, value: AttributeValue)] = []
        for _ in 0..<(try decoder.readCount()) {
            let name = try decoder.readString()
            let value: AttributeValue = switch try decoder.readUInt64() {
            case 0: .string(try decoder.readString())
            case 1: .number(try decoder.readString())
            case 2: .bool(false)
            case 3: .bool(true)
            case let other: throw .damaged("attribute kind \(other)")
            }
            attributes.append((name, value))
        }
        return attributes
    }
}
