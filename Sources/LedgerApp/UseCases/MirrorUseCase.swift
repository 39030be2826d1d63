#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerStore

/// `push` and `pull`: a ledger mirrored between a file and a PostgreSQL server, event for event
/// (seq, recorded_at, body and hash identical). The destination must be a prefix of the source;
/// only the tail it lacks is sent, and diverged histories are refused at the first differing seq.
public enum MirrorUseCase {
    public enum Direction: Sendable {
        /// File to server.
        case push
        /// Server to file (the file is created, with the server's currency, when missing).
        case pull
    }

    public struct Request: Sendable {
        public var file: String
        public var server: String
        public var direction: Direction

        public init(file: String, server: String, direction: Direction) {
            self.file = file
            self.server = server
            self.direction = direction
        }
    }

    public static func run(_ request: Request, environment: AppEnvironment, progress: @escaping (Int64, Int64) -> Void = { _, _ in }) throws -> LedgerMirror.Outcome {
        guard PostgresURL.isServer(request.server) else {
            throw AppError.invalidParameter(.db, value: request.server, problem: "is not a PostgreSQL URL", expected: "postgres://USER@HOST:PORT/DATABASE")
        }
        guard !PostgresURL.isServer(request.file) else {
            throw AppError.invalidParameter(.db, value: PostgresURL.redacted(request.file), problem: "is a server, not a file", expected: "the path of a ledger file")
        }
        do {
            switch request.direction {
            case .push:
                let file = try LedgerAccess.open(request.file, readOnly: true, environment: environment)
                let server = try PostgresLedger(url: request.server, clock: environment.clock, waitSeconds: environment.waitSeconds)
                return try LedgerMirror.push(from: file, to: server, progress: progress)
            case .pull:
                let server = try PostgresLedger(url: request.server, clock: environment.clock, readOnly: true, waitSeconds: environment.waitSeconds)
                var status = stat()
                let file = stat(request.file, &status) == 0
                    ? try LedgerAccess.open(request.file, readOnly: false, environment: environment)
                    : try LedgerAccess.create(request.file, currency: server.currency, environment: environment)
                return try LedgerMirror.pull(from: server, into: file, progress: progress)
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError.wrap(error)
        }
    }
}
