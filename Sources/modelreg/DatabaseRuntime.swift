import ArgumentParser
import EventLog
import Foundation
import Logging
import Postgres

/// The database the command works on: the server named by `DATABASE_URL`, or the embedded cluster, started here
/// and stopped by `stop()`. Migrations run with the connecting user's rights; the server's pool then works as
/// `modelreg_app`, which may only read the ledger and append through `ledger_append_batch()` / `ledger_append()`.
struct DatabaseRuntime {
    static let databaseName = "modelreg"
    static let applicationRole = "modelreg_app"

    let embedded: EmbeddedPostgres?
    let ownerConfiguration: PostgresConfiguration
    let options: DatabaseOptions

    static func start(_ options: DatabaseOptions, logger: Logger) async throws -> DatabaseRuntime {
        if let url = options.resolvedURL {
            return DatabaseRuntime(embedded: nil, ownerConfiguration: PostgresConfiguration(connectionString: url), options: options)
        }
        let embedded = EmbeddedPostgres(options: .init(dataDirectory: options.dataDirectory), logger: logger)
        let superuser = PostgresConfiguration(connectionString: try await embedded.start())
        do {
            try await createDatabaseIfMissing(superuser, logger: logger)
            let configuration = try superuser.replacingDatabase(with: databaseName)
            return DatabaseRuntime(embedded: embedded, ownerConfiguration: configuration, options: options)
        } catch {
            try? await embedded.stop()
            throw error
        }
    }

    /// Applies the schema's migrations; returns the files applied now.
    @discardableResult
    func migrate(logger: Logger) async throws -> [String] {
        guard let directory = Migrator.locateSchemaDirectory(options.schemaDirectory) else {
            throw ValidationError("cannot find the schema directory (schema/001_event_log.sql); pass --schema-dir or set MODELREG_SCHEMA_DIR")
        }
        let migrator = try Migrator(directory: directory, logger: logger)
        let connection = try await PostgresConnection.connect(ownerConfiguration, logger: logger)
        defer { connection.close() }
        return try await connection.withSession { session in try migrator.migrate(session) }
    }

    /// A pool whose sessions work as the application role.
    func makePool(logger: Logger) -> PostgresConnectionPool {
        var configuration = ownerConfiguration
        configuration.role = Self.applicationRole
        configuration.statementTimeout = .milliseconds(Int(options.statementTimeoutSeconds * 1000))
        return PostgresConnectionPool(
            configuration: configuration, size: options.poolSize, acquireTimeout: .milliseconds(Int(options.poolTimeoutSeconds * 1000)),
            maxWaiting: options.poolQueue, logger: logger)
    }

    /// A single connection with the owner's rights (bootstrap, replay).
    func ownerConnection(logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(ownerConfiguration, logger: logger)
    }

    func stop() async {
        try? await embedded?.stop()
    }

    private static func createDatabaseIfMissing(_ superuser: PostgresConfiguration, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(superuser, logger: logger)
        defer { connection.close() }
        try await connection.withSession { session in
            if try session.query("SELECT 1 FROM pg_database WHERE datname = \(databaseName)").isEmpty {
                try session.execute("CREATE DATABASE \(identifier: databaseName)")
            }
        }
    }
}

extension DatabaseRuntime {
    /// Starts the database, migrates, runs `body` with a pool, and stops what it started — also when `body` throws.
    static func withPool<T>(
        _ options: DatabaseOptions, logger: Logger, _ body: (DatabaseRuntime, PostgresConnectionPool) async throws -> T
    ) async throws -> T {
        let runtime = try await start(options, logger: logger)
        let pool = runtime.makePool(logger: logger)
        do {
            try await runtime.migrate(logger: logger)
            let result = try await body(runtime, pool)
            await pool.close()
            await runtime.stop()
            return result
        } catch {
            await pool.close()
            await runtime.stop()
            throw error
        }
    }
}
