public import LedgerCore
public import LedgerStore

/// What a server token may do. `admin` may do everything; `read` is needed for every read
/// unless the server reads publicly.
public enum TokenRole: String, Sendable, CaseIterable, Comparable {
    case read, write, close, admin

    public static func < (lhs: TokenRole, rhs: TokenRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// `read,write` → roles, each known.
    public static func parse(_ text: String) throws -> [TokenRole] {
        let names = OptionValues.list([text])
        guard !names.isEmpty else {
            throw AppError.invalidParameter(.role, value: text, problem: "names no role", expected: "read, write, close or admin, several comma-separated")
        }
        return try Set(names.map { name in
            guard let role = TokenRole(rawValue: name) else {
                throw AppError.invalidParameter(.role, value: name, problem: "is not a role", expected: "read, write, close or admin")
            }
            return role
        }).sorted()
    }
}

/// A token that presented a valid secret.
public struct AuthenticatedToken: Sendable, Equatable {
    public var id: String
    public var name: String
    public var roles: [TokenRole]

    public func may(_ role: TokenRole) -> Bool { roles.contains(role) || roles.contains(.admin) }
}

/// A token just made: the secret is shown once and kept nowhere.
public struct CreatedToken: Sendable {
    public var token: StoredToken
    public var secret: String
}

extension LedgerSession {
    /// Makes a token with `roles`; only the SHA-256 of its secret is stored.
    public func createToken(name: String, roles: [TokenRole]) throws -> CreatedToken {
        try requireFileLedger()
        guard !name.isEmpty else { throw AppError.invalidParameter(.name, value: name, problem: "is empty", expected: "a name saying who or what uses the token") }
        let id = "tok_" + Self.randomHex(bytes: 6)
        let secret = "rl_" + Self.randomHex(bytes: 32)
        let now = environment.clock.now()
        let roleText = roles.map(\.rawValue).joined(separator: ",")
        try storeCall {
            try log.addToken(id: id, name: name, roles: roleText, secretSHA256: Self.secretDigest(secret), createdAt: now, createdBy: environment.defaultActor)
        }
        let stored = StoredToken(id: id, name: name, roles: roleText, createdAt: now, createdBy: environment.defaultActor, revokedAt: nil,
                                 revocationReason: nil)
        return CreatedToken(token: stored, secret: secret)
    }

    /// Revokes a token for good; false when it was revoked already.
    public func revokeToken(id: String, reason: String) throws -> Bool {
        try requireFileLedger()
        guard !reason.isEmpty else { throw AppError.reasonRequired(action: "revoke") }
        return try storeCall { try log.revokeToken(id: id, at: environment.clock.now(), reason: reason) }
    }

    public func listTokens() throws -> [StoredToken] {
        try requireFileLedger()
        return try storeCall { try log.tokens() }
    }

    /// The token `secret` belongs to, if it is known and not revoked.
    public func authenticate(secret: String) throws -> AuthenticatedToken? {
        // A server ledger keeps no tokens: nobody authenticates, so HTTP writes are refused.
        if isServer { return nil }
        guard secret.hasPrefix("rl_"), secret.utf8.count == 67 else { return nil }
        guard let token = try storeCall({ try log.token(secretSHA256: Self.secretDigest(secret)) }), !token.isRevoked else { return nil }
        return AuthenticatedToken(id: token.id, name: token.name, roles: token.roles.split(separator: ",").compactMap { TokenRole(rawValue: String($0)) })
    }

    /// Which token wrote which seq range over HTTP.
    public func tokenWrites() throws -> [TokenWrite] {
        try requireFileLedger()
        return try storeCall { try log.tokenWrites() }
    }

    /// Runs a write in one transaction with the record of which token made it: both land or neither.
    public func written<T>(by token: AuthenticatedToken, action: String, _ body: () throws -> T, appended: (T) -> ClosedRange<Int64>?) throws -> T {
        try storeCall {
            try log.connection.transaction {
                let result = try body()
                if let range = appended(result) {
                    try log.recordTokenWrite(TokenWrite(firstSeq: range.lowerBound, lastSeq: range.upperBound, tokenID: token.id, action: action,
                                                        recordedAt: environment.clock.now()))
                }
                return result
            }
        }
    }

    static func secretDigest(_ secret: String) -> String { ContentDigest.sha256(secret) }

    /// Tokens live in a file ledger's own tables. On PostgreSQL, who may write is the database's
    /// business: its login roles are granted `roiledger_writer` or `roiledger_reader`.
    func requireFileLedger() throws {
        guard isServer else { return }
        throw AppError.invalidParameter(.db, value: PostgresURL.redacted(path), problem: "is a PostgreSQL ledger, which keeps no server tokens",
                                        expected: "a ledger file; on PostgreSQL, grant each writer's login role roiledger_writer (and readers roiledger_reader)")
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
