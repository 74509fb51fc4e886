import Postgres
import Synchronization
import TestSupport
import Testing

@Suite("Connection pool")
struct ConnectionPoolTests {
    private func makePool(size: Int, acquireTimeout: Duration = .seconds(10), maxWaiting: Int = .max) async throws -> PostgresConnectionPool {
        PostgresConnectionPool(
            configuration: PostgresConfiguration(connectionString: try await SharedTestDatabase.shared.databaseConnectionString()),
            size: size,
            acquireTimeout: acquireTimeout,
            maxWaiting: maxWaiting,
            logger: TestPostgres.logger
        )
    }

    private static func backendPID(_ session: PostgresSession) throws -> Int32 {
        try session.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
    }

    @Test("50 concurrent users never get more than the pool's size of connections")
    func sizeRespected() async throws {
        let pool = try await makePool(size: 4)
        let active = ConcurrencyGauge()
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await pool.withConnection { connection in
                        active.enter()
                        defer { active.leave() }
                        return try await connection.withSession { session in
                            _ = try session.query("SELECT pg_sleep(0.01)")
                            return try Self.backendPID(session)
                        }
                    }
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        let statistics = await pool.statistics
        await pool.close()
        #expect(active.peak <= 4)
        #expect(pids.count <= 4)
        #expect(statistics.open <= 4)
        #expect(statistics.waiting == 0)
    }

