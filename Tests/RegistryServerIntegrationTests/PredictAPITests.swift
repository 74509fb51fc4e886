import EventLog
import Foundation
import HTTPTypes
import Postgres
import RegistryServer
import RegistryService
import TestSupport
import Testing

@Suite("predictions from linear versions")
struct PredictAPITests {
    static let fixtures = URL(fileURLWithPath: TestPostgres.packageRoot).appendingPathComponent("demo/mtcars")

    /// Registers `parameters` (a reference_params.json entry) as a linear version of `model` and puts it in production.
    static func promote(_ api: API, _ model: String, _ parameters: Any, alice: String, bob: String) async throws -> Int {
        let sha = try await api.upload(Array(try JSONSerialization.data(withJSONObject: parameters)), token: alice)
        let registered = try await api.send(.post, "/v1/models/\(model)/versions", token: alice, json: ["artifact_sha256": sha, "format": "linear"])
        let version = try #require(registered.json["version"] as? Int, "\(registered.text)")
        _ = try await api.send(.post, "/v1/models/\(model)/versions/\(version)/approvals", token: bob, json: ["notes": "reviewed"])
        let moved = try await api.send(.put, "/v1/models/\(model)/aliases/production", token: alice, json: ["version": version])
        #expect(moved.status == .ok, "\(moved.text)")
        return version
    }

    /// The linear model y = 1 + 2x.
    static var line: [String: Any] { ["formula": "y ~ x", "family": "gaussian", "link": "identity", "params": ["Intercept": 1, "x": 2]] }

