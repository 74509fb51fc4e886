import Crypto
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// An authenticated caller.
public struct Principal: Sendable, Equatable {
    public var name: String
    public var kind: PrincipalKind
    public var roles: Set<RegistryRole>
    public var tokenId: String

    public var isAdmin: Bool { roles.contains(.admin) }
    public var isAuditor: Bool { roles.contains(.auditor) }
}

/// Bearer tokens: `mr_<token id>_<secret>`. The id finds the row; only SHA-256(secret) is stored, compared in
/// constant time. The token is shown once, when issued, and never logged.
public struct Authenticator: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// A freshly generated token: its public id and the full secret string to hand to the caller once.
    public struct IssuedToken: Sendable {
        public var tokenId: String
        public var token: String
        public var secretHash: [UInt8]
    }

    /// 48 random bits of id, 256 random bits of secret (both from the system's CSPRNG).
    public static func generateToken() -> IssuedToken {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = base64URL(secretBytes)
        return IssuedToken(tokenId: id, token: "mr_\(id)_\(secret)", secretHash: Array(SHA256.hash(data: Array(secret.utf8))))
    }

    /// The principal behind a bearer token, or nil when the token is malformed, unknown, revoked or expired.
    public func authenticate(_ token: String) async throws -> Principal? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "mr", parts[1].utf8.count == 12, !parts[2].isEmpty, parts[2].utf8.count <= 128 else { return nil }
        let tokenId = String(parts[1])
        let presented = Array(SHA256.hash(data: Array(parts[2].utf8)))
        let row = try await pool.withSession { session in
            try session.query(
                """
                SELECT p.name, p.kind, p.roles, s.secret_hash
                FROM principal_tokens t
                JOIN token_secrets s ON s.token_id = t.token_id
                JOIN principals p ON p.name = t.principal
                WHERE t.token_id = \(tokenId) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > clock_timestamp())
                """
            ).first
        }
        guard let row else { return nil }
        let stored = try row.decode([UInt8].self, at: 3)
        guard Self.constantTimeEqual(stored, presented) else { return nil }
        return Principal(
            name: try row.decode(String.self, at: 0), kind: PrincipalKind(rawValue: try row.decode(String.self, at: 1)) ?? .user,
            roles: Set(try row.decode([String].self, at: 2).compactMap(RegistryRole.init(rawValue:))), tokenId: tokenId)
    }

    /// Compares two digests without an early exit, so timing does not reveal how many leading bytes matched.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// URL-safe base64 without padding: secrets that travel in tokens and cookies.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
