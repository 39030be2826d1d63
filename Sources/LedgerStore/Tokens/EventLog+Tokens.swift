public import LedgerCore

/// A bearer token of the web server, as the ledger keeps it: never the secret, only its SHA-256.
public struct StoredToken: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Comma-separated role names (`read,write`).
    public var roles: String
    public var createdAt: Timestamp
    public var createdBy: String
    public var revokedAt: Timestamp?
    public var revocationReason: String?

    public var isRevoked: Bool { revokedAt != nil }

    public init(id: String, name: String, roles: String, createdAt: Timestamp, createdBy: String, revokedAt: Timestamp?, revocationReason: String?) {
        self.id = id
        self.name = name
        self.roles = roles
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.revocationReason = revocationReason
    }
}

/// Which token wrote which seq range, over HTTP.
public struct TokenWrite: Sendable, Equatable {
    public var firstSeq: Int64
    public var lastSeq: Int64
    public var tokenID: String
    public var action: String
    public var recordedAt: Timestamp

    public init(firstSeq: Int64, lastSeq: Int64, tokenID: String, action: String, recordedAt: Timestamp) {
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.tokenID = tokenID
        self.action = action
        self.recordedAt = recordedAt
    }
}

extension EventLog {
    /// Records a token (the caller made the secret and hashed it).
    public func addToken(id: String, name: String, roles: String, secretSHA256: String, createdAt: Timestamp, createdBy: String) throws(StoreError) {
        let statement = try connection.prepareCached(
            "INSERT INTO tokens (token_id, name, roles, secret_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")
        defer { statement.reset() }
        try statement.bind(1, id)
        try statement.bind(2, name)
        try statement.bind(3, roles)
        try statement.bind(4, secretSHA256)
        try statement.bind(5, createdAt.microseconds)
        try statement.bind(6, createdBy)
        try statement.run()
    }

    /// Revokes a token for good; false when it was revoked already.
    public func revokeToken(id: String, at: Timestamp, reason: String) throws(StoreError) -> Bool {
        guard try tokens().contains(where: { $0.id == id }) else { throw StoreError.unknownToken(id: id) }
        let statement = try connection.prepareCached("INSERT OR IGNORE INTO token_revocations (token_id, revoked_at, reason) VALUES (?, ?, ?)")
        defer { statement.reset() }
        try statement.bind(1, id)
        try statement.bind(2, at.microseconds)
        try statement.bind(3, reason)
        try statement.run()
        return connection.changes > 0
    }

    /// Every token, oldest first, with its revocation if any.
    public func tokens() throws(StoreError) -> [StoredToken] {
        try readTokens("")
    }

    /// The token whose secret hashes to `secretSHA256`, if any (revoked ones included: the
    /// caller refuses them).
    public func token(secretSHA256: String) throws(StoreError) -> StoredToken? {
        try readTokens("WHERE t.secret_sha256 = ?", secretSHA256).first
    }

    /// Records that `tokenID` wrote `firstSeq...lastSeq`; call inside the write's transaction.
    public func recordTokenWrite(_ write: TokenWrite) throws(StoreError) {
        let statement = try connection.prepareCached(
            "INSERT INTO token_writes (first_seq, last_seq, token_id, action, recorded_at) VALUES (?, ?, ?, ?, ?)")
        defer { statement.reset() }
        try statement.bind(1, write.firstSeq)
        try statement.bind(2, write.lastSeq)
        try statement.bind(3, write.tokenID)
        try statement.bind(4, write.action)
        try statement.bind(5, write.recordedAt.microseconds)
        try statement.run()
    }

    /// What each token wrote, in seq order.
    public func tokenWrites() throws(StoreError) -> [TokenWrite] {
        let statement = try connection.prepare("SELECT first_seq, last_seq, token_id, action, recorded_at FROM token_writes ORDER BY first_seq")
        defer { statement.reset() }
        var writes: [TokenWrite] = []
        while try statement.step() {
            writes.append(TokenWrite(firstSeq: statement.int64(0), lastSeq: statement.int64(1), tokenID: statement.string(2),
                                     action: statement.string(3), recordedAt: Timestamp(microseconds: statement.int64(4))))
        }
        return writes
    }

    private func readTokens(_ condition: String, _ value: String? = nil) throws(StoreError) -> [StoredToken] {
        let statement = try connection.prepare("""
            SELECT t.token_id, t.name, t.roles, t.created_at, t.created_by, r.revoked_at, r.reason
            FROM tokens t LEFT JOIN token_revocations r ON r.token_id = t.token_id \(condition) ORDER BY t.created_at, t.token_id
            """)
        defer { statement.reset() }
        if let value { try statement.bind(1, value) }
        var tokens: [StoredToken] = []
        while try statement.step() {
            tokens.append(StoredToken(id: statement.string(0), name: statement.string(1), roles: statement.string(2),
                                      createdAt: Timestamp(microseconds: statement.int64(3)), createdBy: statement.string(4),
                                      revokedAt: statement.optionalInt64(5).map { Timestamp(microseconds: $0) }, revocationReason: statement.optionalString(6)))
        }
        return tokens
    }
}
