import Crypto
import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("versions, aliases and approvals over HTTP")
struct VersionsAPITests {
    @Test("register versions, read them, and download the artifact (recorded as a download)")
    func versions() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "/v1/models", json: ["name": "mpg"])
            let bytes = Array("coefficients".utf8)
            let sha = try await api.upload(bytes)
            let body: [String: Any] = [
                "artifact_sha256": sha, "format": "onnx", "description": "first", "metrics": ["r_squared": 0.857],
                "card": ["purpose": "estimate mpg", "risk_tier": "low"],
                "lineage": ["source": "nb.ipynb", "run_id": "r1", "training_data": "mtcars.csv"],
                "tags": ["stage": "dev"],
            ]
            let registered = try await api.send(.post, "/v1/models/mpg/versions", json: body)
            #expect(registered.status == .created)
            #expect(registered.json["version"] as? Int == 1)
            #expect(registered.json["artifact_size"] as? Int == bytes.count)
            #expect(registered.json["registrant"] as? String == "admin")
            #expect((registered.json["lineage"] as? [String: String])?["run_id"] == "r1")
            #expect((registered.json["card"] as? [String: String])?["risk_tier"] == "low")
            let second = try await api.send(.post, "/v1/models/mpg/versions", json: ["artifact_sha256": sha, "format": "onnx"])
            #expect(second.json["version"] as? Int == 2)

            let list = try await api.send(.get, "/v1/models/mpg/versions?limit=1")
            #expect(list.items.map { $0["version"] as? Int } == [1])
            #expect(list.json["next"] as? String == "1")
            #expect(try await api.send(.get, "/v1/models/mpg/versions/2").json["version"] as? Int == 2)
            #expect(try await api.send(.get, "/v1/models/mpg").json["latest_version"] as? Int == 2)

            let download = try await api.send(.get, "/v1/models/mpg/versions/1/artifact")
            #expect(download.status == .ok)
            #expect(download.body == bytes)
            #expect(download.headers[HTTPField.Name("X-Artifact-SHA256")!] == sha)
            let history = try await api.send(.get, "/v1/models/mpg/history")
            #expect(history.items.last?["type"] as? String == "ArtifactDownloaded")
            #expect(history.items.last?["actor"] as? String == "admin")
        }
    }

    @Test("version refusals: unknown artifact, bad digest, unknown model or version, bad format")
    func versionRefusals() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "/v1/models", json: ["name": "mpg"])
            let sha = try await api.upload(Array("x".utf8))
            let before = try await registry.headPosition()
            let missing = String(repeating: "a", count: 64)
            let cases: [(HTTPRequest.Method, String, Any?, HTTPResponse.Status)] = [
                (.post, "/v1/models/mpg/versions", ["artifact_sha256": missing, "format": "onnx"], .unprocessableContent),
                (.post, "/v1/models/mpg/versions", ["artifact_sha256": "ABC", "format": "onnx"], .unprocessableContent),
                (.post, "/v1/models/mpg/versions", ["artifact_sha256": sha, "format": "Bad Format!"], .unprocessableContent),
                (.post, "/v1/models/mpg/versions", ["artifact_sha256": sha, "format": "onnx", "metrics": ["x": "high"]], .badRequest),
                (.post, "/v1/models/mpg/versions", ["format": "onnx"], .badRequest),
                (.post, "/v1/models/nope/versions", ["artifact_sha256": sha, "format": "onnx"], .notFound),
                (.get, "/v1/models/mpg/versions/7", nil, .notFound),
                (.get, "/v1/models/mpg/versions/0", nil, .badRequest),
                (.get, "/v1/models/mpg/versions/abc", nil, .badRequest),
                (.get, "/v1/models/mpg/versions/7/artifact", nil, .notFound),
                (.get, "/v1/models/nope/versions", nil, .notFound),
            ]
            for (method, path, json, status) in cases {
                let reply = try await api.send(method, path, json: json)
                #expect(reply.status == status, "\(method) \(path): \(reply.text)")
            }
            #expect(try await registry.headPosition() == before)
        }
    }

    @Test("four-eyes: production needs an approval by someone other than the registrant")
    func fourEyes() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            try await api.modelWithVersion("mpg", token: alice, versions: 2)
            #expect(try await api.send(.put, "/v1/models/mpg/grants/bob", token: alice, json: ["role": "approver"]).status == .ok)

            #expect(try await api.send(.put, "/v1/models/mpg/aliases/staging", token: alice, json: ["version": 1]).status == .ok)
            let before = try await registry.headPosition()
            let unapproved = try await api.send(.put, "/v1/models/mpg/aliases/production", token: alice, json: ["version": 2, "reason": "go"])
            #expect(unapproved.status == .forbidden)
            #expect(unapproved.errorCode == "approval_required")
            let selfApproval = try await api.send(.post, "/v1/models/mpg/versions/2/approvals", token: alice, json: ["notes": "mine"])
            #expect(selfApproval.status == .forbidden)
            #expect(selfApproval.errorCode == "self_approval")
            #expect(selfApproval.json.description.contains("four-eyes"))
            let carol = try await api.principal("carol")
            #expect(try await api.send(.put, "/v1/models/mpg/grants/carol", token: alice, json: ["role": "editor"]).status == .ok)
            let notApprover = try await api.send(.post, "/v1/models/mpg/versions/2/approvals", token: carol, json: ["notes": "lgtm"])
            #expect(notApprover.status == .forbidden)
            #expect(notApprover.text.contains("approver"))
            let editorPromotes = try await api.send(.put, "/v1/models/mpg/aliases/production", token: carol, json: ["version": 2])
            #expect(editorPromotes.status == .forbidden)
            let head = try await registry.headPosition()
            // Only carol's creation (two events) and her grant were written; none of the refusals.
            #expect(head == before + 3)

            let approval = try await api.send(
                .post, "/v1/models/mpg/versions/2/approvals", token: bob, json: ["alias": "production", "decision": "approved", "notes": "checked"])
            #expect(approval.status == .created)
            #expect(approval.json["approver"] as? String == "bob")
            let promoted = try await api.send(.put, "/v1/models/mpg/aliases/production", token: bob, json: ["version": 2, "reason": "approved"])
            #expect(promoted.status == .ok)
            let production = (promoted.json["aliases"] as? [String: [String: Any]])?["production"]
            #expect(production?["version"] as? Int == 2)
            #expect(production?["set_by"] as? String == "bob")

            let viaAlias = try await api.send(.get, "/v1/models/mpg/aliases/production")
            #expect(viaAlias.json["version"] as? Int == 2)
            #expect((viaAlias.json["approvals"] as? [[String: Any]])?.first?["approver"] as? String == "bob")
            // Approval of version 2 does not cover version 1.
            #expect(try await api.send(.put, "/v1/models/mpg/aliases/production", json: ["version": 1]).status == .forbidden)

            #expect(try await api.send(.delete, "/v1/models/mpg/aliases/staging?reason=retired").status == .ok)
            #expect(try await api.send(.delete, "/v1/models/mpg/aliases/staging").status == .notFound)
            #expect(try await api.send(.get, "/v1/models/mpg/aliases/staging").status == .notFound)
            #expect(try await api.send(.put, "/v1/models/mpg/aliases/latest", json: ["version": 1]).status == .unprocessableContent)
            #expect(try await api.send(.put, "/v1/models/mpg/aliases/staging", json: ["version": 9]).status == .notFound)

            let types = try await api.send(.get, "/v1/models/mpg/history").items.compactMap { $0["type"] as? String }
            #expect(types.suffix(4) == ["AccessGranted", "VersionApproved", "AliasSet", "AliasRemoved"])
        }
    }
}

@Suite("protected aliases")
struct ProtectedAliasTests {
    @Test("the owner decides which aliases are protected; a newly protected alias then needs an approval")
    func ownerProtects() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            let bob = try await api.principal("bob")
            try await api.modelWithVersion("m", token: alice, versions: 2)
            #expect(try await api.send(.put, "/v1/models/m/grants/bob", token: alice, json: ["role": "editor"]).status == .ok)
            #expect(try await api.send(.put, "/v1/models/m/protected-aliases", token: bob, json: ["aliases": ["staging"]]).status == .forbidden)
            let protected = try await api.send(.put, "/v1/models/m/protected-aliases", token: alice, json: ["aliases": ["production", "staging"]])
            #expect(protected.status == .ok)
            #expect(protected.json["protected_aliases"] as? [String] == ["production", "staging"])
            #expect(try await api.send(.put, "/v1/models/m/aliases/staging", token: bob, json: ["version": 1]).status == .forbidden)
            #expect(try await api.send(.put, "/v1/models/m/aliases/canary", token: bob, json: ["version": 1]).status == .ok)
        }
    }
}
