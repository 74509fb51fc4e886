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

    /// Replay hands the projector thousands of events at once, and the rewrite of a model's current rows after a
    /// back-dated fact waits until they have all been written: for a model deleted later among them, it must not fill
    /// the current tables again with the grants and approvals the history still holds.
    @Test("a model corrected in the past and deleted afterwards replays to the same tables")
    func correctedThenDeleted() async throws {
        let fixture = try await RegistryFixture.make()
        try await fixture.seedModel("kept")
        try await fixture.seedModel("gone")
        let beforeTheChange = Date()
        try await Task.sleep(for: .milliseconds(20))
        for name in ["kept", "gone"] {
            _ = try await fixture.registry.execute(
                .update(description: "as it is now", tags: nil, reason: nil), model: name, context: RegistryFixture.context("alice"))
            // Back-dated before that change, which stays in force: the current rows are rewritten from the history.
            _ = try await fixture.registry.execute(
                .update(description: "as it was then", tags: nil, reason: nil), model: name,
                context: CommandContext(actor: "alice", reason: "correction", effectiveAt: beforeTheChange))
        }
        _ = try await fixture.registry.execute(.delete(reason: "retired"), model: "gone", context: RegistryFixture.context("alice"))
        let live = try await Self.snapshot(fixture.database)
        #expect(try await fixture.registry.modelState(named: "kept")?.description == "as it is now")

        let replayer = Replayer(pool: fixture.pool, logger: TestPostgres.logger)
        #expect(try await replayer.check().differences.isEmpty)
        _ = try await replayer.replay()
        #expect(try await Self.snapshot(fixture.database) == live)
        await fixture.pool.close()
    }

    /// Two registry instances on one event log share its batches but not their turns on a model, so a revocation
    /// from one and edits from the other can be written in one batch, whose commands are all checked before any is
    /// written: an edit after the revocation is refused as stale (it decided on the version before), and its retry is
    /// checked after the revocation.
    @Test("edits racing a revocation in shared batches: none lands after the revocation, and replay rebuilds the same tables")
    func editsRacingRevocation() async throws {
        let fixture = try await RegistryFixture.make()
        let owners = fixture.registry
        let editors = Registry(pool: fixture.pool, log: owners.log, logger: TestPostgres.logger)
        let models = ["m0", "m1", "m2", "m3"]
        for model in models {
            _ = try await owners.createModel(name: model, description: "", tags: [:], context: RegistryFixture.context("alice"))
            _ = try await owners.execute(
                .grant(principal: "bob", role: .editor, expiresAt: nil, reason: nil), model: model, context: RegistryFixture.context("alice"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for model in models {
                group.addTask {
                    for index in 0..<40 {
                        do {
                            _ = try await editors.execute(
                                .update(description: nil, tags: ["i": "\(index)"], reason: nil), model: model, context: RegistryFixture.context("bob")
                            )
                        } catch let error as RegistryError where [.forbidden, .notFound].contains(error.kind) {
                            return
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(20))
                // The editors may take the model's next version again and again: retried, as a client retries a 409.
                while true {
                    do {
                        _ = try await owners.execute(
                            .revoke(principal: "bob", role: .editor, reason: nil), model: "m0", context: RegistryFixture.context("alice"))
                        return
                    } catch let error as RegistryError where error.kind == .conflict {
                        continue
                    }
                }
            }
            try await group.waitForAll()
        }
        let stream = Streams.model(try #require(try await owners.modelState(named: "m0")).modelId)
        let (lastEdit, revocation) = try await fixture.database.asOwner { session in
            let row = try session.query(
                """
                SELECT max(position) FILTER (WHERE type = 'ModelUpdated' AND actor = 'bob'), max(position) FILTER (WHERE type = 'AccessRevoked')
                FROM ledger_events WHERE stream = \(stream)
                """)[0]
            return (try row.decode(Int64?.self, at: 0), try row.decode(Int64.self, at: 1))
        }
        #expect((lastEdit ?? 0) < revocation)
        #expect(try await Replayer(pool: fixture.pool, logger: TestPostgres.logger).check().differences.isEmpty)
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
