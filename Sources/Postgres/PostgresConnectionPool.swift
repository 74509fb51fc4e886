import Logging
import Synchronization

/// A fixed-size pool. Connections are created lazily up to `size` and waiting callers are served
/// first come, first served. A broken connection is dropped when it comes back, and its slot goes
/// to the next request, which opens a fresh one. The wait is bounded twice: in time (`acquireTimeout`)
/// and in length (`maxWaiting`), so an overloaded server refuses at once instead of queueing without limit.
public final class PostgresConnectionPool: Sendable {
    /// Counts at one moment.
    public struct Statistics: Sendable, Hashable {
        /// Connections open or being opened.
        public var open: Int
        /// Open connections not in use.
        public var idle: Int
        /// Callers waiting for a connection.
        public var waiting: Int
    }

    /// The configuration every connection uses.
    public let configuration: PostgresConfiguration
    /// The maximum number of connections.
    public let size: Int
    /// How long a caller waits for a free connection before failing with `poolTimeout`.
    public let acquireTimeout: Duration
    /// How many callers may wait at once; the next one fails at once with `poolExhausted`.
    public let maxWaiting: Int
    private let logger: Logger
    private let state = Mutex(PoolState())

    /// Creates a pool; no connection is opened until the first request.
    public init(
        configuration: PostgresConfiguration, size: Int, acquireTimeout: Duration = .seconds(10), maxWaiting: Int = .max, logger: Logger
    ) {
        precondition(size > 0, "a connection pool needs at least one connection")
        precondition(maxWaiting >= 0, "the wait queue cannot be negative")
        self.configuration = configuration
        self.size = size
        self.acquireTimeout = acquireTimeout
        self.maxWaiting = maxWaiting
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards, even when `body` throws.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    /// Who waits first for a busy pool.
    public enum Priority: Sendable {
        /// Waits in arrival order, and is refused at once when `maxWaiting` callers already wait.
        case normal
        /// Work that carries many callers at once (a group commit's batch): waits ahead of `normal` callers and is
        /// never refused for the queue's length, only for the acquire timeout.
        case batch
    }

    /// Runs `body` in a session on a pooled connection (see `PostgresConnection.withSession`). A
    /// connection found dead before `body` starts is replaced transparently; `body` runs once.
    @discardableResult
    public func withSession<T: Sendable>(priority: Priority = .normal, _ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        // Every idle connection may have died at once (a server restart), so allow replacing each.
        for _ in 0...size {
            let connection = try await acquire(priority)
            let outcome: PostgresConnection.SessionOutcome<T>
            do {
                outcome = try await connection.runSession(verifyingLiveness: true, body)
            } catch {
                release(connection)
                throw error
            }
            release(connection)
            if case .completed(let value) = outcome { return value }
        }
        throw PostgresError(code: .connectionLost, message: "could not get a live database connection")
    }

    /// Closes idle connections and fails waiting and later requests with `poolClosed`. Connections
    /// in use are closed when they are returned.
    public func close() async {
        let (idle, waiters) = state.withLock { state -> ([PostgresConnection], [Waiter]) in
            guard !state.isClosed else { return ([], []) }
            state.isClosed = true
            let idle = state.idle
            state.idle.removeAll()
            state.open -= idle.count
            let waiters = state.waiters
            state.waiters.removeAll()
            return (idle, waiters)
        }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: Self.closedError)
        }
        for connection in idle {
            await connection.closeAndWait()
        }
    }

    /// Open, idle and waiting counts.
    public var statistics: Statistics {
        get async {
            state.withLock { Statistics(open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count) }
        }
    }

    // MARK: - Acquire and release

    private static let closedError = PostgresError(code: .poolClosed, message: "the connection pool is closed")

    private func acquire(_ priority: Priority = .normal) async throws -> PostgresConnection {
        // Usually a connection is idle: taken here, the task does not suspend (a suspension is a trip through the
        // executor's queue, and every database call makes this one).
        let idle = state.withLock { state -> PostgresConnection? in
            guard !state.isClosed, !Task.isCancelled, state.waiters.isEmpty, !state.idle.isEmpty else { return nil }
            return state.idle.removeFirst()
        }
        if let idle { return idle }
        let waiterID = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let lease = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                // Deciding and registering under one lock means a connection released in between
                // can't be missed, and the timeout can only fire for a registered waiter.
                let immediate = state.withLock { state -> Result<Lease, any Error>? in
                    if state.isClosed { return .failure(Self.closedError) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if !state.idle.isEmpty { return .success(.connection(state.idle.removeFirst())) }
                    if state.open < size {
                        state.open += 1
                        return .success(.openNew)
                    }
                    if priority == .normal, state.waiters.count >= maxWaiting { return .failure(self.exhaustedError()) }
                    let timeout = Task { [acquireTimeout] in
                        guard (try? await Task.sleep(for: acquireTimeout)) != nil else { return }
                        self.removeWaiter(waiterID, failingWith: self.timeoutError())
                    }
                    let waiter = Waiter(id: waiterID, continuation: continuation, timeout: timeout, priority: priority)
                    if priority == .batch {
                        // Behind the batches already waiting, ahead of everyone else.
                        state.waiters.insert(waiter, at: state.waiters.firstIndex { $0.priority == .normal } ?? state.waiters.endIndex)
                    } else {
                        state.waiters.append(waiter)
                    }
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            removeWaiter(waiterID, failingWith: CancellationError())
        }

        switch lease {
        case .connection(let connection):
            return connection
        case .openNew:
            do {
                return try await PostgresConnection.connect(configuration, logger: logger)
            } catch {
                slotFreed()
                throw error
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        enum Action {
            case keep
            case close
            case hand(Waiter, Lease)
            case closeAndHand(Waiter)
        }
        let action = state.withLock { state -> Action in
            if state.isClosed {
                state.open -= 1
                return .close
            }
            if connection.isBroken {
                guard !state.waiters.isEmpty else {
                    state.open -= 1
                    return .close
                }
                // The slot passes to the next waiter, who opens a replacement.
                return .closeAndHand(state.waiters.removeFirst())
            }
            if !state.waiters.isEmpty {
                return .hand(state.waiters.removeFirst(), .connection(connection))
            }
            state.idle.append(connection)
            return .keep
        }
        switch action {
        case .keep:
            break
        case .close:
            if connection.isBroken { logger.debug("dropping a broken database connection") }
            connection.close()
        case .hand(let waiter, let lease):
            waiter.resume(with: lease)
        case .closeAndHand(let waiter):
            logger.debug("replacing a broken database connection")
            connection.close()
            waiter.resume(with: .openNew)
        }
    }

    /// A slot whose connection could not be opened becomes free again.
    private func slotFreed() {
        let waiter = state.withLock { state -> Waiter? in
            guard !state.isClosed, !state.waiters.isEmpty else {
                state.open -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(with: .openNew)
    }

    private func removeWaiter(_ id: UInt64, failingWith error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume(throwing: error)
    }

    private func exhaustedError() -> PostgresError {
        PostgresError(
            code: .poolExhausted,
            message: "all \(size) database connections are busy and \(maxWaiting) requests are already waiting"
        )
    }

    private func timeoutError() -> PostgresError {
        PostgresError(
            code: .poolTimeout,
            message: "no database connection became free within \(acquireTimeout) (pool size \(size))"
        )
    }
}

/// What a caller gets from the pool: a connection, or the right to open one.
private enum Lease: Sendable {
    case connection(PostgresConnection)
    case openNew
}

private struct PoolState {
    var idle: [PostgresConnection] = []
    /// Connections open, being opened, or promised to a waiter; never more than `size`.
    var open = 0
    var waiters: [Waiter] = []
    var nextWaiterID: UInt64 = 0
    var isClosed = false
}

/// A caller suspended in `acquire`. Removed from the state exactly once — by a release, the
/// timeout, cancellation or `close` — and only the remover resumes it, so it resumes exactly once.
private struct Waiter: Sendable {
    let id: UInt64
    let continuation: CheckedContinuation<Lease, any Error>
    let timeout: Task<Void, Never>?
    let priority: PostgresConnectionPool.Priority

    func resume(with lease: Lease) {
        timeout?.cancel()
        continuation.resume(returning: lease)
    }
}
