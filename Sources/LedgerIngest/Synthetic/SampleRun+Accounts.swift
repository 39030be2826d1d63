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
        let startDay = random.below(Self.days - 35)
        let contactCount = random.weighted([(1, 25), (2, 30), (3, 25), (4, 12), (5, 8)])
        // Whether the account buys is known first: its buying contacts qualify before the deal.
        let buying = random.chance(40) ? random.int(1...min(3, contactCount)) : 0
        var journeys: [Journey] = []
        for contactIndex in 1...contactCount where !isFull {
            let contact = "ct-\(index + 1)-\(contactIndex)"
            let start = Self.micros(day: startDay + random.below(30), seconds: random.below(86_400))
            journeys.append(Journey(contact: contact, lastTouchAt: writeJourney(contact: contact, account: account, from: start, employees: employees,
                                                                                industry: industry, buying: contactIndex <= buying)))
        }
        if random.chance(1), !isFull {
            writeAccountDuplicate(of: account, at: Self.micros(day: startDay + 40))
        }
        if buying > 0, !journeys.isEmpty, !isFull {
            writeDeal(account: account, journeys: Array(journeys.prefix(buying)))
        }
    }

    /// Facts, touches, stages and the sales follow-up of one contact; returns the time of its
    /// last touch. A buying contact (one of the deal's) mostly scores high and passes MQL and SQL
    /// before the deal; the rest qualify less often.
    mutating func writeJourney(contact: String, account: String, from start: Int64, employees: Int, industry: String, buying: Bool) -> Int64 {
        let score = buying && random.chance(80) ? random.int(60...95) : random.int(10...95)
        writeContactFacts(contact: contact, account: account, at: start, score: score, employees: employees, industry: industry)
        let quarter = min(8, Int((start - Self.micros(day: 0)) / (Timestamp.microsecondsPerDay * 91)) + 1)
        var at = start
        let touchCount = random.weighted([(1, 15), (2, 20), (3, 20), (4, 15), (6, 15), (9, 10), (12, 5)])
        let leadAfter = random.int(1...min(2, touchCount))
        var firstChannel: Int?
        for touchIndex in 1...touchCount where !isFull {
            at += Int64(random.int(3_600...6 * 86_400)) * 1_000_000
            let channelIndex = random.weighted(SampleCatalog.channels.indices.map { ($0, SampleCatalog.channels[$0].weight) })
            firstChannel = firstChannel ?? channelIndex
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
        let qualifies = buying ? random.chance(90) : score >= 60 && random.chance(40)
        if qualifies {
            let mql = at + Int64(random.int(1...72)) * 3_600_000_000
            writeStage(contact: contact, stage: "mql", at: mql)
            let toSQL = buying ? random.chance(85) : random.chance(20)
            at = max(at, writeSalesFollowUp(contact: contact, after: mql, meeting: toSQL, eager: buying))
            if toSQL {
                at += Int64(random.int(1...5)) * 86_400_000_000
                writeStage(contact: contact, stage: "sql", at: at)
                // An account executive picks the SQL up; the buyers are the ones reached fast.
                at = max(at, writeSalesFollowUp(contact: contact, after: at, meeting: false, eager: buying))
            }
        } else if random.chance(12) {
            writeStage(contact: contact, stage: "disqualified", at: at + 86_400_000_000, reason: random.pick(SampleCatalog.disqualifyReasons))
        }
        if random.chance(15), !isFull {
            // Most buyers name the channel that first reached them in their own words; some a
            // channel tracking never sees.
            let named = firstChannel.flatMap { random.chance(65) ? SampleCatalog.answers[SampleCatalog.channels[$0].name] : nil }
            writer.begin(id: nextID("sr"), type: "self_report", at: text(at + 3_600_000_000))
            writer.string("contact", contact)
            writer.string("source", random.pick(named ?? SampleCatalog.darkAnswers))
            finish()
        }
        if random.chance(6) {
            writeContactDuplicate(of: contact, account: account, at: start + 86_400_000_000)
        }
        return at
    }

    /// Sales reaching out after an MQL (or an SQL): the first touch after a response time (for a
    /// lead that will buy: under an hour for a third, a day for two fifths, a week, later or
    /// never for the rest; slower for the others), a few more attempts, and a meeting for a lead
    /// on its way to SQL. Returns the time of the last one.
    mutating func writeSalesFollowUp(contact: String, after mql: Int64, meeting: Bool, eager: Bool) -> Int64 {
        let minute: Int64 = 60_000_000
        let odds = eager ? [(0, 35), (1, 40), (2, 18), (3, 5), (4, 2)] : [(0, 12), (1, 28), (2, 30), (3, 18), (4, 12)]
        let response: Int64? = switch random.weighted(odds) {
        case 0: Int64(random.int(5...55)) * minute
        case 1: Int64(random.int(60...1_380)) * minute
        case 2: Int64(random.int(1...6)) * 1_440 * minute
        case 3: Int64(random.int(8...20)) * 1_440 * minute
        default: nil
        }
        guard let response else { return mql }
        var at = mql + response
        writeSalesTouch(contact: contact, at: at, type: random.chance(60) ? "sales_email" : "sales_call")
        for _ in 0..<random.weighted([(0, 30), (1, 35), (2, 20), (3, 15)]) {
            at += Int64(random.int(1...3)) * 1_440 * minute
            writeSalesTouch(contact: contact, at: at, type: random.chance(50) ? "sales_email" : "sales_call")
        }
        if meeting || random.chance(10) {
            at += Int64(random.int(1...4)) * 1_440 * minute
            writeSalesTouch(contact: contact, at: at, type: "sales_meeting")
        }
        return at
    }

    mutating func writeSalesTouch(contact: String, at: Int64, type: String) {
        guard !isFull, at < Self.yearEndMicros else { return }
        writer.begin(id: nextID("t"), type: "touch", at: text(at))
        writer.string("contact", contact)
        writer.string("channel", "sales")
        writer.string("touch_type", type)
        finish()
    }

    /// A second record of the same person, with its own touches, merged into the first; now
    /// and then the merge turns out wrong and is undone.
    mutating func writeContactDuplicate(of contact: String, account: String, at: Int64) {
        let duplicate = contact + "-dup"
        let channelIndex = random.below(SampleCatalog.channels.count)
        for offset in 0..<random.int(1...2) {
            writeTouch(contact: duplicate, account: nil, at: at + Int64(offset) * 86_400_000_000, channelIndex: channelIndex,
                       campaign: SampleCatalog.campaign(channel: channelIndex, quarter: min(8, Int((at - Self.micros(day: 0)) / (Timestamp.microsecondsPerDay * 91)) + 1),
                                                        theme: random.below(3)), unmapped: false)
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

    /// A stage; none after the reporting year (the sample ends there).
    mutating func writeStage(contact: String, stage: String, at: Int64, reason: String? = nil) {
        guard !isFull, at < Self.yearEndMicros else { return }
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
        // Nothing after the reporting year: a deal that would start later is not in the sample.
        guard at < Self.yearEndMicros else { return }
        var lastID = writeOpportunity(opportunity, account: account, stage: "created", at: at, amount: amount, contacts: contacts)
        for (stage, percent) in [("discovery", 85), ("proposal", 65), ("negotiation", 50)] where random.chance(percent) {
            at += Int64(random.int(5...25)) * 86_400_000_000
            guard at < Self.yearEndMicros else { return }
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
