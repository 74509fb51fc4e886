import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// Predictions: served from `linear` versions (`predict`), reported from elsewhere (`predictions`), each logged
/// durably before the answer; and usage counts.
struct PredictionsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("models/{name}/predict", use: predict)
        group.post("models/{name}/predictions", use: report)
        group.get("models/{name}/usage", use: usage)
        group.get("enquiries/predictions/{id}", use: enquirePrediction)
        group.get("enquiries/models/{name}", use: enquireModel)
    }

    /// One prediction with everything behind it, readable without the registry (owner, auditor or admin).
    @Sendable func enquirePrediction(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        guard let id = UUID(uuidString: try context.pathParameter("id")) else {
            throw APIError(.badRequest, "invalid_parameter", "the prediction id is a UUID")
        }
        return try JSONResponse.make(try await services.enquiries.prediction(id, caller: try context.caller()))
    }

    /// A model's complete state at an instant, in one document.
    @Sendable func enquireModel(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let now = Date()
        let asOf = try request.asOf() ?? AsOf(at: now, knownAt: now)
        return try JSONResponse.make(
            try await services.enquiries.model(named: try context.pathParameter("name"), asOf: asOf, caller: try context.caller()))
    }

    struct ReportBody: Decodable {
        var predictions: [PredictionReports.Reported]
    }

    @Sendable func report(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(ReportBody.self, context: context, limit: 32 << 20)
        let receipt = try await services.reports.report(
            model: try context.pathParameter("name"), body.predictions, caller: try context.caller(), requestId: context.requestId,
            idempotencyKey: context.idempotencyKey)
        return try JSONResponse.make(receipt, status: .created)
    }

    @Sendable func usage(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let to = try request.instant("to") ?? Date()
        let from = try request.instant("from") ?? to.addingTimeInterval(-30 * 86_400)
        return try JSONResponse.make(
            try await services.reports.usage(model: try context.pathParameter("name"), from: from, to: to, caller: try context.caller()))
    }

    struct PredictBody: Decodable {
        var inputs: [[String: JSONValue]]
        var alias: String?
        var version: Int?
        /// "What would we have predicted": the version in force at `at` (as known at `known_at`, default now).
        var at: Date?
        var knownAt: Date?

        enum CodingKeys: String, CodingKey {
            case inputs, alias, version, at, knownAt = "known_at"
        }
    }

    @Sendable func predict(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(PredictBody.self, context: context, limit: 4 << 20)
        if let alias = body.alias {
            do { try Validation.validateAlias(alias) } catch { throw APIError(.badRequest, "invalid_json", error.message) }
        }
        let now = Date()
        let asOf = body.at == nil && body.knownAt == nil ? nil : AsOf(at: body.at ?? now, knownAt: body.knownAt ?? now)
        let answer = try await services.predictor.predict(
            model: try context.pathParameter("name"), Predictor.Request(inputs: body.inputs, alias: body.alias, version: body.version, asOf: asOf),
            caller: try context.caller(), requestId: context.requestId, idempotencyKey: context.idempotencyKey)
        return try JSONResponse.make(answer)
    }
}
