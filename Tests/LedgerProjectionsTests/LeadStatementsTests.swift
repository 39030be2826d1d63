import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// The funnel looks up each lead's attribute and stage statements (its own record's and those of
/// the records merged into it) instead of resolving every statement of the ledger; what it finds
/// must be exactly what resolving every statement gives, under either merge policy.
@Suite("Lead statements")
struct LeadStatementsTests {
    @Test(arguments: [UInt64(1), 2, 3], MergePolicy.allCases)
    func aSurvivorsStatementsAreThoseThatResolveToIt(seed: UInt64, policy: MergePolicy) throws {
        let facts = try ReplayFixture.facts(Self.mergedRecordsLedger(seed: seed))
        let identity = IdentityResolver(facts: facts, policy: policy)

        // Every visible statement of every record, resolved one by one, grouped by survivor.
        var expected: [String: [(at: Timestamp, seq: Int64, line: String)]] = [:]
        var moved = 0
        var survivorsOfRecord: [String: Set<String>] = [:]
        func offer(_ record: String, _ at: Timestamp, _ seq: Int64, _ id: String, _ line: String) {
            guard facts.isVisible(id) else { return }
            let survivor = identity.contact(record, at: at)
            if survivor != record { moved += 1 }
            survivorsOfRecord[record, default: []].insert(survivor)
            expected[survivor, default: []].append((at, seq, line))
        }
        for (record, statements) in facts.contactAttributes {
            for statement in statements { offer(record, statement.at, statement.seq, statement.id, Self.line(statement.at, statement.value.attributes, nil)) }
        }
        for (record, statements) in facts.stages {
            for statement in statements { offer(record, statement.at, statement.seq, statement.id, Self.line(statement.at, [], statement.value)) }
        }
        // The ledger must exercise what the lookup is for: statements moved by merges, and under
        // the prospective policy records whose statements go to two survivors.
        #expect(moved > 20)
        #expect(expected.keys.contains { identity.contact($0, at: Timestamp(microseconds: .max)) != $0 } == (policy == .prospective),
                "under prospective, records merged later keep their earlier statements")
        if policy == .prospective { #expect(survivorsOfRecord.values.count { $0.count > 1 } > 5) }

        var reader = LeadStatements.Reader(LeadStatements(facts: facts, identity: identity))
        for (survivor, statements) in expected {
            var found: [String] = []
            reader.forEach(of: survivor) { at, attributes, stage in
                found.append(Self.line(at, attributes, stage))
                return true
            }
            let ordered = statements.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map(\.line)
            #expect(found == ordered, "statements of \(survivor)")
        }
    }

    @Test func aVisitThatStopsReadsNoFurther() throws {
        let facts = try ReplayFixture.facts(LedgerFixture()
            .stage("s-1", contact: "c-1", stage: "lead", at: "2026-01-05T10:00:00Z")
            .stage("s-2", contact: "c-1", stage: "subscriber", at: "2026-01-03T10:00:00Z")
            .stage("s-3", contact: "c-1", stage: "mql", at: "2026-01-07T10:00:00Z")
            .lines)
        var reader = LeadStatements.Reader(LeadStatements(facts: facts, identity: IdentityResolver(facts: facts, policy: .retroactive)))
        var stages: [String] = []
        reader.forEach(of: "c-1") { _, _, stage in
            stages.append(stage ?? "")
            return stages.count < 2
        }
        #expect(stages == ["subscriber", "lead"], "in business-time order, and nothing after the visit stopped")
    }

    /// Forty contacts with attribute and stage statements out of business-time order, merged
    /// into each other in chains (never twice, never in a cycle) at random times, some merges
    /// undone by an unmerge or a retraction, some statements retracted.
    static func mergedRecordsLedger(seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func at() -> String { "2026-\(twoDigits(1 + next(12)))-\(twoDigits(1 + next(28)))T\(twoDigits(next(24))):00:00Z" }
        let stages = ["subscriber", "lead", "mql", "sql"]
        var lines: [String] = []
        var statementIDs: [String] = []
        var merges = MergeChains()
        for n in 0..<600 {
            let contact = next(40)
            switch next(20) {
            case 0..<8:
                lines.append(#"{"id":"a-\#(n)","type":"contact","at":"\#(at())","contact":"c-\#(contact)","account":"ac-1","attributes":{"score":\#(next(100)),"employees":\#(next(1_000))}}"#)
                statementIDs.append("a-\(n)")
            case 8..<16:
                lines.append(#"{"id":"s-\#(n)","type":"stage","at":"\#(at())","contact":"c-\#(contact)","stage":"\#(stages[next(stages.count)])"}"#)
                statementIDs.append("s-\(n)")
            case 16, 17:
                guard let line = merges.mergeLine("m-\(n)", kind: "contact", prefix: "c-", from: contact, into: next(40), at: at) else { continue }
                lines.append(line)
            case 18:
                guard let line = merges.undoLine(n, picking: next, at: at) else { continue }
                lines.append(line)
            default:
                guard !statementIDs.isEmpty else { continue }
                lines.append(#"{"id":"r-\#(n)","type":"retract","at":"\#(at())","event":"\#(statementIDs[next(statementIDs.count)])"}"#)
            }
        }
        return lines
    }

    private static func line(_ at: Timestamp, _ attributes: [(name: String, value: AttributeValue)], _ stage: String?) -> String {
        "\(at.microseconds) \(stage ?? "-") " + attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }
}
