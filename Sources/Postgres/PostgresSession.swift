import CLibPQ
import Logging

/// Exclusive use of one connection, valid only inside `withSession`. Not Sendable: it lives on the
/// connection's thread, and every method blocks that thread until the server answers.
public final class PostgresSession {
    private let handle: OpaquePointer
    private let logger: Logger
    private let statements: PreparedStatementCache
    private var isOpen = true
    private var savepointCounter = 0
    /// COPY data goes out in chunks of about this size: large enough for few round trips, small
    /// enough to keep memory flat for huge imports.
    private static let copyChunkSize = 1 << 20

    init(handle: OpaquePointer, logger: Logger, statements: PreparedStatementCache) {
        self.handle = handle
        self.logger = logger
        self.statements = statements
    }

    /// Runs a statement with `PQexecParams` and returns its rows in text format.
    public func query(_ query: SQLQuery) throws -> PostgresRows {
        try perform(query, resultFormat: 0, collectRows: true)
    }

    /// Runs a statement and returns its rows in binary format — use `row.bytes(i)` to read
    /// `bytea` columns without the hex round trip.
    public func queryBinary(_ query: SQLQuery) throws -> PostgresRows {
        try perform(query, resultFormat: 1, collectRows: true)
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: SQLQuery) throws -> Int {
        try perform(query, resultFormat: 0, collectRows: false).affectedRows
    }

    /// Runs statements in order and returns their rows (text format), one answer per statement, sending them all
    /// before reading any answer (libpq's pipeline mode): one round trip for the lot instead of one each. The server
    /// runs them one after the other exactly as if they had been sent one by one, so each sees what the ones before
    /// it wrote. The first statement to fail is thrown and the ones after it do not run; inside a transaction, that
    /// leaves the transaction aborted, as any failed statement does. Outside one, each group of up to
    /// `pipelineLimit` statements is one implicit transaction.
    public func pipeline(_ queries: [SQLQuery]) throws -> [PostgresRows] {
        try ensureOpen()
        if queries.count < 2 { return try queries.map { try query($0) } }
        var answers: [PostgresRows] = []
        answers.reserveCapacity(queries.count)
        // In groups, so that the statements libpq holds before sending them and the answers it holds before they
        // are read stay bounded however many statements the caller has (replay hands over thousands).
        var start = 0
        while start < queries.count {
            let end = min(start + Self.pipelineLimit, queries.count)
            answers += try sendPipeline(queries[start..<end])
            start = end
        }
        return answers
    }

    /// The most statements `pipeline` sends before it reads their answers.
    public static let pipelineLimit = 256

    private func sendPipeline(_ queries: ArraySlice<SQLQuery>) throws -> [PostgresRows] {
        // Statements are prepared first: preparing is a synchronous call, which pipeline mode does not allow.
        let prepared = try queries.map { query in
            let parameters = try PostgresParameterBuffer(query.bindings, query: query.sql)
            return (parameters, try statements.name(for: query.sql, parameterCount: Int32(parameters.count), on: handle))
        }
        guard PQenterPipelineMode(handle) == 1 else { throw LibPQ.missingResultError(connection: handle, query: queries.first?.sql) }
        defer { _ = PQexitPipelineMode(handle) }
        for (query, (parameters, name)) in zip(queries, prepared) {
            let sent = parameters.withUnsafeParameters { values, lengths, formats in
                if let name { return PQsendQueryPrepared(handle, name, Int32(parameters.count), values, lengths, formats, 0) }
                return PQsendQueryParams(handle, query.sql, Int32(parameters.count), nil, values, lengths, formats, 0)
            }
            guard sent == 1 else {
                let error = LibPQ.missingResultError(connection: handle, query: query.sql)
                if PQpipelineSync(handle) == 1 { finishPipeline() }
                throw error
            }
        }
        guard PQpipelineSync(handle) == 1 else { throw LibPQ.missingResultError(connection: handle, query: queries.first?.sql) }
        var answers: [PostgresRows] = []
        answers.reserveCapacity(queries.count)
        for query in queries {
            do {
                answers.append(try consume(PQgetResult(handle), query: query.sql, collectRows: true))
            } catch {
                finishPipeline()
                throw error
            }
            // Each statement's answer ends with a null result.
            if let extra = PQgetResult(handle) { PQclear(extra) }
        }
        finishPipeline()
        return answers
    }

