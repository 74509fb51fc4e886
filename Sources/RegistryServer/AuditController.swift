import EventLog
import Foundation
import Hummingbird
import NIOCore
import RegistryDomain
import RegistryService

/// Tamper evidence and compliance exports: signed checkpoints, inclusion and consistency proofs, verification of
/// both lanes, and the streamed events and decision-log exports (docs/VERIFYING.md). Auditors and admins.
struct AuditController {
    let services: RegistryServices

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("checkpoints/latest", use: latestCheckpoint)
        group.get("checkpoints", use: listCheckpoints)
        group.post("checkpoints", use: signCheckpoint)
        group.get("proofs/inclusion", use: inclusion)
        group.get("proofs/consistency", use: consistency)
        group.get("verify", use: verify)
        group.get("exports/events", use: exportEvents)
        group.get("exports/predictions", use: exportPredictions)
        group.get("exports/inventory", use: exportInventory)
        group.get("reports", use: report)
    }

    /// The latest signed head (reading never signs one: that is the schedule's or an admin's act).
    @Sendable func latestCheckpoint(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        _ = try context.caller()
        guard let latest = try await services.checkpoints.latest() else {
            throw APIError(.notFound, "no_checkpoint", "no checkpoint has been signed yet")
        }
        return try JSONResponse.make(latest)
    }

    @Sendable func listCheckpoints(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        _ = try context.caller()
        let from = try request.nonNegativeInteger("from") ?? 0
        let limit = try request.pageLimit()
        let heads = try await services.checkpoints.list(fromSize: from, limit: limit + 1)
        let items = Array(heads.prefix(limit))
        return try JSONResponse.make(Page(items: items, next: heads.count > limit ? heads.last.map { String($0.treeSize) } : nil))
    }

    /// Signs a head now (admins): for publishing outside the regular schedule.
    @Sendable func signCheckpoint(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.registryRoles.contains(.admin) else { throw APIError(.forbidden, "forbidden", "signing a checkpoint needs the admin role") }
        return try JSONResponse.make(try await services.checkpoints.sign(), status: .created)
    }

    @Sendable func inclusion(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        guard let position = try request.nonNegativeInteger("position") else {
            throw APIError(.badRequest, "invalid_parameter", "position is required")
        }
        let proof = try await services.checkpoints.inclusion(
            position: position, treeSize: try request.nonNegativeInteger("tree_size"), caller: try context.caller())
        return try JSONResponse.make(proof)
    }

    @Sendable func consistency(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        guard let from = try request.nonNegativeInteger("from") else { throw APIError(.badRequest, "invalid_parameter", "from is required") }
        let proof = try await services.checkpoints.consistency(from: from, to: try request.nonNegativeInteger("to"), caller: try context.caller())
        return try JSONResponse.make(proof)
    }

    @Sendable func verify(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.audit.run(caller: try context.caller()))
    }

    @Sendable func exportEvents(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let plan = try await services.exports.planEvents(from: try bound(request, "from"), to: try bound(request, "to"), caller: try context.caller())
        let exports = services.exports
        return Response(
            status: .ok, headers: Self.attachment("events-\(plan.fromPosition)-\(plan.toPosition).jsonl", type: "application/x-ndjson"),
            body: ResponseBody { writer in
                try await exports.streamEvents(plan) { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
                try await writer.finish(nil)
            })
    }

    @Sendable func exportPredictions(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let formatText = request.uri.queryParameters.get("format") ?? "jsonl"
        guard let format = Exports.PredictionsFormat(rawValue: formatText) else {
            throw APIError(.badRequest, "invalid_parameter", "format must be jsonl or csv")
        }
        let plan = try services.exports.planPredictions(
            from: try request.instant("from"), to: try request.instant("to"), format: format, caller: try context.caller())
        let exports = services.exports
        return Response(
            status: .ok,
            headers: Self.attachment("decision-log.\(format.rawValue)", type: format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"),
            body: ResponseBody { writer in
                try await exports.streamPredictions(plan) { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
                try await writer.finish(nil)
            })
    }

    /// The inventory for (at, known_at), both defaulting to now: JSON, or CSV with one row per model.
    @Sendable func exportInventory(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let format = request.uri.queryParameters.get("format") ?? "json"
        guard format == "json" || format == "csv" else { throw APIError(.badRequest, "invalid_parameter", "format must be json or csv") }
        let document = try await services.inventory.rows(asOf: try request.asOf() ?? AsOf(at: Date(), knownAt: Date()), caller: try context.caller())
        guard format == "csv" else { return try JSONResponse.make(document) }
        return Response(
            status: .ok, headers: Self.attachment("inventory-\(RFC3339.format(document.asOf.at)).csv", type: "text/csv; charset=utf-8"),
            body: ResponseBody(byteBuffer: ByteBuffer(string: document.csv)))
    }

    /// The period report: JSON, CSV or Markdown.
    @Sendable func report(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let format = request.uri.queryParameters.get("format") ?? "json"
        let report = try await services.periodReports.report(
            from: try request.instant("from"), to: try request.instant("to"), caller: try context.caller())
        switch format {
        case "json": return try JSONResponse.make(report)
        case "csv":
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: report.csv)))
        case "md":
            return Response(
                status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: report.markdown)))
        default: throw APIError(.badRequest, "invalid_parameter", "format must be json, csv or md")
        }
    }

    private func bound(_ request: Request, _ name: String) throws -> ExportBound? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let bound = ExportBound.parse(text) else {
            throw APIError(.badRequest, "invalid_parameter", "\(name) must be a ledger position or an RFC 3339 timestamp")
        }
        return bound
    }

    static func attachment(_ filename: String, type: String) -> HTTPFields {
        [.contentType: type, .contentDisposition: "attachment; filename=\"\(filename)\""]
    }
}
