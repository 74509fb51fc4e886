import EventLog
import Foundation
import Postgres
import RegistryDomain
import RegistryService
import TestSupport
import Testing

@Suite("projections and replay")
struct ReplayTests {
    static let tables = Projector.tables

    /// Every projection table as sorted text, to compare whole contents.
    static func snapshot(_ database: MigratedDatabase) async throws -> [String: [String]] {
        try await database.asOwner { session in
            var result: [String: [String]] = [:]
            for table in Self.tables {
                result[table] = try session.query("SELECT t::text FROM \(identifier: table) t ORDER BY 1").map { try $0.decode(String.self, at: 0) }
            }
            return result
        }
    }

    @Test("replay rebuilds exactly the projections that the live path maintained")
    func replayEqualsLive() async throws {
        let fixture = try await RegistryFixture.make()
        for name in ["a", "b", "c"] { try await fixture.seedModel(name, versions: 3) }
        _ = try await fixture.registry.execute(
            .update(description: "changed", tags: ["x": "y"], reason: "r"), model: "b", context: RegistryFixture.context("alice"))
        _ = try await fixture.registry.execute(.removeAlias(alias: "staging", reason: nil), model: "c", context: RegistryFixture.context("alice"))
        _ = try await fixture.registry.execute(
            .revoke(principal: "bob", role: .approver, reason: nil), model: "a", context: RegistryFixture.context("alice"))
        let live = try await Self.snapshot(fixture.database)
        #expect(live["model_versions"]?.count == 9)

        let replayer = Replayer(pool: fixture.pool, logger: TestPostgres.logger)
        let check = try await replayer.check()
        #expect(check.differences.isEmpty)
        #expect(check.events == (try await fixture.registry.log.head().position))

        let report = try await replayer.replay()
        #expect(report.events == check.events)
        #expect(try await Self.snapshot(fixture.database) == live)
        await fixture.pool.close()
    }

    @Test("replay --check reports a projection that drifted from the ledger, and changes nothing")
    func checkFindsDrift() async throws {
        let fixture = try await RegistryFixture.make()
        try await fixture.seedModel("a")
        try await fixture.database.asOwner { session in
            try session.execute("UPDATE model_aliases SET version = 1 WHERE alias = 'production'")
            try session.execute("DELETE FROM model_grants")
        }
        let drifted = try await Self.snapshot(fixture.database)
        let check = try await Replayer(pool: fixture.pool, logger: TestPostgres.logger).check()
        #expect(Set(check.differences.map(\.table)) == ["model_aliases", "model_grants"])
        #expect(check.differences.first { $0.table == "model_grants" }?.onlyRebuilt == 1)
        #expect(try await Self.snapshot(fixture.database) == drifted)

        _ = try await Replayer(pool: fixture.pool, logger: TestPostgres.logger).replay()
        #expect(try await Replayer(pool: fixture.pool, logger: TestPostgres.logger).check().differences.isEmpty)
        await fixture.pool.close()
    }
}
