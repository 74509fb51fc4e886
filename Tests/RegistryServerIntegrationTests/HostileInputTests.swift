import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Synchronization
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Input meant to break the server: every case is a clear 4xx with the error body, never a 5xx, and nothing is
/// appended to the ledger.
@Suite("hostile input")
struct HostileInputTests {
    @Test("deep nesting, huge numbers, bad times, bad paths and absurd pages are 4xx and write nothing")
    func hostileRequests() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m")
            let before = try await registry.headPosition()
            let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            let raw: [(HTTPRequest.Method, String, String)] = [
                (.post, "/v1/models", "{\"name\": \"deep\", \"description\": " + deep + "}"),
                (.post, "/v1/models", #"{"name": "n", "description": NaN}"#),
                (.post, "/v1/models", #"{"name": "n", "description": 1e999999}"#),
                (.post, "/v1/models", #"{"name": "n\u0000x"}"#),
                (.post, "/v1/models", #"{"name": "n", "name": "duplicate key"}"#),
                (.post, "/v1/models", #"{"name": "n", "tags": {"a": "1", "\u0061": "2"}}"#),
                (.post, "/v1/models/m/versions", #"{"artifact_sha256": "00", "format": "onnx", "metrics": {"auc": 1e400}}"#),
                (
                    .post, "/v1/models/m/versions",
                    #"{"artifact_sha256": "\#(String(repeating: "0", count: 64))", "format": "onnx", "card": \#(deep)}"#
                ),
                (.put, "/v1/models/m/aliases/production", #"{"version": 99999999999999999999999}"#),
                (.put, "/v1/models/m/aliases/production", #"{"version": -1}"#),
                (.put, "/v1/models/m/aliases/../../etc", #"{"version": 1}"#),
                (.put, "/v1/models/m/grants/x", #"{"role": "owner", "expires_at": "0001-01-01T00:00:00Z"}"#),
                (.put, "/v1/models/m/grants/x", #"{"role": "viewer", "expires_at": "2025-06-30T23:59:60Z"}"#),
                (.put, "/v1/models/m/aliases/staging", #"{"version": 1, "effective_at": "2025-13-01T00:00:00Z", "reason": "x"}"#),
                (.put, "/v1/models/m/aliases/staging", #"{"version": 1, "effective_at": "+275760-09-13T00:00:00Z", "reason": "x"}"#),
                (.post, "/v1/models/m/predict", #"{"inputs": [\#(deep)]}"#),
            ]
            for (method, path, body) in raw {
                let reply = try await api.send(method, path, raw: Array(body.utf8), headers: [.contentType: "application/json"])
                #expect((400..<500).contains(reply.status.code), "\(method) \(path) \(body.prefix(80)): \(reply.status) \(reply.text.prefix(300))")
                #expect(reply.errorCode != nil, "\(method) \(path): \(reply.text.prefix(300))")
            }
            for bytes in [Array(#"{"name": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8), Array(#"{"name": "a"#.utf8) + [0xC3]] {
                let reply = try await api.send(.post, "/v1/models", raw: bytes, headers: [.contentType: "application/json"])
                #expect(reply.status == .badRequest, "invalid UTF-8: \(reply.status) \(reply.text.prefix(300))")
            }
            let sqlName = try await api.send(.post, "/v1/models", json: ["name": "x'; DROP TABLE ledger_events; --"])
            #expect(sqlName.status.code >= 400 && sqlName.status.code < 500, "\(sqlName.text)")
            for path in [
                "/v1/models?limit=99999999999999999999", "/v1/models?limit=-5", "/v1/models?after=%00", "/v1/events?after=99999999999999999999",
                "/v1/events?limit=abc", "/v1/models/m/versions/99999999999999999999", "/v1/models/m/versions/-1", "/v1/models/m/versions/0",
                "/v1/models/m?at=0001-01-01", "/v1/models/m?at=2025-02-30", "/v1/models/m?known_at=yesterday", "/v1/live?at=2025-06-30T23:59:60Z",
                "/v1/models/m?at=2025-03-31T00:00:00%2B14:00", "/v1/proofs/inclusion?position=99999999999999999999",
                "/v1/proofs/consistency?from=0", "/v1/exports/events?from=-3", "/v1/exports/events?from=2025-99-99",
                "/v1/exports/inventory?at=0001-01-01", "/v1/reports?from=abc", "/v1/models/%2e%2e%2f%2e%2e%2fetc",
            ] {
                let reply = try await api.send(.get, path)
                #expect(reply.status.code < 500, "GET \(path): \(reply.status) \(reply.text.prefix(300))")
            }
            #expect(try await registry.headPosition() == before)
        }
    }

    @Test(
        "found by Schemathesis: a known path with another method is 405 with Allow; 32-bit overflows are not found; an empty request id is replaced")
    func schemathesisFindings() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("m")
            for method in [HTTPRequest.Method.delete, .put, HTTPRequest.Method("TRACE")!] {
                let reply = try await api.send(method, "/v1/verify")
                #expect(reply.status == .methodNotAllowed, "\(method): \(reply.status)")
                #expect(reply.headers[.allow] == "GET")
            }
            let alias = try await api.send(.post, "/v1/models/m/aliases/staging")
            #expect(alias.status == .methodNotAllowed)
            #expect(alias.headers[.allow] == "DELETE, GET, PUT")
            #expect(try await api.send(.get, "/v1/no/such/route").status == .notFound)

            let huge = try await api.send(.get, "/v1/models/m/versions/2147483648")
            #expect(huge.status == .notFound && huge.errorCode == "version_not_found", "\(huge.text)")
            let page = try await api.send(.get, "/v1/models/m/versions?after=2147483648")
            #expect(page.status == .ok && page.items.isEmpty, "\(page.text)")

            let empty = try await api.send(.get, "/v1/models", headers: [HTTPField.Name("X-Request-Id")!: ""])
            #expect(empty.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
        }
    }

    @Test("the duplicate-key check sees keys, not strings, and each object on its own")
    func duplicateKeyScanner() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            // Equal keys in different objects, and key-like text inside strings, are fine.
            let fine = #"{"name": "ok", "description": "\"name\": \"x\", \"name\"", "tags": {"name": "inner"}}"#
            #expect(try await api.send(.post, "/v1/models", raw: Array(fine.utf8), headers: [.contentType: "application/json"]).status == .created)
            let nested = #"{"name": "ok2", "tags": {"k": "1", "k": "2"}}"#
            let refused = try await api.send(.post, "/v1/models", raw: Array(nested.utf8), headers: [.contentType: "application/json"])
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "invalid_json")
            #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "the key \"k\" appears twice in one object")
        }
    }

    @Test("an editor cannot make itself owner, approve its own version or move a protected alias, by the API or the CLI")
    func privilegeEscalation() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let owner = try await api.principal("owner")
            let editor = try await api.principal("editor")
            try await api.modelWithVersion("m", token: owner)
            _ = try await api.send(.put, "/v1/models/m/grants/editor", token: owner, json: ["role": "editor"])
            let sha = try await api.upload(Array("editor's version".utf8), token: editor)
            #expect(
                try await api.send(.post, "/v1/models/m/versions", token: editor, json: ["artifact_sha256": sha, "format": "onnx"]).status == .created
            )
            let before = try await registry.headPosition()
            for (method, path, body) in [
                (HTTPRequest.Method.put, "/v1/models/m/grants/editor", ["role": "owner"] as [String: Any]),
                (.put, "/v1/models/m/grants/editor", ["role": "approver"]),
                (.post, "/v1/models/m/versions/2/approvals", ["notes": "looks good to me"]),
                (.put, "/v1/models/m/aliases/production", ["version": 2]),
                (.put, "/v1/models/m/protected-aliases", ["aliases": [String](), "reason": "unprotect"]),
                (.post, "/v1/principals", ["name": "sock", "roles": ["admin"]]),
                (.post, "/v1/checkpoints", [:]),
            ] {
                let reply = try await api.send(method, path, token: editor, json: body)
                #expect(reply.status == .forbidden, "\(method) \(path): \(reply.status) \(reply.text)")
            }
            // The command line is a client of the same API, and is refused the same way.
            let port = try #require(api.client.port)
            let cli = try await ModelregExecutable.run([
                "alias", "set", "m", "production", "2", "--server", "http://127.0.0.1:\(port)", "--token", editor,
            ])
            #expect(cli.status != 0)
            #expect(cli.error.contains("forbidden") || cli.error.contains("403"), "\(cli.error)")
            #expect(try await registry.headPosition() == before)
        }
    }
}

/// The real server process at trace level: tokens, the database password and the signing key never reach its log.
@Suite("secrets stay out of the logs")
struct SecretsInLogsTests {
    @Test("a server at trace level, used with tokens, forged tokens and signing, logs none of the secrets")
    func noSecretsInLogs() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let registry = try await TestRegistry.make()
        let alice = Mutex("")
        try await registry.run { api in
            let token = try await api.principal("alice")
            alice.withLock { $0 = token }
            try await api.modelWithVersion("m")
        }
        var secrets: [String] = [registry.adminToken, alice.withLock { $0 }]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("signing-key").path
        let logPath = directory.appendingPathComponent("server.log")
        #expect(FileManager.default.createFile(atPath: logPath.path, contents: nil))
        let url = registry.database.ownerConfiguration.connectionString
        let password = try #require(try registry.database.ownerConfiguration.connectionParameters()["password"])
        secrets.append(password)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ModelregExecutable.path)
        process.arguments = ["serve", "--port", "0", "--log-level", "trace", "--signing-key", keyPath]
        process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": url]) { $1 }
        let log = try FileHandle(forWritingTo: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            if process.isRunning {
                process.interrupt()
                process.waitUntilExit()
            }
        }
        // The port the server picked, from its "registry listening" line.
        var port = 0
        for _ in 0..<200 where port == 0 {
            let text = (try? String(contentsOf: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "server.url=http://127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            if port == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(port > 0, "the server did not say where it listens")
        func get(_ path: String, token: String?) async throws -> Int {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            request.httpMethod = path == "/v1/checkpoints" ? "POST" : "GET"
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await get("/health", token: nil)) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "the server did not start")
        let forged = "mr_" + String(registry.adminToken.dropFirst(3).prefix(12)) + "_" + String(repeating: "f", count: 43)
        secrets.append(forged)
        #expect(try await get("/v1/models", token: secrets[0]) == 200)
        #expect(try await get("/v1/models/m", token: secrets[1]) == 404)
        #expect(try await get("/v1/models", token: forged) == 401)
        #expect(try await get("/v1/checkpoints", token: secrets[0]) == 201)
        process.interrupt()
        process.waitUntilExit()
        try log.close()

        let text = try String(contentsOf: logPath, encoding: .utf8)
        #expect(text.contains("checkpoint key"), "the log was captured")
        let signingKey = try String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for secret in secrets + [signingKey] {
            #expect(!text.contains(secret), "a secret reached the log")
        }
        // The token's secret part alone, too (a log line might print it without the prefix).
        for token in secrets.prefix(2) { #expect(!text.contains(String(token.suffix(43)))) }
    }
}
