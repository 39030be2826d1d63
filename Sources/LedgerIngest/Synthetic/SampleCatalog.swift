/// The marketing world the sample draws from: channels with the UTM fields producers really
/// send, campaigns, and the rule set published at the start of the ledger.
enum SampleCatalog {
    struct Channel {
        let name: String
        let sources: [String]
        let medium: String
        let touchTypes: [String]
        /// Relative frequency of touches.
        let weight: Int
        /// Monthly media spend per campaign, in whole currency units.
        let monthlySpend: Int
    }

    static let channels: [Channel] = [
        Channel(name: "paid_search", sources: ["google", "bing"], medium: "cpc", touchTypes: ["ad_click"], weight: 22, monthlySpend: 9_900),
        Channel(name: "paid_social", sources: ["linkedin", "facebook"], medium: "paid_social", touchTypes: ["ad_click"], weight: 16, monthlySpend: 8_800),
        Channel(name: "organic_search", sources: ["google", "duckduckgo"], medium: "organic", touchTypes: ["content_download", "form_fill"], weight: 14, monthlySpend: 3_100),
        Channel(name: "email", sources: ["newsletter", "nurture"], medium: "email", touchTypes: ["email_click"], weight: 14, monthlySpend: 2_800),
        Channel(name: "webinar", sources: ["zoom", "on24"], medium: "webinar", touchTypes: ["webinar"], weight: 8, monthlySpend: 3_600),
        Channel(name: "events", sources: ["saastr", "dreamforce"], medium: "event", touchTypes: ["event", "sales_meeting"], weight: 6, monthlySpend: 2_600),
        Channel(name: "content", sources: ["blog", "guide"], medium: "content", touchTypes: ["content_download"], weight: 8, monthlySpend: 2_800),
        Channel(name: "partner", sources: ["partnerstack", "reseller"], medium: "partner", touchTypes: ["form_fill", "sales_meeting"], weight: 5, monthlySpend: 2_500),
        Channel(name: "review_sites", sources: ["g2", "capterra"], medium: "review", touchTypes: ["ad_click", "form_fill"], weight: 5, monthlySpend: 2_100),
    ]

    /// Campaign themes; a campaign is `<channel>-<year>-q<quarter>-<theme>`.
    static let themes = ["brand", "launch", "retarget"]

    /// `quarter` counts from the first quarter of the history year (1–8).
    static func campaign(channel: Int, quarter: Int, theme: Int) -> String {
        "\(channels[channel].name)-\(2025 + (quarter - 1) / 4)-q\((quarter - 1) % 4 + 1)-\(themes[theme])"
    }

    /// What buyers say when asked how they heard about us, by the channel that first reached them.
    static let answers: [String: [String]] = [
        "paid_search": ["Google", "Google Ads", "a search ad"], "paid_social": ["LinkedIn", "LinkedIn ad", "Facebook"],
        "organic_search": ["Google", "search"], "email": ["newsletter", "an email"], "webinar": ["webinar", "a webinar"],
        "events": ["conference", "SaaStr", "trade show"], "content": ["blog", "an ebook"], "partner": ["our partner", "reseller"],
        "review_sites": ["G2", "Capterra", "G2 review"],
    ]
    /// Answers that name no channel tracking sees: the dark funnel.
    static let darkAnswers = ["a friend", "a colleague", "podcast", "word of mouth", "a Slack community", "a podcast"]

    static let industries = ["fintech", "healthcare", "retail", "manufacturing", "software", "logistics", "education"]
    static let countries = ["US", "GB", "DE", "FR", "CA", "AU", "NL"]
    static let titles = ["VP Marketing", "CMO", "Head of Growth", "Marketing Ops Manager", "CFO", "Demand Gen Lead", "Analyst"]
    static let segments = ["smb", "mid_market", "enterprise"]
    static let disqualifyReasons = ["no budget", "wrong persona", "competitor customer", "student"]
    static let adjustmentReasons = [("churn", -1), ("refund", -1), ("downgrade", -1), ("expansion", 1)]

    /// The rule set published as the first event: it maps every UTM combination the sample
    /// sends except the deliberately unmapped `influencer` medium.
    static let ruleSetBody = #"{"attribution":{"model":"w_shaped","lookback_days":90,"level":"contact","half_life_days":7,"credit_until":"created"},"qualification":{"mql":"stage('mql')","sql":"stage('sql')"},"channel_mapping":[{"when":{"medium":["cpc","ppc"]},"channel":"paid_search"},{"when":{"medium":"paid_social"},"channel":"paid_social"},{"when":{"medium":"organic"},"channel":"organic_search"},{"when":{"medium":"email"},"channel":"email"},{"when":{"medium":"webinar"},"channel":"webinar"},{"when":{"medium":"event"},"channel":"events"},{"when":{"medium":"content"},"channel":"content"},{"when":{"medium":"partner"},"channel":"partner"},{"when":{"medium":"review"},"channel":"review_sites"}],"stage_probabilities":{"discovery":0.2,"proposal":0.5,"negotiation":0.8},"cost_allocation":"by_spend","gross_margin":"0.8","thresholds":{"investigate":3,"scale":10},"dedupe":{"window_minutes":30},"merges":"retroactive","self_report_mapping":[{"answer":["google ads","adwords","paid search","paid_search","ppc","search ad","a search ad"],"channel":"paid_search"},{"answer":{"prefix":"linkedin"},"channel":"paid_social"},{"answer":["facebook","instagram","twitter","x","social media","social"],"channel":"paid_social"},{"answer":["g2","g2 review","g2 crowd","capterra","trustradius","review site","reviews"],"channel":"review_sites"},{"answer":{"prefix":"g2"},"channel":"review_sites"},{"answer":["google","bing","search","search engine","googled it","duckduckgo"],"channel":"organic_search"},{"answer":["conference","event","trade show","tradeshow","booth","meetup","saastr","dreamforce"],"channel":"events"},{"answer":{"contains":"webinar"},"channel":"webinar"},{"answer":["newsletter","email","an email"],"channel":"email"},{"answer":["blog","article","ebook","an ebook","guide","whitepaper","content"],"channel":"content"},{"answer":{"contains":"community"},"channel":"community"},{"answer":["partner","reseller","our partner","agency"],"channel":"partner"},{"answer":{"contains":"podcast"},"channel":"podcast"},{"answer":["a friend","friend","colleague","a colleague","word of mouth","referral","referred","recommendation"],"channel":"word_of_mouth"}]}"#
}
