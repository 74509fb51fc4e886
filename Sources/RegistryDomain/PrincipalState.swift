import Foundation

/// A principal as the fold of its stream: who it is, its registry-wide roles and its tokens (ids only).
public struct PrincipalState: Sendable, Equatable {
    public var name: String
    public var kind: PrincipalKind
    public var displayName: String
    public var roles: Set<RegistryRole>
    public var createdAt: Date
    public var tokens: [String: TokenState]

    public init(name: String, kind: PrincipalKind, displayName: String, roles: Set<RegistryRole>, createdAt: Date, tokens: [String: TokenState] = [:])
    {
        self.name = name
        self.kind = kind
        self.displayName = displayName
        self.roles = roles
        self.createdAt = createdAt
        self.tokens = tokens
    }

    /// A token's public facts; its secret is never part of the state.
    public struct TokenState: Sendable, Equatable {
        public var tokenId: String
        public var label: String
        public var issuedAt: Date
        public var expiresAt: Date?
        public var revokedAt: Date?
    }

    public static func apply(_ state: PrincipalState?, _ event: RegistryEvent, _ context: EventContext) -> PrincipalState? {
        switch (state, event) {
        case (nil, .principalCreated(let created)):
            return PrincipalState(
                name: created.name, kind: created.kind, displayName: created.displayName, roles: Set(created.roles),
                createdAt: context.effectiveAt, tokens: [:])
        case (var principal?, .tokenIssued(let issued)):
            principal.tokens[issued.tokenId] = TokenState(
                tokenId: issued.tokenId, label: issued.label, issuedAt: context.effectiveAt, expiresAt: issued.expiresAt, revokedAt: nil)
            return principal
        case (var principal?, .tokenRevoked(let revoked)):
            principal.tokens[revoked.tokenId]?.revokedAt = context.effectiveAt
            return principal
        default:
            return state
        }
    }
}

/// What an administrator asks of a principal.
public enum PrincipalCommand: Sendable, Equatable {
    case create(name: String, kind: PrincipalKind, displayName: String, roles: [RegistryRole])
    case issueToken(tokenId: String, label: String, expiresAt: Date?)
    case revokeToken(tokenId: String, reason: String?)

    public func decide(state: PrincipalState?, now: Date) throws(DomainError) -> [RegistryEvent] {
        switch self {
        case .create(let name, let kind, let displayName, let roles):
            try Validation.validatePrincipalName(name)
            guard state == nil else { throw DomainError(.principalAlreadyExists, "principal '\(name)' already exists") }
            guard displayName.count <= Validation.maxNameLength else {
                throw DomainError.invalid("display_name is longer than \(Validation.maxNameLength) characters")
            }
            let uniqueRoles = RegistryRole.allCases.filter(roles.contains)
            return [.principalCreated(PrincipalCreated(name: name, kind: kind, displayName: displayName, roles: uniqueRoles))]
        case .issueToken(let tokenId, let label, let expiresAt):
            guard let principal = state else { throw DomainError(.principalNotFound, "principal not found") }
            guard principal.tokens[tokenId] == nil else { throw DomainError.invalid("token id '\(Validation.printable(tokenId))' is already in use") }
            guard label.count <= Validation.maxNameLength else {
                throw DomainError.invalid("label is longer than \(Validation.maxNameLength) characters")
            }
            if let expiresAt, expiresAt <= now { throw DomainError.invalid("expires_at must be in the future") }
            return [.tokenIssued(TokenIssued(tokenId: tokenId, label: label, expiresAt: expiresAt))]
        case .revokeToken(let tokenId, let reason):
            guard let principal = state else { throw DomainError(.principalNotFound, "principal not found") }
            guard let token = principal.tokens[tokenId] else { throw DomainError(.tokenNotFound, "no token '\(Validation.printable(tokenId))'") }
            try Validation.validateReason(reason)
            if token.revokedAt != nil { return [] }
            return [.tokenRevoked(TokenRevoked(tokenId: tokenId, reason: reason))]
        }
    }
}
