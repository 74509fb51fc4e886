import EventLog
import Foundation
import Postgres
import RegistryDomain
import RegistryService
import TestSupport
import Testing

@Suite("demo data")
struct DemoSeederTests {
    @Test("the demo seeds once: mpg in production now, fuel-economy with two years of past that live answers date by date")
    func seeds() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 4)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        let seeder = DemoSeeder(
            registry: Registry(pool: pool, log: log, logger: TestPostgres.logger), principals: PrincipalDirectory(pool: pool, log: log),
            artifacts: ArtifactStore(pool: pool, maxSize: 1 << 24, logger: TestPostgres.logger), logger: TestPostgres.logger)
        #expect(try await seeder.seedIfEmpty(demoDirectory: "demo") != nil)
        #expect(try await seeder.seedIfEmpty(demoDirectory: "demo") == nil)

        let queries = RegistryQueries(pool: pool)
        let admin = Caller(name: "admin", registryRoles: [.admin])
        func live(_ date: String) async throws -> [String: Int] {
            let instant = try #require(RFC3339.parse(date))
            let view = try await queries.live(caller: admin, asOf: AsOf(at: instant, knownAt: Date()), alias: "production")
            return Dictionary(uniqueKeysWithValues: view.items.map { ($0.model, $0.version) })
        }
        #expect(try await live("2024-12-01") == ["fuel-economy": 1])
        #expect(try await live("2025-06-01") == ["fuel-economy": 2])
        #expect(try await live("2025-09-20") == [:])
        #expect(try await live("2026-01-01") == ["fuel-economy": 3])
        let now = try await queries.live(caller: admin, asOf: AsOf(at: Date(), knownAt: Date()), alias: "production")
        #expect(Dictionary(uniqueKeysWithValues: now.items.map { ($0.model, $0.version) }) == ["fuel-economy": 4, "mpg": 2])
        #expect(try await log.verify().ok)
        await pool.close()
    }
}
