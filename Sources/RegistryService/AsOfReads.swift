import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Where as-of answers come from. Both give the same answers (a property test holds them equal); they differ in cost.
public enum AsOfSource: String, Sendable, CaseIterable {
    /// The temporal projection (`model_history`, schema/003): index lookups at the point (at, known_at).
    case temporalTables = "tables"
    /// The fold oracle: the model's stream up to `known_at`, folded as DESIGN.md §5 defines (`ModelState.asOf`).
    case fold
}

/// Models as the registry held them for a pair of instants, from either source. Access is the caller's business.
enum AsOfReads {
    /// The models among `modelIds` that existed for `asOf`, each as it stood then.
    static func states(_ modelIds: [UUID], asOf: AsOf, source: AsOfSource, in session: PostgresSession) throws -> [UUID: ModelState] {
        guard !modelIds.isEmpty else { return [:] }
        switch source {
        case .temporalTables: return try TemporalTables.states(modelIds, asOf: asOf, in: session)
        case .fold: return try FoldOracle.states(modelIds, asOf: asOf, in: session)
        }
    }

    /// Which models a `live` question is about.
    enum Scope {
        /// One model, already found and its access checked.
        case model(UUID)
        /// Every model passing a condition on `models m` (the caller's visibility).
        case visible(SQLQuery)

        var condition: SQLQuery {
            switch self {
            case .model(let id): "m.model_id = \(id)"
            case .visible(let condition): condition
            }
        }
    }

    /// Where `alias` pointed for `asOf` in each model of `scope`.
    static func live(alias: String, asOf: AsOf, scope: Scope, source: AsOfSource, in session: PostgresSession) throws -> [LiveView.Item] {
        let items: [LiveView.Item]
        switch source {
        case .temporalTables:
            items = try session.query(TemporalTables.liveStatement(alias: alias, asOf: asOf, scope: scope)).map { row in
                LiveView.Item(
                    model: try row.decode(String.self, at: 0), version: try row.decode(Int.self, at: 1), since: try row.decode(Date.self, at: 2),
                    sinceRecordedAt: try row.decode(Date.self, at: 3), setBy: try row.decode(String.self, at: 4))
            }
        case .fold:
            var query: SQLQuery = "SELECT m.model_id FROM models m WHERE "
            query.append(scope.condition)
            let ids = try session.query(query).map { try $0.decode(UUID.self, at: 0) }
            items = try FoldOracle.states(ids, asOf: asOf, in: session).values.compactMap { state in
                state.aliases[alias].map {
                    LiveView.Item(model: state.name, version: $0.version, since: $0.since, sinceRecordedAt: $0.recordedAt, setBy: $0.setBy)
                }
            }
        }
        return items.sorted { $0.model < $1.model }
    }
}

/// As-of answers by index lookup in `model_history`: the rows whose valid range contains `at` and whose known range
/// contains `known_at` are exactly the values in force, one per key.
enum TemporalTables {
    /// Where `alias` pointed for `asOf`: for one model a probe of its (model, key, valid, known) GiST index; for
    /// every visible model one scan of the alias partition's cross-model (key, valid, known) index.
    static func liveStatement(alias: String, asOf: AsOf, scope: AsOfReads.Scope) -> SQLQuery {
        var query: SQLQuery = """
            SELECT m.name, (h.value ->> 'version')::integer, lower(h.valid), h.recorded_at, h.actor
            FROM model_history h JOIN models m USING (model_id)
            WHERE h.kind = 'alias' AND h.key = \(alias) AND h.valid @> \(asOf.at)::timestamptz AND h.known @> \(asOf.knownAt)::timestamptz
              AND h.value IS NOT NULL AND
            """
        if case .model(let id) = scope { query.append(" h.model_id = \(id) AND ") }
        query.append(scope.condition)
        return query
    }

