import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Embedded PostgreSQL")
struct EmbeddedPostgresTests {
    @Test("start, stop and start again reuses the data directory and keeps the data")
    func restartKeepsData() async throws {
        let root = "/tmp/modelreg-embedded-test-\(UUID().uuidString.prefix(8).lowercased())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = EmbeddedPostgres.Options(dataDirectory: root + "/pgdata", durable: false)

        let first = EmbeddedPostgres(options: options, logger: TestPostgres.logger)
        let firstURL = try await first.start()
        #expect(first.startedServer)
        #expect(first.connectionString == firstURL)
        #expect(firstURL.contains("host=127.0.0.1"))
        #expect(FileManager.default.fileExists(atPath: root + "/pgdata.password"))
        let permissions = try FileManager.default.attributesOfItem(atPath: root + "/pgdata.password")[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        try await Self.session(firstURL) { session in
            try session.executeScript("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives restarts')")
        }

        // A second handle on a running cluster reuses it and must not stop it.
        let bystander = EmbeddedPostgres(options: options, logger: TestPostgres.logger)
        #expect(try await bystander.start() == firstURL)
        #expect(!bystander.startedServer)
        try await bystander.stop()
        #expect(try await Self.session(firstURL) { try $0.query("SELECT 1")[0].decode(Int.self, at: 0) } == 1)

        try await first.stop()
        #expect(first.connectionString == nil)
        await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(PostgresConfiguration(connectionString: firstURL), logger: TestPostgres.logger)
        }

        let second = EmbeddedPostgres(options: options, logger: TestPostgres.logger)
        let secondURL = try await second.start()
        #expect(second.startedServer)
        #expect(secondURL == firstURL, "same password, and the recorded port is reused while free")
        let notes = try await Self.session(secondURL) { session in
            try session.query("SELECT note FROM kept").map { try $0.decode(String.self, at: 0) }
        }
        #expect(notes == ["survives restarts"])
        try await second.stop()
    }

    @Test("a failed start reports the tail of the server log")
    func failedStartShowsLog() async throws {
        let root = "/tmp/modelreg-embedded-test-\(UUID().uuidString.prefix(8).lowercased())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Port 1 is privileged: the unprivileged server cannot bind it.
        let options = EmbeddedPostgres.Options(dataDirectory: root + "/pgdata", port: 1, durable: false)
        let server = EmbeddedPostgres(options: options, logger: TestPostgres.logger)
        let error = await #expect(throws: PostgresError.self) { _ = try await server.start() }
        #expect(error?.code == .embeddedServer)
        #expect(error?.message.contains("pg_ctl start failed") == true)
        #expect(error?.message.contains("could not") == true)
    }

    @Test("a non-local DATABASE_URL host is refused for tests")
    func localHostsOnly() throws {
        #expect(TestPostgres.isLocalHost("127.0.0.1"))
        #expect(TestPostgres.isLocalHost("localhost"))
        #expect(TestPostgres.isLocalHost("::1"))
        #expect(TestPostgres.isLocalHost("/var/run/postgresql"))
        #expect(!TestPostgres.isLocalHost("db.example.com"))
        #expect(!TestPostgres.isLocalHost("10.0.0.5"))
        #expect(!TestPostgres.isLocalHost("127.evil.example.com"))
        #expect(TestPostgres.isLocalHost("127.1.2.3"))
    }

    private static func session<T: Sendable>(
        _ url: String, _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(PostgresConfiguration(connectionString: url), logger: TestPostgres.logger)
        defer { connection.close() }
        return try await connection.withSession(body)
    }
}