    /// Reads whatever the current pipeline still has to answer, up to its sync point, so that the connection can
    /// leave pipeline mode. Each statement's answer ends with one null result: two in a row mean nothing is left
    /// to read. A connection that went away has nothing left to read either.
    private func finishPipeline() {
        var nullsInARow = 0
        while nullsInARow < 2 && PQstatus(handle) == CONNECTION_OK {
            guard let result = PQgetResult(handle) else {
                nullsInARow += 1
                continue
            }
            nullsInARow = 0
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { return }
        }
    }

    /// Runs several `;`-separated statements with the simple query protocol (no parameters), e.g.
    /// a migration. Without an explicit transaction in `sql`, they run in one implicit
    /// transaction: an error undoes all of them.
    public func executeScript(_ sql: String) throws {
        try ensureOpen()
        _ = try consume(PQexec(handle, sql), query: sql, collectRows: false)
    }

    /// Runs `body` between BEGIN and COMMIT, rolling back if it throws. Nested calls use a
    /// savepoint. A failed ROLLBACK (e.g. on a lost connection) never masks the original error.
    ///
    /// If `body` catches a statement error and returns normally, the transaction is already
    /// aborted; it is rolled back and this throws (SQLSTATE 25P02) rather than reporting a commit
    /// that did not happen.
    @discardableResult
    public func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try ensureOpen()
        var savepoint: String?
        if PQtransactionStatus(handle) == PQTRANS_IDLE {
            try command("BEGIN")
        } else {
            savepointCounter += 1
            let name = "modelreg_savepoint_\(savepointCounter)"
            try command("SAVEPOINT \(name)")
            savepoint = name
        }

