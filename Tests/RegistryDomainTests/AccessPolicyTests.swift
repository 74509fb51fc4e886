import RegistryDomain
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    static let member = Caller(name: "p", registryRoles: [])

    @Test("a model role allows exactly the operations it includes", arguments: ModelRole.allCases, ModelOperation.allCases)
    func modelRoles(_ role: ModelRole, _ operation: ModelOperation) {
        let decision = AccessPolicy.decide(operation, caller: Self.member, roles: [role], model: "m")
        if role.includes(operation.requiredRole) {
            #expect(decision == .allowed)
        } else {
            guard case .forbidden(let required, let message) = decision else {
                Issue.record("expected forbidden, got \(decision)")
                return
            }
            #expect(required == operation.requiredRole)
            #expect(message.contains(operation.requiredRole.rawValue))
        }
    }

    @Test("without any role the model is invisible, whatever the operation", arguments: ModelOperation.allCases)
    func invisible(_ operation: ModelOperation) {
        #expect(AccessPolicy.decide(operation, caller: Self.member, roles: [], model: "m") == .invisible)
        #expect(!AccessPolicy.canView(caller: Self.member, roles: []))
    }

    @Test("admins may do everything", arguments: ModelOperation.allCases)
    func admin(_ operation: ModelOperation) {
        #expect(AccessPolicy.decide(operation, caller: Caller(name: "a", registryRoles: [.admin]), roles: [], model: "m") == .allowed)
    }

    @Test("auditors read every model and change none", arguments: ModelOperation.allCases)
    func auditor(_ operation: ModelOperation) {
        let decision = AccessPolicy.decide(operation, caller: Caller(name: "a", registryRoles: [.auditor]), roles: [], model: "m")
        if operation.isRead {
            #expect(decision == .allowed)
        } else {
            guard case .forbidden(_, let message) = decision else {
                Issue.record("expected forbidden, got \(decision)")
                return
            }
            #expect(message.contains("auditors"))
        }
    }

    @Test("several roles combine: viewer plus approver may approve but not edit")
    func combined() {
        let roles: Set<ModelRole> = [.viewer, .approver]
        #expect(AccessPolicy.decide(.approve, caller: Self.member, roles: roles, model: "m") == .allowed)
        #expect(AccessPolicy.decide(.edit, caller: Self.member, roles: roles, model: "m") != .allowed)
    }
}
