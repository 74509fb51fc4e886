import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// A version's page: its card as a document, signature, metrics, lineage, artifact, reviews, and a form to try a
/// prediction when the registry can evaluate the version itself.
extension WebController {
    struct VersionPage {
        struct Row {
            var name: String
            var value: String
        }

        struct Review {
            var decision: String
            var decisionClass: String
            var alias: String
            var approver: String
            var notes: String
            var at: String
        }

        struct Input {
            var id: String
            var name: String
            var label: String
            var value: String
            var isNumber: Bool
            var levels: [Option]
        }

        var model: String
        var modelHref: String
        var number: Int
        var description: String
        var format: String
        var registrant: String
        var registeredAt: String
        var aliases: String?
        var card: String
        var hasSignature: Bool
        var signature: String
        var metrics: [Row]
        var computed: [Row]
        var lineage: [Row]
        var tags: [Option]
        var sha256: String
        var size: String
        var downloadHref: String
        var canDownload: Bool
        var reviews: [Review]
        var predictions: Int64
        var csrf: String
        var actionBase: String
        var canApprove: Bool
        var reviewAliases: [Option]
        var canPredict: Bool
        var inputs: [Input]
        var result: String?
        var enquiryHref: String?
        var predictError: String?
    }

    /// The outcome of the prediction form, shown on the version page.
    struct TriedPrediction {
        var values: [String: String]
        var output: Double?
        var predictionId: String?
        var error: String?
    }

    func versionPage(_ name: String, _ number: Int, view: WebView, tried: TriedPrediction? = nil) async throws -> Response {
        let queries = services.queries
        let version: VersionView =
            if let asOf = view.asOf { try await queries.version(number, of: name, caller: view.caller, asOf: asOf) } else {
                try await queries.version(number, of: name, caller: view.caller)
            }
        let standing = try await queries.permissions(on: name, caller: view.caller)
        let counts = try await queries.predictionCounts(of: name, caller: view.caller, asOf: view.asOf)
        let base = "/models/\(WebView.escape(name))/versions/\(number)"
        var inputs: [VersionPage.Input] = []
        let canPredict = version.format == "linear" && !view.isTimeTravelling && standing.contains(.predict)
        if canPredict {
            for (input, type) in try await services.predictor.inputs(ofLinear: version.artifactSHA256).sorted(by: { $0.key < $1.key }) {
                let value = tried?.values[input] ?? ""
                switch type {
                case .number:
                    inputs.append(.init(id: "x-\(input)", name: "x.\(input)", label: input, value: value, isNumber: true, levels: []))
                case .category(let levels, _):
                    inputs.append(
                        .init(
                            id: "x-\(input)", name: "x.\(input)", label: input, value: value, isNumber: false,
                            levels: levels.map { Option(value: $0, label: $0, selected: $0 == value) }))
                }
            }
        }
        let lineage = [("Source", version.lineage.source), ("Run", version.lineage.runId), ("Training data", version.lineage.trainingData)]
            .compactMap { label, value in value.map { VersionPage.Row(name: label, value: $0) } }
        let computed: [VersionPage.Row] =
            version.computedMetrics.map { computed in
                computed.metrics.sorted { $0.key < $1.key }.map { VersionPage.Row(name: HTMLText.label($0.key), value: SVGChart.number($0.value)) }
            } ?? []
        let object = VersionPage(
            model: name, modelHref: view.href(Self.modelPath(name)), number: number, description: version.description,
            format: version.format, registrant: version.registrant, registeredAt: TimeTravel.short(version.registeredAt),
            aliases: version.aliases.isEmpty ? nil : version.aliases.sorted().joined(separator: ", "),
            card: version.card.map { HTMLText.document($0, order: ["purpose", "intended_use", "limitations", "risk_tier", "formula"]) }
                ?? "<p class=\"muted\">This version has no model card.</p>",
            hasSignature: version.signature != nil, signature: version.signature.map { HTMLText.document($0) } ?? "",
            metrics: version.metrics.sorted { $0.key < $1.key }.map { .init(name: HTMLText.label($0.key), value: SVGChart.number($0.value)) },
            computed: computed, lineage: lineage,
            tags: version.tags.sorted { $0.key < $1.key }.map { Option(value: $0.key, label: $0.value, selected: false) },
            sha256: version.artifactSHA256, size: Self.byteCount(version.artifactSize), downloadHref: base + "/artifact",
            canDownload: standing.contains(.download),
            reviews: version.approvals.map {
                VersionPage.Review(
                    decision: $0.decision, decisionClass: $0.decision == "approved" ? "ok" : "bad", alias: $0.alias, approver: $0.approver,
                    notes: $0.notes, at: TimeTravel.short($0.approvedAt))
            },
            predictions: counts[number] ?? 0, csrf: view.csrf, actionBase: base,
            canApprove: !view.isTimeTravelling && standing.contains(.approve),
            reviewAliases: (["production", "staging"] + Array(version.aliases)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map
            {
                Option(value: $0, label: $0, selected: $0 == "production")
            },
            canPredict: canPredict, inputs: inputs, result: tried?.output.map { SVGChart.number($0) },
            enquiryHref: tried?.predictionId.map { "/enquiries/\($0)" }, predictError: tried?.error)
        let status: HTTPResponse.Status = tried?.error == nil ? .ok : .unprocessableContent
        return renderer.page("version", object, title: "\(name) v\(number)", view: view, section: .models, status: status)
    }

    static func byteCount(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f", value) + " \(units[unit]) (\(bytes) bytes)"
    }
}
