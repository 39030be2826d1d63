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
        Channel(name: "paid_search", sources: ["google", "bing"], medium: "cpc", touchTypes: ["ad_click"], weight: 22, monthlySpend: 18_000),
        Channel(name: "paid_social", sources: ["linkedin", "facebook"], medium: "paid_social", touchTypes: ["ad_click"], weight: 16, monthlySpend: 12_000),
        Channel(name: "organic_search", sources: ["google", "duckduckgo"], medium: "organic", touchTypes: ["content_download", "form_fill"], weight: 14, monthlySpend: 3_000),
        Channel(name: "email", sources: ["newsletter", "nurture"], medium: "email", touchTypes: ["email_click"], weight: 14, monthlySpend: 2_500),
        Channel(name: "webinar", sources: ["zoom", "on24"], medium: "webinar", touchTypes: ["webinar"], weight: 8, monthlySpend: 6_000),
        Channel(name: "events", sources: ["saastr", "dreamforce"], medium: "event", touchTypes: ["event", "sales_meeting"], weight: 6, monthlySpend: 20_000),
        Channel(name: "content", sources: ["blog", "guide"], medium: "content", touchTypes: ["content_download"], weight: 8, monthlySpend: 4_000),
        Channel(name: "partner", sources: ["partnerstack", "reseller"], medium: "partner", touchTypes: ["form_fill", "sales_meeting"], weight: 5, monthlySpend: 5_000),
        Channel(name: "review_sites", sources: ["g2", "capterra"], medium: "review", touchTypes: ["ad_click", "form_fill"], weight: 5, monthlySpend: 4_500),
    ]

    /// Campaign themes; a campaign is `<channel>-<quarter>-<theme>`.
    static let themes = ["brand", "launch", "retarget"]

    static func campaign(channel: Int, quarter: Int, theme: Int) -> String {
        "\(channels[channel].name)-q\(quarter)-\(themes[theme])"
    }

    static let industries = ["fintech", "healthcare", "retail", "manufacturing", "software", "logistics", "education"]
    static let countries = ["US", "GB", "DE", "FR", "CA", "AU", "NL"]
    static let titles = ["VP Marketing", "CMO", "Head of Growth", "Marketing Ops Manager", "CFO", "Demand Gen Lead", "Analyst"]
    static let segments = ["smb", "mid_market", "enterprise"]
    static let selfReportSources = ["LinkedIn", "a friend", "podcast", "Google", "G2 review", "conference", "paid_search", "webinar", "newsletter"]
    static let disqualifyReasons = ["no budget", "wrong persona", "competitor customer", "student"]
    static let adjustmentReasons = [("churn", -1), ("refund", -1), ("downgrade", -1), ("expansion", 1)]

    /// The rule set published as the first event: it maps every UTM combination the sample
    /// sends except the deliberately unmapped `influencer` medium.
    static let ruleSetBody = #"{"attribution":{"model":"w_shaped","lookback_days":90,"level":"contact","half_life_days":7,"credit_until":"created"},"qualification":{"mql":"score >= 50 and employees >= 200","sql":"stage('sql')"},"channel_mapping":[{"when":{"medium":["cpc","ppc"]},"channel":"paid_search"},{"when":{"medium":"paid_social"},"channel":"paid_social"},{"when":{"medium":"organic"},"channel":"organic_search"},{"when":{"medium":"email"},"channel":"email"},{"when":{"medium":"webinar"},"channel":"webinar"},{"when":{"medium":"event"},"channel":"events"},{"when":{"medium":"content"},"channel":"content"},{"when":{"medium":"partner"},"channel":"partner"},{"when":{"medium":"review"},"channel":"review_sites"}],"stage_probabilities":{"discovery":0.2,"proposal":0.5,"negotiation":0.8},"cost_allocation":"by_spend","gross_margin":"0.8","thresholds":{"investigate":3,"scale":10},"dedupe":{"window_minutes":30},"merges":"retroactive","self_report_mapping":[{"answer":["google ads","adwords","paid search","paid_search","ppc","search ad"],"channel":"paid_search"},{"answer":{"prefix":"linkedin"},"channel":"paid_social"},{"answer":["facebook","instagram","twitter","x","social media","social"],"channel":"paid_social"},{"answer":["g2","g2 review","g2 crowd","capterra","trustradius","review site","reviews"],"channel":"review_sites"},{"answer":{"prefix":"g2"},"channel":"review_sites"},{"answer":["google","bing","search","search engine","googled it","duckduckgo"],"channel":"organic_search"},{"answer":["conference","event","trade show","tradeshow","booth","meetup","saastr","dreamforce"],"channel":"events"},{"answer":{"contains":"webinar"},"channel":"webinar"},{"answer":["newsletter","email","an email"],"channel":"email"},{"answer":["blog","article","ebook","guide","whitepaper","content"],"channel":"content"},{"answer":["partner","reseller","our partner","agency"],"channel":"partner"},{"answer":{"contains":"podcast"},"channel":"podcast"},{"answer":["a friend","friend","colleague","a colleague","word of mouth","referral","referred","recommendation"],"channel":"word_of_mouth"}]}"#
}
