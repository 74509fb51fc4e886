import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryDomain
import RegistryService

/// Versions, their artifacts, aliases and approvals.
struct VersionsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("models/{name}/versions", use: register)
        group.get("models/{name}/versions", use: list)
        group.get("models/{name}/versions/{version}", use: show)
        group.get("models/{name}/versions/{version}/artifact", use: download)
        group.post("models/{name}/versions/{version}/approvals", use: review)
        group.get("models/{name}/aliases/{alias}", use: showAlias)
        group.put("models/{name}/aliases/{alias}", use: setAlias)
        group.delete("models/{name}/aliases/{alias}", use: removeAlias)
    }

    @Sendable func register(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(RegisterVersionBody.self, context: context)
        let (number, outcome) = try await registerVersion(body, model: name, context: context)
        return try JSONResponse.make(try await services.versionAfterWrite(number, outcome, caller: try context.caller()), status: .created)
    }

    /// Registers a version described by `body` (the JSON route and the web UI's form): the artifact must be stored,
    /// a format the registry reads is checked and its signature derived, and the registry evaluates it after.
    func registerVersion(_ body: RegisterVersionBody, model name: String, context: RegistryRequestContext) async throws -> (Int, Registry.Outcome) {
        // Invisible models answer 404 before anything about the artifact is revealed.
        _ = try await services.queries.model(named: name, caller: try context.caller())
        try Validation.validateSHA256(body.artifactSHA256)
        guard body.format != MLflowArtifacts.manifestFormat else {
            throw APIError(
                .unprocessableContent, "invalid_argument",
                "format '\(MLflowArtifacts.manifestFormat)' is the registry's own record of an MLflow version; register those through MLflow's API")
        }
        guard let artifact = try await services.artifacts.info(body.artifactSHA256) else {
            throw APIError(
                .unprocessableContent, "artifact_not_found", "no artifact with SHA-256 \(body.artifactSHA256); upload it to /v1/artifacts first")
        }
        // A format the registry reads itself is checked now (an unsupported term is refused at registration, not at
        // prediction time), and its signature derived from it.
        var signature = body.signature
        if ModelFormats.isChecked(body.format) {
            let bytes = try await services.artifacts.bytes(artifact.sha256, limit: ModelFormats.readLimit)
            signature = try ModelFormats.signature(format: body.format, artifact: bytes, declared: body.signature)
        }
        let command = RegisterVersion(
            artifactSHA256: artifact.sha256, artifactSize: artifact.size, format: body.format, description: body.description ?? "",
            signature: signature, card: body.card, metrics: body.metrics ?? [:],
            lineage: Lineage(source: body.lineage?.source, runId: body.lineage?.runId, trainingData: body.lineage?.trainingData),
            tags: body.tags ?? [:])
        let outcome = try await services.registry.execute(
            .registerVersion(command), model: name, context: try context.commandContext(reason: body.reason, effectiveAt: body.effectiveAt))
        guard let number = outcome.model.versions.last?.version else { throw APIError(RegistryError.modelNotFound(name)) }
        // The registry's own metrics, on the model's evaluation dataset, before the answer.
        // The version is registered whatever happens here: an evaluation that cannot run leaves it without metrics.
        if ModelFormats.isChecked(body.format) {
            do {
                _ = try await services.evaluator.evaluate(model: name, requestId: context.requestId)
            } catch {
                context.logger.warning("evaluation after registration failed", metadata: ["model": "\(name)", "error": "\(error)"])
            }
        }
        return (number, outcome)
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        // Past the largest storable version the page is simply empty.
        let after = try request.nonNegativeInteger("after").map { Int(min($0, Int64(Int32.max))) }
        if let asOf = try request.asOf() {
            return try JSONResponse.make(
                try await services.queries.versions(of: name, caller: try context.caller(), asOf: asOf, after: after, limit: try request.pageLimit()))
        }
        return try JSONResponse.make(
            try await services.queries.versions(of: name, caller: try context.caller(), after: after, limit: try request.pageLimit()))
    }

    @Sendable func show(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        try JSONResponse.make(
            try await version(try context.versionParameter(), of: try context.pathParameter("name"), request: request, context: context))
    }

    /// One version now, or as of the request's `at` / `known_at`.
    private func version(_ number: Int, of name: String, request: Request, context: RegistryRequestContext) async throws -> VersionView {
        if let asOf = try request.asOf() {
            return try await services.queries.version(number, of: name, caller: try context.caller(), asOf: asOf)
        }
        return try await services.queries.version(number, of: name, caller: try context.caller())
    }

    /// Streams the artifact after recording the download in the ledger (who used which version).
    @Sendable func download(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let number = try context.versionParameter()
        // Recording the download checks the caller's `user` role (and that the version exists) before any byte is sent.
        _ = try await services.registry.execute(.recordDownload(version: number), model: name, context: try context.commandContext())
        let registered = try await services.queries.version(number, of: name, caller: try context.caller())
        let artifacts = services.artifacts
        let sha256 = registered.artifactSHA256
        let headers: HTTPFields = [
            .contentType: "application/octet-stream",
            .init("X-Artifact-SHA256")!: sha256,
            .eTag: "\"\(sha256)\"",
            .contentDisposition: "attachment; filename=\"\(name)-v\(number).bin\"",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: Int(registered.artifactSize)) { writer in
                try await artifacts.download(sha256) { chunk in try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
    }

    @Sendable func review(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let number = try context.versionParameter()
        let body = try await request.decodeJSON(ApprovalBody.self, context: context)
        let outcome = try await services.registry.execute(
            .review(version: number, alias: body.alias ?? "production", decision: body.decision ?? .approved, notes: body.notes ?? ""), model: name,
            context: try context.commandContext(reason: body.notes, effectiveAt: body.effectiveAt))
        // A back-dated review takes its place in valid time, so it is found by the event that recorded it.
        let position = outcome.events.first?.position
        guard let approval = outcome.model.approvals.last(where: { $0.position == position }) ?? outcome.model.approvals.last else {
            throw APIError(RegistryError.modelNotFound(name))
        }
        return try JSONResponse.make(ApprovalView(approval), status: .created)
    }

    @Sendable func showAlias(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let alias = try context.pathParameter("alias")
        let asOf = try request.asOf()
        let model =
            if let asOf { try await services.queries.model(named: name, caller: try context.caller(), asOf: asOf) } else {
                try await services.queries.model(named: name, caller: try context.caller())
            }
        guard let pointer = model.aliases[alias] else {
            throw APIError(.notFound, "alias_not_found", "model '\(name)' has no alias '\(alias)'\(asOf == nil ? "" : " then")")
        }
        return try JSONResponse.make(try await version(pointer.version, of: name, request: request, context: context))
    }

    @Sendable func setAlias(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(SetAliasBody.self, context: context)
        let alias = try context.pathParameter("alias")
        // `from_version` makes the move a compare-and-set: of clients racing to move the alias from where they saw
        // it, one wins and the others learn it moved (409) instead of silently overwriting each other.
        let expecting = body.fromVersion.map { expected in Self.aliasPoints(alias, to: expected) }
        let outcome = try await services.registry.execute(
            .setAlias(alias: alias, version: body.version, reason: body.reason), model: name,
            context: try context.commandContext(reason: body.reason, effectiveAt: body.effectiveAt), expecting: expecting)
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()))
    }

    /// A condition on the model: `alias` points to `expected` (nil: is not set).
    static func aliasPoints(_ alias: String, to expected: Int?) -> @Sendable (ModelState) throws -> Void {
        { model in
            let current = model.aliases[alias]?.version
            guard current == expected else {
                let now = current.map { "points to version \($0)" } ?? "is not set"
                let wanted = expected.map { "version \($0)" } ?? "unset"
                throw RegistryError(.conflict, "alias_moved", "alias '\(alias)' of '\(model.name)' \(now), not \(wanted)")
            }
        }
    }

    @Sendable func removeAlias(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body: ReasonBody? =
            request.headers[.contentLength].flatMap(Int.init) ?? 0 > 0 ? try await request.decodeJSON(ReasonBody.self, context: context) : nil
        let reason = request.uri.queryParameters.get("reason") ?? body?.reason
        let effectiveAt = try request.instant("effective_at") ?? body?.effectiveAt
        let outcome = try await services.registry.execute(
            .removeAlias(alias: try context.pathParameter("alias"), reason: reason), model: name,
            context: try context.commandContext(reason: reason, effectiveAt: effectiveAt))
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()))
    }
}
