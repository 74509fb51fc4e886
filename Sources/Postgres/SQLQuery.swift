/// A SQL statement whose interpolated values become $1, $2 … bind parameters — a value can never be spliced into SQL text.
///
/// ```swift
/// let query: SQLQuery = "SELECT * FROM \(identifier: table) WHERE id = \(id)::uuid"
/// ```
///
/// Only three things reach the SQL text: the literal parts written in code, identifiers
/// (always double-quoted) and fragments explicitly marked `literalSQL:`. Everything else is a
/// bind parameter, which is what makes injection impossible by construction.
public struct SQLQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL text, with `$n` placeholders for the bindings.
    public private(set) var sql: String
    /// The parameter values; `bindings[0]` is `$1`.
    public private(set) var bindings: [PostgresValue]

    /// Creates a query from raw SQL text. The caller guarantees `unsafeSQL` contains no untrusted
    /// text; values belong in `bindings`, referenced as `$1`, `$2` ….
    public init(unsafeSQL: String, bindings: [PostgresValue] = []) {
        self.sql = unsafeSQL
        self.bindings = bindings
    }

    /// Creates a query from a string literal without interpolations.
    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = []
    }

    /// Creates a query from an interpolated string literal.
    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// The SQL text only; bound values are deliberately left out so that queries can be logged.
    public var description: String { sql }

    /// Appends `other`, renumbering its `$n` placeholders so they refer to its bindings after ours.
    public mutating func append(_ other: SQLQuery) {
        if other.bindings.isEmpty {
            // Nothing to renumber: a placeholder without bindings would be a caller bug either way.
            sql += other.sql
        } else {
            sql += SQLPlaceholderScanner.renumber(other.sql, offset: bindings.count)
            bindings += other.bindings
        }
    }

    /// Builds a `SQLQuery` from a string literal with interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var bindings: [PostgresValue]

        /// Reserves space for the expected literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 4)
            bindings = []
            bindings.reserveCapacity(interpolationCount)
        }

        /// Appends SQL text written in code.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends a bind parameter `$n` carrying `value`.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value.postgresValue)
            sql += "$"
            sql += String(bindings.count)
        }

        /// Appends a bind parameter for an optional value: `nil` binds SQL NULL. (A separate overload so the
        /// compiler knows optionals are meant here and does not warn about their interpolation.)
        public mutating func appendInterpolation<Wrapped: PostgresEncodable>(_ value: Wrapped?) {
            bindings.append(value?.postgresValue ?? .null)
            sql += "$"
            sql += String(bindings.count)
        }

        /// Appends a double-quoted SQL identifier (embedded quotes doubled), for schema, table or
        /// column names chosen by code.
        public mutating func appendInterpolation(identifier: String) {
            sql += SQLQuery.quoteIdentifier(identifier)
        }

        /// Appends raw SQL text. Only for fragments chosen by code, never for user input.
        public mutating func appendInterpolation(literalSQL: String) {
            sql += literalSQL
        }
    }

    /// Quotes `name` as a SQL identifier: `my"table` becomes `"my""table"`.
    public static func quoteIdentifier(_ name: String) -> String {
        var quoted = "\""
        for character in name {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
