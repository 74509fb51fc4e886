import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("reads as of a past instant")
struct TimeTravelAPITests {
    @Test("an alias moved twice answers before, between and after; before registration the model is 404")
    func aliasMoves() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m", versions: 2)
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 1])
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 2])
            let history = try await api.send(.get, "/v1/models/m/history").items
            let registered = try #require(history.first?["recorded_at"] as? String)
            let moves = history.filter { $0["type"] as? String == "AliasSet" }.compactMap { $0["recorded_at"] as? String }
            #expect(moves.count == 2)

            func champion(at instant: String) async throws -> (HTTPResponse.Status, Int?) {
                let reply = try await api.send(.get, "/v1/models/m?at=\(instant)")
                let aliases = reply.json["aliases"] as? [String: [String: Any]]
                return (reply.status, aliases?["champion"]?["version"] as? Int)
            }
            let beforeFirst = try await champion(at: registered)
            #expect(beforeFirst.0 == .ok && beforeFirst.1 == nil)
            #expect(try await champion(at: moves[0]).1 == 1)
            #expect(try await champion(at: moves[1]).1 == 2)

            let stated = try await api.send(.get, "/v1/models/m?at=\(moves[0])&known_at=\(moves[1])")
            let asOf = try #require(stated.json["as_of"] as? [String: String])
            #expect(asOf["at"] == moves[0])
            #expect(asOf["known_at"] == moves[1])

            let alias = try await api.send(.get, "/v1/models/m/aliases/champion?at=\(moves[0])")
            #expect(alias.json["version"] as? Int == 1)
            #expect(try await api.send(.get, "/v1/models/m/versions?at=\(registered)").items.isEmpty)
            #expect(try await api.send(.get, "/v1/models/m/versions/2?at=\(moves[0])").json["aliases"] as? [String] == [])

            let early = try await api.send(.get, "/v1/models/m?at=2020-01-01")
            #expect(early.status == .notFound)
            #expect(try await api.send(.get, "/v1/models/m?known_at=2020-01-01T00:00:00Z").status == .notFound)
            #expect(try await api.send(.get, "/v1/models/m?at=yesterday").status == .badRequest)
            #expect(try await api.send(.get, "/v1/models/m?at=0001-01-01").status == .badRequest)

            let known = try await api.send(.get, "/v1/models/m/history?known_at=\(moves[0])").items
            #expect(known.last?["recorded_at"] as? String == moves[0])
        }
    }

    @Test("rights are checked as they are now: a revoked viewer may not look at the past, an auditor may")
    func currentRights() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let viewer = try await api.principal("viewer")
            let auditor = try await api.principal("auditor", roles: ["auditor"])
            try await api.modelWithVersion("m")
            _ = try await api.send(.put, "/v1/models/m/grants/viewer", json: ["role": "viewer"])
            let whileGranted = try #require(try await api.send(.get, "/v1/models/m").json["updated_at"] as? String)
            #expect(try await api.send(.get, "/v1/models/m?at=\(whileGranted)", token: viewer).status == .ok)
            _ = try await api.send(.delete, "/v1/models/m/grants/viewer/viewer")
            #expect(try await api.send(.get, "/v1/models/m?at=\(whileGranted)", token: viewer).status == .notFound)
            #expect(try await api.send(.get, "/v1/models/m?at=\(whileGranted)", token: auditor).status == .ok)
        }
    }
}

@Suite("what was live")
struct LiveAPITests {
    @Test("live lists each visible model's production version at an instant, with both times")
    func live() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let bob = try await api.principal("bob")
            try await api.modelWithVersion("a", versions: 2)
            try await api.modelWithVersion("b", token: bob)
            try await api.modelWithVersion("hidden")
            for (model, version, token) in [("a", 1, api.adminToken), ("b", 1, bob), ("hidden", 1, api.adminToken)] {
                _ = try await api.send(
                    .post, "/v1/models/\(model)/versions/\(version)/approvals", token: model == "b" ? api.adminToken : bob, json: [:])
                _ = try await api.send(.put, "/v1/models/\(model)/aliases/production", token: token, json: ["version": version])
            }
            // bob needs a grant on a to approve it; the admin approved b and hidden instead.
            _ = try await api.send(.put, "/v1/models/a/grants/bob", json: ["role": "approver"])
            _ = try await api.send(.post, "/v1/models/a/versions/1/approvals", token: bob, json: [:])
            _ = try await api.send(.post, "/v1/models/a/versions/2/approvals", token: bob, json: [:])
            let first = try await api.send(.put, "/v1/models/a/aliases/production", json: ["version": 1])
            let between = try #require((first.json["aliases"] as? [String: [String: Any]])?["production"]?["since"] as? String)
            _ = try await api.send(.put, "/v1/models/a/aliases/production", json: ["version": 2])

            let now = try await api.send(.get, "/v1/live")
            #expect(now.status == .ok)
            let versions = Dictionary(uniqueKeysWithValues: now.items.map { ($0["model"] as! String, $0["version"] as! Int) })
            #expect(versions["a"] == 2)
            #expect(versions["b"] == 1)
            let then = try await api.send(.get, "/v1/live?at=\(between)")
            #expect(then.items.first { $0["model"] as? String == "a" }?["version"] as? Int == 1)
            #expect(then.items.first?["since_recorded_at"] != nil)

            let asBob = try await api.send(.get, "/v1/live", token: bob)
            #expect(asBob.items.compactMap { $0["model"] as? String } == ["a", "b"])
            #expect(try await api.send(.get, "/v1/live?at=2020-01-01").items.isEmpty)
            #expect(try await api.send(.get, "/v1/live?alias=Bad!").status == .badRequest)
        }
    }
}