    @Test("waiting longer than the acquire timeout fails with poolTimeout")
    func acquireTimeout() async throws {
        let pool = try await makePool(size: 1, acquireTimeout: .milliseconds(300))
        let holding = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                holding.continuation.yield()
                try await Task.sleep(for: .seconds(3))
            }
        }
        for await _ in holding.stream { break }
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withSession { _ in 1 }
        }
        let waited = clock.now - started
        #expect(error?.code == .poolTimeout)
        #expect(waited >= .milliseconds(250))
        #expect(waited < .seconds(2))
        #expect(await pool.statistics.waiting == 0)
        holder.cancel()
        _ = await holder.result
        await pool.close()
    }

    @Test("with the wait queue full the next caller fails at once with poolExhausted; the waiters are still served")
    func waitQueueBounded() async throws {
        let pool = try await makePool(size: 1, maxWaiting: 2)
        let holding = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                holding.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in holding.stream { break }
        let order = ServiceOrder()
        let waiters = (0..<2).map { _ in
            Task {
                try await pool.withSession { _ in
                    order.append("normal")
                    return 1
                }
            }
        }
        while await pool.statistics.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }

        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withSession { _ in 1 }
        }
        #expect(error?.code == .poolExhausted)
        #expect(clock.now - started < .seconds(1), "refused at once, not after the acquire timeout")

        // A batch (a group commit carrying many callers) is not refused for the queue's length, and goes first.
        let batch = Task { try await pool.withSession(priority: .batch) { _ in order.append("batch") } }
        while await pool.statistics.waiting < 3 { try await Task.sleep(for: .milliseconds(5)) }
        release.continuation.yield()
        try await holder.value
        try await batch.value
        for waiter in waiters { #expect(try await waiter.value == 1) }
        #expect(order.names == ["batch", "normal", "normal"])
        #expect(await pool.statistics.waiting == 0)
        await pool.close()
    }

    @Test("a connection killed with pg_terminate_backend is detected as broken and replaced")
    func killedConnectionReplaced() async throws {
        let pool = try await makePool(size: 1)
        let firstPID = try await pool.withSession(Self.backendPID)
        try await TestPostgres.withSuperuserSession { session in
            try session.execute("SELECT pg_terminate_backend(\(firstPID), 5000)")
        }

        // Used directly, the dead connection fails and reports itself broken.
        let broken = try await pool.withConnection { connection in
            let error = await #expect(throws: PostgresError.self) {
                try await connection.withSession { session in try session.execute("SELECT 1") }
            }
            #expect(error?.isConnectionProblem == true)
            return connection.isBroken
        }
        #expect(broken)

        // The pool dropped it; the next session gets a new backend.
        let secondPID = try await pool.withSession(Self.backendPID)
        #expect(secondPID != firstPID)
        #expect(await pool.statistics.open == 1)
        await pool.close()
    }

    @Test("a connection that died while idle is replaced before withSession's body runs")
    func idleDeathIsTransparent() async throws {
        let pool = try await makePool(size: 2)
        let firstPID = try await pool.withSession(Self.backendPID)
        try await TestPostgres.withSuperuserSession { session in
            try session.execute("SELECT pg_terminate_backend(\(firstPID), 5000)")
        }
        let runs = ConcurrencyGauge()
        let secondPID = try await pool.withSession { session in
            runs.enter()
            return try Self.backendPID(session)
        }
        #expect(secondPID != firstPID)
        #expect(runs.entries == 1)
        await pool.close()
    }

    @Test("a failed connection attempt reaches its caller and frees the slot")
    func connectFailureFreesSlot() async throws {
        let pool = PostgresConnectionPool(
            configuration: PostgresConfiguration(connectionString: "host=127.0.0.1 port=1 user=nobody"),
            size: 1,
            acquireTimeout: .seconds(5),
            logger: TestPostgres.logger
        )
        for _ in 0..<3 {
            let error = await #expect(throws: PostgresError.self) { try await pool.withSession { _ in 1 } }
            #expect(error?.code == .connectionFailed)
        }
        #expect(await pool.statistics.open == 0)
        await pool.close()
    }

    @Test("closing the pool fails waiters and later requests with poolClosed")
    func close() async throws {
        let pool = try await makePool(size: 1)
        let holding = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                holding.continuation.yield()
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        for await _ in holding.stream { break }
        let waiter = Task { try await pool.withSession { _ in 1 } }
        while await pool.statistics.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await pool.close()
        let waiterError = await #expect(throws: PostgresError.self) { try await waiter.value }
        #expect(waiterError?.code == .poolClosed)
        let laterError = await #expect(throws: PostgresError.self) { try await pool.withSession { _ in 1 } }
        #expect(laterError?.code == .poolClosed)
        _ = await holder.result
        #expect(await pool.statistics.open == 0)
    }

    @Test("cancelling a waiting caller removes it from the queue")
    func cancelWaiter() async throws {
        let pool = try await makePool(size: 1)
        let holding = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                holding.continuation.yield()
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        for await _ in holding.stream { break }
        let waiter = Task { try await pool.withSession { _ in 1 } }
        while await pool.statistics.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await pool.statistics.waiting == 0)
        _ = await holder.result
        #expect(try await pool.withSession { _ in 2 } == 2)
        await pool.close()
    }

    @Test("cancelling a task cancels its running statement on the server")
    func cancelRunningStatement() async throws {
        let pool = try await makePool(size: 1)
        let running = Task {
            try await pool.withSession { session in try session.execute("SELECT pg_sleep(30)") }
        }
        // Cancel only once the statement is really running on the server.
        var started = false
        for _ in 0..<200 where !started {
            try await Task.sleep(for: .milliseconds(50))
            started = try await TestPostgres.withSuperuserSession { session in
                try session.query(
                    """
                    SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'
                    """)[0].decode(Int.self, at: 0) > 0
            }
        }
        #expect(started)
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        running.cancel()
        let error = await #expect(throws: PostgresError.self) { try await running.value }
        #expect(error?.sqlState == "57014")
        #expect(clock.now - cancelledAt < .seconds(5))
        #expect(try await pool.withSession { _ in 3 } == 3)
        await pool.close()
    }
}

/// Counts how many callers are inside a region at once, and how many entered in total.
private final class ConcurrencyGauge: Sendable {
    private let state = Mutex((now: 0, peak: 0, entries: 0))

    func enter() {
        state.withLock { state in
            state.now += 1
            state.entries += 1
            state.peak = max(state.peak, state.now)
        }
    }

    func leave() {
        state.withLock { $0.now -= 1 }
    }

    var peak: Int { state.withLock { $0.peak } }
    var entries: Int { state.withLock { $0.entries } }
}

/// The order in which callers got their connection.
private final class ServiceOrder: Sendable {
    private let served = Mutex<[String]>([])
    var names: [String] { served.withLock { $0 } }
    func append(_ name: String) { served.withLock { $0.append(name) } }
}