    /// Model `m`, owned by alice, with bob as its approver: the cast of most prediction tests.
    static func aliceAndBob(_ api: API) async throws -> (alice: String, bob: String) {
        let alice = try await api.principal("alice")
        let bob = try await api.principal("bob")
        _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "m"])
        _ = try await api.send(.put, "/v1/models/m/grants/bob", token: alice, json: ["role": "approver"])
        return (alice, bob)
    }

    @Test("all 37 reference rows of both mtcars models, through the API, match statsmodels to 1e-9; every prediction is logged and sealed")
    func referenceRows() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            let carol = try await api.principal("carol")
            let parameters =
                try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("reference_params.json")))
                as! [String: Any]
            for (model, key) in [("mpg", "ols_mpg"), ("am", "glm_am")] {
                _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": model])
                _ = try await api.send(.put, "/v1/models/\(model)/grants/bob", token: alice, json: ["role": "approver"])
                _ = try await api.send(.put, "/v1/models/\(model)/grants/carol", token: alice, json: ["role": "user"])
                _ = try await Self.promote(api, model, parameters[key]!, alice: alice, bob: bob)
            }
            let rows =
                try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("reference_predictions.json")))
                as! [[String: Any]]
            #expect(rows.count == 37)
            for (model, key) in [("mpg", "ols_mpg"), ("am", "glm_am")] {
                let inputs = rows.map { row -> [String: Any] in
                    var inputs = row["inputs"] as! [String: Any]
                    if model == "am" { inputs["cyl"] = nil }
                    return inputs
                }
                let answer = try await api.send(.post, "/v1/models/\(model)/predict", token: carol, json: ["inputs": inputs])
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.json["version"] as? Int == 1 && answer.json["alias"] as? String == "production")
                #expect(answer.json["reconstructed"] as? Bool == false)
                let outputs = (answer.json["predictions"] as? [[String: Any]] ?? []).compactMap { $0["output"] as? Double }
                #expect(outputs.count == 37)
                for (row, output) in zip(rows, outputs) {
                    let expected = row[key] as! Double
                    #expect(abs(output - expected) <= 1e-9 * abs(expected), "\(model) \(row["row"]!): \(output) vs \(expected)")
                }
            }

            // Logged and sealed: each batch's Merkle root recomputed from the stored leaves is the one the ledger holds.
            let batches = try await registry.database.asOwner { session in
                try session.query(
                    """
                    SELECT b.batch_id, b.merkle_root, (SELECT data::jsonb ->> 'merkle_root' FROM ledger_events WHERE position = b.seal_position),
                           b.size, (SELECT array_agg(p.leaf ORDER BY p.leaf_index) FROM predictions p WHERE p.batch_id = b.batch_id)
                    FROM prediction_batches b
                    """
                ).map { row in
                    (
                        try row.decode([UInt8].self, at: 1), try row.decode(String.self, at: 2), try row.decode(Int.self, at: 3),
                        try row.decode([String].self, at: 4)
                    )
                }
            }
            #expect(batches.reduce(0) { $0 + $1.2 } == 74)
            for (root, sealed, size, leaves) in batches {
                #expect(leaves.count == size)
                #expect(MerkleTree.root(leaves.map { MerkleTree.leafHash(Array($0.utf8)) }) == root)
                #expect(root.map { String(format: "%02x", $0) }.joined() == sealed)
            }
            #expect(try await registry.services.registry.log.verify().ok)
        }
    }

    @Test("after the alias moves the new version serves; with at before the move the old one does, and says so")
    func reconstruction() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob) = try await Self.aliceAndBob(api)
            let first = Self.line
            let second: [String: Any] = ["formula": "y ~ x", "family": "gaussian", "link": "identity", "params": ["Intercept": 10, "x": 3]]
            _ = try await Self.promote(api, "m", first, alice: alice, bob: bob)
            let beforeMove = try #require(try await api.send(.get, "/v1/models/m").json["updated_at"] as? String)
            _ = try await Self.promote(api, "m", second, alice: alice, bob: bob)

            let now = try await api.send(.post, "/v1/models/m/predict", json: ["inputs": [["x": 2]]])
            #expect(now.json["version"] as? Int == 2)
            #expect((now.json["predictions"] as? [[String: Any]])?.first?["output"] as? Double == 16)
            let then = try await api.send(.post, "/v1/models/m/predict", json: ["inputs": [["x": 2]], "at": beforeMove])
            #expect(then.status == .ok, "\(then.text)")
            #expect(then.json["version"] as? Int == 1)
            #expect(then.json["reconstructed"] as? Bool == true)
            #expect((then.json["as_of"] as? [String: String])?["at"] == beforeMove)
            #expect((then.json["predictions"] as? [[String: Any]])?.first?["output"] as? Double == 5)
            let kinds = try await registry.database.asOwner { session in
                try session.query("SELECT kind, version FROM predictions ORDER BY recorded_at").map {
                    "\(try $0.decode(String.self, at: 0)):\(try $0.decode(Int.self, at: 1))"
                }
            }
            #expect(kinds == ["served:2", "reconstructed:1"])
            #expect(try await api.send(.post, "/v1/models/m/predict", json: ["inputs": [["x": 2]], "version": 1]).json["version"] as? Int == 1)
            #expect(try await api.send(.post, "/v1/models/m/predict", json: ["inputs": [["x": 2]], "at": "2020-01-01"]).status == .notFound)
        }
    }

    @Test("bad input answers 422 naming the row and field, and logs nothing; access and format are checked")
    func refusals() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            let viewer = try await api.principal("viewer")
            let stranger = try await api.principal("stranger")
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "mpg"])
            _ = try await api.send(.put, "/v1/models/mpg/grants/bob", token: alice, json: ["role": "approver"])
            _ = try await api.send(.put, "/v1/models/mpg/grants/viewer", token: alice, json: ["role": "viewer"])
            let parameters =
                try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("reference_params.json")))
                as! [String: Any]
            _ = try await Self.promote(api, "mpg", parameters["ols_mpg"]!, alice: alice, bob: bob)
            let good: [String: Any] = ["hp": 110, "wt": 2.62, "cyl": "6"]
            #expect(try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": [good]]).status == .ok)
            let logged = try await registry.database.asOwner { try $0.query("SELECT count(*) FROM predictions").first!.decode(Int.self, at: 0) }

            for (row, fragment) in [
                (["hp": 110, "wt": 2.62] as [String: Any], "inputs[1]: input 'cyl' is missing"),
                (good.merging(["colour": "red"]) { $1 }, "inputs[1]: 'colour' is not an input"),
                (good.merging(["hp": "fast"]) { $1 }, "inputs[1]: input 'hp' must be a number"),
                (good.merging(["cyl": "5"]) { $1 }, "inputs[1]: '5' is not a level of 'cyl'"),
            ] {
                let refused = try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": [good, row]])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains(fragment), "\(refused.text)")
            }
            #expect(try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": []]).status == .unprocessableContent)
            #expect(
                try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": [good], "alias": "production", "version": 1])
                    .status
                    == .unprocessableContent)
            #expect(
                try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": [good], "alias": "staging"]).status == .notFound)
            #expect(try await api.send(.post, "/v1/models/mpg/predict", token: viewer, json: ["inputs": [good]]).status == .forbidden)
            #expect(try await api.send(.post, "/v1/models/mpg/predict", token: stranger, json: ["inputs": [good]]).status == .notFound)
            let pickle = try await api.upload(Array("a pickle".utf8), token: alice)
            _ = try await api.send(.post, "/v1/models/mpg/versions", token: alice, json: ["artifact_sha256": pickle, "format": "statsmodels-pickle"])
            let notServable = try await api.send(.post, "/v1/models/mpg/predict", token: alice, json: ["inputs": [good], "version": 2])
            #expect(notServable.status == .unprocessableContent && notServable.errorCode == "not_servable")
            #expect(try await registry.database.asOwner { try $0.query("SELECT count(*) FROM predictions").first!.decode(Int.self, at: 0) } == logged)
        }
    }
}

