import LedgerCore

/// The shares of the rule-based models, as exact fractions per touch (summing to 1).
///
/// Edge cases, decided once for every model: no touch → no shares (the deal goes to
/// `(no touch)`); one touch → it takes everything. For the role models (`position_based`,
/// `u_shaped`, `w_shaped`, `full_path`): a touch holding several roles gets their sum; a role
/// no kept touch holds is missing and its share is split evenly over the roles present; the
/// "rest" share is split evenly over the touches that hold no role, and when there are none, evenly
/// over the roles present (a touch holding two roles gets two portions).
enum RuleBasedShares {
    static func shares(_ model: AttributionModelName, for touches: DealTouches, rules: AttributionRules) -> [Fraction] {
        let count = touches.touches.count
        guard count > 0 else { return [] }
        if count == 1 { return [.one] }
        let roles = touches.roles
        let percent = { (value: Int64) in Fraction(value, 1000) }
        switch model {
        case .firstTouch:
            return (0..<count).map { $0 == 0 ? .one : .zero }
        case .lastTouch:
            return (0..<count).map { $0 == count - 1 ? .one : .zero }
        case .linear:
            return Array(repeating: Fraction(1, Int64(count)), count: count)
        case .positionBased:
            return roleShares(count: count, roles: [(roles.first, percent(400)), (roles.last, percent(400))], rest: percent(200))
        case .uShaped:
            return roleShares(count: count, roles: [(roles.first, percent(400)), (roles.leadCreation, percent(400))], rest: percent(200))
        case .wShaped:
            return roleShares(count: count, roles: [(roles.first, percent(300)), (roles.leadCreation, percent(300)),
                                                    (roles.opportunityCreation, percent(300))], rest: percent(100))
        case .fullPath:
            return roleShares(count: count, roles: [(roles.first, percent(225)), (roles.leadCreation, percent(225)),
                                                    (roles.opportunityCreation, percent(225)), (roles.closing, percent(225))], rest: percent(100))
        case .jShaped, .inverseJ:
            let (firstShare, lastShare): (Fraction, Fraction) = count == 2
                ? (percent(250), percent(750))
                : (percent(200), percent(600))
            let (first, last) = model == .jShaped ? (firstShare, lastShare) : (lastShare, firstShare)
            return positional(count: count, first: first, middle: count == 2 ? .zero : percent(200), last: last)
        case .custom:
            let weights = rules.customWeights
            let total = count == 2 ? weights.first + weights.last : weights.first + weights.middle + weights.last
            guard total > .zero else { return shares(.linear, for: touches, rules: rules) }
            let scale = Fraction(total.denominator, total.numerator)
            return positional(count: count, first: weights.first * scale, middle: count == 2 ? .zero : weights.middle * scale,
                              last: weights.last * scale)
        case .timeDecay, .markov, .shapley:
            preconditionFailure("\(model.rawValue) is not rule-based")
        }
    }

    /// First and last touches get their shares; the middle share is split evenly over the rest.
    private static func positional(count: Int, first: Fraction, middle: Fraction, last: Fraction) -> [Fraction] {
        (0..<count).map { index in
            if index == 0 { return first }
            if index == count - 1 { return last }
            return middle / (count - 2)
        }
    }

    private static func roleShares(count: Int, roles: [(index: Int?, share: Fraction)], rest: Fraction) -> [Fraction] {
        let present = roles.filter { $0.index != nil }
        precondition(!present.isEmpty, "a deal with touches always has a first touch")
        let missing = roles.filter { $0.index == nil }.reduce(Fraction.zero) { $0 + $1.share }
        let holders = Set(present.map { $0.index! })
        let restIndices = (0..<count).filter { !holders.contains($0) }
        var shares = Array(repeating: Fraction.zero, count: count)
        let restPerRole = restIndices.isEmpty ? rest / present.count : .zero
        for role in present {
            shares[role.index!] = shares[role.index!] + role.share + missing / present.count + restPerRole
        }
        for index in restIndices {
            shares[index] = shares[index] + rest / restIndices.count
        }
        return shares
    }
}
