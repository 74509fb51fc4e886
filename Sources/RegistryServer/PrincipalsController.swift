import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// Principals and their tokens. Administrators manage everyone; a principal may list and manage its own tokens.
struct PrincipalsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("principals", use: create)
        group.get("principals", use: list)
        group.get("principals/{principal}", use: show)
        group.get("principals/{principal}/tokens", use: tokens)
        group.post("principals/{principal}/tokens", use: issueToken)
        group.delete("principals/{principal}/tokens/{token}", use: revokeToken)
    }

    /// The answer to a creation or issue: the only time the token's secret is ever shown.
    struct IssuedTokenResponse: Encodable {
        var principal: PrincipalDirectory.Record?
        var token: PrincipalDirectory.TokenRecord?
        var secret: String
    }

    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        try requireAdmin(context)
        var request = request
        let body = try await request.decodeJSON(CreatePrincipalBody.self, context: context)
        let (record, token) = try await services.principals.create(
            name: body.name, kind: body.kind ?? .user, displayName: body.displayName ?? body.name, roles: body.roles ?? [],
            tokenExpiresAt: body.tokenExpiresAt, context: try context.commandContext())
        let tokenRecord = try await services.principals.tokens(of: record.name).first { $0.tokenId == token.tokenId }
        return try JSONResponse.make(IssuedTokenResponse(principal: record, token: tokenRecord, secret: token.token), status: .created)
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let caller = try context.requirePrincipal()
        guard caller.isAdmin || caller.isAuditor else {
            throw APIError(.forbidden, "forbidden", "listing principals needs the admin or auditor role")
        }
        return try JSONResponse.make(["items": try await services.principals.list()])
    }

    @Sendable func show(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try selfOrAdmin(context)
        guard let record = try await services.principals.find(name) else { throw notFound(name) }
        return try JSONResponse.make(record)
    }

    @Sendable func tokens(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try selfOrAdmin(context)
        guard try await services.principals.find(name) != nil else { throw notFound(name) }
        return try JSONResponse.make(["items": try await services.principals.tokens(of: name)])
    }

    @Sendable func issueToken(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try selfOrAdmin(context)
        var request = request
        let body: IssueTokenBody =
            request.headers[.contentLength].flatMap(Int.init) ?? 0 > 0
            ? try await request.decodeJSON(IssueTokenBody.self, context: context) : IssueTokenBody()
        let (record, secret) = try await services.principals.issueToken(
            for: name, label: body.label ?? "", expiresAt: body.expiresAt, context: try context.commandContext())
        return try JSONResponse.make(IssuedTokenResponse(principal: nil, token: record, secret: secret), status: .created)
    }

    @Sendable func revokeToken(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try selfOrAdmin(context)
        try await services.principals.revokeToken(
            try context.pathParameter("token"), of: name, reason: request.uri.queryParameters.get("reason"), context: try context.commandContext())
        return Response(status: .noContent)
    }

    private func requireAdmin(_ context: RegistryRequestContext) throws {
        guard try context.requirePrincipal().isAdmin else {
            throw APIError(.forbidden, "forbidden", "managing principals needs the admin role")
        }
    }

    /// The principal in the path, if the caller is that principal or an admin.
    private func selfOrAdmin(_ context: RegistryRequestContext) throws -> String {
        let name = try context.pathParameter("principal")
        let caller = try context.requirePrincipal()
        guard caller.name == name || caller.isAdmin else {
            throw APIError(.forbidden, "forbidden", "only an admin may manage another principal's tokens")
        }
        return name
    }

    private func notFound(_ name: String) -> APIError {
        APIError(.notFound, "principal_not_found", "principal '\(name)' not found")
    }
}
