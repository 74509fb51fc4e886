import EventLog
import Foundation
import Logging
import Postgres

/// A fresh database with the registry's schema applied, cloned from a template migrated once per test process.
public struct MigratedDatabase: Sendable {
    /// Connects as the superuser that owns the database (for raw SQL, tampering, privilege checks).
    public let ownerConfiguration: PostgresConfiguration
    public let name: String

    /// Clones the migrated template into a new database.
    public static func make() async throws -> MigratedDatabase {
        let template = try await MigratedTemplate.shared.name()
        let connectionString = try await TestPostgres.freshDatabase(template: template)
        let configuration = PostgresConfiguration(connectionString: connectionString, applicationName: "modelreg-tests")
        return MigratedDatabase(ownerConfiguration: configuration, name: try configuration.connectionParameters()["dbname"] ?? "")
    }

    /// The configuration the server uses: the application role, which may only read the ledger and append.
    public var applicationConfiguration: PostgresConfiguration {
        var configuration = ownerConfiguration
        configuration.role = "modelreg_app"
        return configuration
    }

    /// A pool working as the application role.
    public func applicationPool(size: Int = 8) -> PostgresConnectionPool {
        PostgresConnectionPool(configuration: applicationConfiguration, size: size, logger: TestPostgres.logger)
    }

    /// Runs `body` as the database's superuser.
    @discardableResult
    public func asOwner<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(ownerConfiguration, logger: TestPostgres.logger)
        defer { connection.close() }
        return try await connection.withSession(body)
    }

    /// The schema directory of this checkout.
    public static var schemaDirectory: String { TestPostgres.packageRoot + "/schema" }
}

/// Creates and migrates the template database once per process; clones are serialised because PostgreSQL refuses
/// to copy a template while another session is connected to it.
actor MigratedTemplate {
    static let shared = MigratedTemplate()
    private var created: String?

    func name() async throws -> String {
        if let created { return created }
        let name = "template_\(getpid())_\(TestPostgres.randomSuffix())"
        try await TestPostgres.withSuperuserSession { session in
            try session.execute("CREATE DATABASE \(identifier: name)")
        }
        let configuration = PostgresConfiguration(connectionString: try await TestPostgres.connectionString(database: name))
        let migrator = try Migrator(directory: MigratedDatabase.schemaDirectory, logger: TestPostgres.logger)
        let connection = try await PostgresConnection.connect(configuration, logger: TestPostgres.logger)
        _ = try await connection.withSession { session in try migrator.migrate(session) }
        connection.close()
        created = name
        return name
    }
}
