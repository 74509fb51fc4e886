import Foundation
import Hummingbird
import RegistryDomain
import RegistryService

/// `POST /v1/imports`: a backfill of models that lived before the registry (what `modelreg import` sends).
struct ImportsController {
    let services: RegistryServices
    /// A backfill carries many rows: it may be larger than an ordinary JSON body.
    static let maxBodySize = 16 << 20

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("imports", use: run)
    }

    struct ImportBody: Decodable {
        var source: String?
        /// "line" (CSV) or "entry" (JSON): how problems name the rows.
        var unit: String?
        var dryRun: Bool?
        var rows: [BackfillRow]
        /// Digest → size of artifacts a dry run has not uploaded yet.
        var pendingArtifacts: [String: Int64]?

        enum CodingKeys: String, CodingKey {
            case source, unit, dryRun = "dry_run", rows, pendingArtifacts = "pending_artifacts"
        }
    }

    @Sendable func run(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(ImportBody.self, context: context, limit: Self.maxBodySize)
        let unit = body.unit ?? "line"
        guard unit == "line" || unit == "entry" else { throw APIError(.badRequest, "invalid_json", "unit must be 'line' or 'entry'") }
        let dryRun = body.dryRun ?? false
        let report = try await services.importer.run(
            body.rows, source: body.source ?? "request", unit: unit, dryRun: dryRun,
            pendingArtifacts: dryRun ? body.pendingArtifacts ?? [:] : [:], context: try context.commandContext())
        return try JSONResponse.make(report, status: report.eventsAppended > 0 ? .created : .ok)
    }
}
