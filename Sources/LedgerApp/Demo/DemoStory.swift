public import LedgerCore
import LedgerProjections
import Foundation

/// The demo's late news, chosen from the sample so that each step moves something: a Q1 deal,
/// a touch of its contact recorded late, a wrong merge of another contact into it, and a
/// retraction of one of its touches; plus the broader qualification rule set ops publishes.
public struct DemoStory: Sendable {
    public var dealID: String
    public var lateFile: String
    public var wrongMerge: (from: String, into: String)
    public var retracted: String
    public var broaderRulesFile: String

    public static let quarter = (from: "2026-01-01", to: "2026-03-31")

    /// Chooses the story from the ledger and writes its two files into `folder`.
    public init(session: LedgerSession, folder: String) throws {
        let prepared = try session.replayer.prepare(ReplayRequest(from: Self.quarter.from, to: Self.quarter.to))
        let ledger = prepared.ledger
        let selector = TouchSelector(ledger: ledger, rules: prepared.rules.attribution)
        guard let (deal, touches) = ledger.deals.lazy.filter({ prepared.window.contains($0.created.at) && !$0.contacts.isEmpty })
            .map({ ($0, selector.touches(of: $0, creditToClose: false).touches) }).first(where: { $0.1.count >= 2 }) else {
            throw AppError.sampleUnsuitable(problem: "the sample has no Q1 deal with two touches")
        }
        dealID = deal.id
        let contact = deal.contacts[0]
        let start = deal.created.at.microseconds - Int64(prepared.rules.attribution.lookbackDays) * Timestamp.microsecondsPerDay
        let other = ledger.touchesByContact.filter { entry in
            entry.key != contact && !deal.contacts.contains(entry.key)
                && entry.value.contains { $0.at.microseconds >= start && $0.at < deal.created.at }
        }.keys.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard let other else { throw AppError.sampleUnsuitable(problem: "no other contact has touches before \(deal.id)") }
        wrongMerge = (other, contact)
        retracted = touches[0].id
        let lateAt = RFC3339.format(Timestamp(microseconds: deal.created.at.microseconds - 2 * Timestamp.microsecondsPerDay), nanosecondRemainder: 0)
        lateFile = folder + "/late.jsonl"
        try Self.write(#"{"id":"late-podcast-1","type":"touch","at":"\#(lateAt)","contact":"\#(contact)","channel":"podcast","campaign":"founder-interview","touch_type":"content_download"}"# + "\n",
                       to: lateFile)
        guard case .object(var body) = try JSONParser.parse(prepared.rules.canonicalJSON) else {
            throw AppError.sampleUnsuitable(problem: "the rule set in force is not a JSON object")
        }
        body["qualification"] = .object(JSONObject([
            .init(key: "mql", value: .string("score >= 40 and employees >= 100 or stage('mql')")),
            .init(key: "sql", value: .string("stage('sql') and not stage('disqualified')")),
        ]))
        broaderRulesFile = folder + "/rules-broader-mql.json"
        try Self.write(JSONValue.object(body).canonicalText + "\n", to: broaderRulesFile)
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AppError.cannotWrite(path: path, reason: FileErrors.reason(error), after: nil)
        }
    }
}
