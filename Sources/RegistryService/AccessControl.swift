import Foundation
import Postgres
import RegistryDomain

/// Applies `AccessPolicy` with the facts from the projections: the model's owner, its protected aliases and the
/// caller's grants still in force (an expired grant stops working at its expiry, with no event needed).
public enum AccessControl {
    /// What the projections say about a caller and a model.
    struct Standing {
        var roles: Set<ModelRole>
        var protectedAliases: Set<String>
    }

    /// The caller's standing on the model, or nil when the model does not exist.
    static func standing(of principal: String, modelId: UUID, in session: PostgresSession) throws -> Standing? {
        try standing(of: principal, from: session.query(standingQuery(of: principal, modelId: modelId)))?.1
    }

    /// The model's id and the caller's standing on it, found by name; nil when there is no such model.
    static func standing(of principal: String, modelNamed name: String, in session: PostgresSession) throws -> (UUID, Standing)? {
        try standing(of: principal, from: session.query(standingQuery(of: principal, modelNamed: name)))
    }

    /// The statement that reads the caller's standing on the model; `standing(of:from:)` reads its answer.
    static func standingQuery(of principal: String, modelId: UUID) -> SQLQuery {
        standingQuery(of: principal, where: "m.model_id = \(modelId)")
    }

    /// The statement that reads the caller's standing on the model named `name`.
    static func standingQuery(of principal: String, modelNamed name: String) -> SQLQuery {
        standingQuery(of: principal, where: "m.name = \(name)")
    }

    private static func standingQuery(of principal: String, where condition: SQLQuery) -> SQLQuery {
        var query: SQLQuery = """
            SELECT m.model_id, m.owner, m.protected_aliases,
                   coalesce(array_agg(g.role) FILTER (WHERE g.role IS NOT NULL), '{}')
            FROM models m
            LEFT JOIN model_grants g ON g.model_id = m.model_id AND g.principal = \(principal)
                                     AND (g.expires_at IS NULL OR g.expires_at > clock_timestamp())
            WHERE
            """
        query.append(" ")
        query.append(condition)
        query.append(" GROUP BY m.model_id, m.owner, m.protected_aliases")
        return query
    }

    /// The model's id and the caller's standing from the answer to `standingQuery`; nil when there is no such model.
    static func standing(of principal: String, from rows: PostgresRows) throws -> (UUID, Standing)? {
        guard let row = rows.first else { return nil }
        var roles = Set(try row.decode([String].self, at: 3).compactMap(ModelRole.init(rawValue:)))
        if try row.decode(String.self, at: 1) == principal { roles.insert(.owner) }
        return (try row.decode(UUID.self, at: 0), Standing(roles: roles, protectedAliases: Set(try row.decode([String].self, at: 2))))
    }

    /// Throws the refusal for `operation` (404 when the model must stay invisible, 403 naming the role needed).
    static func authorize(_ operation: ModelOperation, caller: Caller, standing: Standing, model name: String) throws {
        switch AccessPolicy.decide(operation, caller: caller, roles: standing.roles, model: name) {
        case .allowed: return
        case .invisible: throw RegistryError.modelNotFound(name)
        case .forbidden(_, let message): throw RegistryError(.forbidden, "forbidden", message)
        }
    }

    /// Checks `operation` on the model in this session; throws not-found for missing or invisible models.
    public static func check(_ operation: ModelOperation, caller: Caller, modelId: UUID, model name: String, in session: PostgresSession) throws {
        guard let standing = try standing(of: caller.name, modelId: modelId, in: session) else { throw RegistryError.modelNotFound(name) }
        try authorize(operation, caller: caller, standing: standing, model: name)
    }

    /// The operation a command needs; alias moves depend on whether the alias is protected.
    static func operation(for command: ModelCommand, protectedAliases: Set<String>) -> ModelOperation? {
        switch command {
        case .register: nil
        case .update, .registerVersion: .edit
        case .setAlias(let alias, _, _), .removeAlias(let alias, _):
            protectedAliases.contains(alias) ? .moveProtectedAlias : .moveAlias
        case .review: .approve
        case .setProtectedAliases, .grant, .revoke: .manageAccess
        case .recordDownload: .download
        case .retract: .correct
        case .setEvaluationDataset, .setPromotionGate: .manageAccess
        case .recordMetrics: .edit
        case .editTags, .updateVersion: .edit
        case .rename, .delete, .deleteVersion: .administer
        case .transitionStage:
            // A transition may take a stage's alias from this version or give it, so it needs the stronger role
            // whenever either stage alias is protected.
            protectedAliases.isDisjoint(with: VersionStage.allCases.compactMap(\.alias)) ? .moveAlias : .moveProtectedAlias
        }
    }

    /// Registry-wide writes (creating models, uploading artifacts) are open to every principal except those who
    /// are only auditors: an auditor changes nothing.
    public static func requireWriter(_ caller: Caller) throws {
        if caller.registryRoles.contains(.auditor) && !caller.registryRoles.contains(.admin) {
            throw RegistryError(.forbidden, "forbidden", "auditors read everything and change nothing")
        }
    }

    /// The SQL condition (on `models m`) for the models a caller may see.
    static func visibleModels(_ caller: Caller) -> SQLQuery {
        let everything = caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)
        return """
            (\(everything) OR m.owner = \(caller.name) OR EXISTS (
                SELECT 1 FROM model_grants g WHERE g.model_id = m.model_id AND g.principal = \(caller.name)
                  AND (g.expires_at IS NULL OR g.expires_at > clock_timestamp())))
            """
    }
}