@Suite("reported predictions and usage")
struct PredictionReportsAPITests {
    @Test("a reported batch lands whole with its seal, or not at all; usage counts predictions and downloads by version and caller")
    func reportAndUsage() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let carol = try await api.principal("carol")
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "risk"])
            _ = try await api.send(.put, "/v1/models/risk/grants/carol", token: alice, json: ["role": "user"])
            let pickle = try await api.upload(Array("a statsmodels pickle".utf8), token: alice)
            let registered = try await api.send(
                .post, "/v1/models/risk/versions", token: alice, json: ["artifact_sha256": pickle, "format": "statsmodels-pickle"])
            let since = try #require(registered.json["registered_at"] as? String)
            _ = try await api.send(.get, "/v1/models/risk/versions/1/artifact", token: carol)
            let madeAt = try #require(try await api.send(.get, "/v1/models/risk/history").items.last?["recorded_at"] as? String)
            func count() async throws -> Int {
                try await registry.database.asOwner { try $0.query("SELECT count(*) FROM predictions").first!.decode(Int.self, at: 0) }
            }

            let rows: [[String: Any]] = (0..<3).map { index in
                [
                    "version": 1, "inputs": ["income": 1000 * index], "output": 0.1 * Double(index), "made_at": madeAt,
                    "case_reference": "loan-\(index)",
                ]
            }
            let reported = try await api.send(.post, "/v1/models/risk/predictions", token: carol, json: ["predictions": rows])
            #expect(reported.status == .created, "\(reported.text)")
            #expect(reported.json["count"] as? Int == 3)
            #expect((reported.json["prediction_ids"] as? [String])?.count == 3)
            #expect(try await count() == 3)

            for (bad, fragment) in [
                (["version": 9, "inputs": [:], "output": 1, "made_at": madeAt] as [String: Any], "predictions[1]: model 'risk' has no version 9"),
                (["version": 1, "inputs": [:], "output": 1, "made_at": "2099-01-01"], "predictions[1]: made_at"),
                (["version": 1, "inputs": [:], "output": 1, "made_at": "2020-01-01"], "predictions[1]: version 1 took effect at \(since)"),
            ] {
                let refused = try await api.send(.post, "/v1/models/risk/predictions", token: carol, json: ["predictions": [rows[0], bad]])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains(fragment), "\(refused.text)")
            }
            #expect(try await count() == 3)
            #expect(try await api.send(.post, "/v1/models/risk/predictions", token: carol, json: ["predictions": []]).status == .unprocessableContent)

            let usage = try await api.send(.get, "/v1/models/risk/usage", token: alice)
            #expect(usage.status == .ok, "\(usage.text)")
            let items = (usage.json["items"] as? [[String: Any]] ?? []).map { "\($0["version"]!):\($0["caller"]!):\($0["kind"]!):\($0["count"]!)" }
            #expect(items == ["1:carol:download:1", "1:carol:reported:3"])
            #expect(try await api.send(.get, "/v1/models/risk/usage", token: carol).status == .forbidden)
            #expect(try await api.send(.get, "/v1/models/risk/usage?from=2026-01-02&to=2026-01-01", token: alice).status == .badRequest)
            let empty = try await api.send(.get, "/v1/models/risk/usage?from=2020-01-01&to=2020-02-01", token: alice)
            #expect((empty.json["items"] as? [Any])?.isEmpty == true)
        }
    }
}

