import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// The models list, a model, and a version.
extension WebController {
    func addModelRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/", use: page(.models) { request, _, view in try await modelsPage(view) })
        router.get("models/{name}", use: page(.models) { _, context, view in try await modelPage(try context.pathParameter("name"), view) })
        router.get(
            "models/{name}/versions/{version}",
            use: page(.models) { _, context, view in
                try await versionPage(try context.pathParameter("name"), try context.versionParameter(), view: view)
            })
        // The same download as the API's, recorded in the model's history under the signed-in principal.
        router.get(
            "models/{name}/versions/{version}/artifact",
            use: page(.models) { request, context, _ in try await VersionsController(services: services).download(request, context: context) })
    }

    // MARK: - Models

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ModelsPage {
        struct Row {
            var name: String
            var href: String
            var versions: Int
            var live: String?
            var liveSince: String?
            var aliases: String
            var format: String
            var owner: String
            var riskTier: String
            var approval: String
            var approvalClass: String
            var lastChange: String
        }

        var q: String
        var tag: String
        var owners: [Option]
        var formats: [Option]
        var production: [Option]
        var sorts: [Option]
        var count: String
        var rows: [Row]
        var prev: String?
        var next: String?
        var pageLabel: String
        var canCreate: Bool
        var csrf: String
        var timeFields: [Layout.Hidden]
    }

    func modelsPage(_ view: WebView) async throws -> Response {
        var query = ModelCatalogue.Query()
        query.text = view.query["q"] ?? ""
        query.owner = view.query["owner"] ?? ""
        query.tag = view.query["tag"] ?? ""
        query.format = view.query["format"] ?? ""
        query.hasProduction = ["yes": true, "no": false][view.query["production"] ?? ""]
        guard let sort = ModelCatalogue.Sort(rawValue: view.query["sort"].flatMap { $0.isEmpty ? nil : $0 } ?? "name") else {
            throw WebError(.badRequest, "sort must be one of: \(ModelCatalogue.Sort.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        query.sort = sort
        guard let page = Int(view.query["page"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"), page >= 1, page <= 100_000 else {
            throw WebError(.badRequest, "page must be a positive number")
        }
        query.page = page
        let result = try await catalogue.search(query, caller: view.caller, asOf: view.asOf)
        let rows = result.rows.map { row in
            let approval: (String, String) =
                switch (row.liveVersion, row.approval?.decision) {
                case (nil, _): ("no production version", "neutral")
                case (_, "approved"?): ("approved by \(row.approval?.approver ?? "")", "ok")
                case (_, "rejected"?): ("rejected by \(row.approval?.approver ?? "")", "bad")
                default: ("not reviewed", "bad")
                }
            return ModelsPage.Row(
                name: row.name, href: view.href(Self.modelPath(row.name)), versions: row.versionCount,
                live: row.liveVersion.map { "v\($0)" }, liveSince: row.liveSince.map { String(TimeTravel.display($0).prefix(10)) },
                aliases: row.otherAliases.map { "\($0.alias) → v\($0.version)" }.joined(separator: ", "), format: row.format ?? "—",
                owner: row.owner, riskTier: row.riskTier ?? "—", approval: approval.0, approvalClass: approval.1,
                lastChange: TimeTravel.short(row.lastChange))
        }
        let pages = max(1, (result.total + query.pageSize - 1) / query.pageSize)
        let object = ModelsPage(
            q: query.text, tag: query.tag,
            owners: [Option(value: "", label: "Anyone", selected: query.owner.isEmpty)]
                + result.owners.map { Option(value: $0, label: $0, selected: $0 == query.owner) },
            formats: [Option(value: "", label: "Any", selected: query.format.isEmpty)]
                + result.formats.map { Option(value: $0, label: $0, selected: $0 == query.format) },
            production: [("", "Either"), ("yes", "Has a production version"), ("no", "No production version")].map {
                Option(value: $0.0, label: $0.1, selected: $0.0 == (view.query["production"] ?? ""))
            },
            sorts: [
                ("name", "Name A–Z"), ("-name", "Name Z–A"), ("-changed", "Changed, newest first"), ("changed", "Changed, oldest first"),
                ("-versions", "Most versions"), ("versions", "Fewest versions"),
            ].map { Option(value: $0.0, label: $0.1, selected: $0.0 == sort.rawValue) },
            count: result.total == 1 ? "1 model" : "\(result.total) models", rows: rows,
            prev: page > 1 ? view.hrefHere(replacing: ["page": String(page - 1)]) : nil,
            next: page < pages ? view.hrefHere(replacing: ["page": String(page + 1)]) : nil, pageLabel: "Page \(min(page, pages)) of \(pages)",
            canCreate: !view.isTimeTravelling && !(view.principal.roles.contains(.auditor) && !view.principal.roles.contains(.admin)),
            csrf: view.csrf, timeFields: view.timeFields)
        return renderer.page("models", object, title: "Models", view: view, section: .models)
    }

    // MARK: - A model

    struct ModelPage {
        struct AliasRow {
            var alias: String
            var version: String
            var versionHref: String
            var since: String
            var setBy: String
            var protected: Bool
        }

        struct VersionRow {
            var number: Int
            var href: String
            var format: String
            var description: String
            var registrant: String
            var registeredAt: String
            var aliases: String
            var approvals: String
            var predictions: Int64
        }

        struct GrantRow {
            var principal: String
            var role: String
            var expires: String
            var grantedBy: String
            var reason: String
        }

        var name: String
        var description: String
        var tags: [Option]
        var owner: String
        var created: String
        var aliases: [AliasRow]
        var versions: [VersionRow]
        var timeline: String
        var metricChart: String
        var hasMetricChart: Bool
        var timeFields: [Layout.Hidden]
        var metrics: [Option]
        var metricAction: String
        var showGrants: Bool
        var grants: [GrantRow]
        var usage: String
        var historyHref: String
        var csrf: String
        var canMoveAlias: Bool
        var canGrant: Bool
        var canRegister: Bool
        var actionBase: String
        var versionNumbers: [Option]
        var roles: [Option]
        var maxUpload: String
    }

    func modelPage(_ name: String, _ view: WebView) async throws -> Response {
        let queries = services.queries
        let caller = view.caller
        let model: ModelView
        let versions: [VersionView]
        let history: [EventView]
        if let asOf = view.asOf {
            model = try await queries.model(named: name, caller: caller, asOf: asOf)
            versions = try await queries.versions(of: name, caller: caller, asOf: asOf, after: nil, limit: 1000).items
            history = try await queries.history(of: name, caller: caller, asOf: asOf, afterVersion: 0, limit: 1000).items
        } else {
            model = try await queries.model(named: name, caller: caller)
            versions = try await queries.versions(of: name, caller: caller, after: nil, limit: 1000).items
            history = try await queries.history(of: name, caller: caller, afterVersion: 0, limit: 1000).items
        }
        let standing = try await queries.permissions(on: name, caller: caller)
        // Forms change the present, so they are offered only when the page shows it.
        let permissions = view.isTimeTravelling ? [] : standing
        let seesGrants = view.readsEverything || standing.contains(.viewGrants)
        let grants: [GrantView] =
            if seesGrants {
                if let asOf = view.asOf {
                    try await queries.grants(of: name, caller: caller, asOf: asOf)
                } else {
                    try await queries.grants(of: name, caller: caller)
                }
            } else { [] }
        let counts = try await queries.predictionCounts(of: name, caller: caller, asOf: view.asOf)
        let base = Self.modelPath(name)
        let aliases = model.aliases.sorted { ($0.key == "production" ? 0 : 1, $0.key) < ($1.key == "production" ? 0 : 1, $1.key) }.map {
            alias, pointer in
            ModelPage.AliasRow(
                alias: alias, version: "v\(pointer.version)", versionHref: view.href(base + "/versions/\(pointer.version)"),
                since: TimeTravel.short(pointer.since), setBy: pointer.setBy, protected: model.protectedAliases.contains(alias))
        }
        let versionRows = versions.reversed().map { version in
            ModelPage.VersionRow(
                number: version.version, href: view.href(base + "/versions/\(version.version)"), format: version.format,
                description: version.description, registrant: version.registrant, registeredAt: TimeTravel.short(version.registeredAt),
                aliases: version.aliases.sorted().joined(separator: ", "),
                approvals: version.approvals.map { "\($0.decision) for \($0.alias) by \($0.approver)" }.joined(separator: "; "),
                predictions: counts[version.version] ?? 0)
        }
        let metricNames = Array(Set(versions.flatMap { $0.metrics.keys })).sorted()
        let chosen =
            view.query["metric"].flatMap { metricNames.contains($0) ? $0 : nil }
            ?? (metricNames.contains("r_squared") ? "r_squared" : metricNames.first)
        let points = chosen.map { metric in versions.compactMap { version in version.metrics[metric].map { (version.version, $0) } } } ?? []
        let object = ModelPage(
            name: model.name, description: model.description,
            tags: model.tags.sorted { $0.key < $1.key }.map { Option(value: $0.key, label: $0.value, selected: false) },
            owner: model.owner, created: "\(TimeTravel.short(model.createdAt)) by \(model.createdBy)", aliases: aliases, versions: versionRows,
            timeline: Self.timeline(history, end: view.asOf?.at ?? Date()),
            metricChart: chosen.map { SVGChart.metric(id: "metric-chart", title: "\(HTMLText.label($0)) by version", points: points) } ?? "",
            hasMetricChart: !points.isEmpty, timeFields: view.timeFields,
            metrics: metricNames.map { Option(value: $0, label: HTMLText.label($0), selected: $0 == chosen) }, metricAction: base,
            showGrants: seesGrants,
            grants: grants.map {
                ModelPage.GrantRow(
                    principal: $0.principal, role: $0.role.rawValue, expires: $0.expiresAt.map(TimeTravel.short) ?? "never",
                    grantedBy: $0.grantedBy,
                    reason: $0.reason ?? "")
            },
            usage: counts.isEmpty
                ? "No predictions logged."
                : "\(counts.values.reduce(0, +)) predictions logged: "
                    + counts.sorted { $0.key < $1.key }.map { "v\($0.key): \($0.value)" }.joined(separator: ", "),
            historyHref: view.href("/history", [("model", name)]), csrf: view.csrf,
            canMoveAlias: permissions.contains(.moveAlias) || permissions.contains(.moveProtectedAlias),
            canGrant: permissions.contains(.manageAccess),
            canRegister: permissions.contains(.edit), actionBase: base,
            versionNumbers: versions.reversed().map { Option(value: String($0.version), label: "v\($0.version)", selected: false) },
            roles: ModelRole.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == .viewer) },
            maxUpload: "\(maxFormUpload >> 20) MiB")
        return renderer.page("model", object, title: model.name, view: view, section: .models)
    }

    /// Registrations, reviews and alias moves over time, and the periods `production` held each version.
    static func timeline(_ history: [EventView], end: Date) -> String {
        var events: [SVGChart.Event] = []
        var spans: [SVGChart.Span] = []
        var open: (from: Date, version: Int)?
        for event in history.sorted(by: { ($0.effectiveAt, $0.position) < ($1.effectiveAt, $1.position) }) where event.retractedBy == nil {
            let data = event.data
            let version = data["version"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } }
            let alias = data["alias"].flatMap { if case .string(let s) = $0 { s } else { nil } }
            switch event.type {
            case "ModelRegistered":
                events.append(.init(at: event.effectiveAt, lane: 0, label: "registered by \(event.actor)"))
            case "VersionRegistered":
                events.append(.init(at: event.effectiveAt, lane: 0, label: "v\(version ?? 0) registered by \(event.actor)"))
            case "VersionApproved":
                let decision = data["decision"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "reviewed"
                events.append(
                    .init(
                        at: event.effectiveAt, lane: 1, label: "v\(version ?? 0) \(decision) for \(alias ?? "") by \(event.actor)",
                        bad: decision == "rejected"))
            case "AliasSet", "AliasRemoved":
                let label =
                    event.type == "AliasSet" ? "\(alias ?? "") → v\(version ?? 0) by \(event.actor)" : "\(alias ?? "") removed by \(event.actor)"
                events.append(.init(at: event.effectiveAt, lane: 2, label: label))
                if alias == "production" {
                    if let current = open { spans.append(.init(from: current.from, to: event.effectiveAt, label: "v\(current.version)")) }
                    open = event.type == "AliasSet" ? (event.effectiveAt, version ?? 0) : nil
                }
            default:
                break
            }
        }
        if let current = open { spans.append(.init(from: current.from, to: nil, label: "v\(current.version)")) }
        return SVGChart.timeline(
            id: "timeline", title: "Timeline of registrations, reviews and alias moves", lanes: ["Registered", "Reviews", "Alias moves"],
            events: events, spans: spans, spanLane: "Production", end: end)
    }
}
