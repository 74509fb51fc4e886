import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("authentication and principals over HTTP")
struct AuthAPITests {
    @Test("requests without a valid token are 401", arguments: [nil, "", "Bearer", "mr_000000000000_forged", "Basic YWRtaW46YWRtaW4="])
    func unauthenticated(_ header: String?) async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            var headers: HTTPFields = [:]
            if let header { headers[.authorization] = header }
            let reply = try await api.send(.get, "/v1/models", token: .some(nil), headers: headers)
            #expect(reply.status == .unauthorized)
            #expect(reply.errorCode == "unauthenticated")
            #expect(reply.headers[.wwwAuthenticate] != nil)
        }
    }

    @Test("a token with a forged secret for a real token id is 401")
    func forgedSecret() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let parts = api.adminToken.split(separator: "_")
            let forged = "mr_\(parts[1])_" + String(repeating: "A", count: 43)
            let reply = try await api.send(.get, "/v1/models", token: forged)
            #expect(reply.status == .unauthorized)
        }
    }

    @Test("admins create principals (token shown once), others may not; tokens can be issued, listed and revoked")
    func principals() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let created = try await api.send(.post, "/v1/principals", json: ["name": "carol", "display_name": "Carol", "kind": "service"])
            #expect(created.status == .created)
            let carol = try #require(created.json["secret"] as? String)
            #expect((created.json["principal"] as? [String: Any])?["kind"] as? String == "service")
            #expect(try await api.send(.get, "/v1/models", token: carol).status == .ok)

            #expect(try await api.send(.post, "/v1/principals", token: carol, json: ["name": "dave"]).status == .forbidden)
            #expect(try await api.send(.get, "/v1/principals", token: carol).status == .forbidden)
            #expect(try await api.send(.post, "/v1/principals", json: ["name": "carol"]).status == .conflict)
            #expect(try await api.send(.post, "/v1/principals", json: ["name": "bad name"]).status == .unprocessableContent)

            let issued = try await api.send(.post, "/v1/principals/carol/tokens", token: carol, json: ["label": "laptop"])
            #expect(issued.status == .created)
            let second = try #require(issued.json["secret"] as? String)
            let tokenId = try #require((issued.json["token"] as? [String: Any])?["token_id"] as? String)
            let listed = try await api.send(.get, "/v1/principals/carol/tokens", token: carol)
            #expect(listed.items.count == 2)
            #expect(!listed.text.contains(second))
            #expect(try await api.send(.get, "/v1/principals/admin/tokens", token: carol).status == .forbidden)

            #expect(try await api.send(.get, "/v1/models", token: second).status == .ok)
            #expect(try await api.send(.delete, "/v1/principals/carol/tokens/\(tokenId)", token: carol).status == .noContent)
            #expect(try await api.send(.get, "/v1/models", token: second).status == .unauthorized)
            #expect(try await api.send(.get, "/v1/models", token: carol).status == .ok)

            let expiring = try await api.send(
                .post, "/v1/principals/carol/tokens", json: ["expires_at": "2020-01-01T00:00:00Z"])
            #expect(expiring.status == .unprocessableContent)
        }
    }

    @Test("a token past its expiry answers 401 from that instant, with no event needed")
    func expiredToken() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            // Wide enough that the first use comes before the expiry even when the whole suite loads the machine.
            let expiry = Date().addingTimeInterval(15)
            let created = try await api.send(
                .post, "/v1/principals", json: ["name": "temp", "token_expires_at": ISO8601DateFormatter().string(from: expiry)])
            let token = try #require(created.json["secret"] as? String)
            #expect(try await api.send(.get, "/v1/models", token: token).status == .ok)
            let head = try await registry.headPosition()
            try await Task.sleep(for: .milliseconds(Int((expiry.timeIntervalSinceNow + 0.2) * 1000)))
            #expect(try await api.send(.get, "/v1/models", token: token).status == .unauthorized)
            #expect(try await registry.headPosition() == head)
        }
    }

    @Test("no token, secret hash or password is ever in the ledger")
    func secretsStayOut() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let carol = try await api.principal("carol")
            let secret = String(carol.split(separator: "_", maxSplits: 2)[2])
            let ledger = try await registry.database.asOwner { session in
                try session.query("SELECT string_agg(data::text || metadata::text, '') FROM ledger_events").first!.decode(String.self, at: 0)
            }
            #expect(!ledger.contains(secret))
            #expect(!ledger.contains(String(api.adminToken.split(separator: "_", maxSplits: 2)[2])))
        }
    }
}
