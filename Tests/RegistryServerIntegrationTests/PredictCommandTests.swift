import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `modelreg predict` and `modelreg enquiry` as a reviewer would run them, against a running server.
@Suite("modelreg predict and enquiry on the command line")
struct PredictCommandTests {
    @Test("predict answers from production and logs the prediction; enquiry writes a bundle that shows the version and reproduces it")
    func predictAndEnquire() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("modelreg-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = directory.appendingPathComponent("inputs.json")
        try Data(#"[{"x": 2}, {"x": 3}]"#.utf8).write(to: inputs)
        let bundle = directory.appendingPathComponent("bundle.json")

        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob) = try await PredictAPITests.aliceAndBob(api)
            _ = try await PredictAPITests.promote(api, "m", PredictAPITests.line, alice: alice, bob: bob)
            let port = try #require(api.client.port)
            let client = ["--server", "http://127.0.0.1:\(port)", "--token", api.adminToken]

            let predicted = try await ModelregExecutable.run(["predict", "m", "--inputs", inputs.path, "--json"] + client)
            #expect(predicted.status == 0, "\(predicted.error)")
            let answer = try JSONSerialization.jsonObject(with: Data(predicted.output.utf8)) as? [String: Any]
            let outputs = (answer?["predictions"] as? [[String: Any]])?.compactMap { $0["output"] as? Double }
            #expect(outputs == [5, 7])
            let id = try #require((answer?["predictions"] as? [[String: Any]])?.first?["prediction_id"] as? String)

            let enquiry = try await ModelregExecutable.run(["enquiry", id, "--out", bundle.path] + client)
            #expect(enquiry.status == 0, "\(enquiry.error)")
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle)) as? [String: Any]
            #expect((document?["version"] as? [String: Any])?["version"] as? Int == 1)
            #expect((document?["re_execution"] as? [String: Any])?["reproduced"] as? Bool == true)

            let text = try await ModelregExecutable.run(["predict", "m", "--inputs", inputs.path, "--version", "1"] + client)
            #expect(text.status == 0 && text.output.contains("m version 1"), "\(text.output)\(text.error)")
        }
    }
}
