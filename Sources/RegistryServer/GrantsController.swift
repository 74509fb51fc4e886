import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// Per-model access: grants (with optional expiry) and which aliases are protected. Owners manage both;
/// auditors and admins may read the grants.
struct GrantsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("models/{name}/grants", use: list)
        group.put("models/{name}/grants/{principal}", use: grant)
        group.delete("models/{name}/grants/{principal}/{role}", use: revoke)
        group.put("models/{name}/protected-aliases", use: protect)
    }

    struct GrantList: Encodable {
        var model: String
        var items: [GrantView]
        var asOf: AsOf?

        enum CodingKeys: String, CodingKey {
            case model, items, asOf = "as_of"
        }
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        if let asOf = try request.asOf() {
            let items = try await services.queries.grants(of: name, caller: try context.caller(), asOf: asOf)
            return try JSONResponse.make(GrantList(model: name, items: items, asOf: asOf))
        }
        return try JSONResponse.make(
            GrantList(model: name, items: try await services.queries.grants(of: name, caller: try context.caller()), asOf: nil))
    }

    @Sendable func grant(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(GrantBody.self, context: context)
        let outcome = try await services.registry.execute(
            .grant(principal: try context.pathParameter("principal"), role: body.role, expiresAt: body.expiresAt, reason: body.reason), model: name,
            context: try context.commandContext(reason: body.reason, effectiveAt: body.effectiveAt))
        return try JSONResponse.make(
            GrantList(model: name, items: try await services.grantsAfterWrite(outcome, caller: try context.caller()), asOf: nil))
    }

    @Sendable func revoke(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        guard let role = ModelRole(rawValue: try context.pathParameter("role")) else {
            throw APIError(.badRequest, "invalid_parameter", "role must be one of viewer, user, editor, approver, owner")
        }
        let reason = request.uri.queryParameters.get("reason")
        let outcome = try await services.registry.execute(
            .revoke(principal: try context.pathParameter("principal"), role: role, reason: reason), model: name,
            context: try context.commandContext(reason: reason, effectiveAt: try request.instant("effective_at")))
        return try JSONResponse.make(
            GrantList(model: name, items: try await services.grantsAfterWrite(outcome, caller: try context.caller()), asOf: nil))
    }

    @Sendable func protect(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(ProtectedAliasesBody.self, context: context)
        let outcome = try await services.registry.execute(
            .setProtectedAliases(aliases: body.aliases, reason: body.reason), model: name,
            context: try context.commandContext(reason: body.reason, effectiveAt: body.effectiveAt))
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()))
    }
}
