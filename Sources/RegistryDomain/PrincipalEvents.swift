import Foundation

/// A person or service account that can authenticate. Its stream is `principal-<name>`.
public struct PrincipalCreated: Sendable, Equatable, Codable {
    public var name: String
    public var kind: PrincipalKind
    public var displayName: String
    public var roles: [RegistryRole]

    public init(name: String, kind: PrincipalKind, displayName: String, roles: [RegistryRole]) {
        self.name = name
        self.kind = kind
        self.displayName = displayName
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, displayName = "display_name", roles
    }
}

/// A bearer token was issued. Only its id is recorded: the secret and even its hash stay out of the log.
public struct TokenIssued: Sendable, Equatable, Codable {
    public var tokenId: String
    public var label: String
    public var expiresAt: Date?

    public init(tokenId: String, label: String, expiresAt: Date?) {
        self.tokenId = tokenId
        self.label = label
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case tokenId = "token_id", label, expiresAt = "expires_at"
    }
}

/// A token stopped working.
public struct TokenRevoked: Sendable, Equatable, Codable {
    public var tokenId: String
    public var reason: String?

    public init(tokenId: String, reason: String?) {
        self.tokenId = tokenId
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case tokenId = "token_id", reason
    }
}
