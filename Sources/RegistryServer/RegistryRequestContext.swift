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

    /// The command context for the service: who, which request, which idempotency key.
    func commandContext(reason: String? = nil) throws -> CommandContext {
        CommandContext(actor: try requirePrincipal().name, requestId: requestId, idempotencyKey: idempotencyKey, reason: reason)
    }
}