    static func states(_ modelIds: [UUID], asOf: AsOf, in session: PostgresSession) throws -> [UUID: ModelState] {
        // One GiST probe per model (a LATERAL join: GiST cannot take `= ANY`).
        let rows = try session.query(
            """
            SELECT m.id, h.kind, h.key, h.value::text, lower(h.valid), h.position, h.recorded_at, h.actor
            FROM unnest(\(modelIds)::uuid[]) AS m(id)
            CROSS JOIN LATERAL (
                SELECT * FROM model_history
                WHERE model_id = m.id AND valid @> \(asOf.at)::timestamptz AND known @> \(asOf.knownAt)::timestamptz AND value IS NOT NULL
            ) h
            """)
        var builders: [UUID: StateBuilder] = [:]
        let decoder = RegistryEvent.makeDecoder()
        for row in rows {
            let id = try row.decode(UUID.self, at: 0)
            let fact = StateBuilder.Fact(
                kind: try row.decode(String.self, at: 1), key: try row.decode(String.self, at: 2),
                value: Data(try row.decode(String.self, at: 3).utf8),
                validFrom: try row.decode(Date.self, at: 4), position: try row.decode(Int64.self, at: 5),
                recordedAt: try row.decode(Date.self, at: 6), actor: try row.decode(String.self, at: 7))
            try builders[id, default: StateBuilder(modelId: id)].add(fact, decoder: decoder)
        }
        guard !builders.isEmpty else { return [:] }
        // The last change is the newest valid-time start among everything known then, in force at `at` or not.
        let lastChanges = try session.query(
            """
            SELECT m.id, (SELECT max(lower(valid)) FROM model_history
                          WHERE model_id = m.id AND known @> \(asOf.knownAt)::timestamptz AND lower(valid) <= \(asOf.at))
            FROM unnest(\(Array(builders.keys))::uuid[]) AS m(id)
            """)
        var updatedAt: [UUID: Date] = [:]
        for row in lastChanges { updatedAt[try row.decode(UUID.self, at: 0)] = try row.decodeIfPresent(Date.self, at: 1) }
        var states: [UUID: ModelState] = [:]
        for (id, builder) in builders {
            if let state = builder.build(updatedAt: updatedAt[id]) { states[id] = state }
        }
        return states
    }

    /// Collects one model's facts in force and assembles the `ModelState` they describe.
    struct StateBuilder {
        struct Fact {
            var kind: String
            var key: String
            var value: Data
            var validFrom: Date
            var position: Int64
            var recordedAt: Date
            var actor: String
        }

        let modelId: UUID
        var registered: (name: String, owner: String, createdAt: Date, createdBy: String)?
        var description = ""
        var tags: [String: String] = [:]
        var protectedAliases = ModelState.defaultProtectedAliases
        var versions: [ModelVersion] = []
        var aliases: [String: AliasPointer] = [:]
        var approvals: [Approval] = []
        var grants: [GrantKey: Grant] = [:]
        var evaluation: EvaluationDatasetSet?
        var computedMetrics: [Int: MetricsComputed] = [:]
        var gates: [String: PromotionGateSet] = [:]
        var renamed: String?
        var deleted = false
        /// Changes after registration, by version: applied once every registration is collected.
        var versionChanges: [Int: (description: String?, tags: [String: String]?, archived: Bool?, deletedAt: Date?)] = [:]

        init(modelId: UUID) {
            self.modelId = modelId
        }

