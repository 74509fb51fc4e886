import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RegistryDomain
import RegistryService

/// History (the audit log), enquiries about predictions, the period report and the exports.
extension WebController {
    func addAuditRoutes(to router: Router<RegistryRequestContext>) {
        router.get("history", use: page(.history) { _, _, view in try await historyPage(view) })
        router.get("enquiries", use: page(.enquiries) { _, _, view in try await enquiriesPage(view) })
        router.get("enquiries/{id}", use: page(.enquiries) { _, context, view in try await enquiryPage(try context.pathParameter("id"), view) })
        router.get("reports", use: page(.reports) { _, _, view in try await reportsPage(view) })
        router.get("exports/inventory.csv", use: page(.reports) { _, _, view in try await inventoryExport(view) })
        router.get("exports/events.jsonl", use: page(.reports) { _, _, view in try await eventsExport(view) })
    }

    // MARK: - History

    struct HistoryPage {
        struct Row {
            var position: Int64
            var recordedAt: String
            var effectiveAt: String
            var backDated: Bool
            var type: String
            var model: String?
            var modelHref: String?
            var stateAfter: String?
            var actor: String
            var summary: String
            var hash: String
            var shortHash: String
            var retracted: Bool
        }

        var model: String
        var actor: String
        var from: String
        var to: String
        var types: [Option]
        var rows: [Row]
        var chainOK: Bool
        var chainText: String
        var next: String?
        var newest: String?
        var timeFields: [Layout.Hidden]
    }

    func historyPage(_ view: WebView) async throws -> Response {
        var filter = AuditTrail.Filter()
        filter.model = view.query["model"] ?? ""
        filter.type = view.query["type"] ?? ""
        filter.actor = view.query["actor"] ?? ""
        filter.from = try TimeTravel.instant(view.query["from"], name: "from")
        filter.to = try TimeTravel.instant(view.query["to"], name: "to")
        // In the past, the log ends where the registry's knowledge then ended.
        if let knownAt = view.asOf?.knownAt {
            let end = knownAt.addingTimeInterval(0.000_001)
            filter.to = min(filter.to ?? end, end)
        }
        let before: Int64? =
            if let text = view.query["before"], !text.isEmpty {
                try Int64(text).flatMap { $0 > 0 ? $0 : nil } ?? { throw WebError(.badRequest, "before must be a positive position") }()
            } else { nil }
        let page = try await auditTrail.events(filter, caller: view.caller, before: before, limit: 50)
        let types = try await auditTrail.types()
        let chain = try await chain.status()
        let rows = page.entries.map { entry in
            let event = entry.event
            let modelHref = entry.model.map { view.href(Self.modelPath($0)) }
            // The state right after the event: in force at its effective time, as known once it was recorded.
            let stateAfter = entry.model.map {
                WebView.href(
                    Self.modelPath($0), [("at", RFC3339.format(event.effectiveAt)), ("known_at", RFC3339.format(event.recordedAt))])
            }
            return HistoryPage.Row(
                position: event.position, recordedAt: TimeTravel.display(event.recordedAt), effectiveAt: TimeTravel.display(event.effectiveAt),
                backDated: event.effectiveAt < event.recordedAt.addingTimeInterval(-1), type: event.type, model: entry.model, modelHref: modelHref,
                stateAfter: stateAfter, actor: event.actor, summary: Self.summary(event), hash: event.hash, shortHash: String(event.hash.prefix(12)),
                retracted: event.retractedBy != nil)
        }
        let object = HistoryPage(
            model: filter.model, actor: filter.actor, from: TimeTravel.inputValue(try TimeTravel.instant(view.query["from"], name: "from")),
            to: TimeTravel.inputValue(try TimeTravel.instant(view.query["to"], name: "to")),
            types: [Option(value: "", label: "Any", selected: filter.type.isEmpty)]
                + types.map { Option(value: $0, label: $0, selected: $0 == filter.type) },
            rows: rows, chainOK: chain.ok,
            chainText: chain.ok
                ? "Chain verified: positions 1–\(chain.lastPosition) link by SHA-256"
                : "Chain broken at position \(chain.badPosition ?? 0): \(chain.detail ?? chain.problem?.rawValue ?? "")",
            next: page.nextBefore.map { view.hrefHere(replacing: ["before": String($0)]) },
            newest: before == nil ? nil : view.hrefHere(replacing: ["before": nil]), timeFields: view.timeFields)
        return renderer.page("history", object, title: "History", view: view, section: .history)
    }

