import TerminalSupport
import ArgumentParser
import LedgerApp
import LedgerReports

/// `roiledger token`: the server's bearer tokens, kept in the ledger file as SHA-256 hashes.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the bearer tokens `roiledger serve` accepts.",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self, TokenWritesCommand.self])
}

struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a token; its secret is printed once and stored nowhere.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Who or what uses it (a person, \"crm-sync\").")
    var name: String

    @Option(help: "Its roles, comma-separated: read, write (ingest, rules), close, admin (everything).")
    var role = "read"

    func run() throws {
        let roles = try ListOption.usage { try TokenRole.parse(role) }
        let created = try global.session(readOnly: false).createToken(name: name, roles: roles)
        Terminal.writeLine(created.secret)
        Terminal.writeError("token \(created.token.id) (\(name)) with \(created.token.roles): keep the secret above; it is not shown again")
    }
}

struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never their secrets).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var table = TextTable([("id", .left), ("name", .left), ("roles", .left), ("created", .left), ("by", .left), ("revoked", .left)])
        for token in try global.session(readOnly: true).listTokens() {
            table.append([token.id, token.name, token.roles, token.createdAt.description, token.createdBy,
                          token.revokedAt.map { "\($0): \(token.revocationReason ?? "")" } ?? ""])
        }
        Terminal.write(table.render())
    }
}

struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token for good (the server refuses it from the next request).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The token's id (tok_…), as `token list` shows it.")
    var id: String

    @Option(help: "Why (kept beside the token).")
    var reason: String

    func run() throws {
        let revoked = try global.session(readOnly: false).revokeToken(id: id, reason: reason)
        Terminal.writeLine(revoked ? "revoked \(id)" : "\(id) was already revoked")
    }
}

struct TokenWritesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "writes", abstract: "Which token wrote which seq range over HTTP.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var table = TextTable([("first seq", .right), ("last seq", .right), ("token", .left), ("action", .left), ("recorded", .left)])
        for write in try global.session(readOnly: true).tokenWrites() {
            table.append([String(write.firstSeq), String(write.lastSeq), write.tokenID, write.action, write.recordedAt.description])
        }
        Terminal.write(table.render())
    }
}
