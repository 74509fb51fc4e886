import CLibPQ
import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libpq connection. Every blocking libpq call runs on this connection's own serial
/// DispatchQueue, never on Swift's cooperative pool, so slow queries can't starve other tasks.
public final class PostgresConnection: @unchecked Sendable {
    // @unchecked: `handle` is only touched on `queue` (or in deinit, when nothing else can reach
    // it); every other stored property is immutable or synchronized.
    private let queue = DispatchQueue(label: "modelreg.postgres.connection")
    private var handle: OpaquePointer?
    private let logger: Logger
    private let noticeSink: NoticeSink
    /// Statements prepared on this connection (used only on `queue`).
    private let statements = PreparedStatementCache()
    private let cancellation = Mutex(CancellationState())
    private let brokenFlag = Atomic<Bool>(false)
    private let closeRequested = Atomic<Bool>(false)

    private init(logger: Logger) {
        self.logger = logger
        self.noticeSink = NoticeSink(logger: logger)
    }

    deinit {
        cancellation.withLock { state in
            if let cancel = state.cancelHandle { PQfreeCancel(cancel.pointer) }
            state.cancelHandle = nil
        }
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection and prepares the session (UTC, ISO dates, UTF-8, role, statement timeout).
    /// Throws `connectionFailed` when the server can't be reached, refuses us, or rejects the setup.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        let connection = PostgresConnection(logger: logger)
        try await connection.onQueue { try connection.open(configuration) }
        return connection
    }

