import Foundation
import Postgres
import RegistryDomain

/// The registry as MLflow's Model Registry sees it (docs/MLFLOW.md): registered models and model versions read from
/// the current-state projections, with stages derived from the `production` and `staging` aliases and the archived
/// flag. Writes are ordinary commands of `Registry`, so every MLflow call is in the log like any other.
public struct MLflowRegistry: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// A registered model with what MLflow shows of it: aliases and the newest version in each stage.
    public struct ModelRecord: Sendable {
        public var modelId: UUID
        public var name: String
        public var description: String
        public var owner: String
        public var createdAt: Date
        public var updatedAt: Date
        public var tags: [String: String]
        public var aliases: [(alias: String, version: Int)]
        public var latestVersions: [VersionRecord]
    }

    public struct VersionRecord: Sendable {
        public var model: String
        public var version: Int
        public var registeredAt: Date
        public var description: String
        public var source: String?
        public var runId: String?
        public var registrant: String
        public var tags: [String: String]
        public var stage: VersionStage
        public var aliases: [String]
        public var artifactSHA256: String
    }

    // MARK: from a command's outcome

    /// The model as a command left it (the fold the command was decided on, plus its events): what the projections
    /// now hold, without reading them back.
    public static func record(_ model: ModelState) -> ModelRecord {
        var newest: [VersionStage: ModelVersion] = [:]
        for version in model.liveVersions { newest[VersionStage.of(version, in: model)] = version }
        return ModelRecord(
            modelId: model.modelId, name: model.name, description: model.description, owner: model.owner, createdAt: model.createdAt,
            updatedAt: model.updatedAt, tags: model.tags, aliases: model.aliases.sorted { $0.key < $1.key }.map { ($0.key, $0.value.version) },
            latestVersions: newest.values.sorted { $0.version < $1.version }.map { record($0, of: model) })
    }

    public static func record(_ version: ModelVersion, of model: ModelState) -> VersionRecord {
        VersionRecord(
            model: model.name, version: version.version, registeredAt: version.registeredAt, description: version.description,
            source: version.lineage.source, runId: version.lineage.runId, registrant: version.registrant, tags: version.tags,
            stage: VersionStage.of(version, in: model), aliases: model.aliases.filter { $0.value.version == version.version }.keys.sorted(),
            artifactSHA256: version.artifactSHA256)
    }

    // MARK: registered models

    public func model(named name: String, caller: Caller) async throws -> ModelRecord {
        try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.view, name, caller, session)
            guard let model = try Self.models(where: "m.model_id = \(modelId)", order: "", in: session).first else {
                throw RegistryError.modelNotFound(name)
            }
            return model
        }
    }

    /// One page of the models the caller may see that pass the filter; prompts are left out unless asked for.
    public func searchModels(filter: MLflowFilter, order: MLflowOrder, offset: Int, limit: Int, caller: Caller) async throws -> (
        [ModelRecord], more: Bool
    ) {
        var condition = filter.condition(tags: "m.tags") { _ in "m.name" }
        if !filter.asksForPrompts { condition.append(" AND coalesce(m.tags ->> '\(literalSQL: MLflowFilter.promptTag)', 'false') <> 'true'") }
        condition.append(" AND ")
        condition.append(AccessControl.visibleModels(caller))
        let suffix = order.sql(
            columns: ["last_updated_timestamp": "m.updated_at", "creation_timestamp": "m.created_at", "name": "m.name"],
            tieBreaks: [("name", "m.name ASC")], offset: offset, limit: limit)
        return try await page(condition, limit: limit) { condition, session in try Self.models(where: condition, order: suffix, in: session) }
    }

    private static func models(where condition: SQLQuery, order: String, in session: PostgresSession) throws -> [ModelRecord] {
        var query: SQLQuery = "SELECT m.model_id, m.name, m.description, m.owner, m.created_at, m.updated_at, m.tags::text FROM models m WHERE "
        query.append(condition)
        query.append("\(literalSQL: order)")
        let decoder = RegistryEvent.makeDecoder()
        var models = try session.query(query).map { row in
            ModelRecord(
                modelId: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1), description: try row.decode(String.self, at: 2),
                owner: try row.decode(String.self, at: 3), createdAt: try row.decode(Date.self, at: 4), updatedAt: try row.decode(Date.self, at: 5),
                tags: try decoder.decode([String: String].self, from: Data(try row.decode(String.self, at: 6).utf8)), aliases: [], latestVersions: [])
        }
        guard !models.isEmpty else { return [] }
        let ids = models.map(\.modelId)
        var index: [UUID: Int] = [:]
        for (position, model) in models.enumerated() { index[model.modelId] = position }
        for row in try session.query("SELECT model_id, alias, version FROM model_aliases WHERE model_id = ANY(\(ids)::uuid[]) ORDER BY alias") {
            if let position = index[try row.decode(UUID.self, at: 0)] {
                models[position].aliases.append((try row.decode(String.self, at: 1), try row.decode(Int.self, at: 2)))
            }
        }
        for (modelId, version) in try newestByStage(of: ids, in: session, decoder: decoder) {
            if let position = index[modelId] { models[position].latestVersions.append(version) }
        }
        for position in models.indices { models[position].latestVersions.sort { $0.version < $1.version } }
        return models
    }

    /// The newest version of each stage, per model: one pass over the models' versions.
    private static func newestByStage(of ids: [UUID], in session: PostgresSession, decoder: JSONDecoder) throws -> [(UUID, VersionRecord)] {
        var query: SQLQuery = "SELECT DISTINCT ON (v.model_id, v.stage) v.model_id, "
        query.append("\(literalSQL: versionColumns) FROM (\(literalSQL: stagedVersions)) v JOIN models m USING (model_id) ")
        query.append("WHERE v.model_id = ANY(\(ids)::uuid[]) ORDER BY v.model_id, v.stage, v.version DESC")
        return try session.query(query).map { (try $0.decode(UUID.self, at: 0), try version($0, offset: 1, decoder: decoder)) }
    }

    // MARK: model versions

    /// Versions with their aliases and derived stage (`stagedVersions` is the FROM clause, aliased `v`).
    private static let stagedVersions = """
        SELECT v.*, al.aliases,
               CASE WHEN 'production' = ANY(al.aliases) THEN 'Production' WHEN 'staging' = ANY(al.aliases) THEN 'Staging'
                    WHEN v.archived THEN 'Archived' ELSE 'None' END AS stage
        FROM model_versions v
        CROSS JOIN LATERAL (SELECT coalesce(array_agg(a.alias ORDER BY a.alias), '{}') AS aliases FROM model_aliases a
                            WHERE a.model_id = v.model_id AND a.version = v.version) al
        """
    private static let versionColumns = """
        m.name, v.version, v.registered_at, v.description, v.lineage ->> 'source', v.lineage ->> 'run_id', v.registrant, v.tags::text,
        v.stage, v.aliases, v.artifact_sha256
        """

    private static func version(_ row: PostgresRow, offset: Int, decoder: JSONDecoder) throws -> VersionRecord {
        VersionRecord(
            model: try row.decode(String.self, at: offset), version: try row.decode(Int.self, at: offset + 1),
            registeredAt: try row.decode(Date.self, at: offset + 2), description: try row.decode(String.self, at: offset + 3),
            source: try row.decodeIfPresent(String.self, at: offset + 4), runId: try row.decodeIfPresent(String.self, at: offset + 5),
            registrant: try row.decode(String.self, at: offset + 6),
            tags: try decoder.decode([String: String].self, from: Data(try row.decode(String.self, at: offset + 7).utf8)),
            stage: VersionStage(rawValue: try row.decode(String.self, at: offset + 8)) ?? .none,
            aliases: try row.decode([String].self, at: offset + 9),
            artifactSHA256: try row.decode(String.self, at: offset + 10))
    }

    private static func versions(where condition: SQLQuery, order: String, in session: PostgresSession) throws -> [VersionRecord] {
        var query: SQLQuery = "SELECT \(literalSQL: versionColumns) FROM (\(literalSQL: stagedVersions)) v JOIN models m USING (model_id) WHERE "
        query.append(condition)
        query.append("\(literalSQL: order)")
        let decoder = RegistryEvent.makeDecoder()
        return try session.query(query).map { try version($0, offset: 0, decoder: decoder) }
    }

    public func version(_ number: Int, of name: String, caller: Caller) async throws -> VersionRecord {
        try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.view, name, caller, session)
            guard let found = try Self.versions(where: "v.model_id = \(modelId) AND v.version = \(number)", order: "", in: session).first else {
                throw Self.versionNotFound(name, number)
            }
            return found
        }
    }

    static func versionNotFound(_ name: String, _ number: Int) -> RegistryError {
        RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "Model Version (name=\(name), version=\(number)) not found")
    }

    /// The newest version in each of `stages` (all four when empty).
    public func latestVersions(of name: String, stages: Set<VersionStage>, caller: Caller) async throws -> [VersionRecord] {
        try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.view, name, caller, session)
            return try Self.newestByStage(of: [modelId], in: session, decoder: RegistryEvent.makeDecoder()).map(\.1)
                .filter { stages.isEmpty || stages.contains($0.stage) }.sorted { $0.version < $1.version }
        }
    }

    /// The version an alias points at; `latest` (any case) is the newest version, as MLflow defines it.
    public func version(alias: String, of name: String, caller: Caller) async throws -> VersionRecord {
        try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.view, name, caller, session)
            let condition: SQLQuery =
                alias.lowercased() == "latest"
                ? "v.model_id = \(modelId) AND v.version = (SELECT max(version) FROM model_versions WHERE model_id = \(modelId))"
                : "v.model_id = \(modelId) AND v.version = (SELECT version FROM model_aliases WHERE model_id = \(modelId) AND alias = \(alias))"
            guard let found = try Self.versions(where: condition, order: "", in: session).first else {
                if alias.lowercased() == "latest" {
                    throw RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "Latest version not found for model \(name).")
                }
                throw RegistryError(.invalid, DomainError.Code.aliasNotFound.rawValue, "Registered model alias \(alias) not found.")
            }
            return found
        }
    }

    public func searchVersions(filter: MLflowFilter, order: MLflowOrder, offset: Int, limit: Int, caller: Caller) async throws -> (
        [VersionRecord], more: Bool
    ) {
        var condition = filter.condition(tags: "v.tags") { attribute in
            switch attribute {
            case "run_id": "(v.lineage ->> 'run_id')"
            case "source_path": "(v.lineage ->> 'source')"
            case "version_number": "v.version"
            default: "m.name"
            }
        }
        condition.append(" AND ")
        condition.append(AccessControl.visibleModels(caller))
        let suffix = order.sql(
            columns: [
                "name": "m.name", "version_number": "v.version", "creation_timestamp": "v.registered_at", "last_updated_timestamp": "v.registered_at",
            ],
            whenEmpty: ["v.registered_at DESC"], tieBreaks: [("name", "m.name ASC"), ("version_number", "v.version DESC")], offset: offset,
            limit: limit)
        return try await page(condition, limit: limit) { condition, session in try Self.versions(where: condition, order: suffix, in: session) }
    }

    /// One page: `limit` rows and whether more follow (the query asks for one more).
    private func page<Row: Sendable>(
        _ condition: SQLQuery, limit: Int, _ fetch: @escaping @Sendable (SQLQuery, PostgresSession) throws -> [Row]
    ) async throws -> ([Row], more: Bool) {
        let rows = try await pool.withSession { session in try fetch(condition, session) }
        return (Array(rows.prefix(limit)), rows.count > limit)
    }
}
