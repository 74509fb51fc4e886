import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Keeps the current-state tables in step with the ledger. The same code serves the live path (inside each append's
/// transaction) and `replay`, so a rebuilt projection is identical to one maintained event by event.
///
/// Table names are unqualified on purpose: `replay --check` shadows them with temporary tables of the same names.
public enum Projector {
    /// Applies recorded events, in order, to the projection tables: the statements of `work`, sent together.
    public static func apply(_ events: [RecordedEvent], in session: PostgresSession) throws {
        try work(events).perform(in: session)
    }

    /// The projection of recorded events, in order, as statements to send together (one round trip for all of them:
    /// inside an append's transaction every round trip holds the ledger's head lock). Only model and principal streams
    /// have projections; events of other streams are left to whoever reads them.
    ///
    /// A model event's statement answers whether a later fact of the same key stays in force after it (a back-dated
    /// event landing before it): its change of the current rows then was not the last word, and once every statement
    /// has run, the model's current rows are rewritten from the history. That rewrite reads only the history, which
    /// the statements in between only added to, so doing it once at the end gives what doing it after each such
    /// event would — except for a model the same events go on to delete (replay's pages hold many appends): its
    /// deletion emptied every current table of it, which a rewrite after it would fill again, so it gets none.
    public static func work(_ events: [RecordedEvent]) throws -> AppendWork {
        var statements: [SQLQuery] = []
        // Which statements answer that question, and for which model.
        var answering: [(index: Int, modelId: UUID)] = []
        var deleted: Set<UUID> = []
        for recorded in events {
            if let modelId = Streams.modelId(of: recorded.stream) {
                let event = try RegistryEvent.decode(type: recorded.type, payload: recorded.data)
                if case .modelDeleted = event { deleted.insert(modelId) }
                let projection = modelStatements(event, modelId: modelId, recorded: recorded)
                if projection.answersSuperseded { answering.append((statements.count + projection.statements.count - 1, modelId)) }
                statements += projection.statements
            } else if let principal = Streams.principalName(of: recorded.stream) {
                let event = try RegistryEvent.decode(type: recorded.type, payload: recorded.data)
                statements += principalStatements(event, principal: principal, recorded: recorded)
            }
        }
        return AppendWork(statements) { [answering, deleted] answers, session in
            var rewrite: [UUID] = []
            for (index, modelId) in answering {
                guard let superseded = try answers[index].first?.decode(Bool.self, at: 0) else {
                    throw EventLogError(.corruptEvent, "model \(modelId.uuidString.lowercased()) has no projection row")
                }
                if superseded && !deleted.contains(modelId) && !rewrite.contains(modelId) { rewrite.append(modelId) }
            }
            for modelId in rewrite { try session.execute("SELECT history_refresh_current(\(modelId))") }
        }
    }

    /// The projection tables, children first (the order to empty them in).
    public static let tables = [
        "model_history", "model_history_retractions", "model_approvals", "model_grants", "model_aliases", "model_versions", "models",
        "deleted_models",
        "principal_tokens", "principals",
    ]

    /// One statement per event, mostly — the temporal rows (schema/003), the event's own current-state change, and
    /// the model row's stream version, position and last change. When `answersSuperseded`, the last statement answers
    /// whether a later fact of the same key stays in force after this event (see `work`).
    private static func modelStatements(_ event: RegistryEvent, modelId: UUID, recorded: RecordedEvent)
        -> (statements: [SQLQuery], answersSuperseded: Bool)
    {
        let at = recorded.effectiveAt
        let touch: SQLQuery = """
            stream_version = \(recorded.streamVersion), last_position = \(recorded.position), updated_at = greatest(updated_at, \(at))
            """
        let facts = historyFacts(event, recorded: recorded)
        // '' marks SQL NULL (no value): it is never valid JSON, and array parameters carry no NULLs.
        var statement: SQLQuery = """
            WITH history AS (
                SELECT history_assert_all(\(modelId), \(facts.map(\.kind))::text[], \(facts.map(\.key))::text[],
                                          array_replace(\(facts.map { $0.value ?? "" })::text[], '', NULL)::jsonb[],
                                          \(at), \(recorded.recordedAt), \(recorded.position), \(recorded.actor)) AS superseded)
            """
        switch event {
        case .modelRegistered(let registered):
            statement.append(
                """
                INSERT INTO models (model_id, name, description, tags, owner, protected_aliases, created_at, created_by, updated_at,
                                    version_count, stream_version, last_position)
                VALUES (\(modelId), \(registered.name), \(registered.description), \(json(registered.tags))::jsonb, \(registered.owner),
                        \(ModelState.defaultProtectedAliases.sorted())::text[], \(at), \(recorded.actor), \(at), 0,
                        \(recorded.streamVersion), \(recorded.position))
                RETURNING (SELECT superseded FROM history)
                """)
            return ([statement], true)
        case .modelUpdated(let update):
            statement.append(
                """
                UPDATE models SET description = coalesce(\(update.description), description),
                                  tags = coalesce(\(update.tags.map { json($0) })::jsonb, tags),
                """)
        case .protectedAliasesChanged(let change):
            statement.append("UPDATE models SET protected_aliases = \(change.aliases.sorted())::text[],")
        case .versionRegistered(let version):
            statement.append(
                """
                , inserted AS (
                    INSERT INTO model_versions (model_id, version, artifact_sha256, artifact_size, format, description, signature, card,
                                                metrics, lineage, tags, registrant, registered_at)
                    VALUES (\(modelId), \(version.version), \(version.artifactSHA256), \(version.artifactSize), \(version.format),
                            \(version.description), \(version.signature.map { json($0) })::jsonb, \(version.card.map { json($0) })::jsonb,
                            \(json(version.metrics))::jsonb, \(json(version.lineage))::jsonb, \(json(version.tags))::jsonb,
                            \(version.registrant), \(at)))
                UPDATE models SET version_count = greatest(version_count, \(version.version)),
                """)
        case .aliasSet(let set):
            statement.append(
                """
                , changed AS (
                    INSERT INTO model_aliases (model_id, alias, version, since, set_by)
                    VALUES (\(modelId), \(set.alias), \(set.version), \(at), \(recorded.actor))
                    ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, since = excluded.since, set_by = excluded.set_by)
                UPDATE models SET
                """)
        case .aliasRemoved(let removed):
            statement.append(
                """
                , changed AS (DELETE FROM model_aliases WHERE model_id = \(modelId) AND alias = \(removed.alias))
                UPDATE models SET
                """)
        case .versionApproved(let review):
            statement.append(
                """
                , changed AS (
                    INSERT INTO model_approvals (position, model_id, version, alias, decision, approver, notes, approved_at)
                    VALUES (\(recorded.position), \(modelId), \(review.version), \(review.alias), \(review.decision.rawValue),
                            \(review.approver), \(review.notes), \(at)))
                UPDATE models SET
                """)
        case .accessGranted(let granted):
            statement.append(
                """
                , changed AS (
                    INSERT INTO model_grants (model_id, principal, role, expires_at, granted_by, granted_at, reason)
                    VALUES (\(modelId), \(granted.principal), \(granted.role.rawValue), \(granted.expiresAt), \(recorded.actor), \(at),
                            \(granted.reason))
                    ON CONFLICT (model_id, principal, role) DO UPDATE SET expires_at = excluded.expires_at, granted_by = excluded.granted_by,
                        granted_at = excluded.granted_at, reason = excluded.reason)
                UPDATE models SET
                """)
        case .accessRevoked(let revoked):
            statement.append(
                """
                , changed AS (
                    DELETE FROM model_grants WHERE model_id = \(modelId) AND principal = \(revoked.principal) AND role = \(revoked.role.rawValue))
                UPDATE models SET
                """)
        case .evaluationDatasetSet(let dataset):
            statement.append("UPDATE models SET evaluation = \(json(dataset))::jsonb,")
        case .promotionGateSet(let gate):
            statement.append(
                gate.minimum == nil && gate.maximum == nil
                    ? "UPDATE models SET gates = gates - \(gate.alias)::text,"
                    : "UPDATE models SET gates = gates || jsonb_build_object(\(gate.alias)::text, \(json(gate))::jsonb),")
        case .metricsComputed(let computed):
            statement.append(
                """
                , changed AS (
                    UPDATE model_versions SET computed_metrics = \(json(computed))::jsonb
                    WHERE model_id = \(modelId) AND version = \(computed.version))
                UPDATE models SET
                """)
        case .modelRenamed(let renamed):
            statement.append("UPDATE models SET name = \(renamed.name),")
        case .versionUpdated(let update):
            statement.append(
                """
                , changed AS (
                    UPDATE model_versions SET description = coalesce(\(update.description), description),
                                              tags = coalesce(\(update.tags.map { json($0) })::jsonb, tags),
                                              archived = coalesce(\(update.archived), archived)
                    WHERE model_id = \(modelId) AND version = \(update.version))
                UPDATE models SET
                """)
        case .versionDeleted(let deleted):
            // Gone from current state; its number stays taken (version_count) and its rows stay in model_history.
            statement.append(
                """
                , changed AS (DELETE FROM model_versions WHERE model_id = \(modelId) AND version = \(deleted.version))
                UPDATE models SET
                """)
        case .modelDeleted:
            // The model leaves every current-state table (its aliases were removed by the events before this one)
            // and is remembered in deleted_models, so the past can still be asked for by name.
            statement.append(
                """
                , versions AS (DELETE FROM model_versions WHERE model_id = \(modelId)),
                  approvals AS (DELETE FROM model_approvals WHERE model_id = \(modelId)),
                  grants AS (DELETE FROM model_grants WHERE model_id = \(modelId)),
                  aliases AS (DELETE FROM model_aliases WHERE model_id = \(modelId)),
                  remembered AS (INSERT INTO deleted_models (model_id, name, owner, deleted_at)
                                 SELECT model_id, name, owner, \(at) FROM models WHERE model_id = \(modelId))
                DELETE FROM models WHERE model_id = \(modelId) RETURNING (SELECT superseded FROM history)
                """)
            return ([statement], true)
        case .eventRetracted(let retraction):
            // The retracted fact's timelines are recomputed, and the current rows rewritten, whatever was in force.
            return (
                [
                    "SELECT history_retract(\(modelId), \(retraction.position), \(recorded.recordedAt)), history_refresh_current(\(modelId))",
                    positionOnly(modelId, recorded),
                ], false
            )
        case .artifactDownloaded:
            // Usage is not a change of the model.
            return ([positionOnly(modelId, recorded)], false)
        case .predictionBatchSealed, .principalCreated, .tokenIssued, .tokenRevoked:
            return ([], false)
        }
        statement.append(" ")
        statement.append(touch)
        statement.append(" WHERE model_id = \(modelId) RETURNING (SELECT superseded FROM history)")
        return ([statement], true)
    }

    /// The model row's stream version and position move, not its last-change time.
    private static func positionOnly(_ modelId: UUID, _ recorded: RecordedEvent) -> SQLQuery {
        "UPDATE models SET stream_version = \(recorded.streamVersion), last_position = \(recorded.position) WHERE model_id = \(modelId)"
    }

    /// The temporal facts an event sets (kind, key, value; nil value: the key no longer has one), as in schema/003.
    private static func historyFacts(_ event: RegistryEvent, recorded: RecordedEvent) -> [(kind: String, key: String, value: String?)] {
        let payload = String(decoding: recorded.data, as: UTF8.self)
        switch event {
        case .modelRegistered(let registered):
            return [
                ("model", "registered", json(["name": registered.name, "owner": registered.owner])),
                ("model", "description", json(registered.description)), ("model", "tags", json(registered.tags)),
                ("model", "protected_aliases", json(ModelState.defaultProtectedAliases.sorted())),
            ]
        case .modelUpdated(let update):
            return [
                update.description.map { ("model", "description", json($0)) }, update.tags.map { ("model", "tags", json($0)) },
            ].compactMap { $0 }
        case .protectedAliasesChanged(let change): return [("model", "protected_aliases", json(change.aliases.sorted()))]
        case .versionRegistered(let version): return [("version", String(version.version), payload)]
        case .aliasSet(let set): return [("alias", set.alias, payload)]
        case .aliasRemoved(let removed): return [("alias", removed.alias, nil)]
        case .versionApproved: return [("approval", String(recorded.position), payload)]
        case .accessGranted(let granted): return [("grant", HistoryKey.grant(principal: granted.principal, role: granted.role), payload)]
        case .accessRevoked(let revoked): return [("grant", HistoryKey.grant(principal: revoked.principal, role: revoked.role), nil)]
        case .evaluationDatasetSet: return [("model", "evaluation", payload)]
        case .promotionGateSet(let gate):
            return [("model", "gate:" + gate.alias, gate.minimum == nil && gate.maximum == nil ? nil : payload)]
        case .metricsComputed(let computed): return [("version", "\(computed.version):computed", payload)]
        case .modelRenamed(let renamed): return [("model", "name", json(renamed.name))]
        case .modelDeleted: return [("model", "deleted", json(true))]
        case .versionUpdated(let update):
            let key = String(update.version)
            return [
                update.description.map { ("version", key + ":description", json($0)) }, update.tags.map { ("version", key + ":tags", json($0)) },
                update.archived.map { ("version", key + ":archived", json($0)) },
            ].compactMap { $0 }
        case .versionDeleted(let deleted): return [("version", "\(deleted.version):deleted", json(true))]
        case .eventRetracted, .artifactDownloaded, .predictionBatchSealed, .principalCreated, .tokenIssued, .tokenRevoked: return []
        }
    }

    private static func principalStatements(_ event: RegistryEvent, principal: String, recorded: RecordedEvent) -> [SQLQuery] {
        let touch: SQLQuery = "UPDATE principals SET stream_version = \(recorded.streamVersion) WHERE name = \(principal)"
        switch event {
        case .principalCreated(let created):
            return [
                """
                INSERT INTO principals (name, kind, display_name, roles, created_at, stream_version)
                VALUES (\(created.name), \(created.kind.rawValue), \(created.displayName), \(created.roles.map(\.rawValue))::text[],
                        \(recorded.effectiveAt), \(recorded.streamVersion))
                """
            ]
        case .tokenIssued(let issued):
            return [
                """
                INSERT INTO principal_tokens (token_id, principal, label, issued_at, expires_at, revoked_at)
                VALUES (\(issued.tokenId), \(principal), \(issued.label), \(recorded.effectiveAt), \(issued.expiresAt), NULL)
                """, touch,
            ]
        case .tokenRevoked(let revoked):
            return ["UPDATE principal_tokens SET revoked_at = \(recorded.effectiveAt) WHERE token_id = \(revoked.tokenId)", touch]
        default:
            return []
        }
    }

    /// Canonical JSON text of a value for a jsonb column.
    static func json(_ value: some Encodable) -> String {
        // Encoding dictionaries, arrays and plain structs of strings and numbers cannot fail.
        let data = (try? RegistryEvent.makeEncoder().encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Keys of the temporal projection that are built from several fields.
enum HistoryKey {
    /// Roles contain no ':', so the first one separates the role from the principal's name.
    static func grant(principal: String, role: ModelRole) -> String { role.rawValue + ":" + principal }
}