        mutating func add(_ fact: Fact, decoder: JSONDecoder) throws {
            switch (fact.kind, fact.key) {
            case ("model", "registered"):
                let value = try decoder.decode([String: String].self, from: fact.value)
                registered = (value["name"] ?? "", value["owner"] ?? "", fact.validFrom, fact.actor)
            case ("model", "description"):
                description = try decoder.decode(String.self, from: fact.value)
            case ("model", "tags"):
                tags = try decoder.decode([String: String].self, from: fact.value)
            case ("model", "protected_aliases"):
                protectedAliases = Set(try decoder.decode([String].self, from: fact.value))
            case ("model", "evaluation"):
                evaluation = try decoder.decode(EvaluationDatasetSet.self, from: fact.value)
            case ("model", let key) where key.hasPrefix("gate:"):
                let gate = try decoder.decode(PromotionGateSet.self, from: fact.value)
                gates[gate.alias] = gate
            case ("model", "name"):
                renamed = try decoder.decode(String.self, from: fact.value)
            case ("model", "deleted"):
                deleted = true
            case ("version", let key) where key.contains(":") && !key.hasSuffix(":computed"):
                let parts = key.split(separator: ":", maxSplits: 1)
                guard let number = Int(parts[0]) else { break }
                var change = versionChanges[number] ?? (nil, nil, nil, nil)
                switch parts[1] {
                case "description": change.description = try decoder.decode(String.self, from: fact.value)
                case "tags": change.tags = try decoder.decode([String: String].self, from: fact.value)
                case "archived": change.archived = try decoder.decode(Bool.self, from: fact.value)
                case "deleted": change.deletedAt = fact.validFrom
                default: break
                }
                versionChanges[number] = change
            case ("version", let key) where key.hasSuffix(":computed"):
                let computed = try decoder.decode(MetricsComputed.self, from: fact.value)
                computedMetrics[computed.version] = computed
            case ("version", _):
                let registered = try decoder.decode(VersionRegistered.self, from: fact.value)
                versions.append(ModelVersion(registered, registeredAt: fact.validFrom))
            case ("alias", _):
                let set = try decoder.decode(AliasSet.self, from: fact.value)
                aliases[fact.key] = AliasPointer(version: set.version, since: fact.validFrom, recordedAt: fact.recordedAt, setBy: fact.actor)
            case ("approval", _):
                let review = try decoder.decode(VersionApproved.self, from: fact.value)
                approvals.append(
                    Approval(
                        version: review.version, alias: review.alias, decision: review.decision, approver: review.approver, notes: review.notes,
                        at: fact.validFrom, position: fact.position))
            case ("grant", _):
                let granted = try decoder.decode(AccessGranted.self, from: fact.value)
                grants[GrantKey(principal: granted.principal, role: granted.role)] = Grant(
                    expiresAt: granted.expiresAt, grantedBy: fact.actor, grantedAt: fact.validFrom, reason: granted.reason)
            default:
                break
            }
        }

        /// Nil when the model was not registered (or was deleted) for the instants asked about.
        func build(updatedAt: Date?) -> ModelState? {
            guard let registered, !deleted else { return nil }
            var versions = versions
            for index in versions.indices {
                guard let change = versionChanges[versions[index].version] else { continue }
                if let description = change.description { versions[index].description = description }
                if let tags = change.tags { versions[index].tags = tags }
                if let archived = change.archived { versions[index].archived = archived }
                versions[index].deletedAt = change.deletedAt
            }
            return ModelState(
                modelId: modelId, name: renamed ?? registered.name, description: description, tags: tags, owner: registered.owner,
                createdAt: registered.createdAt, createdBy: registered.createdBy, updatedAt: updatedAt ?? registered.createdAt,
                versions: versions.sorted { $0.version < $1.version }, aliases: aliases,
                approvals: approvals.sorted { ($0.at, $0.position) < ($1.at, $1.position) }, grants: grants, protectedAliases: protectedAliases,
                evaluation: evaluation, computedMetrics: computedMetrics.filter { key, _ in versions.contains { $0.version == key } }, gates: gates)
        }
    }
}

/// As-of answers by folding each model's stream up to `known_at` (DESIGN.md §5): the reference the temporal
/// tables are tested against, and the fallback that needs no projection at all.
enum FoldOracle {
    static func states(_ modelIds: [UUID], asOf: AsOf, in session: PostgresSession) throws -> [UUID: ModelState] {
        let events = try PostgresEventLog.readStreams(
            modelIds.map(Streams.model), recordedUpTo: asOf.knownAt, excludingTypes: ["ArtifactDownloaded"], in: session)
        var states: [UUID: ModelState] = [:]
        var start = events.startIndex
        while start < events.endIndex {
            let stream = events[start].stream
            let end = events[start...].firstIndex { $0.stream != stream } ?? events.endIndex
            let history = try events[start..<end].map {
                HistoricalEvent(event: try RegistryEvent.decode(type: $0.type, payload: $0.data), context: $0.context)
            }
            if let id = Streams.modelId(of: stream), let state = ModelState.asOf(asOf, events: history) { states[id] = state }
            start = end
        }
        return states
    }
}
