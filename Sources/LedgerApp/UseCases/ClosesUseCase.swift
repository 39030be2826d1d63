public import LedgerCore

/// A period's close as the ledger holds it, and whether its sealed report still reproduces.
public struct CloseEntry: Sendable, Equatable {
    public var period: String
    public var seq: Int64
    public var at: Timestamp
    public var from: LedgerDate
    public var to: LedgerDate
    public var sealedDigest: String
    /// `NAME@VERSION`, or nil for the shipped default.
    public var rules: String?
    /// A later close of the same period replaced this one.
    public var superseded: Bool
    /// The report as of the close reproduced with the sealed digest; nil: not checked (superseded).
    public var reproduces: Bool?
}

extension LedgerSession {
    /// Every close in ledger order; the latest close of each period is replayed as of its close
    /// and its digest checked against the sealed one.
    public func listCloses(asOf: String? = nil) throws -> [CloseEntry] {
        let head = try replayer.head(asOfText: asOf)
        let records = try LedgerLookups(log: log).records(of: .close, throughSeq: head?.seq ?? 0)
        var entries: [CloseEntry] = records.compactMap { record in
            guard case .close(let close) = record.event.payload else { return nil }
            return CloseEntry(period: close.period, seq: record.seq, at: record.event.at, from: close.from, to: close.to, sealedDigest: close.reportDigest,
                              rules: close.rules.map { "\($0.name)@\($0.version)" }, superseded: false, reproduces: nil)
        }
        for index in entries.indices {
            let period = entries[index].period
            if entries[(index + 1)...].contains(where: { $0.period == period }) {
                entries[index].superseded = true
            } else {
                entries[index].reproduces = try closedReport(ClosedPeriodRequest(period: period, asOf: asOf)).reproduces
            }
        }
        return entries
    }
}