    /// One line saying what an event did, from its payload.
    static func summary(_ event: EventView) -> String {
        guard case .object(let data) = event.data else { return "" }
        func text(_ key: String) -> String? {
            switch data[key] {
            case .string(let value)?: value
            case .number(let value)?: SVGChart.number(value)
            default: nil
            }
        }
        var parts: [String] = []
        if let name = text("name") { parts.append(name) }
        if let version = text("version") { parts.append("v" + version) }
        if let alias = text("alias") { parts.append("alias " + alias) }
        if let decision = text("decision") { parts.append(decision) }
        if let principal = text("principal"), let role = text("role") { parts.append("\(role) for \(principal)") }
        if let count = text("count") { parts.append("\(count) predictions") }
        if let reason = text("reason") ?? text("notes") { parts.append("“\(reason)”") }
        return parts.joined(separator: " · ")
    }

    // MARK: - Enquiries

    struct EnquiriesPage {
        var id: String
    }

    func enquiriesPage(_ view: WebView) async throws -> Response {
        if let id = view.query["id"]?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            guard UUID(uuidString: id) != nil else { throw WebError(.badRequest, "A prediction id looks like 0b6f2a9e-1c3d-4f5a-8b7c-9d0e1f2a3b4c.") }
            return Self.redirect(view.href("/enquiries/" + id.lowercased()))
        }
        return renderer.page("enquiries", EnquiriesPage(id: ""), title: "Enquiries", view: view, section: .enquiries)
    }

    struct EnquiryPage {
        var id: String
        var model: String
        var modelHref: String
        var version: String
        var versionHref: String
        var madeAt: String
        var caller: String
        var output: String
        var inputs: String
        var approval: String
        var proof: String
        var proofOK: Bool
        var reproduced: String?
        var document: String
    }

    func enquiryPage(_ id: String, _ view: WebView) async throws -> Response {
        guard let uuid = UUID(uuidString: id) else { throw WebError(.notFound, "There is no prediction \(id).") }
        let bundle = try await services.enquiries.prediction(uuid, caller: view.caller)
        let leaf = bundle["prediction"] ?? .null
        let version = bundle["version"]?["version"].map(HTMLText.scalar) ?? "?"
        let model = bundle["model_name"].map(HTMLText.scalar) ?? "?"
        let approval = bundle["approval_in_force"] ?? .null
        let reproduced: String? =
            switch bundle["re_execution"]?["reproduced"] {
            case .bool(true)?: "Re-executed now: the same output."
            case .bool(false)?: "Re-executed now: a different output or an error (see below)."
            default: nil
            }
        let object = EnquiryPage(
            id: uuid.uuidString.lowercased(), model: model, modelHref: view.href(Self.modelPath(model)), version: "v" + version,
            versionHref: view.href("/models/\(WebView.escape(model))/versions/\(version)"),
            madeAt: leaf["made_at"].map(HTMLText.scalar) ?? "", caller: leaf["caller"].map(HTMLText.scalar) ?? "",
            output: leaf["output"].map(HTMLText.scalar) ?? "", inputs: HTMLText.document(leaf["inputs"] ?? .null),
            approval: approval == .null
                ? "No approval was in force for the alias used."
                : "\(approval["decision"].map(HTMLText.scalar) ?? "") for \(approval["alias"].map(HTMLText.scalar) ?? "") by \(approval["approver"].map(HTMLText.scalar) ?? "") on \(approval["approved_at"].map(HTMLText.scalar) ?? "")",
            proof: bundle["batch"]?["proof"].map(HTMLText.scalar) ?? "", proofOK: bundle["batch"]?["proof_verifies"] == .bool(true),
            reproduced: reproduced,
            document: HTMLText.document(bundle, order: ["model_name", "prediction", "version", "approval_in_force", "alias_history", "re_execution"]))
        return renderer.page("enquiry", object, title: "Enquiry \(object.id)", view: view, section: .enquiries)
    }

    // MARK: - Reports and exports

    struct ReportsPage {
        struct Count {
            var label: String
            var count: Int
        }

        struct Promotion {
            var at: String
            var model: String
            var modelHref: String
            var move: String
            var actor: String
        }

        var from: String
        var to: String
        var period: String
        var counts: [Count]
        var predictionsChart: String
        var changesChart: String
        var hasPredictions: Bool
        var promotions: [Promotion]
        var inventoryHref: String
        var eventsHref: String
    }

    func reportsPage(_ view: WebView) async throws -> Response {
        let to = try TimeTravel.instant(view.query["to"], name: "to") ?? view.asOf?.knownAt ?? Date()
        let from = try TimeTravel.instant(view.query["from"], name: "from") ?? to.addingTimeInterval(-90 * 86_400)
        let summary = try await services.periodReports.summary(from: from, to: to, caller: view.caller)
        let kinds = [
            ("Models registered", "ModelRegistered"), ("Versions registered", "VersionRegistered"), ("Promotions", "AliasSet"),
            ("Reviews", "VersionApproved"), ("Grants", "AccessGranted"), ("Revocations", "AccessRevoked"),
        ].map { (label: $0.0, count: summary.counts[$0.1] ?? 0) }
        let object = ReportsPage(
            from: TimeTravel.inputValue(from), to: TimeTravel.inputValue(to), period: "\(TimeTravel.display(from)) to \(TimeTravel.display(to))",
            counts: kinds.map { ReportsPage.Count(label: $0.label, count: $0.count) }
                + [
                    ReportsPage.Count(label: "Predictions", count: Int(summary.predictionsByModel.values.reduce(0, +))),
                    ReportsPage.Count(label: "Downloads", count: Int(summary.downloads)),
                ],
            predictionsChart: SVGChart.bars(
                id: "predictions-chart", title: "Predictions per model", items: summary.predictionsByModel.map { ($0.key, Double($0.value)) }),
            changesChart: SVGChart.bars(id: "changes-chart", title: "Changes by kind", items: kinds.map { ($0.label, Double($0.count)) }),
            hasPredictions: !summary.predictionsByModel.isEmpty,
            // The newest hundred: the whole list is in the ledger export below (and in GET /v1/reports).
            promotions: summary.latestPromotions.map { change in
                ReportsPage.Promotion(
                    at: TimeTravel.display(change.at), model: change.model, modelHref: view.href(Self.modelPath(change.model)),
                    move: "\(change.alias ?? "") → v\(change.version ?? 0)", actor: change.actor)
            },
            inventoryHref: view.href("/exports/inventory.csv"),
            eventsHref: WebView.href("/exports/events.jsonl", [("from", RFC3339.format(from)), ("to", RFC3339.format(to))]))
        return renderer.page("reports", object, title: "Reports", view: view, section: .reports)
    }

    /// The inventory as it stood for the page's instants, as CSV.
    func inventoryExport(_ view: WebView) async throws -> Response {
        let document = try await services.inventory.rows(asOf: view.asOf ?? AsOf(at: Date(), knownAt: Date()), caller: view.caller)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"model-inventory.csv\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: document.csv)))
    }

    /// The ledger for a recorded period as JSON lines, streamed as `/v1/exports/events` writes it.
    func eventsExport(_ view: WebView) async throws -> Response {
        let from = try TimeTravel.instant(view.query["from"], name: "from")
        let to = try TimeTravel.instant(view.query["to"], name: "to")
        let plan = try await services.exports.planEvents(from: from.map(ExportBound.instant), to: to.map(ExportBound.instant), caller: view.caller)
        let exports = services.exports
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-ndjson", .contentDisposition: "attachment; filename=\"ledger-events.jsonl\"", .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await exports.streamEvents(plan) { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
                try await writer.finish(nil)
            })
    }
}
