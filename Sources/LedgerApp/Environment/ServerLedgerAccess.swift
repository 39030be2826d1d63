#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore
public import LedgerStore

/// Opening a ledger on a PostgreSQL server, and the local copy replays read from.
public enum ServerLedgerAccess {
    static func open(_ url: String, readOnly: Bool, environment: AppEnvironment) throws -> PostgresLedger {
        do {
            return try PostgresLedger(url: url, clock: environment.clock, readOnly: readOnly, waitSeconds: environment.waitSeconds)
        } catch {
            throw AppError.wrap(error)
        }
    }

    static func create(_ url: String, currency: String, environment: AppEnvironment) throws -> PostgresLedger {
        do {
            return try PostgresLedger.create(url: url, currency: currency, clock: environment.clock)
        } catch {
            throw AppError.wrap(error)
        }
    }

    /// The folder local copies of server ledgers live in: `ROILEDGER_MIRRORS`, else
    /// `$XDG_CACHE_HOME/roiledger`, else `~/.cache/roiledger`.
    public static func mirrorFolder() -> String {
        mirrorFolder { getenv($0).map { String(cString: $0) } }
    }

    static func mirrorFolder(_ variable: (String) -> String?) -> String {
        if let folder = variable("ROILEDGER_MIRRORS"), !folder.isEmpty { return folder }
        if let cache = variable("XDG_CACHE_HOME"), !cache.isEmpty { return cache + "/roiledger" }
        return (variable("HOME") ?? "/tmp") + "/.cache/roiledger"
    }

    /// The local copy's file for a server ledger: one per server, database and user (the URL
    /// without its password), named by a digest of it.
    public static func mirrorPath(url: String, folder: String) -> String {
        folder + "/" + String(ContentDigest.sha256(PostgresURL.redacted(url)).prefix(16)) + ".ledger"
    }

    /// Opens (or creates, empty, with the server's currency) the local copy of `server`.
    static func mirror(of server: PostgresLedger, url: String, environment: AppEnvironment) throws -> EventLog {
        let folder = environment.mirrorFolder
        var status = stat()
        if stat(folder, &status) != 0 {
            // Create the folder and any missing parents, private to the user.
            var built = folder.hasPrefix("/") ? "" : "."
            for part in folder.split(separator: "/") {
                built += "/" + part
                mkdir(built, 0o700)
            }
        }
        let path = mirrorPath(url: url, folder: folder)
        if stat(path, &status) == 0 {
            let log = try LedgerAccess.open(path, readOnly: false, environment: environment)
            guard log.currency == server.currency else {
                throw AppError.wrap(StoreError.diverged(seq: 1, detail: "the local copy \(path) keeps \(log.currency) and the server \(server.currency); remove the copy to start it again"))
            }
            return log
        }
        return try LedgerAccess.create(path, currency: server.currency, environment: environment)
    }
}
