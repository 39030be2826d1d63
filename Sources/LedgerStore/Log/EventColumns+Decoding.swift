public import LedgerCore

extension EventColumns {
    /// Rebuilds an event from its typed columns (the inverse of `values(of:)`), so replay never
    /// parses a body: only the small `contacts` and `attributes` JSON columns, and a rule set's
    /// body, are parsed. `first` is the column index of `contact` in the statement.
    ///
    /// With an `interner`, the columns whose values repeat across rows (contacts, accounts,
    /// stages, channels, campaigns, UTM values, sources) share one string per distinct text.
    ///
    /// A required column left NULL is never read as `""` or `0`: the event is not rebuilt and
    /// `missing` names the column, so replay stops with an error instead of folding a wrong fact.
    static func event(id: String, type: EventType, version: Int, at: Timestamp, from row: Statement, first: Int32,
                      interner: TextInterner? = nil, missing: inout String?, body: () -> String) -> Event? {
        func text(_ index: Int) -> String? {
            guard let interner, repeatingColumns[index] else { return row.optionalString(first + Int32(index)) }
            return row.withOptionalText(first + Int32(index)) { interner.string($0) }
        }
        func integer(_ index: Int) -> Int64? { row.optionalInt64(first + Int32(index)) }
        func date(_ index: Int) -> LedgerDate? { integer(index).map { LedgerDate(dayNumber: Int($0)) } }
        var absent: String?
        func required(_ index: Int) -> String {
            if let value = text(index) { return value }
            absent = absent ?? names[index]
            return ""
        }
        func requiredInteger(_ index: Int) -> Int64 {
            if let value = integer(index) { return value }
            absent = absent ?? names[index]
            return 0
        }
        let payload: EventPayload
        switch type {
        case .touch:
            payload = .touch(Touch(contact: required(0), account: text(1), channel: text(4), campaign: text(5),
                                   utm: UTM(source: text(7), medium: text(8), campaign: text(9), content: text(10), term: text(11)),
                                   touchType: text(6)))
        case .contact:
            payload = .contact(ContactFacts(contact: required(0), account: text(1), email: text(15), attributes: Self.attributes(text(14))))
        case .account:
            payload = .account(AccountFacts(account: required(1), attributes: Self.attributes(text(14))))
        case .stage:
            payload = .stage(StageChange(contact: required(0), stage: required(3), reason: text(25)))
        case .opportunity:
            var contacts: [String] = []
            if let json = text(13), case .array(let elements)? = try? JSONParser.parse(json) {
                contacts = elements.compactMap { if case .string(let id) = $0 { id } else { nil } }
            }
            payload = .opportunity(OpportunityChange(opportunity: required(2), account: required(1), stage: required(3),
                                                     amount: integer(12).map(Money.init(units:)), contacts: contacts))
        case .merge:
            guard let kind = MergeKind(rawValue: required(16)) else { missing = names[16]; return nil }
            payload = .merge(Merge(kind: kind, from: required(17), into: required(18)))
        case .unmerge:
            payload = .unmerge(Unmerge(mergeEventID: required(19)))
        case .spend:
            guard let start = date(20), let end = date(21) else { return nil }
            payload = .spend(Spend(amount: Money(units: requiredInteger(12)), periodStart: start, periodEnd: end,
                                   channel: text(4), campaign: text(5), category: text(22), isShared: integer(23) == 1))
        case .adjustment:
            payload = .adjustment(Adjustment(opportunity: required(2), amount: Money(units: requiredInteger(12)), reason: text(25)))
        case .selfReport:
            payload = .selfReport(SelfReport(contact: required(0), source: required(24)))
        case .retract:
            payload = .retract(Retraction(eventID: required(19), reason: text(25)))
        case .close:
            guard let from = date(20), let to = date(21) else { return nil }
            let rules = text(28).map { RuleSetReference(name: $0, version: Int(integer(29) ?? 1)) }
            payload = .close(PeriodClose(period: required(26), from: from, to: to, reportDigest: required(27), rules: rules))
        case .rules:
            // Rare: the rule-set document is read from the body.
            guard case .object(let event)? = try? JSONParser.parse(body()), case .object(let document)? = event["body"] else { return nil }
            guard let effectiveFrom = date(30) else { missing = names[30]; return nil }
            payload = .rules(RulesPublication(name: required(28), effectiveFrom: effectiveFrom, body: document))
        }
        if let absent {
            missing = absent
            return nil
        }
        return Event(id: id, at: at, schemaVersion: version, payload: payload)
    }
}

