#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerStore

/// Opening and creating ledger files, with the facts a person needs when that fails: a missing
/// or unwritable folder is named as such, not as a missing ledger.
public enum LedgerAccess {
    /// Opens an existing ledger for reading or writing; a read-only open of a ledger on
    /// read-only media says, through `environment.notice`, how it was read.
    public static func open(_ path: String, readOnly: Bool, environment: AppEnvironment) throws -> EventLog {
        let log: EventLog
        do {
            log = try EventLog(path: path, clock: environment.clock, readOnly: readOnly, waitSeconds: environment.waitSeconds)
        } catch {
            throw AppError.wrap(error)
        }
        if log.isOnReadOnlyMedia {
            environment.notice("\(path) is on read-only media; it was opened immutable (no locks), which is right as long as nothing writes it meanwhile")
        }
        return log
    }

    /// Creates a ledger in an existing, writable folder.
    public static func create(_ path: String, currency: String, environment: AppEnvironment) throws -> EventLog {
        let folder = Self.folder(of: path)
        var status = stat()
        if stat(folder, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
            throw AppError.cannotWrite(path: path, reason: "the folder \(folder) does not exist", after: nil)
        }
        if access(folder, W_OK) != 0 {
            throw AppError.cannotWrite(path: path, reason: "the folder \(folder) is not writable", after: nil)
        }
        do {
            return try EventLog.create(path: path, currency: currency, clock: environment.clock)
        } catch {
            throw AppError.wrap(error)
        }
    }

    /// The folder a file is in (`.` for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
