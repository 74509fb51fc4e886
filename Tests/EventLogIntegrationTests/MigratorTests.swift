import EventLog
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("migrations")
struct MigratorTests {
    @Test("two processes migrating at once apply every file exactly once, and a second run applies nothing")
    func concurrentAndRepeated() async throws {
        let connectionString = try await TestPostgres.freshDatabase()
        let configuration = PostgresConfiguration(connectionString: connectionString)
        let migrator = try Migrator(directory: MigratedDatabase.schemaDirectory, logger: TestPostgres.logger)
        let applied = try await withThrowingTaskGroup(of: [String].self, returning: [[String]].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration, logger: TestPostgres.logger)
                    defer { connection.close() }
                    return try await connection.withSession { session in try migrator.migrate(session) }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(applied.flatMap { $0 }.sorted() == migrator.migrations.map(\.name).sorted())
        let connection = try await PostgresConnection.connect(configuration, logger: TestPostgres.logger)
        defer { connection.close() }
        #expect(try await connection.withSession { session in try migrator.migrate(session) }.isEmpty)
        let recorded = try await connection.withSession { session in
            try session.query("SELECT count(*) FROM schema_migrations").first!.decode(Int.self, at: 0)
        }
        #expect(recorded == migrator.migrations.count)
    }

    @Test("a migration edited after it was applied is refused")
    func editedMigration() async throws {
        let database = try await MigratedDatabase.make()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in try FileManager.default.contentsOfDirectory(atPath: MigratedDatabase.schemaDirectory) {
            var text = try String(contentsOfFile: MigratedDatabase.schemaDirectory + "/" + file, encoding: .utf8)
            if file.hasPrefix("001") { text += "\n-- edited\n" }
            try text.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }
        let migrator = try Migrator(directory: directory, logger: TestPostgres.logger)
        await #expect(throws: EventLogError.self) {
            try await database.asOwner { session in try migrator.migrate(session) }
        }
    }
}