extension EventColumns {
    /// The `attributes` column read back (contact and account facts).
    static func attributes(_ json: String?) -> [(name: String, value: AttributeValue)] {
        var attributes: [(name: String, value: AttributeValue)] = []
        guard let json, case .object(let object)? = try? JSONParser.parse(json) else { return attributes }
        // Kept for the whole replay, one array per statement: no room to grow.
        attributes.reserveCapacity(object.members.count)
        for member in object.members {
            switch member.value {
            case .string(let value): attributes.append((member.key, .string(value)))
            case .number(let value): attributes.append((member.key, .number(value)))
            case .bool(let value): attributes.append((member.key, .bool(value)))
            default: continue
            }
        }
        return attributes
    }
}

extension EventColumns {
    /// Which typed columns (by index into `names`) hold values that repeat across rows.
    static let repeatingColumns: [Bool] = (0..<count).map { index in
        ["contact", "account", "opportunity", "stage", "channel", "campaign", "touch_type", "utm_source", "utm_medium",
         "utm_campaign", "utm_content", "utm_term", "merge_kind", "merge_from", "merge_into", "category", "source"].contains(names[index])
    }
}

extension EventLog {
    /// Streams the events after `afterSeq` up to `throughSeq` in seq order, rebuilt from typed
    /// columns, inside one read transaction (a concurrent ingest is seen whole or not at all).
    ///
    /// Reading and rebuilding the rows costs about twice what a fold does with them, so a
    /// reader on the other core does it a batch ahead while `body` folds on the calling thread:
    /// `body` still sees every event once, in seq order, on one thread. The connection is not
    /// used by anything else until the reader has finished (this returns only then).
    public func replay(afterSeq: Int64 = 0, throughSeq: Int64 = .max, _ body: (ReplayRecord) throws -> Void) throws {
        let pipe = BatchPipe<[ReplayRecord]>(capacity: 4)
        let reader = UncheckedLog(log: self)
        pipe.startProducer { pipe in
            try reader.log.readRecords(afterSeq: afterSeq, throughSeq: throughSeq, batchSize: 4096) { pipe.put($0) }
        }
        defer { pipe.stopAndWaitForProducer() }
        while let batch = try pipe.take() {
            for record in batch { try body(record) }
        }
    }

    /// The reading half of `replay`: batches of records, until `deliver` returns false.
    private func readRecords(afterSeq: Int64, throughSeq: Int64, batchSize: Int, _ deliver: ([ReplayRecord]) -> Bool) throws {
        let statement = try connection.prepare(
            "SELECT \(EventColumns.list(prefix: Int(EventColumns.body) + 1)) FROM events WHERE seq > ? AND seq <= ? ORDER BY seq")
        try statement.bind(1, afterSeq)
        try statement.bind(2, throughSeq)
        let bodyColumn = EventColumns.body
        let interner = TextInterner()
        try connection.transaction(immediate: false) {
            var batch: [ReplayRecord] = []
            batch.reserveCapacity(batchSize)
            while try statement.step() {
                let seq = statement.int64(0)
                var missing: String?
                guard let type = EventType(rawValue: statement.string(2)),
                      let event = EventColumns.event(id: statement.string(1), type: type, version: Int(statement.int64(3)),
                                                     at: Timestamp(microseconds: statement.int64(4)), from: statement, first: EventColumns.firstTyped, interner: interner,
                                                     missing: &missing, body: { statement.string(bodyColumn) })
                else {
                    if !batch.isEmpty { _ = deliver(batch) }
                    let what = missing.map { "its required column `\($0)` is empty" } ?? "its type or columns cannot be read"
                    throw StoreError.damaged(path: connection.path, detail: "the row at seq \(seq) cannot be replayed: \(what)")
                }
                batch.append(ReplayRecord(seq: seq, recordedAt: Timestamp(microseconds: statement.int64(5)), event: event))
                if batch.count == batchSize {
                    guard deliver(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = deliver(batch) }
        } as Void
    }
}

/// The log, handed to the reader thread. `replay` does not touch the connection until the
/// reader has finished, so the connection is never used by two threads at once.
private struct UncheckedLog: @unchecked Sendable {
    let log: EventLog
}
