import LedgerCore
import Testing

@Suite("Qualification predicates")
struct PredicateTests {
    static let contact = Predicate.Subject(
        attributes: ["score": .number("64"), "employees": .number("800"), "industry": .string("fintech"),
                     "customer": .bool(false), "partner": .bool(true), "ratio": .number("0.25")],
        stages: ["lead", "sql"])

    @Test(arguments: [
        ("score >= 50 and employees >= 200", true),
        ("score >= 65", false),
        ("score > 63.99", true),
        ("score == 64.0", true),
        ("score = 64", true),
        ("score != 64", false),
        ("ratio < 0.3 and ratio >= 0.25", true),
        ("industry in ['fintech', \"retail\"]", true),
        ("industry not in ['fintech']", false),
        ("industry not in ['retail']", true),
        // `not in` is a comparison: false without the attribute (as SQL's NOT IN with a NULL);
        // `not (… in …)` negates that false.
        ("missing not in [1, 2]", false),
        ("not (missing in [1, 2])", true),
        ("not (missing not in [1, 2])", true),
        ("industry == 'Fintech'", false),
        ("stage('sql')", true),
        ("stage('mql') or stage('lead')", true),
        ("not stage('mql')", true),
        ("partner", true),
        ("customer", false),
        ("customer == false", true),
        ("missing >= 1", false),
        ("not missing >= 1", true),
        ("industry > 5", false),
        ("(score >= 50 or partner) and not (employees < 200)", true),
        ("score >= 50 and employees >= 200 or stage('disqualified')", true),
        ("true", true),
        ("false or false", false),
        ("score >= -10", true),
    ])
    func evaluates(text: String, expected: Bool) throws {
        #expect(try PredicateParser.parse(text).holds(for: Self.contact) == expected)
    }

    @Test(arguments: [
        ("score >=", 9, "expected a number"),
        ("score >= 50 and", 16, "expected an attribute"),
        ("(score >= 50", 13, "expected `)`"),
        ("stage(sql)", 7, "quoted stage name"),
        ("industry in 'fintech'", 13, "expected `[`"),
        ("score @ 5", 7, "unexpected character"),
        ("industry == 'fintech", 13, "unterminated string"),
        ("score >= 50 50", 13, "expected `and`, `or` or the end"),
    ])
    func refusesWithTheColumn(text: String, column: Int, message: String) {
        do {
            _ = try PredicateParser.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func aRuleSetRefusesAPredicateThatDoesNotParse() {
        do {
            _ = try RuleSet(json: #"{"qualification":{"mql":"score >= 50 and"}}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.path == "$.qualification.mql")
            #expect(error.problem.contains("at column 16"))
        }
        #expect(throws: Never.self) { try RuleSet(json: #"{"qualification":{"mql":"score >= 50","sql":"stage('sql')"}}"#) }
    }

    @Test func withoutAPredicateTheRecordedStageDecides() throws {
        let rules = try RuleSet(json: "{}")
        #expect(rules.qualification.mqlPredicate == .stage("mql"))
        #expect(rules.qualification.sqlPredicate.holds(for: Self.contact))
    }
}
