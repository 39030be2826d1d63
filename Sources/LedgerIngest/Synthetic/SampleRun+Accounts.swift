import LedgerCore

/// One account's year: its contacts and their journeys, duplicates merged (and sometimes
/// unmerged), and perhaps a deal.
extension SampleRun {
    struct Journey {
        var contact: String
        var lastTouchAt: Int64
    }

    mutating func writeAccount(_ index: Int) {
        let account = "ac-\(index + 1)"
        let industry = random.pick(SampleCatalog.industries)
        let employees = random.weighted([(random.int(20...199), 45), (random.int(200...999), 35), (random.int(1000...20000), 20)])
        let startDay = random.below(330)
        let contactCount = random.weighted([(1, 25), (2, 30), (3, 25), (4, 12), (5, 8)])
        var journeys: [Journey] = []
        for contactIndex in 1...contactCount where !isFull {
            let contact = "ct-\(index + 1)-\(contactIndex)"
            let start = Self.micros(day: startDay + random.below(30), seconds: random.below(86_400))
            journeys.append(Journey(contact: contact, lastTouchAt: writeJourney(contact: contact, account: account, from: start, employees: employees, industry: industry)))
        }
        if random.chance(1), !isFull {
            writeAccountDuplicate(of: account, at: Self.micros(day: startDay + 40))
        }
        if random.chance(40), !journeys.isEmpty, !isFull {
            writeDeal(account: account, journeys: journeys)
        }
    }

    /// Facts, touches and stages of one contact; returns the time of its last touch.
    mutating func writeJourney(contact: String, account: String, from start: Int64, employees: Int, industry: String) -> Int64 {
        let score = random.int(10...95)
        writeContactFacts(contact: contact, account: account, at: start, score: score, employees: employees, industry: industry)
        let quarter = min(4, Int((start - Self.micros(day: 0)) / (Timestamp.microsecondsPerDay * 92)) + 1)
        var at = start
        let touchCount = random.weighted([(1, 15), (2, 20), (3, 20), (4, 15), (6, 15), (9, 10), (12, 5)])
        let leadAfter = random.int(1...min(2, touchCount))
        for touchIndex in 1...touchCount where !isFull {
            at += Int64(random.int(3_600...6 * 86_400)) * 1_000_000
            let channelIndex = random.weighted(SampleCatalog.channels.indices.map { ($0, SampleCatalog.channels[$0].weight) })
            let campaign = SampleCatalog.campaign(channel: channelIndex, quarter: quarter, theme: random.below(3))
            let unmapped = random.chance(3)
            let id = writeTouch(contact: contact, account: random.chance(70) ? account : nil, at: at, channelIndex: channelIndex, campaign: campaign, unmapped: unmapped)
            if random.chance(5) {
                // A double click or a re-sent form: the same contact, channel and campaign minutes later.
                writeTouch(contact: contact, account: account, at: at + Int64(random.int(60...1_200)) * 1_000_000, channelIndex: channelIndex, campaign: campaign, unmapped: unmapped)
            }
            if let id, random.chance(1) {
                writeRetract(id, at: at + 86_400_000_000, reason: "bot traffic")
            }
            if touchIndex == leadAfter {
                writeStage(contact: contact, stage: "lead", at: at + 60_000_000)
            }
        }
        if score >= 50, random.chance(70) {
            writeStage(contact: contact, stage: "mql", at: at + 3_600_000_000)
            if random.chance(45) { writeStage(contact: contact, stage: "sql", at: at + 2 * 86_400_000_000) }
        } else if random.chance(12) {
            writeStage(contact: contact, stage: "disqualified", at: at + 86_400_000_000, reason: random.pick(SampleCatalog.disqualifyReasons))
        }
        if random.chance(15), !isFull {
            writer.begin(id: nextID("sr"), type: "self_report", at: text(at + 3_600_000_000))
            writer.string("contact", contact)
            writer.string("source", random.pick(SampleCatalog.selfReportSources))
            finish()
        }
        if random.chance(6) {
            writeContactDuplicate(of: contact, account: account, at: start + 86_400_000_000)
        }
        return at
    }

