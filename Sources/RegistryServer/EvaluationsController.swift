import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// The registry's own evaluation of linear versions, and promotion gates on its metrics (owners).
struct EvaluationsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.put("models/{name}/evaluation", use: setDataset)
        group.put("models/{name}/gates/{alias}", use: setGate)
    }

    struct DatasetBody: Decodable {
        var artifactSHA256: String
        var target: String

        enum CodingKeys: String, CodingKey {
            case artifactSHA256 = "artifact_sha256", target
        }
    }

    struct DatasetAnswer: Encodable {
        var model: String
        var evaluation: EvaluationDatasetSet
        var computed: [MetricsComputed]
        var skipped: [Evaluator.Report.Skipped]
    }

    /// Attaches the evaluation dataset (a CSV artifact and its target column) and evaluates every linear version on it.
    @Sendable func setDataset(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(DatasetBody.self, context: context)
        // Rights first (owners; auditors and admins read the grants, and the append below refuses an auditor), then
        // the dataset is read and checked before it is attached, so an unreadable one is never recorded.
        _ = try await services.queries.grants(of: name, caller: try context.caller())
        do {
            try Validation.validateSHA256(body.artifactSHA256)
        } catch {
            throw APIError(.unprocessableContent, "invalid_argument", error.message)
        }
        guard try await services.artifacts.info(body.artifactSHA256) != nil else {
            throw APIError(.unprocessableContent, "artifact_not_found", "no artifact with SHA-256 \(body.artifactSHA256); upload the CSV first")
        }
        try await services.evaluator.check(EvaluationDatasetSet(artifactSHA256: body.artifactSHA256, target: body.target))
        _ = try await services.registry.execute(
            .setEvaluationDataset(artifactSHA256: body.artifactSHA256, target: body.target), model: name, context: try context.commandContext())
        let report = try await services.evaluator.evaluate(model: name, requestId: context.requestId)
        return try JSONResponse.make(
            DatasetAnswer(
                model: name, evaluation: EvaluationDatasetSet(artifactSHA256: body.artifactSHA256, target: body.target), computed: report.computed,
                skipped: report.skipped))
    }

    struct GateBody: Decodable {
        var metric: String
        var minimum: Double?
        var maximum: Double?
        var reason: String?
    }

    /// Sets (or, with neither bound, removes) the gate on an alias.
    @Sendable func setGate(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(GateBody.self, context: context)
        do {
            try Validation.validateReason(body.reason)
        } catch {
            throw APIError(.unprocessableContent, "invalid_argument", error.message)
        }
        let outcome = try await services.registry.execute(
            .setPromotionGate(alias: try context.pathParameter("alias"), metric: body.metric, minimum: body.minimum, maximum: body.maximum),
            model: name, context: try context.commandContext(reason: body.reason))
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()))
    }
}
