import Crypto
import Foundation
import Postgres
import RegistryDomain

/// Browser sessions: a bearer token is presented once at sign-in and exchanged for a session secret kept in an
/// HttpOnly cookie. Only SHA-256(secret) is stored (schema/008), and a session ends with its token: revoking or
/// expiring the token signs out every browser that used it.
public struct WebSessions: Sendable {
    let pool: PostgresConnectionPool
    let authenticator: Authenticator
    /// How long a sign-in lasts at most (the token's own expiry may end it sooner).
    public let lifetime: TimeInterval

    public init(pool: PostgresConnectionPool, authenticator: Authenticator, lifetime: TimeInterval = 12 * 3600) {
        self.pool = pool
        self.authenticator = authenticator
        self.lifetime = lifetime
    }

    /// Opens a session for a valid token: the secret for the cookie (shown once) and who it belongs to. Nil when the
    /// token is malformed, unknown, revoked or expired. Expired sessions are swept on the way.
    public func start(token: String) async throws -> (secret: String, principal: Principal)? {
        guard let principal = try await authenticator.authenticate(token) else { return nil }
        var generator = SystemRandomNumberGenerator()
        let secret = Authenticator.base64URL((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let expiresAt = Date().addingTimeInterval(lifetime)
        try await pool.withSession { session in
            _ = try session.execute("DELETE FROM web_sessions WHERE expires_at < clock_timestamp()")
            _ = try session.execute(
                """
                INSERT INTO web_sessions (session_hash, principal, token_id, expires_at)
                VALUES (\(Self.hash(secret)), \(principal.name), \(principal.tokenId), \(expiresAt))
                """)
        }
        return (secret, principal)
    }

    /// The principal of a live session, or nil (unknown, expired, or its token revoked or expired).
    public func principal(session secret: String) async throws -> Principal? {
        guard !secret.isEmpty, secret.utf8.count <= 64 else { return nil }
        let row = try await pool.withSession { session in
            try session.query(
                """
                SELECT p.name, p.kind, p.roles, t.token_id
                FROM web_sessions w
                JOIN principal_tokens t ON t.token_id = w.token_id
                JOIN principals p ON p.name = w.principal
                WHERE w.session_hash = \(Self.hash(secret)) AND w.expires_at > clock_timestamp()
                  AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > clock_timestamp())
                """
            ).first
        }
        guard let row else { return nil }
        return Principal(
            name: try row.decode(String.self, at: 0), kind: PrincipalKind(rawValue: try row.decode(String.self, at: 1)) ?? .user,
            roles: Set(try row.decode([String].self, at: 2).compactMap(RegistryRole.init(rawValue:))), tokenId: try row.decode(String.self, at: 3))
    }

    /// Signs a browser out: its session row goes.
    public func end(session secret: String) async throws {
        try await pool.withSession { session in
            _ = try session.execute("DELETE FROM web_sessions WHERE session_hash = \(Self.hash(secret))")
        }
    }

    static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Array(secret.utf8))) }
}
