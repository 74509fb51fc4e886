import Foundation
import HTTPTypes
import Postgres
import RegistryService
import TestSupport
import Testing

/// Many clients racing for the same thing: exactly one wins, the others get 409, and the log stays consistent.
@Suite("races")
struct RaceTests {
    @Test("50 clients registering the same model name: one 201, 49 409, one registration in the ledger, the chain intact")
    func sameModelName() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for client in 0..<50 {
                    group.addTask {
                        try await api.onOwnConnection { api in
                            try await api.send(.post, "/v1/models", json: ["name": "contested", "description": "client \(client)"]).status
                        }
                    }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 49)
            let registrations = try await registry.database.asOwner { session in
                try session.query("SELECT count(*) FROM ledger_events WHERE type = 'ModelRegistered' AND data::jsonb ->> 'name' = 'contested'")
                    .first!.decode(Int.self, at: 0)
            }
            #expect(registrations == 1)
            let pool = registry.database.applicationPool(size: 2)
            let audit = try await Audit(pool: pool, checkpoints: nil).run()
            await pool.close()
            #expect(audit.ok, "\(audit)")
        }
    }

    @Test("50 clients moving one alias from where they saw it: one wins, 49 get 409 alias_moved, one move in the ledger")
    func sameAliasMove() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m", versions: 5)
            #expect(try await api.send(.put, "/v1/models/m/aliases/staging", json: ["version": 1]).status == .ok)
            let before = try await registry.headPosition()
            let replies = try await withThrowingTaskGroup(of: (Int, API.Reply).self) { group in
                for client in 0..<50 {
                    group.addTask {
                        let target = 2 + client % 4
                        return try await api.onOwnConnection { api in
                            (target, try await api.send(.put, "/v1/models/m/aliases/staging", json: ["version": target, "from_version": 1]))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = replies.filter { $0.1.status == .ok }
            #expect(winners.count == 1)
            #expect(replies.filter { $0.1.status == .conflict && $0.1.errorCode == "alias_moved" }.count == 49)
            #expect(try await registry.headPosition() == before + 1)
            let staging = try await api.send(.get, "/v1/models/m").json["aliases"] as? [String: Any]
            #expect((staging?["staging"] as? [String: Any])?["version"] as? Int == winners.first?.0)

            let unset = try await api.send(.put, "/v1/models/m/aliases/candidate", json: ["version": 2, "from_version": NSNull()])
            #expect(unset.status == .ok, "\(unset.text)")
            let again = try await api.send(.put, "/v1/models/m/aliases/candidate", json: ["version": 3, "from_version": NSNull()])
            #expect(again.errorCode == "alias_moved", "\(again.text)")
        }
    }

    @Test("50 clients registering versions of one model at once: versions 1…50, no gaps, no duplicates")
    func concurrentVersions() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            #expect(try await api.send(.post, "/v1/models", json: ["name": "busy"]).status == .created)
            let sha = try await api.upload(Array("shared artifact".utf8))
            let versions = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await api.onOwnConnection { api in
                            try await api.send(.post, "/v1/models/busy/versions", json: ["artifact_sha256": sha, "format": "onnx"]).json["version"]
                                as? Int
                        }
                    }
                }
                var versions: [Int] = []
                for try await version in group { if let version { versions.append(version) } }
                return versions
            }
            #expect(versions.sorted() == Array(1...50))
            #expect(try await api.send(.get, "/v1/models/busy").json["latest_version"] as? Int == 50)
        }
    }
}
