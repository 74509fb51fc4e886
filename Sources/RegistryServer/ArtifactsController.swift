import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RegistryDomain
import RegistryService

/// `POST /v1/artifacts`: the raw body is the artifact. Streamed into the store; never held whole in memory.
struct ArtifactsController {
    let services: RegistryServices

    static let expectedDigestHeader = HTTPField.Name("X-Expected-SHA256")!

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("artifacts", use: upload)
        group.get("artifacts/{sha256}", use: show)
    }

    @Sendable func upload(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessControl.requireWriter(try context.caller())
        let expected = request.headers[Self.expectedDigestHeader] ?? request.uri.queryParameters.get("sha256")
        let declared = request.headers[.contentLength].flatMap(Int64.init)
        var iterator = request.body.makeAsyncIterator()
        let (info, created) = try await services.artifacts.upload(expectedSHA256: expected, declaredSize: declared, actor: principal.name) {
            guard let buffer = try await iterator.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
        return try JSONResponse.make(info, status: created ? .created : .ok)
    }

    @Sendable func show(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let sha256 = try context.pathParameter("sha256")
        let caller = try context.caller()
        // Knowing a digest must not reveal someone else's artifact: only its uploader, auditors and admins see it.
        guard let info = try await services.artifacts.info(sha256),
            info.createdBy == caller.name || caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)
        else {
            throw APIError(.notFound, "artifact_not_found", "no artifact with SHA-256 \(sha256)")
        }
        return try JSONResponse.make(info)
    }
}
