import EventLog
import Foundation
import Postgres
import RegistryDomain
import RegistryService
import TestSupport

/// A registry service on a fresh database, with helpers to build a small history.
struct RegistryFixture {
    let database: MigratedDatabase
    let pool: PostgresConnectionPool
    let registry: Registry
    let artifacts: ArtifactStore

    static func make() async throws -> RegistryFixture {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 8)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        let principals = PrincipalDirectory(pool: pool, log: log)
        for name in ["alice", "bob"] {
            _ = try await principals.create(name: name, kind: .user, displayName: name, roles: [], context: CommandContext(actor: "admin"))
        }
        return RegistryFixture(
            database: database, pool: pool, registry: Registry(pool: pool, log: log, logger: TestPostgres.logger),
            artifacts: ArtifactStore(pool: pool, maxSize: 1 << 20, logger: TestPostgres.logger))
    }

    static func context(_ actor: String) -> CommandContext { CommandContext(actor: actor) }

    func upload(_ text: String) async throws -> ArtifactStore.Info {
        var sent = false
        return try await artifacts.upload(expectedSHA256: nil, declaredSize: nil, actor: "alice") {
            defer { sent = true }
            return sent ? nil : Array(text.utf8)
        }.info
    }

    /// A model owned by alice with `versions` versions, bob as approver, staging and production set.
    func seedModel(_ name: String, versions: Int = 2) async throws {
        _ = try await registry.createModel(name: name, description: "about \(name)", tags: ["k": "v"], context: Self.context("alice"))
        for index in 1...versions {
            let artifact = try await upload("\(name) v\(index)")
            _ = try await registry.execute(
                .registerVersion(
                    RegisterVersion(artifactSHA256: artifact.sha256, artifactSize: artifact.size, format: "onnx", metrics: ["auc": 0.7])),
                model: name, context: Self.context("alice"))
        }
        _ = try await registry.execute(
            .grant(principal: "bob", role: .approver, expiresAt: nil, reason: "review"), model: name, context: Self.context("alice"))
        _ = try await registry.execute(.setAlias(alias: "staging", version: 1, reason: nil), model: name, context: Self.context("alice"))
        _ = try await registry.execute(
            .review(version: versions, alias: "production", decision: .approved, notes: "ok"), model: name, context: Self.context("bob"))
        _ = try await registry.execute(.setAlias(alias: "production", version: versions, reason: "go"), model: name, context: Self.context("bob"))
    }
}
