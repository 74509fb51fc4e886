import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("linear versions are checked at registration")
struct LinearFormatAPITests {
    static var olsMPG: [String: Any] {
        [
            "formula": "mpg ~ hp + C(cyl) + wt -1", "family": "gaussian", "link": "identity",
            "params": [
                "C(cyl)[4]": 35.84599531518742, "C(cyl)[6]": 32.48697041925176, "C(cyl)[8]": 32.660110870210346, "hp": -0.02311980915446116,
                "wt": -3.181404046679604,
            ],
        ]
    }

    @Test("a linear version gets the signature its terms define; an unsupported term is refused naming it, and nothing is written")
    func registration() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "/v1/models", json: ["name": "mpg"])
            let good = try await api.upload(Array(try JSONSerialization.data(withJSONObject: Self.olsMPG)))
            let registered = try await api.send(.post, "/v1/models/mpg/versions", json: ["artifact_sha256": good, "format": "linear"])
            #expect(registered.status == .created)
            let inputs = (registered.json["signature"] as? [String: Any])?["inputs"] as? [String: [String: Any]]
            #expect(inputs?["hp"]?["type"] as? String == "number")
            #expect(inputs?["cyl"]?["levels"] as? [String] == ["4", "6", "8"])

            let head = try await registry.headPosition()
            var unsupported = Self.olsMPG
            unsupported["params"] = ["Intercept": 1.0, "np.log(hp)": 2.0]
            let bad = try await api.upload(Array(try JSONSerialization.data(withJSONObject: unsupported)))
            let refused = try await api.send(.post, "/v1/models/mpg/versions", json: ["artifact_sha256": bad, "format": "linear"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "unsupported_term")
            #expect(refused.text.contains("np.log(hp)"))
            let notJSON = try await api.upload(Array("not a model".utf8))
            #expect(
                try await api.send(.post, "/v1/models/mpg/versions", json: ["artifact_sha256": notJSON, "format": "linear"]).errorCode
                    == "invalid_model")
            let mismatched = try await api.send(
                .post, "/v1/models/mpg/versions", json: ["artifact_sha256": good, "format": "linear", "signature": ["inputs": [:]]])
            #expect(mismatched.status == .unprocessableContent)
            #expect(try await registry.headPosition() == head)

            _ = try await api.principal("alice")
            _ = try await api.principal("bob")
            let beforeImport = try await registry.headPosition()
            let imported = try await api.send(
                .post, "/v1/imports",
                json: [
                    "rows": [
                        [
                            "line": 2, "model": "legacy", "artifact_sha256": good, "format": "linear", "live_from": "2024-01-01", "approver": "bob",
                            "owner": "alice",
                        ],
                        [
                            "line": 3, "model": "legacy", "artifact_sha256": bad, "format": "linear", "live_from": "2024-06-01", "approver": "bob",
                            "owner": "alice",
                        ],
                    ]
                ])
            #expect(imported.status == .unprocessableContent)
            #expect(imported.text.contains("line 3: unsupported term 'np.log(hp)'"), "\(imported.text)")
            #expect(try await registry.headPosition() == beforeImport)
        }
    }
}