    /// A second record of the same person, with its own touches, merged into the first; now
    /// and then the merge turns out wrong and is undone.
    mutating func writeContactDuplicate(of contact: String, account: String, at: Int64) {
        let duplicate = contact + "-dup"
        let channelIndex = random.below(SampleCatalog.channels.count)
        for offset in 0..<random.int(1...2) {
            writeTouch(contact: duplicate, account: nil, at: at + Int64(offset) * 86_400_000_000, channelIndex: channelIndex,
                       campaign: SampleCatalog.campaign(channel: channelIndex, quarter: 1 + random.below(4), theme: random.below(3)), unmapped: false)
        }
        guard !isFull else { return }
        let mergeID = nextID("m")
        writer.begin(id: mergeID, type: "merge", at: text(at + 3 * 86_400_000_000))
        writer.string("kind", "contact")
        writer.string("from", duplicate)
        writer.string("into", contact)
        finish()
        if random.chance(15), !isFull {
            writer.begin(id: nextID("um"), type: "unmerge", at: text(at + 10 * 86_400_000_000))
            writer.string("merge", mergeID)
            finish()
        }
    }

    mutating func writeAccountDuplicate(of account: String, at: Int64) {
        guard !isFull else { return }
        let duplicate = account + "-dup"
        writer.begin(id: nextID("cf"), type: "contact", at: text(at))
        writer.string("contact", duplicate.replacingPrefix("ac-", with: "ct-"))
        writer.string("account", duplicate)
        finish()
        guard !isFull else { return }
        writer.begin(id: nextID("m"), type: "merge", at: text(at + 86_400_000_000))
        writer.string("kind", "account")
        writer.string("from", duplicate)
        writer.string("into", account)
        finish()
    }

    mutating func writeStage(contact: String, stage: String, at: Int64, reason: String? = nil) {
        guard !isFull else { return }
        writer.begin(id: nextID("s"), type: "stage", at: text(at))
        writer.string("contact", contact)
        writer.string("stage", stage)
        if let reason { writer.string("reason", reason) }
        finish()
    }

    mutating func writeRetract(_ target: String, at: Int64, reason: String) {
        guard !isFull else { return }
        writer.begin(id: nextID("x"), type: "retract", at: text(at))
        writer.string("event", target)
        writer.string("reason", reason)
        finish()
    }

    /// A deal: created after the journeys, moved through open stages, then won, lost or left
    /// open; won deals sometimes churn or expand later.
    mutating func writeDeal(account: String, journeys: [Journey]) {
        let opportunity = "op-\(account.dropFirst(3))"
        let contacts = Array(journeys.prefix(random.int(1...min(3, journeys.count))).map(\.contact))
        var at = (journeys.map(\.lastTouchAt).max() ?? 0) + Int64(random.int(1...10)) * 86_400_000_000
        var amount = random.int(50...1500) * 100
        var lastID = writeOpportunity(opportunity, account: account, stage: "created", at: at, amount: amount, contacts: contacts)
        for (stage, percent) in [("discovery", 85), ("proposal", 65), ("negotiation", 50)] where random.chance(percent) {
            at += Int64(random.int(5...25)) * 86_400_000_000
            if random.chance(30) { amount = amount * random.int(80...130) / 100 }
            lastID = writeOpportunity(opportunity, account: account, stage: stage, at: at, amount: random.chance(50) ? amount : nil, contacts: []) ?? lastID
        }
        at += Int64(random.int(5...40)) * 86_400_000_000
        guard at < Self.yearEndMicros else { return }
        let outcome = random.below(100)
        if outcome < 35 {
            _ = writeOpportunity(opportunity, account: account, stage: "won", at: at, amount: amount, contacts: [])
            if random.chance(20), !isFull {
                let (reason, sign) = random.pick(SampleCatalog.adjustmentReasons)
                writer.begin(id: nextID("adj"), type: "adjustment", at: text(at + Int64(random.int(30...120)) * 86_400_000_000))
                writer.string("opportunity", opportunity)
                writer.string("amount", (sign < 0 ? "-" : "") + sampleMoney(amount * random.int(5...40) / 100))
                writer.string("currency", options.currency)
                writer.string("reason", reason)
                finish()
            }
        } else if outcome < 80 {
            _ = writeOpportunity(opportunity, account: account, stage: "lost", at: at, amount: nil, contacts: [])
        }
        if let lastID, random.chance(1) {
            writeRetract(lastID, at: at + 86_400_000_000, reason: "entered on the wrong deal")
        }
    }

    mutating func writeOpportunity(_ opportunity: String, account: String, stage: String, at: Int64, amount: Int?, contacts: [String]) -> String? {
        guard !isFull else { return nil }
        let id = nextID("o")
        writer.begin(id: id, type: "opportunity", at: text(at))
        writer.string("opportunity", opportunity)
        writer.string("account", account)
        writer.string("stage", stage)
        if let amount {
            writer.string("amount", sampleMoney(amount))
            writer.string("currency", options.currency)
        }
        if !contacts.isEmpty { writer.strings("contacts", contacts) }
        finish()
        return id
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
