import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Principals and their tokens: created and issued as ledger events (never with the secret), the secret's hash
/// stored beside them in the same transaction.
public struct PrincipalDirectory: Sendable {
    let pool: PostgresConnectionPool
    let log: PostgresEventLog

    public init(pool: PostgresConnectionPool, log: PostgresEventLog) {
        self.pool = pool
        self.log = log
    }

    /// A principal's public record.
    public struct Record: Sendable, Codable, Equatable {
        public var name: String
        public var kind: PrincipalKind
        public var displayName: String
        public var roles: [RegistryRole]
        public var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case name, kind, displayName = "display_name", roles, createdAt = "created_at"
        }
    }

    /// A token's public record (never the secret).
    public struct TokenRecord: Sendable, Codable, Equatable {
        public var tokenId: String
        public var label: String
        public var issuedAt: Date
        public var expiresAt: Date?
        public var revokedAt: Date?

        enum CodingKeys: String, CodingKey {
            case tokenId = "token_id", label, issuedAt = "issued_at", expiresAt = "expires_at", revokedAt = "revoked_at"
        }
    }

    /// Creates a principal and issues its first token. Returns the token, to be shown once.
    public func create(
        name: String, kind: PrincipalKind, displayName: String, roles: [RegistryRole], tokenExpiresAt: Date? = nil, context: CommandContext
    ) async throws -> (Record, Authenticator.IssuedToken) {
        let token = Authenticator.generateToken()
        let events: [RegistryEvent]
        do {
            events =
                try PrincipalCommand.create(name: name, kind: kind, displayName: displayName, roles: roles).decide(state: nil, now: Date())
                + PrincipalCommand.issueToken(tokenId: token.tokenId, label: "initial", expiresAt: tokenExpiresAt)
                .decide(
                    state: PrincipalState(name: name, kind: kind, displayName: displayName, roles: Set(roles), createdAt: Date(), tokens: [:]),
                    now: Date())
        } catch {
            throw RegistryError.from(error)
        }
        let stream = Streams.principal(name)
        do {
            _ = try await log.append(Self.appendRequest(stream: stream, expected: .noStream, events: events, token: token, context: context))
        } catch let error as EventLogError where error.code == .versionConflict {
            throw RegistryError(.conflict, DomainError.Code.principalAlreadyExists.rawValue, "principal '\(name)' already exists")
        }
        guard let record = try await find(name) else { throw RegistryError(.unavailable, "internal_error", "principal vanished") }
        return (record, token)
    }

    /// Issues another token for an existing principal.
    public func issueToken(for name: String, label: String, expiresAt: Date?, context: CommandContext) async throws -> (TokenRecord, String) {
        let token = Authenticator.generateToken()
        let stream = Streams.principal(name)
        for _ in 1...5 {
            let (version, state) = try await load(name)
            guard let state else { throw RegistryError(.notFound, DomainError.Code.principalNotFound.rawValue, "principal '\(name)' not found") }
            let events: [RegistryEvent]
            do {
                events = try PrincipalCommand.issueToken(tokenId: token.tokenId, label: label, expiresAt: expiresAt).decide(state: state, now: Date())
            } catch {
                throw RegistryError.from(error)
            }
            do {
                _ = try await log.append(
                    Self.appendRequest(stream: stream, expected: .exact(version), events: events, token: token, context: context))
                let records = try await tokens(of: name)
                guard let record = records.first(where: { $0.tokenId == token.tokenId }) else { break }
                return (record, token.token)
            } catch let error as EventLogError where error.code == .versionConflict {
                continue
            }
        }
        throw RegistryError(.conflict, "version_conflict", "the principal kept changing concurrently; retry")
    }

    /// Revokes a token of a principal; it stops working for the next request.
    public func revokeToken(_ tokenId: String, of name: String, reason: String?, context: CommandContext) async throws {
        for _ in 1...5 {
            let (version, state) = try await load(name)
            guard let state else { throw RegistryError(.notFound, DomainError.Code.principalNotFound.rawValue, "principal '\(name)' not found") }
            let events: [RegistryEvent]
            do {
                events = try PrincipalCommand.revokeToken(tokenId: tokenId, reason: reason).decide(state: state, now: Date())
            } catch {
                throw RegistryError.from(error)
            }
            if events.isEmpty { return }
            do {
                _ = try await log.append(
                    Self.appendRequest(stream: Streams.principal(name), expected: .exact(version), events: events, token: nil, context: context))
                return
            } catch let error as EventLogError where error.code == .versionConflict {
                continue
            }
        }
        throw RegistryError(.conflict, "version_conflict", "the principal kept changing concurrently; retry")
    }

    public func find(_ name: String) async throws -> Record? {
        try await pool.withSession { session in
            try session.query("SELECT name, kind, display_name, roles, created_at FROM principals WHERE name = \(name)").first.map(Self.record)
        }
    }

    public func list() async throws -> [Record] {
        try await pool.withSession { session in
            try session.query("SELECT name, kind, display_name, roles, created_at FROM principals ORDER BY name").map(Self.record)
        }
    }

    public func tokens(of name: String) async throws -> [TokenRecord] {
        try await pool.withSession { session in
            try session.query(
                "SELECT token_id, label, issued_at, expires_at, revoked_at FROM principal_tokens WHERE principal = \(name) ORDER BY issued_at"
            ).map { row in
                TokenRecord(
                    tokenId: try row.decode(String.self, at: 0), label: try row.decode(String.self, at: 1),
                    issuedAt: try row.decode(Date.self, at: 2),
                    expiresAt: try row.decodeIfPresent(Date.self, at: 3), revokedAt: try row.decodeIfPresent(Date.self, at: 4))
            }
        }
    }

    private func load(_ name: String) async throws -> (Int64, PrincipalState?) {
        let events = try await log.readStream(Streams.principal(name))
        var state: PrincipalState?
        for recorded in events {
            state = PrincipalState.apply(state, try RegistryEvent.decode(type: recorded.type, payload: recorded.data), recorded.context)
        }
        return (events.last?.streamVersion ?? 0, state)
    }

    private static func record(_ row: PostgresRow) throws -> Record {
        Record(
            name: try row.decode(String.self, at: 0), kind: PrincipalKind(rawValue: try row.decode(String.self, at: 1)) ?? .user,
            displayName: try row.decode(String.self, at: 2), roles: try row.decode([String].self, at: 3).compactMap(RegistryRole.init(rawValue:)),
            createdAt: try row.decode(Date.self, at: 4))
    }

    /// The append, with the projection update and — for issued tokens — the secret's hash in the same transaction.
    static func appendRequest(
        stream: String, expected: ExpectedVersion, events: [RegistryEvent], token: Authenticator.IssuedToken?, context: CommandContext
    ) -> AppendRequest {
        let metadata = context.metadata()
        let newEvents = events.map { NewEvent(type: $0.typeName, data: $0.encodedPayload(), metadata: metadata) }
        return AppendRequest(
            stream: stream, expectedVersion: expected, actor: context.actor, events: newEvents,
            afterAppend: { result in
                let projection = try Projector.work(result.events)
                guard let token else { return projection }
                return projection.followed(
                    by: AppendWork(["INSERT INTO token_secrets (token_id, secret_hash) VALUES (\(token.tokenId), \(token.secretHash))"]))
            })
    }
}
