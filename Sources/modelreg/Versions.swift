import ArgumentParser
import Foundation

/// `modelreg versions register FILE` and `modelreg versions list`.
struct Versions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Model versions.", subcommands: [Register.self, List.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Upload FILE as an artifact and register it as the model's next version.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The artifact file") var file: String
        @Option(help: "Model name") var model: String
        @Option(help: "Format: linear, statsmodels-pickle, sklearn-pickle, onnx …") var format: String
        @Option(help: "Description") var description: String = ""
        @Option(help: "Model card: a JSON file") var card: String?
        @Option(name: .customLong("metric"), help: "name=value (repeatable)") var metrics: [String] = []
        @Option(help: "Lineage: source (code location)") var source: String?
        @Option(name: .customLong("run-id"), help: "Lineage: training run id") var runId: String?
        @Option(name: .customLong("training-data"), help: "Lineage: training data reference") var trainingData: String?
        @Option(name: .customLong("tag"), help: "key=value (repeatable)") var tags: [String] = []

        func run() async throws {
            let api = try client.client()
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let (_, artifact) = try await api.object("POST", "v1/artifacts", rawBody: bytes)
            var body: [String: Any] = [
                "artifact_sha256": text(artifact["sha256"]), "format": format, "description": description, "tags": try parseTags(tags),
            ]
            var metricValues: [String: Double] = [:]
            for pair in metrics {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Double(parts[1]) else { throw ValidationError("--metric takes name=number, got '\(pair)'") }
                metricValues[String(parts[0])] = value
            }
            body["metrics"] = metricValues
            if let card { body["card"] = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) }
            var lineage: [String: String] = [:]
            lineage["source"] = source
            lineage["run_id"] = runId
            lineage["training_data"] = trainingData
            body["lineage"] = lineage
            let (data, version) = try await api.object("POST", "v1/models/\(segment(model))/versions", json: body)
            if client.json { return printJSON(data) }
            print("registered \(model) version \(text(version["version"])) (sha256 \(text(version["artifact_sha256"])))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a model's versions.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Model name") var model: String

        func run() async throws {
            let (data, object) = try await client.client().object("GET", "v1/models/\(segment(model))/versions", query: ["limit": "1000"])
            if client.json { return printJSON(data) }
            let items = object["items"] as? [[String: Any]] ?? []
            printTable(
                ["VERSION", "FORMAT", "ALIASES", "REGISTRANT", "REGISTERED", "SHA256"],
                items.map {
                    [
                        text($0["version"]), text($0["format"]), ($0["aliases"] as? [String] ?? []).joined(separator: ","), text($0["registrant"]),
                        text($0["registered_at"]), String(text($0["artifact_sha256"]).prefix(12)),
                    ]
                })
        }
    }
}
