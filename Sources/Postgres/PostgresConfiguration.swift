import CLibPQ

/// How to reach the database and how to set up each session.
///
/// `description` is the redacted form, so interpolating a configuration into a log line never
/// leaks its password.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// A libpq keyword/value string (`host=… dbname=…`) or `postgresql://` URI; `""` means libpq
    /// defaults plus the `PG*` environment variables. May contain a password: log
    /// `redactedDescription` instead.
    public var connectionString: String
    /// Reported to the server as `application_name` unless the connection string sets one.
    public var applicationName: String
    /// When set, every session runs `SET ROLE <role>` right after connecting.
    public var role: String?
    /// When set, every session runs `SET statement_timeout`.
    public var statementTimeout: Duration?
    /// libpq's `connect_timeout` unless the connection string sets one; whole seconds, at least 2.
    public var connectTimeout: Duration = .seconds(10)

    /// Creates a configuration.
    public init(
        connectionString: String,
        applicationName: String = "modelreg",
        role: String? = nil,
        statementTimeout: Duration? = nil
    ) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.role = role
        self.statementTimeout = statementTimeout
    }

    /// The connection string with any password removed, normalised to keyword/value form — the
    /// only form allowed in logs.
    public var redactedDescription: String {
        if connectionString.allSatisfy(\.isWhitespace) { return "(libpq defaults)" }
        guard let options = try? Self.parse(connectionString) else { return "(unparseable connection string)" }
        return Self.render(options.filter { !$0.isSecret })
    }

    /// Same as `redactedDescription`.
    public var description: String { redactedDescription }

    /// The connection string's settings as libpq parses them (only those given, defaults and
    /// environment not applied). Includes any password: never log the result.
    public func connectionParameters() throws -> [String: String] {
        var parameters: [String: String] = [:]
        for option in try Self.parse(connectionString) {
            parameters[option.keyword] = option.value
        }
        return parameters
    }

    /// A copy that connects to database `name` on the same server with the same credentials.
    public func replacingDatabase(with name: String) throws -> PostgresConfiguration {
        var options = try Self.parse(connectionString).filter { $0.keyword != "dbname" }
        options.append(Option(keyword: "dbname", value: name, isSecret: false))
        var copy = self
        copy.connectionString = Self.render(options)
        return copy
    }

    /// Builds a keyword/value connection string, quoting values as libpq requires.
    public static func connectionString(parameters: [String: String]) -> String {
        render(parameters.sorted { $0.key < $1.key }.map { Option(keyword: $0.key, value: $0.value, isSecret: false) })
    }

    /// `SET` statements run once per new connection. Each value is quoted, so a role name from
    /// configuration can't change the statement.
    var sessionSetupSQL: String {
        var statements = [
            "SET TimeZone = 'UTC'",
            "SET DateStyle = 'ISO, YMD'",
            "SET client_encoding = 'UTF8'",
            // Both are defaults, set explicitly because decoding depends on them.
            "SET bytea_output = 'hex'",
            "SET extra_float_digits = 1",
        ]
        if let statementTimeout {
            let (seconds, attoseconds) = statementTimeout.components
            let milliseconds = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            statements.append("SET statement_timeout = \(milliseconds)")
        }
        if let role {
            statements.append("SET ROLE \(SQLQuery.quoteIdentifier(role))")
        }
        return statements.joined(separator: "; ")
    }

    /// `connect_timeout` in the whole seconds libpq takes.
    var connectTimeoutSeconds: Int {
        max(2, Int(connectTimeout.components.seconds))
    }

    struct Option {
        let keyword: String
        let value: String
        let isSecret: Bool
    }

    /// Parses with libpq itself, so every syntax libpq accepts (URIs, quoting, escapes) is handled
    /// exactly as the connection will be.
    static func parse(_ connectionString: String) throws -> [Option] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connectionString, &errorMessage) else {
            // libpq's message does not quote the string; it is safe to surface.
            let reason = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(
                code: .connectionFailed,
                message: "invalid connection string: " + reason.trimmingTrailingNewlines()
            )
        }
        defer { PQconninfoFree(parsed) }
        var options: [Option] = []
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                let display = cursor.pointee.dispchar.map { String(cString: $0) } ?? ""
                options.append(Option(keyword: String(cString: keyword), value: String(cString: value), isSecret: display == "*"))
            }
            cursor += 1
        }
        return options
    }

    static func render(_ options: [Option]) -> String {
        options.map { "\($0.keyword)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// Quotes a keyword/value value when needed: single quotes, with `\` and `'` backslash-escaped.
    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }
        guard needsQuotes else { return value }
        var quoted = "'"
        for character in value {
            if character == "'" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "'"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while let last = text.last, last.isNewline || last == " " { text.removeLast() }
        return text
    }
}
