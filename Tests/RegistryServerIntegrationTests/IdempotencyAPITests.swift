import Foundation
import HTTPTypes
import Postgres
import RegistryDomain
import RegistryServer
import RegistryService
import TestSupport
import Testing

@Suite("Idempotency-Key")
struct IdempotencyAPITests {
    static let key = HTTPField.Name("Idempotency-Key")!

    @Test("the same key replays the first answer and appends nothing; another request under the key is refused")
    func replay() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let first = try await api.send(.post, "/v1/models", json: ["name": "m"], headers: [Self.key: "create-m-1"])
            #expect(first.status == .created)
            let head = try await registry.headPosition()
            let again = try await api.send(.post, "/v1/models", json: ["name": "m"], headers: [Self.key: "create-m-1"])
            #expect(again.status == .created)
            #expect(again.body == first.body)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await registry.headPosition() == head)
            let other = try await api.send(.post, "/v1/models", json: ["name": "n"], headers: [Self.key: "create-m-1"])
            #expect(other.status == .unprocessableContent)
            #expect(try await registry.headPosition() == head)
        }
    }

    @Test("concurrent retries with one key create exactly one version")
    func concurrentRetries() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "/v1/models", json: ["name": "m"])
            let sha = try await api.upload(Array("artifact".utf8))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self, returning: [HTTPResponse.Status].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await api.onOwnConnection { api in
                            try await api.send(
                                .post, "/v1/models/m/versions", json: ["artifact_sha256": sha, "format": "onnx"], headers: [Self.key: "v-1"]
                            ).status
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await api.send(.get, "/v1/models/m").json["latest_version"] as? Int == 1)
        }
    }

    @Test("a prediction retried while its first attempt is still running is logged once, and both get its answer")
    func concurrentPredictionRetries() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob) = try await PredictAPITests.aliceAndBob(api)
            _ = try await PredictAPITests.promote(api, "m", PredictAPITests.line, alice: alice, bob: bob)
            let replies = try await withThrowingTaskGroup(of: API.Reply.self, returning: [API.Reply].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await api.onOwnConnection { api in
                            try await api.send(.post, "/v1/models/m/predict", json: ["inputs": [["x": 2], ["x": 3]]], headers: [Self.key: "p-1"])
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .ok }, "\(replies.map(\.status))")
            #expect(Set(replies.map(\.body)).count == 1, "every retry gets the first attempt's answer, prediction ids included")
            #expect(replies.filter { $0.headers[HTTPField.Name("Idempotent-Replayed")!] == "true" }.count == 7)
            let logged = try await registry.database.asOwner { session in
                try session.query("SELECT count(*) FROM predictions")[0].decode(Int.self, at: 0)
            }
            #expect(logged == 2)
        }
    }

    @Test("a keyed prediction or report whose answer was lost (not stored) is found in the log, not written again")
    func keyedPredictionsFoundAfterLostAnswer() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob) = try await PredictAPITests.aliceAndBob(api)
            _ = try await PredictAPITests.promote(api, "m", PredictAPITests.line, alice: alice, bob: bob)
            let admin = Caller(name: "admin", registryRoles: [.admin])
            // The service, not the HTTP layer: as if the first attempt committed and the server died before storing
            // its answer, so the retry reaches the service again.
            let request = Predictor.Request(inputs: [["x": .number(2)], ["x": .number(3)]], alias: nil, version: nil, asOf: nil)
            let first = try await registry.services.predictor.predict(model: "m", request, caller: admin, requestId: "r1", idempotencyKey: "k")
            let retry = try await registry.services.predictor.predict(model: "m", request, caller: admin, requestId: "r2", idempotencyKey: "k")
            #expect(retry == first)
            let rows = [PredictionReports.Reported(version: 1, inputs: ["x": .number(1)], output: .number(3), madeAt: Date(), caseReference: nil)]
            let reported = try await registry.services.reports.report(model: "m", rows, caller: admin, requestId: "r3", idempotencyKey: "k2")
            let again = try await registry.services.reports.report(model: "m", rows, caller: admin, requestId: "r4", idempotencyKey: "k2")
            #expect(again == reported)
            let logged = try await registry.database.asOwner { session in
                try session.query("SELECT count(*) FROM predictions")[0].decode(Int.self, at: 0)
            }
            #expect(logged == 3)
            let other = try await registry.services.predictor.predict(model: "m", request, caller: admin, requestId: "r5", idempotencyKey: "k3")
            #expect(other.predictions.map(\.predictionId) != first.predictions.map(\.predictionId))
        }
    }

    @Test("a key that is not printable ASCII is refused", arguments: ["", String(repeating: "k", count: 256)])
    func invalidKey(_ key: String) async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let reply = try await api.send(.post, "/v1/models", json: ["name": "m"], headers: [Self.key: key])
            #expect(reply.status == .badRequest)
        }
    }
}
