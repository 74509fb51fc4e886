import ArgumentParser
import Foundation

/// `modelreg predict MODEL --inputs FILE`: predictions from a linear version, logged by the registry.
struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Predict with a model's linear version (the alias's, or --version).")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @Option(help: "A JSON file: an array of input objects (or one object)") var inputs: String
    @Option(help: "The alias whose version predicts (default production)") var alias: String?
    @Option(help: "A version number instead of an alias") var version: Int?
    @OptionGroup var time: TimeTravelOptions

    func run() async throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inputs)))
        var body: [String: Any] = ["inputs": parsed is [Any] ? parsed : [parsed]]
        body["alias"] = alias
        body["version"] = version
        body["at"] = time.at
        body["known_at"] = time.knownAt
        let (data, object) = try await client.client().object("POST", "v1/models/\(segment(model))/predict", json: body)
        if client.json { return printJSON(data) }
        let reconstructed =
            object["reconstructed"] as? Bool == true ? " (reconstructed as of \(text((object["as_of"] as? [String: Any])?["at"])))" : ""
        print("\(model) version \(text(object["version"]))\(reconstructed), sealed at ledger position \(text(object["seal_position"]))")
        printTable(
            ["PREDICTION", "OUTPUT"], (object["predictions"] as? [[String: Any]] ?? []).map { [text($0["prediction_id"]), text($0["output"])] })
    }
}

/// `modelreg enquiry PREDICTION_ID` or `modelreg enquiry --model NAME --at T`: one document for a reviewer.
struct Enquiry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An enquiry bundle: one prediction with everything behind it, or a model's whole state at an instant.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "A prediction id") var predictionId: String?
    @Option(help: "A model, instead of a prediction") var model: String?
    @OptionGroup var time: TimeTravelOptions
    @Option(help: "Write the document to this file") var out: String?

    func run() async throws {
        let api = try client.client()
        let data: Data
        switch (predictionId, model) {
        case (let id?, nil): data = try await api.send("GET", "v1/enquiries/predictions/\(segment(id))")
        case (nil, let name?): data = try await api.send("GET", "v1/enquiries/models/\(segment(name))", query: time.query)
        default: throw ValidationError("give a prediction id, or --model NAME")
        }
        let pretty = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: data), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        if let out {
            try pretty.write(to: URL(fileURLWithPath: out))
            if !client.json { print("wrote \(out)") }
        } else {
            printJSON(pretty)
        }
    }
}
