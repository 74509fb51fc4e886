import Postgres
import TestSupport

/// One fresh database and pool shared by the tests of this target that only need somewhere to
/// run statements; tests that create tables use TEMP tables or their own database.
actor SharedTestDatabase {
    static let shared = SharedTestDatabase()

    /// Memoised as a task so that concurrent first callers share one creation.
    private var setup: Task<(String, PostgresConnectionPool), any Error>?

    private func resources() async throws -> (String, PostgresConnectionPool) {
        if let setup { return try await setup.value }
        let task = Task {
            let connectionString = try await TestPostgres.freshDatabase()
            let pool = PostgresConnectionPool(
                configuration: PostgresConfiguration(connectionString: connectionString),
                size: 4,
                logger: TestPostgres.logger
            )
            return (connectionString, pool)
        }
        setup = task
        return try await task.value
    }

    /// The shared database's connection string.
    func databaseConnectionString() async throws -> String {
        try await resources().0
    }

    /// A pool of four connections on the shared database.
    func sharedPool() async throws -> PostgresConnectionPool {
        try await resources().1
    }

    /// Runs `body` in a session on the shared database.
    @discardableResult
    static func session<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await shared.sharedPool().withSession(body)
    }
}

/// A connection to a database of its own, with table `items (id int PRIMARY KEY, name text NOT NULL)`: for tests of
/// transactions, which must not share their rows.
func connectionWithItemsTable() async throws -> PostgresConnection {
    let connection = try await PostgresConnection.connect(
        PostgresConfiguration(connectionString: try await TestPostgres.freshDatabase()),
        logger: TestPostgres.logger
    )
    try await connection.withSession { session in
        try session.executeScript("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)")
    }
    return connection
}
