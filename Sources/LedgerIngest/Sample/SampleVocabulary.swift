/// The words the sample is made of: names, firms, industries, titles and the free text people
/// type into CRMs. Static tables, so a record's traits can be picked by index with no allocation.
/// None of these strings holds `"` or `\` (the line writer does not escape).
enum SampleVocabulary {
    static let firstNames: [StaticString] = [
        "anna", "ben", "carla", "david", "elena", "felix", "grace", "hugo", "ines", "jonas",
        "kate", "liam", "maria", "nils", "olivia", "pedro", "quinn", "rosa", "sam", "tara",
        "umar", "vera", "will", "xenia", "yusuf", "zoe", "aiko", "bruno", "chloe", "diego",
        "emma", "farid", "greta", "hannah", "ivan", "julia", "karim", "lena", "marco", "nora",
    ]
    static let lastNames: [StaticString] = [
        "smith", "mueller", "garcia", "rossi", "dubois", "jansen", "nowak", "silva", "kim", "tanaka",
        "brown", "schmidt", "lopez", "bianchi", "martin", "devries", "kowalski", "santos", "park", "sato",
        "wilson", "fischer", "martinez", "romano", "bernard", "bakker", "wozniak", "costa", "lee", "suzuki",
        "taylor", "weber", "sanchez", "ricci", "petit", "visser", "lewis", "moreau", "chen", "novak",
    ]
    /// Two halves of a fictional company name; the account number keeps each domain unique.
    static let firmHeads: [StaticString] = [
        "bright", "north", "blue", "iron", "silver", "clear", "swift", "green", "red", "deep",
        "true", "open", "quant", "nova", "terra", "lumen", "vertex", "summit", "harbor", "cedar",
    ]
    static let firmTails: [StaticString] = [
        "forge", "wind", "stack", "labs", "works", "logic", "point", "path", "wave", "grid",
        "bridge", "field", "line", "scale", "core", "loop",
    ]

    static let industries: [StaticString] = [
        "saas", "fintech", "healthcare", "manufacturing", "retail", "logistics", "insurance",
        "education", "cybersecurity", "media", "energy", "telecom", "biotech", "professional_services",
    ]
    static let industryWeights = [18, 12, 9, 10, 7, 6, 6, 4, 8, 4, 4, 4, 3, 5]

    static let countries: [StaticString] = [
        "US", "GB", "DE", "FR", "NL", "CA", "AU", "SE", "ES", "IT", "JP", "SG", "BR", "IN", "CH", "IE",
    ]
    static let countryWeights = [34, 10, 10, 6, 5, 6, 4, 3, 3, 3, 3, 2, 3, 4, 2, 2]
    /// UTC offsets (minutes) a CRM in that country would stamp local times with, same order.
    static let countryOffsetMinutes = [-300, 0, 60, 60, 60, -300, 600, 60, 60, 60, 540, 480, -180, 330, 60, 0]

    static let titles: [StaticString] = [
        "VP Marketing", "Head of Demand Generation", "Marketing Operations Manager", "CMO",
        "Growth Marketing Manager", "Revenue Operations Lead", "Director of Marketing",
        "Marketing Analyst", "CFO", "Sales Director", "Product Marketing Manager", "Founder",
        "Data Engineer", "Student",
    ]
    static let titleWeights = [10, 12, 12, 5, 10, 8, 10, 9, 3, 5, 6, 4, 3, 3]

    static let segments: [StaticString] = ["smb", "mid_market", "enterprise"]

    static let disqualifyReasons: [StaticString] = [
        "student, no budget", "competitor researching us", "no budget this year", "outside served region",
        "not a decision maker", "bounced email", "job seeker", "too small for the product", "already a customer",
    ]
    static let customLeadStages: [StaticString] = ["nurture", "recycled"]

    /// What buyers type into "how did you hear about us?": free text, sometimes a channel name.
    static let selfReportSources: [StaticString] = [
        "LinkedIn", "a friend", "podcast", "Google", "G2", "webinar", "a colleague recommended you",
        "conference", "paid_social", "events", "YouTube", "newsletter", "ChatGPT", "Reddit",
        "our agency", "partner", "don't remember", "organic_search", "review_sites", "saw an ad",
    ]

    static let touchRetractReasons: [StaticString] = [
        "bot traffic from a scanner IP", "internal test submission by marketing ops",
        "duplicate import from the CRM sync", "click fraud flagged by the ad network",
        "employee clicked their own ad",
    ]

    static let adTerms: [StaticString] = [
        "marketing attribution software", "b2b attribution", "multi touch attribution",
        "marketing roi tool", "pipeline attribution", "northstar analytics", "attribution model comparison",
        "campaign roi dashboard",
    ]
    static let adContents: [StaticString] = ["ad-a", "ad-b", "video-15s", "carousel-3", "text-long", "banner-728"]
    static let emailContents: [StaticString] = ["cta-top", "cta-bottom", "hero-image", "ps-link"]
}
