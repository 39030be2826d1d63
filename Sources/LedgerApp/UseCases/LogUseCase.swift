public import LedgerCore
public import LedgerStore

/// The stored events, filtered: what `roiledger log` lists and the dashboard's log page shows.
public struct LogRequest: Sendable {
    /// Only events after this seq.
    public var after: Int64
    /// Only events up to this seq.
    public var through: Int64
    public var type: EventType?
    /// Only events naming this contact (or account) in their `contact` (`account`) field.
    public var contact: String?
    public var account: String?
    public var limit: Int?

    public init(after: Int64 = 0, through: Int64 = .max, type: EventType? = nil, contact: String? = nil, account: String? = nil, limit: Int? = nil) {
        self.after = after
        self.through = through
        self.type = type
        self.contact = contact
        self.account = account
        self.limit = limit
    }
}

/// The fixed JSON texts the command line prints and the API answers, byte for byte.
public enum LedgerDocuments {
    /// `roiledger head --format json`, without its newline.
    public static func head(_ head: LedgerHead?) -> String {
        guard let head else { return #"{"seq":0}"# }
        return #"{"hash":"\#(head.hash)","recorded_at":"\#(head.recordedAt)","seq":\#(head.seq)}"#
    }

    /// One line of `roiledger log --format json`, without its newline: the ledger's fields and
    /// the canonical event, enough to check the hash chain offline.
    public static func logLine(_ event: StoredEvent) -> String {
        #"{"event":\#(event.body),"hash":"\#(event.hash)","recorded_at":"\#(event.recordedAt)","seq":\#(event.seq)}"#
    }
}

extension LedgerSession {
    public func head() throws -> LedgerHead? {
        try storeCall { try log.head() }
    }

    /// The events the request selects, in seq order, at most `limit` of them.
    public func events(_ request: LogRequest, _ each: (StoredEvent) throws -> Void) throws {
        if let limit = request.limit, limit < 1 {
            throw AppError.invalidParameter(.limit, value: String(limit), problem: "is less than 1", expected: "a number of events, at least 1")
        }
        if request.after < 0 { throw AppError.invalidParameter(.after, value: String(request.after), problem: "is negative", expected: "a seq, 0 or more") }
        let filtered = request.contact != nil || request.account != nil
        var count = 0
        try storeCall {
            try log.events(since: request.after, through: request.through, type: request.type, limit: filtered ? nil : request.limit) { event in
                if filtered {
                    if let limit = request.limit, count >= limit { return }
                    guard case .object(let body)? = try? JSONParser.parse(event.body) else { return }
                    if let contact = request.contact, body["contact"] != JSONValue.string(contact) { return }
                    if let account = request.account, body["account"] != JSONValue.string(account) { return }
                }
                count += 1
                try each(event)
            }
        }
    }
}
