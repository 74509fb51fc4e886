import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("models over HTTP")
struct ModelsAPITests {
    @Test("health and the OpenAPI document need no token")
    func openEndpoints() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let health = try await api.send(.get, "/health", token: .some(nil))
            #expect(health.status == .ok)
            #expect(health.json["database"] as? String == "ok")
            let document = try await api.send(.get, "/v1/openapi.json", token: .some(nil))
            #expect(document.status == .ok)
            #expect(document.json["openapi"] as? String != nil)
            let paths = document.json["paths"] as? [String: Any] ?? [:]
            #expect(paths["/v1/models/{name}/aliases/{alias}"] != nil)
        }
    }

    @Test("create, read, list with paging, and update a model")
    func roundTrip() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let created = try await api.send(.post, "/v1/models", json: ["name": "credit-risk", "description": "PD model", "tags": ["team": "risk"]])
            #expect(created.status == .created)
            #expect(created.json["owner"] as? String == "admin")
            #expect((created.json["tags"] as? [String: String]) == ["team": "risk"])

            let shown = try await api.send(.get, "/v1/models/credit-risk")
            #expect(shown.status == .ok)
            #expect(shown.json["description"] as? String == "PD model")
            #expect(shown.json["latest_version"] == nil)

            for name in ["b-model", "c-model", "d-model"] {
                #expect(try await api.send(.post, "/v1/models", json: ["name": name]).status == .created)
            }
            let first = try await api.send(.get, "/v1/models?limit=2")
            #expect(first.items.map { $0["name"] as? String } == ["b-model", "c-model"])
            let cursor = try #require(first.json["next"] as? String)
            let second = try await api.send(.get, "/v1/models?limit=2&after=\(cursor)")
            #expect(second.items.map { $0["name"] as? String } == ["credit-risk", "d-model"])
            #expect(second.json["next"] == nil)
            let searched = try await api.send(.get, "/v1/models?q=risk")
            #expect(searched.items.map { $0["name"] as? String } == ["credit-risk"])

            let updated = try await api.send(
                .patch, "/v1/models/credit-risk", json: ["description": "PD model, 2025 recalibration", "reason": "recalibrated"])
            #expect(updated.status == .ok)
            #expect(updated.json["description"] as? String == "PD model, 2025 recalibration")

            let history = try await api.send(.get, "/v1/models/credit-risk/history")
            #expect(history.items.map { $0["type"] as? String } == ["ModelRegistered", "ModelUpdated"])
            let metadata = history.items.last?["metadata"] as? [String: Any]
            #expect(metadata?["reason"] as? String == "recalibrated")
            #expect((history.items.first?["hash"] as? String)?.count == 64)
        }
    }

    @Test("bad requests are refused with the right status and change nothing")
    func refusals() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            #expect(try await api.send(.post, "/v1/models", json: ["name": "taken"]).status == .created)
            let before = try await registry.headPosition()

            let cases: [(HTTPRequest.Method, String, Any?, [UInt8]?, HTTPResponse.Status, String)] = [
                (.post, "/v1/models", ["name": "taken"], nil, .conflict, "model_already_exists"),
                (.post, "/v1/models", ["name": "a/b"], nil, .unprocessableContent, "invalid_argument"),
                (.post, "/v1/models", ["name": "x'; DROP TABLE models; --"], nil, .unprocessableContent, "invalid_argument"),
                (.post, "/v1/models", ["description": "no name"], nil, .badRequest, "invalid_json"),
                (.post, "/v1/models", ["name": 42], nil, .badRequest, "invalid_json"),
                (.post, "/v1/models", nil, Array("{not json".utf8), .badRequest, "invalid_json"),
                (.post, "/v1/models", nil, [0x7B, 0xFF, 0xFE, 0x7D], .badRequest, "invalid_json"),
                (.post, "/v1/models", ["name": String(repeating: "n", count: 80_000)], nil, .contentTooLarge, "payload_too_large"),
                (.get, "/v1/models/nope", nil, nil, .notFound, "model_not_found"),
                (.patch, "/v1/models/nope", ["description": "x"], nil, .notFound, "model_not_found"),
                (.patch, "/v1/models/taken", ["reason": "nothing"], nil, .unprocessableContent, "invalid_argument"),
                (.get, "/v1/models?limit=0", nil, nil, .badRequest, "invalid_parameter"),
                (.get, "/v1/models?limit=100000", nil, nil, .badRequest, "invalid_parameter"),
                (.get, "/v1/events?after=-1", nil, nil, .badRequest, "invalid_parameter"),
                (.get, "/v1/models/nope/history", nil, nil, .notFound, "model_not_found"),
            ]
            for (method, path, json, raw, status, code) in cases {
                let reply = try await api.send(method, path, json: json, raw: raw)
                #expect(reply.status == status, "\(method) \(path): \(reply.text)")
                #expect(reply.errorCode == code, "\(method) \(path): \(reply.text)")
            }
            #expect(try await registry.headPosition() == before)
        }
    }

    @Test("the event log lists every event with hashes, paged by position")
    func eventLog() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            for name in ["m1", "m2", "m3"] { _ = try await api.send(.post, "/v1/models", json: ["name": name]) }
            let page = try await api.send(.get, "/v1/events?limit=3")
            #expect(page.items.map { $0["position"] as? Int } == [1, 2, 3])
            let rest = try await api.send(.get, "/v1/events?after=3")
            #expect(rest.items.map { $0["type"] as? String } == ["ModelRegistered", "ModelRegistered"])
            #expect(rest.items.first?["prev_hash"] as? String == page.items.last?["hash"] as? String)
        }
    }
}
