import Foundation
import HTTPTypes
import Postgres
import TestSupport
import Testing

/// The full matrix: every kind of caller against every model operation, with the status each must get.
@Suite("access control matrix")
struct AccessMatrixTests {
    enum Who: String, CaseIterable, Sendable {
        case admin, auditor, owner, approver, editor, user, viewer, stranger, expired, revoked
    }

    enum Operation: String, CaseIterable, Sendable {
        case list, show, versions, version, history, grants, download, edit, registerVersion, moveStaging, moveProduction, approve, grant,
            protect, events
    }

    static let ok = HTTPResponse.Status.ok
    static let created = HTTPResponse.Status.created
    static let forbidden = HTTPResponse.Status.forbidden
    static let hidden = HTTPResponse.Status.notFound

    /// What each caller must get; `list` is 200 for everyone but says whether the model is listed (see `listed`).
    static func expected(_ who: Who, _ operation: Operation) -> HTTPResponse.Status {
        let reads: Set<Operation> = [.list, .show, .versions, .version, .history]
        switch who {
        case .admin:
            return [.registerVersion, .approve].contains(operation) ? created : ok
        case .auditor:
            return reads.contains(operation) || operation == .grants || operation == .events ? ok : forbidden
        case .owner:
            switch operation {
            case .events: return forbidden
            case .approve: return forbidden  // four-eyes: the owner registered the version
            case .registerVersion: return created
            default: return ok
            }
        case .approver:
            switch operation {
            case _ where reads.contains(operation), .download, .moveProduction: return ok
            case .approve: return created
            default: return forbidden
            }
        case .editor:
            switch operation {
            case _ where reads.contains(operation), .download, .edit, .moveStaging: return ok
            case .registerVersion: return created
            default: return forbidden
            }
        case .user:
            return reads.contains(operation) || operation == .download ? ok : forbidden
        case .viewer:
            return reads.contains(operation) ? ok : forbidden
        case .stranger, .expired, .revoked:
            return operation == .list ? ok : operation == .events ? forbidden : hidden
        }
    }

    static func listed(_ who: Who) -> Bool { ![.stranger, .expired, .revoked].contains(who) }

    @Test("every caller gets exactly the access its roles give", arguments: Who.allCases)
    func matrix(_ who: Who) async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let tokens = try await Self.setUp(api)
            let token = who == .admin ? api.adminToken : tokens[who]!
            for operation in Operation.allCases {
                let before = try await registry.headPosition()
                let reply = try await Self.perform(operation, api: api, token: token)
                let expected = Self.expected(who, operation)
                #expect(reply.status == expected, "\(who) \(operation): \(reply.text)")
                if expected == Self.forbidden {
                    #expect(reply.text.contains("role") || reply.text.contains("four-eyes"), "\(who) \(operation) must say why: \(reply.text)")
                }
                if expected == Self.forbidden || expected == Self.hidden {
                    #expect(try await registry.headPosition() == before, "\(who) \(operation) was refused but wrote")
                }
                if operation == .list {
                    #expect(reply.items.contains { $0["name"] as? String == "m" } == Self.listed(who), "\(who) list")
                }
            }
        }
    }

    /// One model `m` owned by `owner` with two versions (version 2 approved for production by `approver`), and a
    /// principal for every kind of caller; `expired`'s grant has run out and `revoked`'s was taken back.
    static func setUp(_ api: API) async throws -> [Who: String] {
        var tokens: [Who: String] = [:]
        for who in Who.allCases where who != .admin {
            tokens[who] = try await api.principal(who.rawValue, roles: who == .auditor ? ["auditor"] : [])
        }
        let owner = tokens[.owner]!
        try await api.modelWithVersion("m", token: owner, versions: 2)
        for (who, role) in [(Who.approver, "approver"), (.editor, "editor"), (.user, "user"), (.viewer, "viewer"), (.revoked, "editor")] {
            let reply = try await api.send(.put, "/v1/models/m/grants/\(who.rawValue)", token: owner, json: ["role": role, "reason": "matrix"])
            guard reply.status == .ok else { throw TestFailure("grant \(role): \(reply.text)") }
        }
        let soon = Date().addingTimeInterval(3)
        let expiry = ISO8601DateFormatter().string(from: soon)
        _ = try await api.send(.put, "/v1/models/m/grants/expired", token: owner, json: ["role": "editor", "expires_at": expiry])
        _ = try await api.send(.delete, "/v1/models/m/grants/revoked/editor", token: owner)
        let approval = try await api.send(.post, "/v1/models/m/versions/2/approvals", token: tokens[.approver]!, json: ["notes": "ok"])
        guard approval.status == .created else { throw TestFailure("approval: \(approval.text)") }
        let wait = soon.timeIntervalSinceNow + 0.2
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        return tokens
    }

    static func perform(_ operation: Operation, api: API, token: String) async throws -> API.Reply {
        switch operation {
        case .list: return try await api.send(.get, "/v1/models", token: token)
        case .show: return try await api.send(.get, "/v1/models/m", token: token)
        case .versions: return try await api.send(.get, "/v1/models/m/versions", token: token)
        case .version: return try await api.send(.get, "/v1/models/m/versions/1", token: token)
        case .history: return try await api.send(.get, "/v1/models/m/history", token: token)
        case .grants: return try await api.send(.get, "/v1/models/m/grants", token: token)
        case .download: return try await api.send(.get, "/v1/models/m/versions/1/artifact", token: token)
        case .edit: return try await api.send(.patch, "/v1/models/m", token: token, json: ["description": "edited \(UUID())"])
        case .registerVersion:
            let sha = try await api.upload(Array("matrix \(UUID())".utf8))
            return try await api.send(.post, "/v1/models/m/versions", token: token, json: ["artifact_sha256": sha, "format": "onnx"])
        case .moveStaging: return try await api.send(.put, "/v1/models/m/aliases/staging", token: token, json: ["version": 1])
        case .moveProduction: return try await api.send(.put, "/v1/models/m/aliases/production", token: token, json: ["version": 2])
        case .approve: return try await api.send(.post, "/v1/models/m/versions/1/approvals", token: token, json: ["notes": "matrix"])
        case .grant:
            return try await api.send(.put, "/v1/models/m/grants/stranger", token: token, json: ["role": "viewer", "expires_at": "2099-01-01"])
        case .protect: return try await api.send(.put, "/v1/models/m/protected-aliases", token: token, json: ["aliases": ["production"]])
        case .events: return try await api.send(.get, "/v1/events", token: token)
        }
    }
}
