import Foundation
import HTTPTypes
import Hummingbird
import RegistryService

/// Resolves `Authorization: Bearer <token>` to a principal; anything else is 401. Runs on every request of the
/// routes it guards, so a revoked or expired token stops working for the very next request.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Self.unauthorized("missing bearer token")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let principal = try await authenticator.authenticate(token) else {
            throw Self.unauthorized("the token is invalid, expired or revoked")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "unauthenticated", message)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"modelreg\""
        return error
    }
}
