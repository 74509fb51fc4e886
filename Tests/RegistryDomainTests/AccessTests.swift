import Foundation
import RegistryDomain
import Testing

@Suite("Granting and revoking roles on a model")
struct GrantCommandTests {
    @Test("a grant records the principal, the role, the expiry and the reason", arguments: ModelRole.allCases)
    func grants(_ role: ModelRole) throws {
        let given = Given.aModel()
        let expiry = given.now.addingTimeInterval(3_600)
        for expiresAt in [nil, expiry] {
            let events = try given.deciding(.grant(principal: "dave@example.com", role: role, expiresAt: expiresAt, reason: "on call"))
            #expect(events == [.accessGranted(AccessGranted(principal: "dave@example.com", role: role, expiresAt: expiresAt, reason: "on call"))])
        }
    }

    @Test("a grant that expires now or earlier is refused", arguments: [0.0, -1, -86_400])
    func expiredGrant(_ offset: TimeInterval) {
        let given = Given.aModel()
        expectRefusal(.invalidArgument) {
            try given.deciding(.grant(principal: "dave", role: .user, expiresAt: given.now.addingTimeInterval(offset), reason: nil))
        }
    }

    @Test(
        "a grant to an invalid principal name is refused",
        arguments: ["", "-dave", "dave smith", "dave/ops", "dävid", String(repeating: "d", count: 129)])
    func invalidPrincipal(_ principal: String) {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.grant(principal: principal, role: .viewer, expiresAt: nil, reason: nil)) }
    }

    @Test("a grant with an over-long reason is refused")
    func longReason() {
        expectRefusal(.invalidArgument) {
            try Given.aModel().deciding(.grant(principal: "dave", role: .viewer, expiresAt: nil, reason: String(repeating: "r", count: 2_001)))
        }
    }

    @Test("revoking a grant that is held records it")
    func revokes() throws {
        let given = Given.aModel().then(.accessGranted(AccessGranted(principal: "dave", role: .editor, expiresAt: nil, reason: nil)))
        let events = try given.deciding(.revoke(principal: "dave", role: .editor, reason: "left team"))
        #expect(events == [.accessRevoked(AccessRevoked(principal: "dave", role: .editor, reason: "left team"))])
    }

    @Test(
        "revoking a grant that is not held is refused",
        arguments: [("dave", ModelRole.viewer), ("erin", .editor), (Fixture.owner, .owner)])
    func revokeMissing(_ principal: String, role: ModelRole) {
        let given = Given.aModel().then(.accessGranted(AccessGranted(principal: "dave", role: .editor, expiresAt: nil, reason: nil)))
        expectRefusal(.grantNotFound) { try given.deciding(.revoke(principal: principal, role: role, reason: nil)) }
    }

    @Test("a revoked grant cannot be revoked twice")
    func revokeTwice() {
        let given = Given.aModel()
            .then(.accessGranted(AccessGranted(principal: "dave", role: .editor, expiresAt: nil, reason: nil)))
            .then(.accessRevoked(AccessRevoked(principal: "dave", role: .editor, reason: nil)))
        expectRefusal(.grantNotFound) { try given.deciding(.revoke(principal: "dave", role: .editor, reason: nil)) }
    }
}

@Suite("Roles held on a model")
struct RolesTests {
    static let expiry = Given.time(10)

    static let withGrants = Given.aModel()
        .then(.accessGranted(AccessGranted(principal: "dave", role: .approver, expiresAt: expiry, reason: nil)))
        .then(.accessGranted(AccessGranted(principal: "dave", role: .viewer, expiresAt: nil, reason: nil)))

    @Test(
        "a grant with an expiry works before it and stops at it",
        arguments: [(-3_600.0, true), (-0.000_001, true), (0, false), (0.000_001, false), (86_400, false)])
    func expiry(_ offset: TimeInterval, active: Bool) throws {
        let state = try #require(Self.withGrants.state)
        let roles = state.roles(of: "dave", at: Self.expiry.addingTimeInterval(offset))
        #expect(roles.contains(.approver) == active)
        #expect(roles.contains(.viewer))
    }

    @Test("the owner holds the owner role without any grant, and others hold nothing implicitly")
    func ownerImplicit() throws {
        let state = try #require(Given.aModel().state)
        #expect(state.grants.isEmpty)
        #expect(state.roles(of: Fixture.owner, at: .distantFuture) == [.owner])
        #expect(state.roles(of: "dave", at: Fixture.start).isEmpty)
    }

    @Test("a revoked grant no longer counts while other roles of the principal remain")
    func revoked() throws {
        let state = try #require(Self.withGrants.then(.accessRevoked(AccessRevoked(principal: "dave", role: .viewer, reason: nil))).state)
        #expect(state.roles(of: "dave", at: Fixture.start) == [.approver])
        #expect(state.grants[GrantKey(principal: "dave", role: .viewer)] == nil)
    }

    @Test("a grant remembers who granted it and when")
    func grantFacts() throws {
        let state = try #require(
            Given.aModel().then(.accessGranted(AccessGranted(principal: "dave", role: .user, expiresAt: nil, reason: "why")), by: "root").state)
        let grant = try #require(state.grants[GrantKey(principal: "dave", role: .user)])
        #expect(grant.grantedBy == "root")
        #expect(grant.grantedAt == Given.time(1))
        #expect(grant.expiresAt == nil)
        #expect(grant.reason == "why")
    }

    static let matrix: [(ModelRole, ModelRole, Bool)] = [
        (.owner, .owner, true), (.owner, .approver, true), (.owner, .editor, true), (.owner, .user, true), (.owner, .viewer, true),
        (.approver, .owner, false), (.approver, .approver, true), (.approver, .editor, false), (.approver, .user, true), (.approver, .viewer, true),
        (.editor, .owner, false), (.editor, .approver, false), (.editor, .editor, true), (.editor, .user, true), (.editor, .viewer, true),
        (.user, .owner, false), (.user, .approver, false), (.user, .editor, false), (.user, .user, true), (.user, .viewer, true),
        (.viewer, .owner, false), (.viewer, .approver, false), (.viewer, .editor, false), (.viewer, .user, false), (.viewer, .viewer, true),
    ]

    @Test("which role includes which", arguments: matrix)
    func includes(_ held: ModelRole, required: ModelRole, expected: Bool) {
        #expect(held.includes(required) == expected)
    }

    @Test("the matrix covers every pair of roles")
    func matrixIsComplete() {
        #expect(Self.matrix.count == ModelRole.allCases.count * ModelRole.allCases.count)
        #expect(Set(Self.matrix.map { "\($0.0)>\($0.1)" }).count == Self.matrix.count)
    }
}
