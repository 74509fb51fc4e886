import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers around libpq's C API shared by connection and session code.
enum LibPQ {
    /// Calls `body` with a NULL-terminated array of C strings, as `PQconnectdbParams` expects.
    static func withCStringArray<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> Result
    ) rethrows -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The connection's last error message, without libpq's trailing newline.
    static func errorMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let message = PQerrorMessage(connection) else { return "unknown libpq error" }
        let text = String(cString: message).trimmingTrailingNewlines()
        return text.isEmpty ? "unknown libpq error" : text
    }

    /// Builds a `PostgresError` from an error result, classifying it as `connectionLost` when the
    /// connection did not survive.
    static func error(from result: OpaquePointer, connection: OpaquePointer, query: String?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let message =
            field("M")
            ?? PQresultErrorMessage(result).map { String(cString: $0).trimmingTrailingNewlines() }.flatMap { $0.isEmpty ? nil : $0 }
            ?? errorMessage(connection)
        // Every error the server sends carries a SQLSTATE; one without is libpq's own, about the connection (the
        // server closed it, a send failed) even when libpq has not marked the connection bad yet.
        let lost = PQstatus(connection) != CONNECTION_OK || field("C") == nil
        return PostgresError(
            code: lost ? .connectionLost : .server,
            message: message,
            sqlState: field("C"),
            detail: field("D"),
            hint: field("H"),
            constraint: field("n"),
            schemaName: field("s"),
            tableName: field("t"),
            columnName: field("c"),
            query: query
        )
    }

    /// The error for a call that produced no result at all: either the connection is gone or
    /// libpq refused the request before sending it.
    static func missingResultError(connection: OpaquePointer, query: String?) -> PostgresError {
        let lost = PQstatus(connection) != CONNECTION_OK
        return PostgresError(
            code: lost ? .connectionLost : .protocolViolation,
            message: errorMessage(connection),
            query: query
        )
    }

    /// The row count from a result's command tag (`INSERT 0 5` → 5); 0 when there is none.
    static func affectedRows(_ result: OpaquePointer) -> Int {
        guard let tuples = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: tuples)) ?? 0
    }

    /// Reads and frees every pending result, returning the connection to idle.
    static func drainResults(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) {
            PQclear(result)
        }
    }
}
