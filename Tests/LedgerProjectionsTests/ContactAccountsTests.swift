import LedgerCore
@testable import LedgerProjections
import Testing
import TestSupport

/// A contact's account is its latest visible account statement, on a `contact` event or a touch.
/// Resolution finds the touches' latest while placing them with their survivors and weighs it
/// against the contact events' afterwards; that must give what weighing every statement one by
/// one gives, under either merge policy.
@Suite("Contact accounts")
struct ContactAccountsTests {
    @Test(arguments: [UInt64(1), 2, 3, 4], MergePolicy.allCases)
    func aContactsAccountIsItsLatestVisibleStatement(seed: UInt64, policy: MergePolicy) throws {
        let lines = Self.accountsLedger(seed: seed)
        let facts = try ReplayFixture.facts(lines)
        let rules = try RuleSet(json: #"{"merges":"\#(policy.rawValue)"}"#)
        let ledger = ResolvedLedger(facts: facts, rules: rules)
        let identity = ledger.identity

        var latest: [String: LedgerFacts.Dated<String>] = [:]
        var moved = 0
        func offer(_ record: String, _ statement: LedgerFacts.Dated<String>) {
            guard facts.isVisible(statement.id) else { return }
            let survivor = identity.contact(record, at: statement.at)
            if survivor != record { moved += 1 }
            if let current = latest[survivor], (current.at, current.seq) > (statement.at, statement.seq) { return }
            latest[survivor] = statement
        }
        for (record, statements) in facts.contactAccounts {
            for statement in statements { offer(record, statement) }
        }
        for touch in facts.touches {
            guard let account = touch.account, !account.isEmpty else { continue }
            offer(touch.contact, LedgerFacts.Dated(seq: touch.seq, id: touch.id, at: touch.at, value: account))
        }
        let expected = latest.mapValues { identity.account($0.value, at: Timestamp(microseconds: .max)) }
        // The ledger must exercise what the lookup is for: contacts whose account a touch names
        // and contacts whose a contact event does, statements moved by merges.
        let fromTouches = latest.values.count { $0.id.hasPrefix("t-") }
        #expect(fromTouches >= 3 && latest.count - fromTouches >= 3 && moved > 20)
        #expect(Set(expected.values).count < Set(latest.values.map(\.value)).count, "some accounts are merged into others")
        #expect(Set(expected.values).count >= 4, "and contacts are still in several")

        #expect(ledger.accountOfContact == expected)
        var contactsOfAccount: [String: [String]] = [:]
        for (contact, account) in expected { contactsOfAccount[account, default: []].append(contact) }
        #expect(ledger.contactsOfAccount == contactsOfAccount.mapValues { $0.sorted() })
    }

    /// Forty contacts naming eight accounts on contact events and on touches (some touches
    /// name none), out of business-time order; contacts merged into each
    /// other in chains and three accounts into others (never twice, never in a cycle), some merges
    /// undone, some statements retracted.
    static func accountsLedger(seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        // Few distinct instants, so statements of one contact often share one.
        func at() -> String { "2026-\(twoDigits(1 + next(3)))-\(twoDigits(1 + next(3)))T00:00:00Z" }
        var lines: [String] = []
        var statementIDs: [String] = []
        var contactMerges = MergeChains()
        var accountMerges = MergeChains()
        for n in 0..<700 {
            let contact = next(40)
            switch next(40) {
            case 0..<10:
                lines.append(#"{"id":"f-\#(n)","type":"contact","at":"\#(at())","contact":"c-\#(contact)","account":"ac-\#(next(8))"}"#)
                statementIDs.append("f-\(n)")
            case 10..<26:
                let account = next(3) == 0 ? "" : #","account":"ac-\#(next(8))""#
                lines.append(#"{"id":"t-\#(n)","type":"touch","at":"\#(at())","contact":"c-\#(contact)"\#(account),"channel":"email"}"#)
                statementIDs.append("t-\(n)")
            case 26..<30:
                guard let line = contactMerges.mergeLine("m-\(n)", kind: "contact", prefix: "c-", from: contact, into: next(40), at: at) else { continue }
                lines.append(line)
            case 30, 31:
                let from = next(8), into = next(8)
                guard accountMerges.count < 3,
                      let line = accountMerges.mergeLine("ma-\(n)", kind: "account", prefix: "ac-", from: from, into: into, at: at) else { continue }
                lines.append(line)
            case 32:
                guard let line = contactMerges.undoLine(n, picking: next, at: at) else { continue }
                lines.append(line)
            default:
                guard !statementIDs.isEmpty else { continue }
                lines.append(#"{"id":"r-\#(n)","type":"retract","at":"\#(at())","event":"\#(statementIDs[next(statementIDs.count)])"}"#)
            }
        }
        return lines
    }
}
