public import LedgerCore

/// Splits the window's shared spend (software, staff, overhead: no single campaign) over the
/// report's groups, exactly, by largest remainder:
///
/// - `even`: equally over the groups with direct spend in the window;
/// - `by_spend`: in proportion to their direct spend;
/// - `by_leads`: in proportion to the leads they sourced.
///
/// With nothing to weigh by (no direct spend, no leads) nothing is allocated, and the caller
/// shows the pool as its own row rather than dropping it.
public enum SharedSpendAllocation {
    public static func allocate(_ pool: Money, rule: CostAllocation,
                                over groups: [(group: String, directSpend: Money, leads: Int)]) -> [(group: String, amount: Money)] {
        let weighted: [(String, UInt64)] = groups.compactMap { entry in
            let weight: UInt64 = switch rule {
            case .even: entry.directSpend.units > 0 ? 1 : 0
            case .bySpend: UInt64(max(0, entry.directSpend.units))
            case .byLeads: UInt64(max(0, entry.leads))
            }
            return weight > 0 ? (entry.group, weight) : nil
        }
        guard !weighted.isEmpty else { return [] }
        let parts = Apportionment.split(pool, weights: weighted.map(\.1))
        return zip(weighted, parts).map { ($0.0, $1) }
    }
}
