import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// `POST /v1/models/{name}/predict`: predictions from `linear` versions, each logged durably before the answer.
struct PredictionsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("models/{name}/predict", use: predict)
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
            caller: try context.caller(), requestId: context.requestId)
        return try JSONResponse.make(answer)
    }
}