    /// Runs `body` on the connection's own thread with exclusive use of the session. A whole
    /// transaction can run in one hop. Cancelling the calling task cancels the running statement.
    /// A transaction `body` leaves open is rolled back when it returns.
    @discardableResult
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        switch try await runSession(verifyingLiveness: false, body) {
        case .completed(let value):
            return value
        case .connectionWasDead:
            throw PostgresError(code: .connectionLost, message: "the database connection was lost")
        }
    }

    /// True once the server connection was lost, the connection was closed, or a session left it
    /// in a state it cannot be reused from. Such a connection must be discarded.
    public var isBroken: Bool { brokenFlag.load(ordering: .acquiring) }

    /// Closes the connection (`PQfinish` on its queue, after any running session). Idempotent.
    public func close() {
        guard !closeRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        brokenFlag.store(true, ordering: .releasing)
        queue.async { self.finish() }
    }

    /// Like `close()`, but returns once the connection is actually closed.
    func closeAndWait() async {
        guard !closeRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        brokenFlag.store(true, ordering: .releasing)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.finish()
                continuation.resume()
            }
        }
    }

    /// What happened to a session request.
    enum SessionOutcome<T: Sendable>: Sendable {
        case completed(T)
        /// The liveness check found the connection dead; `body` did not run.
        case connectionWasDead
    }

    /// Runs `body` in a session. With `verifyingLiveness`, first reads whatever the server sent
    /// while the connection was idle: a terminated backend shows up there, and the pool can then
    /// replace the connection before `body` ever runs.
    func runSession<T: Sendable>(
        verifyingLiveness: Bool,
        keepingTransactionOpen: Bool = false,
        _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> SessionOutcome<T> {
        try Task.checkCancellation()
        let ticket = RunTicket()
        return try await withTaskCancellationHandler {
            try await onQueue {
                try self.performSession(
                    ticket: ticket, verifyingLiveness: verifyingLiveness, keepingTransactionOpen: keepingTransactionOpen, body)
            }
        } onCancel: {
            self.requestCancel(ticket)
        }
    }

    // MARK: - On the queue

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    private func open(_ configuration: PostgresConfiguration) throws {
        // Entries before the expanded connection string are defaults it may override; entries
        // after it are settings we insist on (libpq processes the arrays in order).
        var keywords = ["connect_timeout", "application_name"]
        var values = [String(configuration.connectTimeoutSeconds), configuration.applicationName]
        if !configuration.connectionString.isEmpty {
            keywords.append("dbname")
            values.append(configuration.connectionString)
        }
        keywords.append("client_encoding")
        values.append("UTF8")

        let connection = LibPQ.withCStringArray(keywords) { keywords in
            LibPQ.withCStringArray(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = LibPQ.errorMessage(connection)
            PQfinish(connection)
            logger.debug("database connection failed", metadata: ["database": "\(configuration.redactedDescription)"])
            throw PostgresError(code: .connectionFailed, message: message)
        }

        // Without a processor libpq prints NOTICEs to stderr.
        PQsetNoticeProcessor(
            connection,
            { context, message in
                guard let context, let message else { return }
                let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
                sink.logger.debug("postgres notice", metadata: ["notice": "\(String(cString: message).trimmingTrailingNewlines())"])
            }, Unmanaged.passUnretained(noticeSink).toOpaque())

        let setup = PQexec(connection, configuration.sessionSetupSQL)
        defer { PQclear(setup) }
        guard let setup, PQresultStatus(setup) == PGRES_COMMAND_OK else {
            let failure = setup.map { LibPQ.error(from: $0, connection: connection, query: nil) }
            PQfinish(connection)
            throw PostgresError(
                code: .connectionFailed,
                message: "session setup failed: " + (failure?.message ?? LibPQ.errorMessage(nil)),
                sqlState: failure?.sqlState,
                detail: failure?.detail,
                hint: failure?.hint
            )
        }

        handle = connection
        let cancel = PQgetCancel(connection)
        cancellation.withLock { $0.cancelHandle = cancel.map(CancelHandle.init) }
        logger.debug("database connection opened", metadata: ["database": "\(configuration.redactedDescription)"])
    }

    private func performSession<T: Sendable>(
        ticket: RunTicket,
        verifyingLiveness: Bool,
        keepingTransactionOpen: Bool,
        _ body: (PostgresSession) throws -> T
    ) throws -> SessionOutcome<T> {
        guard let handle else {
            throw PostgresError(code: .connectionLost, message: "the database connection is closed")
        }
        let runID = ObjectIdentifier(ticket)
        let proceed = cancellation.withLock { state -> Bool in
            // Checked under the lock that `requestCancel` takes, so a cancellation is either seen
            // here or finds this run registered as current.
            if ticket.isCancelled.load(ordering: .acquiring) { return false }
            state.currentRun = runID
            return true
        }
        guard proceed else { throw CancellationError() }
        defer { cancellation.withLock { $0.currentRun = nil } }

        if verifyingLiveness && !Self.isAlive(handle) {
            brokenFlag.store(true, ordering: .releasing)
            logger.debug("discarding a database connection that died while idle")
            return .connectionWasDead
        }

        let session = PostgresSession(handle: handle, logger: logger, statements: statements)
        defer {
            session.end(rollingBackOpenTransaction: !keepingTransactionOpen)
            let status = PQtransactionStatus(handle)
            let reusable =
                PQstatus(handle) == CONNECTION_OK && (status == PQTRANS_IDLE || (keepingTransactionOpen && status == PQTRANS_INTRANS))
            if !reusable { brokenFlag.store(true, ordering: .releasing) }
        }
        return .completed(try body(session))
    }

    /// Reads input that arrived while idle, without blocking. A terminated backend leaves a FATAL
    /// message followed by end-of-file; libpq only notices the end-of-file on a read after the
    /// message has been consumed, hence the loop while the socket stays readable.
    private static func isAlive(_ handle: OpaquePointer) -> Bool {
        for _ in 0..<4 {
            guard PQstatus(handle) == CONNECTION_OK, PQconsumeInput(handle) != 0 else { return false }
            _ = PQisBusy(handle)  // parses what arrived (notices go to the notice processor)
            while let notification = PQnotifies(handle) {
                PQfreemem(notification)
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) <= 0 { break }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    private func finish() {
        cancellation.withLock { state in
            if let cancel = state.cancelHandle { PQfreeCancel(cancel.pointer) }
            state.cancelHandle = nil
        }
        if let handle {
            PQfinish(handle)
            self.handle = nil
            logger.debug("database connection closed")
        }
        brokenFlag.store(true, ordering: .releasing)
    }

    /// Sends a cancel request for `ticket`'s statement if it is running. Off the calling thread,
    /// because `PQcancel` opens a network connection of its own.
    private func requestCancel(_ ticket: RunTicket) {
        ticket.isCancelled.store(true, ordering: .releasing)
        let runID = ObjectIdentifier(ticket)
        DispatchQueue.global().async {
            self.cancellation.withLock { state in
                guard state.currentRun == runID, let cancel = state.cancelHandle else { return }
                var buffer = [CChar](repeating: 0, count: 256)
                _ = PQcancel(cancel.pointer, &buffer, Int32(buffer.count))
            }
            withExtendedLifetime(ticket) {}
        }
    }
}

/// Identifies one `runSession` call, so a late cancellation can't hit a later session's query.
private final class RunTicket: Sendable {
    let isCancelled = Atomic<Bool>(false)
}

private struct CancellationState {
    var cancelHandle: CancelHandle?
    var currentRun: ObjectIdentifier?
}

/// libpq's `PGcancel`, which may be used from any thread; guarded by `cancellation`'s lock.
private struct CancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Context for the C notice callback, kept alive by the connection.
private final class NoticeSink: Sendable {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
}
