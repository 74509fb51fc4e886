/// An error from the database layer: a server error with its SQLSTATE, a connection problem, a
/// decoding failure, or a pool or embedded-server failure.
///
/// `description` is safe to log and show (code, SQLSTATE, message); `debugDescription` adds the
/// server's detail and hint, which can quote row values, and the SQL text (never bound values).
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name, e.g. `server`.
        public let name: String

        private init(_ name: String) { self.name = name }

        /// Connecting (or the session setup right after) failed.
        public static let connectionFailed = Code("connectionFailed")
        /// An established connection was lost or closed.
        public static let connectionLost = Code("connectionLost")
        /// The server rejected a statement; see `sqlState`.
        public static let server = Code("server")
        /// A column could not be decoded into the requested Swift type.
        public static let decoding = Code("decoding")
        /// No pooled connection became free within the acquire timeout.
        public static let poolTimeout = Code("poolTimeout")
        /// The connection was lost while COMMIT was in flight: the transaction may or may not have committed.
        public static let commitOutcomeUnknown = Code("commitOutcomeUnknown")
        /// Every connection was busy and the pool's wait queue was full.
        public static let poolExhausted = Code("poolExhausted")
        /// The pool was closed.
        public static let poolClosed = Code("poolClosed")
        /// The API was used in a way it does not support (a session used after its scope ended,
        /// COPY outside `copyIn`, an unexpected server response).
        public static let protocolViolation = Code("protocolViolation")
        /// The embedded PostgreSQL server could not be set up, started or stopped.
        public static let embeddedServer = Code("embeddedServer")
        /// A bind parameter cannot be sent, e.g. text containing a NUL character.
        public static let invalidParameter = Code("invalidParameter")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The five-character SQLSTATE from the server, e.g. `23505`.
    public let sqlState: String?
    /// The server's primary message, or ours.
    public let message: String
    /// The server's detail line; may contain row values.
    public let detail: String?
    /// The server's hint.
    public let hint: String?
    /// The violated constraint's name, when the server names one.
    public let constraint: String?
    /// The schema involved, when the server names one.
    public let schemaName: String?
    /// The table involved, when the server names one.
    public let tableName: String?
    /// The column involved, when the server names one.
    public let columnName: String?
    /// The SQL text that failed; bound values are never included.
    public let query: String?

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        schemaName: String? = nil,
        tableName: String? = nil,
        columnName: String? = nil,
        query: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
        self.query = query
    }

    /// A unique constraint was violated (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// The database kept the statement waiting too long: cancelled by `statement_timeout` (57014) or a lock not
    /// granted within `lock_timeout` (55P03). The server is up; something holds what the statement needs.
    public var isTimeout: Bool {
        sqlState == "57014" || sqlState == "55P03"
    }

    /// The connection failed or was lost: our own connection codes, SQLSTATE class 08, or the
    /// server shutting down or terminating the session (57P01–57P03).
    public var isConnectionProblem: Bool {
        if code == .connectionFailed || code == .connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// Code, SQLSTATE and message on one line.
    public var description: String {
        var text = "PostgresError.\(code)"
        if let sqlState { text += " (\(sqlState))" }
        return text + ": " + message
    }

    /// `description` plus detail, hint, constraint and the SQL text.
    public var debugDescription: String {
        var text = description
        if let detail { text += "\nDETAIL: \(detail)" }
        if let hint { text += "\nHINT: \(hint)" }
        if let constraint { text += "\nCONSTRAINT: \(constraint)" }
        if let tableName {
            text += "\nTABLE: " + (schemaName.map { "\($0)." } ?? "") + tableName
            if let columnName { text += ".\(columnName)" }
        }
        if let query { text += "\nQUERY: \(query)" }
        return text
    }

    /// A decoding error; the offending text (shortened) goes to `detail`, never `description`.
    static func decoding(_ message: String, text: String? = nil) -> PostgresError {
        let shown = text.map { $0.count > 64 ? String($0.prefix(64)) + "…" : $0 }
        return PostgresError(code: .decoding, message: message, detail: shown.map { "value: \($0)" })
    }
}
