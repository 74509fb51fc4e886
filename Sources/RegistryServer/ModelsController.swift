import EventLog
import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// `/v1/models`: create, list, read and update registered models; their history.
struct ModelsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("models", use: create)
        group.get("models", use: list)
        group.get("models/{name}", use: show)
        group.patch("models/{name}", use: update)
        group.get("models/{name}/history", use: history)
        group.post("models/{name}/retractions", use: retract)
        group.get("live", use: live)
    }

    /// `GET /v1/live?at=&known_at=&alias=production`: which version each visible model had live then.
    @Sendable func live(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let alias = request.uri.queryParameters.get("alias") ?? "production"
        do {
            try Validation.validateAlias(alias)
        } catch {
            throw APIError(.badRequest, "invalid_parameter", error.message)
        }
        let now = Date()
        let asOf = try request.asOf() ?? AsOf(at: now, knownAt: now)
        return try JSONResponse.make(
            try await services.queries.live(caller: try context.caller(), asOf: asOf, alias: alias, model: request.uri.queryParameters.get("model")))
    }

    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(CreateModelBody.self, context: context)
        let outcome = try await services.registry.createModel(
            name: body.name, description: body.description ?? "", tags: body.tags ?? [:], context: try context.commandContext())
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()), status: .created)
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let after = request.uri.queryParameters.get("after")
        let search = request.uri.queryParameters.get("q")
        if let asOf = try request.asOf() {
            return try JSONResponse.make(
                try await services.queries.listModels(
                    caller: try context.caller(), asOf: asOf, after: after, limit: try request.pageLimit(), nameContains: search))
        }
        let page = try await services.queries.listModels(
            caller: try context.caller(), after: after, limit: try request.pageLimit(), nameContains: search)
        return try JSONResponse.make(page)
    }

    @Sendable func show(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        if let asOf = try request.asOf() {
            return try JSONResponse.make(try await services.queries.model(named: name, caller: try context.caller(), asOf: asOf))
        }
        return try JSONResponse.make(try await services.queries.model(named: name, caller: try context.caller()))
    }

    @Sendable func update(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(UpdateModelBody.self, context: context)
        let outcome = try await services.registry.execute(
            .update(description: body.description, tags: body.tags, reason: body.reason), model: name,
            context: try context.commandContext(reason: body.reason, effectiveAt: body.effectiveAt))
        return try JSONResponse.make(try await services.modelAfterWrite(outcome, caller: try context.caller()))
    }

    /// Withdraws an earlier event of the model (`EventRetracted`); answers the retraction as the history shows it.
    @Sendable func retract(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let name = try context.pathParameter("name")
        let body = try await request.decodeJSON(RetractionBody.self, context: context)
        let outcome = try await services.registry.retract(
            eventId: body.eventId, model: name, reason: body.reason, context: try context.commandContext(reason: body.reason))
        guard let appended = outcome.events.first else { throw APIError(RegistryError.modelNotFound(name)) }
        let page = try await services.queries.history(
            of: name, caller: try context.caller(), afterVersion: appended.streamVersion - 1, limit: 1)
        return try JSONResponse.make(page.items.first, status: .created)
    }

    @Sendable func history(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let after = try request.nonNegativeInteger("after") ?? 0
        if let asOf = try request.asOf() {
            return try JSONResponse.make(
                try await services.queries.history(
                    of: name, caller: try context.caller(), asOf: asOf, afterVersion: after, limit: try request.pageLimit()))
        }
        let page = try await services.queries.history(of: name, caller: try context.caller(), afterVersion: after, limit: try request.pageLimit())
        return try JSONResponse.make(page)
    }
}
