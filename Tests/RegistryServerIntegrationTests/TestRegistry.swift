import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import RegistryServer
import RegistryService
import TestSupport

/// A registry on a fresh database behind a real HTTP server, with an administrator to start from.
struct TestRegistry {
    let database: MigratedDatabase
    let pool: PostgresConnectionPool
    let services: RegistryServices
    let configuration: ServerConfiguration
    let adminToken: String

    static func make(maxArtifactSize: Int64 = 1 << 20, maxJSONBodySize: Int = 64 << 10) async throws -> TestRegistry {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 8)
        let services = RegistryServices(pool: pool, maxArtifactSize: maxArtifactSize, signer: .ephemeral(), logger: TestPostgres.logger)
        let token = try await Bootstrap.createAdmin(name: "admin", log: services.registry.log)
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxArtifactSize: maxArtifactSize, maxJSONBodySize: maxJSONBodySize)
        return TestRegistry(database: database, pool: pool, services: services, configuration: configuration, adminToken: token)
    }

    /// Runs `body` against the live server, then closes the pool.
    func run(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        let app = buildApplication(services: services, pool: pool, configuration: configuration, logger: TestPostgres.logger)
        do {
            try await app.test(.live) { client in try await body(API(client: client, adminToken: adminToken)) }
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }

    /// The ledger's last position: "bad input changes nothing" is checked against it.
    func headPosition() async throws -> Int64 {
        try await services.registry.log.head().position
    }
}

/// A thin client for tests: JSON in, status and parsed JSON out.
struct API: Sendable {
    let client: any TestClientProtocol
    let adminToken: String
    /// A TCP connection of this API's own (see `onOwnConnection`); nil means the test framework's shared one.
    var connection: TestClient? = nil

    /// Runs `body` with an API on a new TCP connection to the live server. Requests from many tasks over the shared
    /// connection are answered one after another, so a test of concurrency needs a connection per client.
    func onOwnConnection<T: Sendable>(_ body: @escaping @Sendable (API) async throws -> T) async throws -> T {
        guard let port = client.port else { throw TestFailure("onOwnConnection needs the live server") }
        // Racing clients are answered one after another by design, so the last may wait for 49 others on a loaded
        // machine: a longer read timeout than the default 15 s.
        return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120))) { [self] connection in
            var api = self
            api.connection = connection
            return try await body(api)
        }
    }

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends a request as `token` (the administrator by default; pass nil for none).
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String?? = .none, json: Any? = nil, raw: [UInt8]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        let bearer: String? =
            switch token {
            case .none: adminToken
            case .some(let value): value
            }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .fragmentsAllowed]))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(bytes: raw)
        }
        if let connection {
            headers[.connection] = "keep-alive"
            let response = try await connection.execute(.init(path, method: method, authority: "localhost", headers: headers, body: body))
            return Reply(status: response.status, headers: response.headers, body: Array((response.body ?? ByteBuffer()).readableBytesView))
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
    }

    /// Creates a principal and returns its token.
    func principal(_ name: String, roles: [String] = []) async throws -> String {
        let reply = try await send(.post, "/v1/principals", json: ["name": name, "roles": roles])
        guard reply.status == .created, let secret = reply.json["secret"] as? String else {
            throw TestFailure("could not create principal \(name): \(reply.status) \(reply.text)")
        }
        return secret
    }

    /// Uploads bytes as an artifact and returns its digest.
    func upload(_ bytes: [UInt8], token: String?? = .none) async throws -> String {
        let reply = try await send(.post, "/v1/artifacts", token: token, raw: bytes)
        guard reply.status == .created || reply.status == .ok, let sha = reply.json["sha256"] as? String else {
            throw TestFailure("upload failed: \(reply.status) \(reply.text)")
        }
        return sha
    }

    /// Creates a model with one version as `token`.
    func modelWithVersion(_ name: String, token: String?? = .none, versions: Int = 1) async throws {
        let created = try await send(.post, "/v1/models", token: token, json: ["name": name, "description": "test model"])
        guard created.status == .created else { throw TestFailure("create \(name): \(created.status) \(created.text)") }
        for index in 0..<versions {
            let sha = try await upload(Array("\(name) artifact \(index)".utf8), token: token)
            let registered = try await send(.post, "/v1/models/\(name)/versions", token: token, json: ["artifact_sha256": sha, "format": "onnx"])
            guard registered.status == .created else { throw TestFailure("register \(name): \(registered.status) \(registered.text)") }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
