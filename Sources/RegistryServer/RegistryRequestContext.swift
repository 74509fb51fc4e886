import Foundation
import Hummingbird
import Logging
import RegistryDomain
import RegistryService

/// Per-request context: the authenticated principal (set by `AuthenticationMiddleware`) and the request id that
/// travels into event metadata and log lines.
public struct RegistryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var requestId: String
    public var idempotencyKey: String?
    /// The largest JSON body a route accepts (413 beyond); set from the server configuration.
    public var maxJSONBodySize = 1 << 20
    /// When the request arrived (uptime nanoseconds): web pages report their server time from it.
    public var receivedAt = DispatchTime.now().uptimeNanoseconds
    /// The web UI's session secret (from its cookie), set by the web session middleware.
    var webSession: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestId = UUID().uuidString.lowercased()
    }

    public var requestDecoder: JSONDecoder { RegistryEvent.makeDecoder() }
    public var responseEncoder: JSONEncoder { RegistryEvent.makeEncoder() }

    /// The caller; every route behind the authentication middleware has one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError(.unauthorized, "unauthenticated", "a valid bearer token is required") }
        return principal
    }

    /// The caller as the access policy sees it.
    func caller() throws -> Caller {
        let principal = try requirePrincipal()
        return Caller(name: principal.name, registryRoles: principal.roles)
    }

    /// The command context for the service: who (with their registry roles), which request, which idempotency key.
    /// `effectiveAt` makes the command a correction: a fact of that earlier instant.
    func commandContext(reason: String? = nil, effectiveAt: Date? = nil) throws -> CommandContext {
        let principal = try requirePrincipal()
        return CommandContext(
            actor: principal.name, registryRoles: principal.roles, requestId: requestId, idempotencyKey: idempotencyKey, reason: reason,
            effectiveAt: effectiveAt)
    }
}
