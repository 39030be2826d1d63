/// Bounds on every input, so a hostile or broken producer cannot make the ledger allocate
/// without limit. `schemas/` states the same numbers.
public enum EventLimits {
    public static let idLengthMax = 200
    public static let identifierLengthMax = 200
    public static let nameLengthMax = 200
    public static let textLengthMax = 2000
    public static let emailLengthMax = 320
    public static let periodLengthMax = 50
    public static let digestLengthMax = 200
    public static let ruleSetNameLengthMax = 100
    public static let contactsPerOpportunityMax = 1000
    public static let attributesPerContactMax = 200
    /// One JSON line, rule-set bodies included.
    public static let lineBytesMax = 1 << 20
}
