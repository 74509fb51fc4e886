import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("corrections: back-dated facts and retractions")
struct CorrectionsAPITests {
    /// The champion alias of model m for a query string ("" for now).
    private func champion(_ api: API, _ query: String) async throws -> Int? {
        let reply = try await api.send(.get, "/v1/models/m\(query)")
        return (reply.json["aliases"] as? [String: [String: Any]])?["champion"]?["version"] as? Int
    }

    @Test("a back-dated move recorded at K: known_at before K answers what was known, after K the correction; later moves stay in force")
    func backDatedMove() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m", versions: 3)
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 1])
            _ = try await api.send(.patch, "/v1/models/m", json: ["description": "between the moves"])
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 2])
            let before = try await api.send(.get, "/v1/models/m/history").items
            let firstMove = try #require(before.first { $0["type"] as? String == "AliasSet" })
            let between = try #require(before.first { $0["type"] as? String == "ModelUpdated" }?["recorded_at"] as? String)
            let secondMove = try #require(before.last)
            let knownBefore = try #require(secondMove["recorded_at"] as? String)

            let corrected = try await api.send(
                .put, "/v1/models/m/aliases/champion", json: ["version": 3, "effective_at": between, "reason": "v3 was promoted by phone"])
            #expect(corrected.status == .ok)
            // Now (and at the second move) the later move is still in force.
            #expect(try await champion(api, "") == 2)
            #expect(try await champion(api, "?at=\(knownBefore)") == 2)
            // Between the moves: the correction, as known now; what was known before it was recorded.
            #expect(try await champion(api, "?at=\(between)") == 3)
            #expect(try await champion(api, "?at=\(between)&known_at=\(knownBefore)") == 1)

            let history = try await api.send(.get, "/v1/models/m/history").items
            let correction = try #require(history.last)
            #expect(correction["back_dated"] as? Bool == true)
            #expect(correction["effective_at"] as? String == between)
            #expect(correction["reason"] as? String == "v3 was promoted by phone")
            #expect(correction["actor"] as? String == "admin")
            #expect((correction["supersedes"] as? [String: Any])?["position"] as? Int == firstMove["position"] as? Int)
            #expect(firstMove["back_dated"] as? Bool == false)
        }
    }

    @Test("a retraction withdraws an event from the moment it is recorded; history shows both, with who and why")
    func retraction() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m", versions: 2)
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 1])
            _ = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 2])
            let history = try await api.send(.get, "/v1/models/m/history").items
            let mistaken = try #require(history.last)
            let mistakenId = try #require(mistaken["event_id"] as? String)
            let knownBefore = try #require(mistaken["recorded_at"] as? String)

            let retracted = try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": mistakenId, "reason": "promoted by mistake"])
            #expect(retracted.status == .created)
            #expect(retracted.json["type"] as? String == "EventRetracted")
            #expect((retracted.json["retracts"] as? [String: Any])?["event_id"] as? String == mistakenId)
            #expect(retracted.json["reason"] as? String == "promoted by mistake")

            #expect(try await champion(api, "") == 1)
            #expect(try await champion(api, "?known_at=\(knownBefore)") == 2)
            let after = try await api.send(.get, "/v1/models/m/history").items
            let original = try #require(after.first { $0["event_id"] as? String == mistakenId })
            #expect((original["retracted_by"] as? [String: Any])?["reason"] as? String == "promoted by mistake")
            let then = try await api.send(.get, "/v1/models/m/history?known_at=\(knownBefore)").items
            #expect(then.first { $0["event_id"] as? String == mistakenId }?["retracted_by"] == nil)

            // Refusals change nothing.
            let head = try await registry.headPosition()
            let again = try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": mistakenId, "reason": "twice"])
            #expect(again.status == .conflict && again.errorCode == "already_retracted")
            let registration = try #require(after.first { $0["type"] as? String == "VersionRegistered" }?["event_id"] as? String)
            #expect(
                try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": registration, "reason": "no"]).status
                    == .unprocessableContent)
            #expect(
                try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": UUID().uuidString, "reason": "no"]).errorCode
                    == "event_not_found")
            #expect(
                try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": mistakenId, "reason": " "]).status == .unprocessableContent)
            #expect(try await api.send(.post, "/v1/models/m/retractions", json: ["event_id": "not-a-uuid", "reason": "x"]).status == .badRequest)
            #expect(try await registry.headPosition() == head)
        }
    }

    @Test("corrections are the owner's or an admin's, never in the future, never before registration, always with a reason")
    func rules() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let editor = try await api.principal("editor")
            try await api.modelWithVersion("m", versions: 2)
            _ = try await api.send(.put, "/v1/models/m/grants/editor", json: ["role": "editor"])
            let created = try #require(try await api.send(.get, "/v1/models/m").json["created_at"] as? String)
            let head = try await registry.headPosition()

            let future = try await api.send(
                .put, "/v1/models/m/aliases/champion", json: ["version": 1, "effective_at": "2099-01-01T00:00:00Z", "reason": "later"])
            #expect(future.status == .unprocessableContent)
            #expect(future.text.contains("future"))
            let early = try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 1, "effective_at": "2020-01-01", "reason": "x"])
            #expect(early.status == .unprocessableContent)
            #expect(early.text.contains("registered"))
            #expect(
                try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 1, "effective_at": created]).status
                    == .unprocessableContent)
            let notOwner = try await api.send(
                .put, "/v1/models/m/aliases/champion", token: editor, json: ["version": 1, "effective_at": created, "reason": "x"])
            #expect(notOwner.status == .forbidden)
            // Version 2 did not exist at the registration instant.
            #expect(
                try await api.send(.put, "/v1/models/m/aliases/champion", json: ["version": 2, "effective_at": created, "reason": "x"]).status
                    == .notFound)
            #expect(try await registry.headPosition() == head)

            // The editor may still move the alias now.
            #expect(try await api.send(.put, "/v1/models/m/aliases/champion", token: editor, json: ["version": 1]).status == .ok)
        }
    }

    @Test("a grant that expired: held before its expiry, not after; the principal has no access now")
    func expiredGrant() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let carol = try await api.principal("carol")
            try await api.modelWithVersion("m", versions: 2)
            let history = try await api.send(.get, "/v1/models/m/history").items
            let registered = try #require(history.first?["recorded_at"] as? String)
            let expiry = try #require(history.last?["recorded_at"] as? String)
            let granted = try await api.send(
                .put, "/v1/models/m/grants/carol",
                json: ["role": "viewer", "effective_at": registered, "expires_at": expiry, "reason": "contractor, 2024 review"])
            #expect(granted.status == .ok)

            func holders(_ query: String) async throws -> [String] {
                try await api.send(.get, "/v1/models/m/grants\(query)").items.compactMap { $0["principal"] as? String }
            }
            #expect(try await holders("?at=\(registered)") == ["carol"])
            #expect(try await holders("?at=\(expiry)") == [])
            let asOf = try await api.send(.get, "/v1/models/m/grants?at=\(registered)").json["as_of"] as? [String: String]
            #expect(asOf?["at"] == registered)
            #expect(try await api.send(.get, "/v1/models/m", token: carol).status == .notFound)
            #expect(try await api.send(.get, "/v1/models/m/grants?at=2020-01-01").status == .notFound)
        }
    }

    @Test("the models list answers as of an instant: a model registered later is absent")
    func modelsList() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("early")
            let instant = try #require(try await api.send(.get, "/v1/models/early").json["updated_at"] as? String)
            try await api.modelWithVersion("late")
            #expect(try await api.send(.get, "/v1/models").items.count == 2)
            let then = try await api.send(.get, "/v1/models?at=\(instant)")
            #expect(then.items.compactMap { $0["name"] as? String } == ["early"])
            #expect((then.json["as_of"] as? [String: String])?["at"] == instant)
            #expect(try await api.send(.get, "/v1/models?at=2020-01-01&q=ear").items.isEmpty)
        }
    }
}
