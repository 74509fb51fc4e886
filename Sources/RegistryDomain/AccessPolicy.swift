import Foundation

/// What a caller wants to do with one model, and the role it takes.
public enum ModelOperation: String, Sendable, CaseIterable {
    case view  // metadata, versions, aliases, history
    case download  // artifacts
    case predict
    case edit  // description, tags, cards; register versions
    case moveAlias  // an unprotected alias
    case moveProtectedAlias  // a protected alias (e.g. production)
    case approve
    case viewGrants
    case manageAccess  // grant, revoke, which aliases are protected
    case correct  // back-dated facts and retractions
    case administer  // rename or delete the model, delete a version

    /// The least model role that allows the operation.
    public var requiredRole: ModelRole {
        switch self {
        case .view: .viewer
        case .download, .predict: .user
        case .edit, .moveAlias: .editor
        case .moveProtectedAlias, .approve: .approver
        case .viewGrants, .manageAccess, .correct, .administer: .owner
        }
    }

    /// Whether the operation only reads (what an auditor may do everywhere).
    public var isRead: Bool { self == .view || self == .viewGrants }
}

/// The caller as the policy sees it: a name and registry-wide roles.
public struct Caller: Sendable, Equatable {
    public var name: String
    public var registryRoles: Set<RegistryRole>

    public init(name: String, registryRoles: Set<RegistryRole>) {
        self.name = name
        self.registryRoles = registryRoles
    }
}

/// The access rules, pure: who may see a model and who may do what to it.
///
/// A model the caller may not see does not exist for them (404, absent from lists); a visible model with too weak
/// a role answers 403 naming the role needed. Admins may do everything; auditors read everything and write nothing.
public enum AccessPolicy {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// The caller may not even know the model exists.
        case invisible
        /// The caller sees the model but lacks `required`.
        case forbidden(required: ModelRole, message: String)
    }

    /// Decides `operation` for `caller` on a model where the caller holds `roles` (active grants, owner included).
    public static func decide(_ operation: ModelOperation, caller: Caller, roles: Set<ModelRole>, model: String) -> Decision {
        if caller.registryRoles.contains(.admin) { return .allowed }
        let auditor = caller.registryRoles.contains(.auditor)
        if roles.contains(where: { $0.includes(operation.requiredRole) }) { return .allowed }
        guard auditor || !roles.isEmpty else { return .invisible }
        if auditor && operation.isRead { return .allowed }
        let reason =
            auditor
            ? "auditors read everything and change nothing; this needs the \(operation.requiredRole.rawValue) role on '\(model)'"
            : "this needs the \(operation.requiredRole.rawValue) role on '\(model)'"
        return .forbidden(required: operation.requiredRole, message: reason)
    }

    /// Whether the caller may see the model at all.
    public static func canView(caller: Caller, roles: Set<ModelRole>) -> Bool {
        caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor) || !roles.isEmpty
    }
}
