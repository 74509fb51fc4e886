/// A role granted on one model. `viewer` < `user` < `editor` form a ladder; `approver` sits beside `editor`
/// (it includes `user` but not `editor`); `owner` includes everything.
public enum ModelRole: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer
    case user
    case editor
    case approver
    case owner

    /// Whether holding `self` gives the rights of `required`.
    public func includes(_ required: ModelRole) -> Bool {
        switch (self, required) {
        case (.owner, _): true
        case (.approver, .approver), (.approver, .user), (.approver, .viewer): true
        case (.editor, .editor), (.editor, .user), (.editor, .viewer): true
        case (.user, .user), (.user, .viewer): true
        case (.viewer, .viewer): true
        default: false
        }
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .user: 1
        case .editor: 2
        case .approver: 3
        case .owner: 4
        }
    }

    public static func < (lhs: ModelRole, rhs: ModelRole) -> Bool { lhs.rank < rhs.rank }
}

/// A registry-wide role held by a principal.
public enum RegistryRole: String, Sendable, Codable, CaseIterable {
    /// Everything, including managing principals.
    case admin
    /// Reads everything (every model, history, the log, exports) and writes nothing.
    case auditor
}

/// What kind of principal: a person or a machine.
public enum PrincipalKind: String, Sendable, Codable, CaseIterable {
    case user
    case service
}
