import Foundation
import Logging
import Postgres

/// Gives integration tests an isolated database on a real PostgreSQL server.
///
/// The server is `DATABASE_URL` when set (it must be local), otherwise one embedded cluster per
/// test process in `<package root>/.modelreg/test-pgdata`, started on first use and stopped at
/// exit unless another test process is still using it. Each test (or suite) takes a
/// `freshDatabase()` so tests never see each other's rows.
public enum TestPostgres {
    /// A logger for tests: warnings and worse only, so test output stays readable.
    public static let logger: Logger = {
        var logger = Logger(label: "modelreg.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The package root, found from this file's location (`Tests/TestSupport/…`).
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .path

    /// The superuser connection string of the test server, starting it on first use. Concurrent
    /// callers share one start.
    public static func cluster() async throws -> String {
        try await TestCluster.shared.connectionString()
    }

    /// Creates an empty database `test_<random>` (a copy of `template` when given) and returns its
    /// connection string. Databases named `test_*` are dropped the next time a test process
    /// starts the embedded cluster with no other test process using it.
    public static func freshDatabase(template: String? = nil) async throws -> String {
        let name = "test_" + randomSuffix()
        var statement: SQLQuery = "CREATE DATABASE \(identifier: name)"
        if let template {
            statement.append(" TEMPLATE \(identifier: template)")
        }
        let create = statement
        try await withSuperuserSession { session in
            try session.execute(create)
        }
        return try await connectionString(database: name)
    }

    /// The connection string for `database` on the test server, as the superuser.
    public static func connectionString(database: String) async throws -> String {
        try PostgresConfiguration(connectionString: try await cluster())
            .replacingDatabase(with: database)
            .connectionString
    }

    /// Drops `database`, disconnecting any sessions still using it.
    public static func dropDatabase(_ database: String) async throws {
        try await withSuperuserSession { session in
            try session.execute("DROP DATABASE IF EXISTS \(identifier: database) WITH (FORCE)")
        }
    }

    /// Runs `body` in a session on the server's `postgres` database as the superuser.
    @discardableResult
    public static func withSuperuserSession<T: Sendable>(
        _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(connectionString: try await cluster(), applicationName: "modelreg-tests"),
            logger: logger
        )
        defer { connection.close() }
        return try await connection.withSession(body)
    }

    /// Whether `host` (a libpq host value) is this machine: 127.0.0.0/8, ::1, localhost, or a
    /// unix-socket directory.
    public static func isLocalHost(_ host: String) -> Bool {
        TestCluster.isLocal(host)
    }

    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
