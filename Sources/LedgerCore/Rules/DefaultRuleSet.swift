extension RuleSet {
    /// The rule set reports use when neither `--rules-file` nor a published rule set applies:
    /// `w_shaped` over 90 days at contact level, and a channel mapping for the UTM conventions
    /// most B2B teams use.
    public static let shippedDefaultJSON = #"{"attribution":{"model":"w_shaped","lookback_days":90,"level":"contact","half_life_days":7,"credit_until":"created"},"channel_mapping":[{"when":{"medium":["cpc","ppc","paid_search","sem"]},"channel":"paid_search"},{"when":{"medium":["paid_social","social_paid"]},"channel":"paid_social"},{"when":{"medium":["organic","seo"]},"channel":"organic_search"},{"when":{"medium":"email"},"channel":"email"},{"when":{"medium":"webinar"},"channel":"webinar"},{"when":{"medium":["event","events"]},"channel":"events"},{"when":{"medium":"content"},"channel":"content"},{"when":{"medium":["partner","referral"]},"channel":"partner"},{"when":{"medium":"review"},"channel":"review_sites"},{"when":{"source":"direct"},"channel":"direct"}],"stage_probabilities":{"discovery":0.2,"proposal":0.5,"negotiation":0.8},"cost_allocation":"by_spend","gross_margin":"0.8","thresholds":{"investigate":3,"scale":10},"dedupe":{"window_minutes":30},"merges":"retroactive"}"#

    public static let shippedDefault: RuleSet = try! RuleSet(json: shippedDefaultJSON)
}
