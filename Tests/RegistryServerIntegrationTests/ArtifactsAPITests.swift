import Crypto
import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

@Suite("artifacts over HTTP")
struct ArtifactsAPITests {
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test("an upload is stored once under its SHA-256 and comes back byte for byte")
    func storedOnce() async throws {
        let registry = try await TestRegistry.make(maxArtifactSize: 8 << 20)
        try await registry.run { api in
            // Larger than one chunk, with every byte value.
            let bytes = (0..<(3 << 20) + 12345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            let first = try await api.send(.post, "/v1/artifacts", raw: bytes, headers: [HTTPField.Name("X-Expected-SHA256")!: Self.sha256(bytes)])
            #expect(first.status == .created)
            #expect(first.json["sha256"] as? String == Self.sha256(bytes))
            #expect(first.json["size"] as? Int == bytes.count)
            let again = try await api.send(.post, "/v1/artifacts", raw: bytes)
            #expect(again.status == .ok)
            let chunks = try await registry.database.asOwner { session in
                try session.query("SELECT count(*) FROM artifact_chunks").first!.decode(Int.self, at: 0)
            }
            #expect(chunks == 4)

            _ = try await api.send(.post, "/v1/models", json: ["name": "big"])
            _ = try await api.send(.post, "/v1/models/big/versions", json: ["artifact_sha256": Self.sha256(bytes), "format": "onnx"])
            let download = try await api.send(.get, "/v1/models/big/versions/1/artifact")
            #expect(download.body == bytes)
            #expect(try await api.send(.get, "/v1/artifacts/\(Self.sha256(bytes))").json["size"] as? Int == bytes.count)
        }
    }

    @Test("a digest mismatch (422) or an oversized upload (413) stores nothing")
    func refusedUploads() async throws {
        let registry = try await TestRegistry.make(maxArtifactSize: 1 << 20)
        try await registry.run { api in
            let wrong = try await api.send(
                .post, "/v1/artifacts", raw: Array("hello".utf8), headers: [HTTPField.Name("X-Expected-SHA256")!: String(repeating: "0", count: 64)])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.errorCode == "digest_mismatch")
            let malformed = try await api.send(
                .post, "/v1/artifacts", raw: Array("hello".utf8), headers: [HTTPField.Name("X-Expected-SHA256")!: "xyz"])
            #expect(malformed.status == .badRequest)
            let tooLarge = try await api.send(.post, "/v1/artifacts", raw: [UInt8](repeating: 7, count: (1 << 20) + 1))
            #expect(tooLarge.status == .contentTooLarge)
            let stored = try await registry.database.asOwner { session in
                try session.query("SELECT (SELECT count(*) FROM artifacts) + (SELECT count(*) FROM artifact_chunks)").first!.decode(Int.self, at: 0)
            }
            #expect(stored == 0)
            #expect(try await api.send(.get, "/v1/artifacts/\(String(repeating: "0", count: 64))").status == .notFound)
        }
    }

    @Test("a stored artifact altered in the database is refused on download, not served")
    func corruptedArtifact() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let bytes = Array("the real model".utf8)
            let sha = try await api.upload(bytes)
            _ = try await api.send(.post, "/v1/models", json: ["name": "m"])
            _ = try await api.send(.post, "/v1/models/m/versions", json: ["artifact_sha256": sha, "format": "onnx"])
            try await registry.database.asOwner { session in
                try session.execute("ALTER TABLE artifact_chunks DISABLE TRIGGER artifact_chunks_append_only")
                try session.execute("UPDATE artifact_chunks SET data = convert_to('the fake model', 'UTF8')")
                try session.execute("ALTER TABLE artifact_chunks ENABLE TRIGGER artifact_chunks_append_only")
            }
            let download = try? await api.send(.get, "/v1/models/m/versions/1/artifact")
            #expect(download?.body != Array("the fake model".utf8))
        }
    }
}
