public import LedgerCore

/// Ties the strict funnel's opportunities to the deals attribution counts (created in the
/// window), to the unit.
///
/// The funnel counts a lead (a contact whose `lead` stage falls in the window) at
/// "opportunity" when its first deal exists and it passed MQL and SQL first. Attribution counts
/// every deal created in the window. Each funnel opportunity is one of: counted (its deal was
/// created in the window and the lead is that deal's lead), its deal created outside the window,
/// or a further lead of a deal already counted. Each deal created in the window is one of:
/// counted, its lead skipped MQL or SQL, not its lead's first deal, its lead outside the
/// window, or no contact of it has a `lead` stage. A deal's lead is its contact with the earliest
/// `lead` stage. So funnel opportunities − outside − further leads = counted, and counted +
/// skipped + not first + lead outside + no lead = deals.
public struct FunnelReconciliation: Sendable, Equatable {
    public var funnelOpportunities = 0
    public var dealCreatedOutsideWindow = 0
    public var furtherLeadOfADeal = 0
    public var counted = 0
    public var leadSkippedAStep = 0
    public var notTheLeadsFirstDeal = 0
    public var leadOutsideWindow = 0
    public var noLeadStage = 0
    public var deals = 0

    public init(ledger: ResolvedLedger, funnel: FunnelView, window: ReportWindow) {
        // Each contact's first deal, as the funnel picks it.
        var firstDeal: [String: Deal] = [:]
        for deal in ledger.deals {
            for contact in deal.contacts {
                if let current = firstDeal[contact], (current.created.at, current.created.seq) <= (deal.created.at, deal.created.seq) { continue }
                firstDeal[contact] = deal
            }
        }
        func lead(of deal: Deal) -> String? {
            deal.contacts.compactMap { contact in ledger.leadStage[contact].map { (contact, $0) } }
                .min { ($0.1.at, $0.1.seq) < ($1.1.at, $1.1.seq) }?.0
        }
        var strict: [String: Bool] = [:]
        for path in funnel.paths {
            strict[path.contact] = path.count(.opportunity) == 1
            guard path.count(.opportunity) == 1, let deal = firstDeal[path.contact] else { continue }
            funnelOpportunities += 1
            if !window.contains(deal.created.at) {
                dealCreatedOutsideWindow += 1
            } else if lead(of: deal) != path.contact {
                furtherLeadOfADeal += 1
            } else {
                counted += 1
            }
        }
        for deal in ledger.deals where window.contains(deal.created.at) {
            deals += 1
            guard let lead = lead(of: deal) else {
                noLeadStage += 1
                continue
            }
            guard let reachedStrictly = strict[lead] else {
                leadOutsideWindow += 1
                continue
            }
            if firstDeal[lead]?.id != deal.id {
                notTheLeadsFirstDeal += 1
            } else if !reachedStrictly {
                leadSkippedAStep += 1
            }
        }
    }
}
