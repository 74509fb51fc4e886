import Postgres

/// Why an append or a read of the log failed. The server maps codes to statuses; `description` is safe to show.
public struct EventLogError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public var description: String { rawValue }

        /// The stream was not at the expected version (another writer got there first).
        public static let versionConflict = Code(rawValue: "version_conflict")
        /// An event id was reused for different content.
        public static let idempotencyConflict = Code(rawValue: "idempotency_conflict")
        /// A back-dated event claimed an effective time after its recording.
        public static let effectiveInFuture = Code(rawValue: "effective_in_future")
        /// A stored row could not be read back.
        public static let corruptEvent = Code(rawValue: "corrupt_event")
        /// A migration file is missing, malformed or was changed after it was applied.
        public static let migration = Code(rawValue: "migration")
    }

    public let code: Code
    public let message: String
    /// For version conflicts: the version the stream was at.
    public let currentVersion: Int64?

    public init(_ code: Code, _ message: String, currentVersion: Int64? = nil) {
        self.code = code
        self.message = message
        self.currentVersion = currentVersion
    }

    public var description: String { "\(code): \(message)" }

    /// The append functions' refusals (schema/010_faster_appends.sql): an answer row of `ledger_append_batch`, or
    /// the SQLSTATE `ledger_append` raises with.
    static func refusal(code: String?, message: String, detail: String?) -> EventLogError? {
        switch code {
        case "MR001": EventLogError(.versionConflict, message, currentVersion: detail.flatMap { Int64($0) })
        case "MR002": EventLogError(.idempotencyConflict, message)
        case "MR003": EventLogError(.effectiveInFuture, message)
        default: nil
        }
    }

    /// Translates a failed statement of the append path into a log error, when it is one.
    static func from(_ error: PostgresError) -> EventLogError? {
        if let refusal = refusal(code: error.sqlState, message: error.message, detail: error.detail) { return refusal }
        if error.isUniqueViolation && error.constraint == "ledger_events_stream_stream_version_key" {
            // Another process appended to the same stream between our version check and our insert.
            return EventLogError(.versionConflict, "the stream was appended to concurrently")
        }
        return nil
    }
}
