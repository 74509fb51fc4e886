import EventLog
import Foundation
import Postgres
import RegistryDomain
import RegistryService
import TestSupport
import Testing

@Suite("command handling")
struct CommandTests {
    @Test("20 concurrent alias moves on one model all land, in some order, and the state is the last one")
    func concurrentMovesRetry() async throws {
        let fixture = try await RegistryFixture.make()
        try await fixture.seedModel("m", versions: 5)
        let registry = fixture.registry
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    _ = try await registry.execute(
                        .setAlias(alias: "champion", version: index % 5 + 1, reason: "move \(index)"), model: "m",
                        context: RegistryFixture.context("alice"))
                }
            }
            try await group.waitForAll()
        }
        let state = try #require(try await registry.modelState(named: "m"))
        let moves = try await fixture.database.asOwner { session in
            try session.query("SELECT data::text FROM ledger_events WHERE type = 'AliasSet' AND data::text LIKE '%champion%' ORDER BY position")
                .map { try $0.decode(String.self, at: 0) }
        }
        #expect(!moves.isEmpty)
        #expect(moves.last?.contains("\"version\":\(state.aliases["champion"]!.version)") == true)
        #expect(try await fixture.registry.log.verify().ok)
        await fixture.pool.close()
    }

    @Test("two registry instances on one database see each other's writes (no stale cache)")
    func twoInstances() async throws {
        let fixture = try await RegistryFixture.make()
        try await fixture.seedModel("m", versions: 2)
        let other = Registry(pool: fixture.pool, log: PostgresEventLog(pool: fixture.pool, logger: TestPostgres.logger), logger: TestPostgres.logger)
        _ = try await other.execute(.setAlias(alias: "staging", version: 2, reason: nil), model: "m", context: RegistryFixture.context("alice"))
        let seen = try await fixture.registry.modelState(named: "m")
        #expect(seen?.aliases["staging"]?.version == 2)
        _ = try await fixture.registry.execute(
            .setAlias(alias: "staging", version: 1, reason: nil), model: "m", context: RegistryFixture.context("alice"))
        #expect(try await other.modelState(named: "m")?.aliases["staging"]?.version == 1)
        await fixture.pool.close()
    }

    @Test("50 concurrent registrations of one name: exactly one wins, the others are refused as existing")
    func nameRace() async throws {
        let fixture = try await RegistryFixture.make()
        let registry = fixture.registry
        let outcomes = await withTaskGroup(of: String.self, returning: [String].self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await registry.createModel(
                            name: "contested", description: "\(index)", tags: [:], context: RegistryFixture.context("p\(index)"))
                        return "won"
                    } catch let error as RegistryError {
                        return error.code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "won" }.count == 1)
        #expect(outcomes.filter { $0 == "model_already_exists" }.count == 49)
        let registered = try await fixture.database.asOwner { session in
            try session.query("SELECT count(*) FROM ledger_events WHERE type = 'ModelRegistered'").first!.decode(Int.self, at: 0)
        }
        #expect(registered == 1)
        await fixture.pool.close()
    }
}