@Suite("enquiry bundles")
struct EnquiryAPITests {
    @Test("a prediction made before a promotion: the bundle shows the old version, its approver, a proof that verifies, and reproduced")
    func bundle() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            let auditor = try await api.principal("auditor", roles: ["auditor"])
            let stranger = try await api.principal("stranger")
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "m"])
            _ = try await api.send(.put, "/v1/models/m/grants/bob", token: alice, json: ["role": "approver"])
            let first: [String: Any] = ["formula": "y ~ x", "family": "binomial", "link": "logit", "params": ["Intercept": -1, "x": 0.5]]
            let second: [String: Any] = ["formula": "y ~ x", "family": "binomial", "link": "logit", "params": ["Intercept": -2, "x": 0.7]]
            _ = try await PredictAPITests.promote(api, "m", first, alice: alice, bob: bob)
            let predicted = try await api.send(.post, "/v1/models/m/predict", token: alice, json: ["inputs": [["x": 3], ["x": 4]]])
            let id = try #require((predicted.json["predictions"] as? [[String: Any]])?.last?["prediction_id"] as? String)
            let beforeSecond = try #require(try await api.send(.get, "/v1/models/m").json["updated_at"] as? String)
            _ = try await PredictAPITests.promote(api, "m", second, alice: alice, bob: bob)

            let bundle = try await api.send(.get, "/v1/enquiries/predictions/\(id)", token: auditor)
            #expect(bundle.status == .ok, "\(bundle.text)")
            let document = bundle.json
            #expect((document["version"] as? [String: Any])?["version"] as? Int == 1)
            #expect((document["approval_in_force"] as? [String: Any])?["approver"] as? String == "bob")
            #expect((document["re_execution"] as? [String: Any])?["reproduced"] as? Bool == true)
            #expect((document["batch"] as? [String: Any])?["proof_verifies"] as? Bool == true)
            // The seal is proved in a signed checkpoint: leaf = the seal event's hash, folded up to the signed root.
            let ledgerProof = try #require(document["ledger_proof"] as? [String: Any])
            let head = try JSONDecoder().decode(Checkpoint.self, from: try JSONSerialization.data(withJSONObject: ledgerProof["checkpoint"]!))
            #expect(head.verifySignature())
            let sealHash = try #require([UInt8](hex: (document["seal"] as? [String: Any])?["hash"] as? String ?? ""))
            let sealPath = (ledgerProof["audit_path"] as? [String] ?? []).compactMap { [UInt8](hex: $0) }
            let sealIndex = try #require(ledgerProof["leaf_index"] as? Int)
            #expect(
                MerkleTree.rootFromPath(leaf: MerkleTree.leafHash(sealHash), index: sealIndex, size: Int(head.treeSize), path: sealPath)?.hexString
                    == head.rootHash)
            #expect((document["batch"] as? [String: Any])?["leaf_index"] as? Int == 1)
            #expect((document["seal"] as? [String: Any])?["type"] as? String == "PredictionBatchSealed")
            #expect((document["alias_history"] as? [Any])?.count == 2)
            #expect(document["caller_is_owner"] as? Bool == true)
            #expect(((document["prediction"] as? [String: Any])?["inputs"] as? [String: Any])?["x"] as? Double == 4)

            #expect(try await api.send(.get, "/v1/enquiries/predictions/\(id)", token: stranger).status == .notFound)
            #expect(try await api.send(.get, "/v1/enquiries/predictions/\(UUID().uuidString)").status == .notFound)
            #expect(try await api.send(.get, "/v1/enquiries/predictions/nope").status == .badRequest)

            // A reported prediction whose inputs the version cannot evaluate: the bundle says so instead of failing.
            let madeAt = try #require(try await api.send(.get, "/v1/models/m/history").items.last?["recorded_at"] as? String)
            let reported = try await api.send(
                .post, "/v1/models/m/predictions", token: alice,
                json: ["predictions": [["version": 2, "inputs": ["z": 1], "output": 0.5, "made_at": madeAt, "case_reference": "case-7"]]])
            let reportedId = try #require((reported.json["prediction_ids"] as? [String])?.first, "\(reported.text)")
            let reportedBundle = try await api.send(.get, "/v1/enquiries/predictions/\(reportedId)", token: alice)
            #expect(reportedBundle.status == .ok, "\(reportedBundle.text)")
            let reExecution = reportedBundle.json["re_execution"] as? [String: Any]
            #expect(reExecution?["reproduced"] as? Bool == false)
            #expect((reExecution?["error"] as? String)?.contains("'z'") == true)
            #expect((reportedBundle.json["prediction"] as? [String: Any])?["case_reference"] as? String == "case-7")

            let then = try await api.send(.get, "/v1/enquiries/models/m?at=\(beforeSecond)", token: auditor)
            #expect(then.status == .ok, "\(then.text)")
            let aliases = (then.json["model"] as? [String: Any])?["aliases"] as? [String: [String: Any]]
            #expect(aliases?["production"]?["version"] as? Int == 1)
            #expect((then.json["versions"] as? [Any])?.count == 1)
            #expect((then.json["grants"] as? [[String: Any]])?.first?["principal"] as? String == "bob")
        }
    }
}
