internal import CPostgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection to a PostgreSQL server, owned: it closes in `deinit`. Not `Sendable`:
/// a connection serves one thread at a time.
///
/// Every statement goes through `PQexecParams` with text parameters (never spliced into SQL),
/// and results come back as text, which is what the ledger's columns hold anyway (`bytea` as
/// `\x` hex). Errors carry the server's SQLSTATE, so callers tell a refusal by a guard from a
/// lost connection.
final class PGConnection {
    private let handle: OpaquePointer
    /// The connection string without its password, for messages.
    let displayName: String

    init(url: String) throws(StoreError) {
        displayName = PostgresURL.redacted(url)
        guard let connection = PQconnectdb(url) else {
            throw .postgres(state: "08000", message: "libpq could not allocate a connection", server: displayName)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw .unreachable(server: PostgresURL.redacted(url), reason: message)
        }
        handle = connection
        // Quiet NOTICEs (CREATE … IF NOT EXISTS says "already exists" on every open).
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// Runs one statement with `$1…` parameters (nil is NULL) and returns its rows as text.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> PGRows {
        let result = withParameters(parameters) { values, count in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        return try Self.rows(of: result, connection: handle, sql: sql, server: displayName)
    }

    /// Statements prepared on this connection, by SQL text (their server-side names).
    private var prepared: [String: String] = [:]

    /// Runs a statement run many times (an append per event) as a prepared statement: parsed
    /// and planned once per connection.
    @discardableResult
    func executePrepared(_ sql: String, _ parameters: [String?]) throws(StoreError) -> PGRows {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "roiledger_\(prepared.count + 1)"
            let result = PQprepare(handle, name, sql, Int32(parameters.count), nil)
            _ = try Self.rows(of: result, connection: handle, sql: sql, server: displayName)
            prepared[sql] = name
        }
        let result = withParameters(parameters) { values, count in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try Self.rows(of: result, connection: handle, sql: sql, server: displayName)
    }

    /// Runs statements given as one text (no parameters): migrations.
    func executeScript(_ sql: String) throws(StoreError) {
        let result = PQexec(handle, sql)
        _ = try Self.rows(of: result, connection: handle, sql: nil, server: displayName)
    }

    /// The first column of the first row as an integer.
    func scalar(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> Int64? {
        try execute(sql, parameters).int64(0, 0)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<R>(_ begin: String = "BEGIN", _ body: () throws -> R) throws -> R {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Whether the session is inside a transaction block.
    var isInTransaction: Bool {
        PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// Waits up to `seconds` for a notification on a channel this connection LISTENs on; true
    /// when one (or more) arrived. Notifications only wake a reader: what changed is read by seq.
    func waitForNotification(seconds: Double) throws(StoreError) -> Bool {
        if drainNotifications() { return true }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, seconds) * 1000))
        guard ready > 0 else { return false }
        guard PQconsumeInput(handle) == 1 else {
            throw .unreachable(server: displayName, reason: Self.trimmed(String(cString: PQerrorMessage(handle))))
        }
        return drainNotifications()
    }

    private func drainNotifications() -> Bool {
        var any = false
        while let notification = PQnotifies(handle) {
            any = true
            PQfreemem(notification)
        }
        return any
    }

    private func withParameters<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?], Int32) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            body(buffer.map { UnsafePointer($0) }, Int32(buffer.count))
        }
    }

    private static func rows(of result: OpaquePointer?, connection: OpaquePointer, sql: String?, server: String) throws(StoreError) -> PGRows {
        guard let result else {
            throw .unreachable(server: server, reason: trimmed(String(cString: PQerrorMessage(connection))))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGRows(result)
        default:
            defer { PQclear(result) }
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? trimmed(String(cString: PQerrorMessage(connection)))
            if PQstatus(connection) != CONNECTION_OK {
                throw .unreachable(server: server, reason: message)
            }
            throw .postgres(state: state, message: message, server: server)
        }
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

/// A result's rows, read as text; owns the libpq result.
final class PGRows {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }
    deinit { PQclear(result) }

    var count: Int { Int(PQntuples(result)) }
    var columnCount: Int { Int(PQnfields(result)) }

    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    func string(_ row: Int, _ column: Int) -> String? {
        guard row < count, !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    func int64(_ row: Int, _ column: Int) -> Int64? {
        string(row, column).flatMap { Int64($0) }
    }

    /// A `bytea` column (text format `\x` followed by hex digits) as bytes.
    func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        guard let text = string(row, column) else { return nil }
        return PGBytes.decode(text)
    }
}

/// `bytea` in PostgreSQL's hex text format.
enum PGBytes {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = Array("\\x".utf8)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Telling a server ledger from a file and naming it without its password.
public enum PostgresURL {
    /// Whether `location` names a PostgreSQL server (`postgres://` or `postgresql://`) rather than a file.
    public static func isServer(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// The URL with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        let characters = Array(url)
        guard let colonSlash = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" }) else {
            return url
        }
        let start = colonSlash + 3
        guard let at = characters[start...].firstIndex(of: "@"),
              let colon = characters[start..<at].firstIndex(of: ":") else { return url }
        return String(characters[..<(colon + 1)]) + "***" + String(characters[at...])
    }
}