        let value: T
        do {
            value = try body(self)
        } catch {
            rollBack(savepoint: savepoint)
            throw error
        }

        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollBack(savepoint: savepoint)
            throw PostgresError(
                code: .server,
                message: "the transaction was aborted by a statement error that its body caught; it was rolled back",
                sqlState: "25P02"
            )
        }
        if let savepoint {
            try command("RELEASE SAVEPOINT \(savepoint)")
        } else {
            try commit()
        }
        return value
    }

    /// True when a statement failed inside the open transaction: it can only be rolled back.
    public var isTransactionAborted: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }

    /// Sends COMMIT. A connection lost while it was in flight leaves the outcome unknown — the server may have
    /// committed before the connection went — and is reported as `commitOutcomeUnknown`, not as an ordinary failure.
    /// COMMIT of a transaction a statement error aborted would be answered ROLLBACK without an error: that is thrown
    /// here instead (SQLSTATE 25P02), so nobody reports a commit that did not happen.
    public func commit() throws {
        if isTransactionAborted {
            rollBack(savepoint: nil)
            throw PostgresError(
                code: .server, message: "the transaction was aborted by a statement error; it was rolled back, not committed", sqlState: "25P02")
        }
        do {
            try command("COMMIT")
        } catch let error as PostgresError where error.isConnectionProblem {
            throw PostgresError(
                code: .commitOutcomeUnknown, message: "the database connection was lost during COMMIT; the transaction may have committed")
        }
    }

    /// Streams `rows` into `table`, a `COPY t(a, b) FROM STDIN` statement, in COPY text format
    /// (`nil` is NULL). Returns the number of rows copied.
    public func copyIn(table: SQLQuery, rows: some Sequence<[String?]>) throws -> Int {
        try copyIn(table: table) { append in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(Self.copyChunkSize + 64 * 1024)
            for row in rows {
                PostgresCopyEncoder.append(row, to: &buffer)
                if buffer.count >= Self.copyChunkSize { try append(&buffer) }
            }
            if !buffer.isEmpty { try append(&buffer) }
        }
    }

    /// Streams bytes already in COPY text format (whole rows, each ending in a newline), as `produce` hands them
    /// over: for callers that encode rows elsewhere, e.g. on several cores. Returns the number of rows copied.
    public func copyIn(table: SQLQuery, produce: (_ send: (inout [UInt8]) throws -> Void) throws -> Void) throws -> Int {
        try ensureOpen()
        guard table.bindings.isEmpty else {
            throw PostgresError(code: .protocolViolation, message: "COPY statements cannot take bind parameters", query: table.sql)
        }
        guard let start = PQexec(handle, table.sql) else {
            throw LibPQ.missingResultError(connection: handle, query: table.sql)
        }
        let status = PQresultStatus(start)
        guard status == PGRES_COPY_IN else {
            // Not COPY FROM STDIN: report the server's error, or refuse the other statement.
            _ = try consume(start, query: table.sql, collectRows: false)
            throw PostgresError(code: .protocolViolation, message: "copyIn needs a COPY … FROM STDIN statement", query: table.sql)
        }
        PQclear(start)
        do {
            try produce { buffer in try sendCopyData(&buffer, query: table.sql) }
        } catch {
            _ = PQputCopyEnd(handle, "client failed while sending COPY data")
            LibPQ.drainResults(handle)
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            let error = LibPQ.missingResultError(connection: handle, query: table.sql)
            LibPQ.drainResults(handle)
            throw error
        }
        return try consume(PQgetResult(handle), query: table.sql, collectRows: false).affectedRows
    }

    /// True once the server connection was lost.
    public var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    // MARK: - Internals

    /// Called by the connection when `withSession`'s body returns: later use throws, and a
    /// transaction left open is rolled back so the next user starts clean.
    func end(rollingBackOpenTransaction: Bool = true) {
        isOpen = false
        guard rollingBackOpenTransaction else { return }
        let status = PQtransactionStatus(handle)
        guard status == PQTRANS_INTRANS || status == PQTRANS_INERROR else { return }
        logger.warning("database session ended inside an open transaction; rolling it back")
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }

    private func ensureOpen() throws {
        guard isOpen else {
            throw PostgresError(code: .protocolViolation, message: "a PostgresSession was used after its withSession block ended")
        }
    }

    private func command(_ sql: String) throws {
        _ = try consume(PQexec(handle, sql), query: sql, collectRows: false)
    }

    private func rollBack(savepoint: String?) {
        guard PQstatus(handle) == CONNECTION_OK else { return }
        let sql = savepoint.map { "ROLLBACK TO SAVEPOINT \($0); RELEASE SAVEPOINT \($0)" } ?? "ROLLBACK"
        do {
            try command(sql)
        } catch {
            logger.debug("rollback failed", metadata: ["error": "\(error)"])
        }
    }

    private func perform(_ query: SQLQuery, resultFormat: Int32, collectRows: Bool) throws -> PostgresRows {
        try ensureOpen()
        let parameters = try PostgresParameterBuffer(query.bindings, query: query.sql)
        // paramTypes nil: the server infers each type from context; SQL adds casts where needed.
        let prepared = try statements.name(for: query.sql, parameterCount: Int32(parameters.count), on: handle)
        let result = parameters.withUnsafeParameters { values, lengths, formats in
            if let prepared {
                return PQexecPrepared(handle, prepared, Int32(parameters.count), values, lengths, formats, resultFormat)
            }
            return PQexecParams(handle, query.sql, Int32(parameters.count), nil, values, lengths, formats, resultFormat)
        }
        return try consume(result, query: query.sql, collectRows: collectRows)
    }

    /// Turns a result into rows or an error, and always frees it.
    private func consume(_ result: OpaquePointer?, query: String, collectRows: Bool) throws -> PostgresRows {
        guard let result else { throw LibPQ.missingResultError(connection: handle, query: query) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            let storage = collectRows && PQnfields(result) > 0 ? PostgresResultStorage(result: result) : .empty
            return PostgresRows(storage: storage, affectedRows: LibPQ.affectedRows(result))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(status)
            throw PostgresError(code: .protocolViolation, message: "COPY with STDIN/STDOUT is only supported through copyIn", query: query)
        default:
            throw LibPQ.error(from: result, connection: handle, query: query)
        }
    }

    /// Leaves a COPY state entered by a statement that wasn't expected to start one.
    private func abandonCopy(_ status: ExecStatusType) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(handle, "COPY FROM STDIN is only supported through copyIn")
        } else if status == PGRES_COPY_OUT {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        }
        LibPQ.drainResults(handle)
    }

    private func sendCopyData(_ buffer: inout [UInt8], query: String) throws {
        let sent = buffer.withUnsafeBytes { bytes in
            PQputCopyData(handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        guard sent == 1 else { throw LibPQ.missingResultError(connection: handle, query: query) }
        buffer.removeAll(keepingCapacity: true)
    }
}

@available(*, unavailable, message: "a PostgresSession is only valid on its connection's thread inside withSession")
extension PostgresSession: Sendable {}
