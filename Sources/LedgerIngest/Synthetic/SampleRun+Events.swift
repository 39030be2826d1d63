import LedgerCore

/// The events of the sample, one writer per kind of fact.
extension SampleRun {
    mutating func writeRules() {
        guard !isFull else { return }
        writer.begin(id: nextID("r"), type: "rules", at: "2025-01-01T00:00:00Z")
        writer.string("name", "default")
        writer.string("effective_from", "2025-01-01")
        writer.raw("body", SampleCatalog.ruleSetBody)
        finish()
    }

    /// Monthly spend per channel and campaign of the quarter, plus shared spend, spread over
    /// the accounts so it arrives month by month as a finance feed would. Budgets grow with the
    /// number of accounts, so pipeline per dollar stays realistic at any sample size (a few
    /// times the cost overall, channels on both sides of the ROI thresholds).
    mutating func writeSpend(throughAccount accountIndex: Int) {
        while spendMonthsWritten < Self.months, spendMonthsWritten * plannedAccounts / Self.months <= accountIndex, !isFull {
            let month = spendMonthsWritten + 1
            let quarter = (month - 1) / 3 + 1
            let monthStart = LedgerDate(dayNumber: Self.yearStart.dayNumber + Self.dayOfYear(month: month))
            let monthEnd = LedgerDate(dayNumber: Self.yearStart.dayNumber + Self.dayOfYear(month: month + 1) - 1)
            let at = RFC3339.format(LedgerDate(dayNumber: monthEnd.dayNumber + 1).startOfDay, nanosecondRemainder: 0)
            for (channelIndex, channel) in SampleCatalog.channels.enumerated() {
                for theme in SampleCatalog.themes.indices where !isFull {
                    writer.begin(id: nextID("sp"), type: "spend", at: at)
                    writer.string("channel", channel.name)
                    writer.string("campaign", SampleCatalog.campaign(channel: channelIndex, quarter: quarter, theme: theme))
                    writer.string("amount", sampleMoney(scaledBudget(channel.monthlySpend * random.int(80...120) / 100)))
                    writer.string("currency", options.currency)
                    writer.string("period_start", monthStart.description)
                    writer.string("period_end", monthEnd.description)
                    writer.string("category", random.chance(80) ? "media" : "agency")
                    finish()
                }
            }
            for category in ["overhead", "staff", "software"] where !isFull {
                writer.begin(id: nextID("sp"), type: "spend", at: at)
                writer.string("amount", sampleMoney(scaledBudget(random.int(5_000...12_000))))
                writer.string("currency", options.currency)
                writer.string("period_start", monthStart.description)
                writer.string("period_end", monthEnd.description)
                writer.string("category", category)
                writer.bool("shared", true)
                finish()
            }
            spendMonthsWritten += 1
        }
    }

    /// A catalogue budget (set for `budgetAccounts` accounts) scaled to this sample's accounts.
    func scaledBudget(_ whole: Int) -> Int {
        max(1, whole * plannedAccounts / Self.budgetAccounts)
    }

    static let budgetAccounts = 560

    /// Days from the history year's start to the start of `month` (1–25, counted from January 2025).
    static func dayOfYear(month: Int) -> Int {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (lengths + lengths).prefix(month - 1).reduce(0, +)
    }

    mutating func writeContactFacts(contact: String, account: String, at: Int64, score: Int, employees: Int, industry: String) {
        guard !isFull else { return }
        writer.begin(id: nextID("cf"), type: "contact", at: text(at))
        writer.string("contact", contact)
        writer.string("account", account)
        writer.string("email", "\(contact)@\(account).example.com")
        writer.raw("attributes", #"{"score":\#(score),"employees":\#(employees),"industry":"\#(industry)","country":"\#(random.pick(SampleCatalog.countries))","title":"\#(random.pick(SampleCatalog.titles))","segment":"\#(employees >= 1000 ? "enterprise" : employees >= 200 ? "mid_market" : "smb")"}"#)
        finish()
    }

    /// One touch; returns its event id so a later retract can name it.
    @discardableResult
    mutating func writeTouch(contact: String, account: String?, at: Int64, channelIndex: Int, campaign: String, unmapped: Bool) -> String? {
        guard !isFull, at < Self.yearEndMicros else { return nil }
        let channel = SampleCatalog.channels[channelIndex]
        let id = nextID("t")
        writer.begin(id: id, type: "touch", at: text(at))
        writer.string("contact", contact)
        if let account { writer.string("account", account) }
        let style = random.below(100)
        if unmapped {
            writer.object("utm", [("source", "tiktok"), ("medium", "influencer"), ("campaign", campaign)])
        } else if style < 12 {
            writer.string("channel", channel.name)
            writer.string("campaign", campaign)
        } else if style < 15 {
            // No UTM and no channel: counted as unmapped in data completeness.
        } else {
            var utm = [("source", random.pick(channel.sources)), ("medium", channel.medium), ("campaign", campaign)]
            if random.chance(30) { utm.append(("content", "variant-\(random.int(1...4))")) }
            if channel.medium == "cpc", random.chance(60) { utm.append(("term", random.pick(["attribution software", "marketing roi", "b2b analytics"]))) }
            writer.object("utm", utm)
        }
        writer.string("touch_type", random.pick(channel.touchTypes))
        finish()
        return id
    }
}
