import Hummingbird
import RegistryService

/// `GET /v1/events`: the ledger in position order, with hashes, paged by position.
struct EventsController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("events", use: list)
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let page = try await services.queries.events(
            caller: try context.caller(), afterPosition: try request.nonNegativeInteger("after") ?? 0, limit: try request.pageLimit())
        return try JSONResponse.make(page)
    }
}
