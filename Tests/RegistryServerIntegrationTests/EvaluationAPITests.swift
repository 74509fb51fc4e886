import Foundation
import HTTPTypes
import Postgres
import RegistryService
import TestSupport
import Testing

@Suite("metrics computed by the registry, and promotion gates")
struct EvaluationAPITests {
    static var parameters: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: PredictAPITests.fixtures.appendingPathComponent("reference_params.json")))
            as! [String: Any]
    }

    @Test("on mtcars.csv the registry's R² equals statsmodels' to 1e-9; a gate refuses a promotion naming the metric and both values")
    func computedMetricsAndGates() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            let csv = try await api.upload(Array(try Data(contentsOf: PredictAPITests.fixtures.appendingPathComponent("mtcars.csv"))), token: alice)
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "mpg"])
            _ = try await api.send(.put, "/v1/models/mpg/grants/bob", token: alice, json: ["role": "approver"])
            let ols = try await api.upload(Array(try JSONSerialization.data(withJSONObject: Self.parameters["ols_mpg"]!)), token: alice)
            _ = try await api.send(.post, "/v1/models/mpg/versions", token: alice, json: ["artifact_sha256": ols, "format": "linear"])

            let attached = try await api.send(.put, "/v1/models/mpg/evaluation", token: alice, json: ["artifact_sha256": csv, "target": "mpg"])
            #expect(attached.status == .ok, "\(attached.text)")
            let computed = (attached.json["computed"] as? [[String: Any]])?.first?["metrics"] as? [String: Double]
            let expected = (Self.parameters["ols_mpg"] as! [String: Any])["rsquared"] as! Double
            let rSquared = try #require(computed?["r_squared"])
            #expect(abs(rSquared - expected) <= 1e-9, "\(rSquared) vs \(expected)")
            #expect(computed?["rmse"] != nil && computed?["mae"] != nil)
            let version = try await api.send(.get, "/v1/models/mpg/versions/1")
            #expect((version.json["computed_metrics"] as? [String: Any])?["rows"] as? Int == 32)
            #expect(
                try await api.send(.put, "/v1/models/mpg/evaluation", token: bob, json: ["artifact_sha256": csv, "target": "mpg"]).status
                    == .forbidden)

            _ = try await api.send(.put, "/v1/models/mpg/gates/production", token: alice, json: ["metric": "r_squared", "minimum": 0.9])
            _ = try await api.send(.post, "/v1/models/mpg/versions/1/approvals", token: bob, json: [:])
            let head = try await registry.headPosition()
            let refused = try await api.send(.put, "/v1/models/mpg/aliases/production", token: alice, json: ["version": 1])
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "gate_failed")
            #expect(refused.text.contains("r_squared ≥ 0.9") && refused.text.contains("has r_squared 0.857219452462"), "\(refused.text)")
            #expect(try await registry.headPosition() == head)

            // A version the registry could not evaluate has no metric: the gate refuses it too.
            let pickle = try await api.upload(Array("a pickle".utf8), token: alice)
            _ = try await api.send(.post, "/v1/models/mpg/versions", token: alice, json: ["artifact_sha256": pickle, "format": "statsmodels-pickle"])
            _ = try await api.send(.post, "/v1/models/mpg/versions/2/approvals", token: bob, json: [:])
            let none = try await api.send(.put, "/v1/models/mpg/aliases/production", token: alice, json: ["version": 2])
            #expect(none.errorCode == "gate_failed" && none.text.contains("has none"))

            _ = try await api.send(.put, "/v1/models/mpg/gates/production", token: alice, json: ["metric": "r_squared", "minimum": 0.8])
            #expect(try await api.send(.put, "/v1/models/mpg/aliases/production", token: alice, json: ["version": 1]).status == .ok)
            let model = try await api.send(.get, "/v1/models/mpg")
            #expect(((model.json["gates"] as? [String: Any])?["production"] as? [String: Any])?["minimum"] as? Double == 0.8)
            #expect((model.json["evaluation"] as? [String: Any])?["target"] as? String == "mpg")

            // A linear version registered later is evaluated at registration.
            let refit = try await api.upload(
                Array(
                    try JSONSerialization.data(withJSONObject: [
                        "formula": "mpg ~ wt", "family": "gaussian", "link": "identity",
                        "params": ["Intercept": 37.28512616734184, "wt": -5.344471572722619],
                    ])), token: alice)
            let third = try await api.send(.post, "/v1/models/mpg/versions", token: alice, json: ["artifact_sha256": refit, "format": "linear"])
            #expect(third.status == .created)
            let thirdMetrics = try await api.send(.get, "/v1/models/mpg/versions/3").json["computed_metrics"] as? [String: Any]
            #expect(abs(((thirdMetrics?["metrics"] as? [String: Double])?["r_squared"] ?? 0) - 0.7528327936582646) < 1e-9)
            let history = try await api.send(.get, "/v1/models/mpg/history").items
            #expect(history.filter { $0["type"] as? String == "MetricsComputed" }.allSatisfy { $0["actor"] as? String == "registry" })

            // Binomial: log-loss is -loglik/n, which statsmodels' AIC gives: (AIC - 2k) / 2n.
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "am"])
            let glm = try await api.upload(Array(try JSONSerialization.data(withJSONObject: Self.parameters["glm_am"]!)), token: alice)
            _ = try await api.send(.post, "/v1/models/am/versions", token: alice, json: ["artifact_sha256": glm, "format": "linear"])
            let binomial = try await api.send(.put, "/v1/models/am/evaluation", token: alice, json: ["artifact_sha256": csv, "target": "am"])
            let metrics = (binomial.json["computed"] as? [[String: Any]])?.first?["metrics"] as? [String: Double]
            let aic = (Self.parameters["glm_am"] as! [String: Any])["aic"] as! Double
            #expect(abs((metrics?["log_loss"] ?? 0) - (aic - 6) / 64) <= 1e-9)
            #expect(metrics?["accuracy"] != nil && metrics?["auc"] != nil)

            // The new facts are projections like the others, current and temporal: a rebuild gives the same tables.
            let replay = try await Replayer(pool: registry.pool, logger: TestPostgres.logger).check()
            #expect(replay.differences.isEmpty, "\(replay.differences)")
            let beforeGate = try #require(history.first { $0["type"] as? String == "PromotionGateSet" }?["recorded_at"] as? String)
            let then = try await api.send(.get, "/v1/models/mpg?at=\(beforeGate)")
            #expect(((then.json["gates"] as? [String: Any])?["production"] as? [String: Any])?["minimum"] as? Double == 0.9)
        }
    }
}
