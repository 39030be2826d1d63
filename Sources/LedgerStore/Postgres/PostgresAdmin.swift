/// Setting up and tearing down databases on a server, for tests, benchmarks and a team's first
/// set-up: a ledger lives in a database of its own.
public enum PostgresAdmin {
    /// Creates the database `name` on the server `serverURL` connects to (its user needs
    /// CREATEDB) and returns the URL of the new database.
    public static func createDatabase(serverURL: String, name: String) throws -> String {
        try checkName(name)
        let connection = try PGConnection(url: serverURL)
        try connection.execute("CREATE DATABASE \"\(name)\"")
        return url(serverURL, database: name)
    }

    /// Drops the database `name` (closing any connection to it).
    public static func dropDatabase(serverURL: String, name: String) throws {
        try checkName(name)
        let connection = try PGConnection(url: serverURL)
        try connection.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
    }

    /// Runs statements on the server as the URL's user: tests that play another role, or an
    /// attacker.
    public static func execute(url: String, _ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let connection = try PGConnection(url: url)
        let rows = try connection.execute(sql, parameters)
        return (0..<rows.count).map { row in (0..<rows.columnCount).map { rows.string(row, $0) } }
    }

    /// `serverURL` with its path (the database) replaced by `database`; query options kept.
    public static func url(_ serverURL: String, database: String) -> String {
        let characters = Array(serverURL)
        guard let schemeEnd = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" }) else {
            return serverURL
        }
        let hostStart = schemeEnd + 3
        let pathStart = characters[hostStart...].firstIndex(of: "/") ?? characters.count
        let queryStart = characters[hostStart...].firstIndex(of: "?") ?? characters.count
        let hostEnd = min(pathStart, queryStart)
        return String(characters[..<hostEnd]) + "/" + database + String(characters[queryStart...])
    }

    /// `url` with `user` (and no password) as the user: the role a test connects as.
    public static func url(_ url: String, user: String) -> String {
        let characters = Array(url)
        guard let schemeEnd = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" }) else {
            return url
        }
        let hostStart = schemeEnd + 3
        let rest = characters[hostStart...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? characters.count
        let at = characters[hostStart..<end].lastIndex(of: "@")
        let host = at.map { String(characters[($0 + 1)...]) } ?? String(characters[hostStart...])
        return String(characters[..<hostStart]) + user + "@" + host
    }

    private static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 63, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }) else {
            throw StoreError.invalidReference(field: "database", problem: "is \"\(name)\"", expected: "lowercase letters, digits and _ (at most 63)")
        }
    }
}
