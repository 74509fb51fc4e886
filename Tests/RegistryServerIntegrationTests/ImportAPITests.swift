import Foundation
import HTTPTypes
import Postgres
import RegistryService
import TestSupport
import Testing

@Suite("backfill import")
struct ImportAPITests {
    /// Three versions of credit-pd over two years (a gap after the first: retired before the next went live) and a
    /// second model with one version.
    private func rows(_ digests: [String]) -> [[String: Any]] {
        [
            [
                "line": 2, "model": "credit-pd", "version": 1, "artifact_sha256": digests[0], "format": "onnx", "live_from": "2024-01-15",
                "retired_at": "2024-09-01", "approver": "bob", "owner": "alice", "reason": "annual review 2024",
            ],
            [
                "line": 3, "model": "credit-pd", "artifact_sha256": digests[1], "format": "onnx", "live_from": "2024-10-01",
                "retired_at": "2025-06-01", "approver": "bob", "owner": "alice",
            ],
            [
                "line": 4, "model": "credit-pd", "artifact_sha256": digests[2], "format": "onnx", "live_from": "2025-06-01", "approver": "bob",
                "owner": "alice", "description": "recalibrated",
            ],
            [
                "line": 5, "model": "nowcast", "artifact_sha256": digests[0], "format": "onnx", "live_from": "2025-02-01T09:30:00Z",
                "approver": "alice", "owner": "bob",
            ],
        ]
    }

    @Test("an import records two years of past: live answers per date, history is back-dated, a second import adds nothing")
    func importsPast() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            _ = try await api.principal("bob")
            var digests: [String] = []
            for index in 0..<3 { digests.append(try await api.upload(Array("legacy model \(index)".utf8))) }

            let imported = try await api.send(.post, "/v1/imports", json: ["source": "legacy.csv", "rows": rows(digests)])
            #expect(imported.status == .created, "\(imported.text)")
            #expect(imported.json["events_appended"] as? Int == 15)
            let statuses = (imported.json["models"] as? [[String: Any]] ?? []).map { "\($0["model"]!):\($0["status"]!)" }
            #expect(statuses == ["credit-pd:imported", "nowcast:imported"])

            func live(_ date: String) async throws -> [String: Int] {
                let items = try await api.send(.get, "/v1/live?at=\(date)").items
                return Dictionary(uniqueKeysWithValues: items.map { ($0["model"] as! String, $0["version"] as! Int) })
            }
            #expect(try await live("2024-06-01") == ["credit-pd": 1])
            #expect(try await live("2024-09-15") == [:])
            #expect(try await live("2025-03-01") == ["credit-pd": 2, "nowcast": 1])
            #expect(try await live("2025-07-01") == ["credit-pd": 3, "nowcast": 1])
            #expect(try await api.send(.get, "/v1/models/credit-pd?at=2024-01-14").status == .notFound)
            let model = try await api.send(.get, "/v1/models/credit-pd", token: alice)
            #expect(model.status == .ok)
            #expect(model.json["created_at"] as? String == "2024-01-15T00:00:00.000000Z")
            let history = try await api.send(.get, "/v1/models/credit-pd/history").items
            #expect(history.allSatisfy { $0["back_dated"] as? Bool == true && $0["actor"] as? String == "admin" })
            #expect(history.first { $0["type"] as? String == "VersionApproved" }?["reason"] as? String == "annual review 2024")
            let approval = try await api.send(.get, "/v1/models/credit-pd/versions/1").json["approvals"] as? [[String: Any]]
            #expect(approval?.first?["approver"] as? String == "bob")

            let head = try await registry.headPosition()
            let again = try await api.send(.post, "/v1/imports", json: ["source": "legacy.csv", "rows": rows(digests)])
            #expect(again.status == .ok)
            #expect(again.json["events_appended"] as? Int == 0)
            #expect((again.json["models"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "already_imported" } == true)
            #expect(try await registry.headPosition() == head)

            let report = try await Replayer(pool: registry.pool, logger: TestPostgres.logger).check()
            #expect(report.differences.isEmpty)
        }
    }

    @Test("one bad row refuses the whole file, naming every bad line; nothing is written")
    func badRows() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let alice = try await api.principal("alice")
            _ = try await api.principal("bob")
            let digest = try await api.upload(Array("legacy".utf8))
            let head = try await registry.headPosition()
            let good: [String: Any] = [
                "line": 2, "model": "fine", "artifact_sha256": digest, "format": "onnx", "live_from": "2024-01-01", "approver": "bob",
                "owner": "alice",
            ]
            var selfApproved = good
            (selfApproved["line"], selfApproved["model"], selfApproved["approver"]) = (3, "other", "alice")
            var unknownArtifact = good
            (unknownArtifact["line"], unknownArtifact["model"], unknownArtifact["artifact_sha256"]) = (4, "third", String(repeating: "0", count: 64))
            var future = good
            (future["line"], future["model"], future["live_from"]) = (5, "fourth", "2099-01-01")
            var stranger = good
            (stranger["line"], stranger["model"], stranger["approver"]) = (6, "fifth", "mallory")
            var overlap = good
            (overlap["line"], overlap["live_from"], overlap["retired_at"]) = (7, "2023-01-01", "2024-06-01")

            let refused = try await api.send(
                .post, "/v1/imports", json: ["rows": [good, selfApproved, unknownArtifact, future, stranger, overlap]])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "invalid_backfill")
            let message = (refused.json["error"] as? [String: Any])?["message"] as? String ?? ""
            for line in 3...7 { #expect(message.contains("line \(line):"), "\(message)") }
            #expect(!message.contains("line 2:"))
            #expect(try await registry.headPosition() == head)
            #expect(try await api.send(.get, "/v1/models/fine").status == .notFound)

            #expect(try await api.send(.post, "/v1/imports", token: alice, json: ["rows": [good]]).status == .forbidden)
            #expect(try await api.send(.post, "/v1/imports", json: ["rows": []]).status == .unprocessableContent)
            let dryRun = try await api.send(.post, "/v1/imports", json: ["rows": [good], "dry_run": true])
            #expect(dryRun.status == .ok && (dryRun.json["models"] as? [[String: Any]])?.first?["status"] as? String == "would_import")
            #expect(try await registry.headPosition() == head)
            _ = try await api.send(.post, "/v1/models", token: alice, json: ["name": "taken"])
            var taken = good
            taken["model"] = "taken"
            #expect(try await api.send(.post, "/v1/imports", json: ["rows": [taken]]).text.contains("already in the registry"))
        }
    }
}
