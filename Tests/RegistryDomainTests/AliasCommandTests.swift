import Foundation
import RegistryDomain
import Testing

@Suite("Setting and removing an alias")
struct SetAliasTests {
    @Test("an alias can only point at an existing version", arguments: [-1, 0, 3])
    func missingVersion(_ version: Int) {
        expectRefusal(.versionNotFound) { try Given.aModel(withVersions: 2).deciding(.setAlias(alias: "staging", version: version, reason: nil)) }
    }

    @Test(
        "invalid and reserved aliases are refused",
        arguments: ["latest", "v1", "v42", "Prod", "PRODUCTION", "1x", "", "_x", "-x", "a b", "a/b", "a.b", "é", String(repeating: "a", count: 65)])
    func invalidAlias(_ alias: String) {
        expectRefusal(.invalidArgument) { try Given.aModel(withVersions: 1).deciding(.setAlias(alias: alias, version: 1, reason: nil)) }
    }

    @Test(
        "lowercase aliases up to 64 characters are accepted",
        arguments: ["v", "va", "v1a", "staging", "canary-2", "shadow_eu", String(repeating: "a", count: 64)])
    func validAlias(_ alias: String) throws {
        let events = try Given.aModel(withVersions: 1).deciding(.setAlias(alias: alias, version: 1, reason: nil))
        #expect(events == [.aliasSet(AliasSet(alias: alias, version: 1, previousVersion: nil, reason: nil))])
    }

    @Test("an unprotected alias moves freely and records where it pointed before")
    func movesFreely() throws {
        var given = Given.aModel(withVersions: 3)
        var previous: Int?
        for version in [2, 1, 3] {
            let events = try given.deciding(.setAlias(alias: "staging", version: version, reason: "try \(version)"), by: Fixture.registrant)
            #expect(events == [.aliasSet(AliasSet(alias: "staging", version: version, previousVersion: previous, reason: "try \(version)"))])
            given = given.then(events[0], by: Fixture.registrant)
            previous = version
        }
        #expect(given.state?.aliases["staging"]?.version == 3)
    }

    @Test("setting an alias to the version it already points at records nothing")
    func sameVersion() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.aliasSet("staging", to: 2))
        #expect(try given.deciding(.setAlias(alias: "staging", version: 2, reason: nil)).isEmpty)
    }

    @Test("an over-long reason is refused")
    func longReason() {
        expectRefusal(.invalidArgument) {
            try Given.aModel(withVersions: 1).deciding(.setAlias(alias: "staging", version: 1, reason: String(repeating: "r", count: 2_001)))
        }
    }

    @Test("removing an existing alias records the version it pointed at")
    func removes() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.aliasSet("staging", to: 2))
        let events = try given.deciding(.removeAlias(alias: "staging", reason: "retired"))
        #expect(events == [.aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 2, reason: "retired"))])
    }

    @Test("removing an alias that does not exist is refused", arguments: ["staging", "latest", ""])
    func removeMissing(_ alias: String) {
        expectRefusal(.aliasNotFound) { try Given.aModel(withVersions: 1).deciding(.removeAlias(alias: alias, reason: nil)) }
    }
}

@Suite("Four-eyes approval of a protected alias")
struct ProtectedAliasTests {
    static let twoVersions = Given.aModel(withVersions: 2)

    @Test("a protected alias cannot move to a version without an approval")
    func noApproval() {
        expectRefusal(.approvalRequired) { try Self.twoVersions.deciding(.setAlias(alias: "production", version: 1, reason: nil)) }
    }

    @Test("the registrant of a version cannot review it")
    func selfReview() {
        for decision in VersionApproved.Decision.allCases {
            expectRefusal(.selfApproval) {
                try Self.twoVersions.deciding(.review(version: 1, alias: "production", decision: decision, notes: ""), by: Fixture.registrant)
            }
        }
    }

    @Test("a self-approval that reached the log anyway does not count")
    func selfApprovalInLog() {
        let given = Self.twoVersions.then(Fixture.review(1, by: Fixture.registrant), by: Fixture.registrant)
        expectRefusal(.approvalRequired) { try given.deciding(.setAlias(alias: "production", version: 1, reason: nil)) }
    }

    @Test("an approval by another principal allows the move")
    func approved() throws {
        let given = Self.twoVersions.then(Fixture.review(1), by: Fixture.reviewer)
        let events = try given.deciding(.setAlias(alias: "production", version: 1, reason: "go live"), by: Fixture.registrant)
        #expect(events == [.aliasSet(AliasSet(alias: "production", version: 1, previousVersion: nil, reason: "go live"))])
    }

    @Test(
        "only an approval in force for this version and this alias counts",
        arguments: [
            ("approval for another alias", [Fixture.review(1, for: "staging")]),
            ("approval of another version", [Fixture.review(2)]),
            ("rejection", [Fixture.review(1, .rejected)]),
            ("approval later rejected", [Fixture.review(1), Fixture.review(1, .rejected, by: "dave")]),
            ("approval later rejected by the same reviewer", [Fixture.review(1), Fixture.review(1, .rejected)]),
        ])
    func notInForce(_ label: String, reviews: [RegistryEvent]) {
        var given = Self.twoVersions
        for review in reviews { given = given.then(review, by: Fixture.reviewer) }
        expectRefusal(.approvalRequired) { try given.deciding(.setAlias(alias: "production", version: 1, reason: label)) }
    }

    @Test("an approval given after a rejection allows the move")
    func approvalAfterRejection() throws {
        let given = Self.twoVersions.then(Fixture.review(1, .rejected), Fixture.review(1, by: "dave"))
        #expect(try given.deciding(.setAlias(alias: "production", version: 1, reason: nil)).count == 1)
    }

    @Test("an approval of v1 does not let production move on to v2")
    func approvalIsPerVersion() throws {
        let given = Self.twoVersions.then(Fixture.review(1)).then(Fixture.aliasSet("production", to: 1))
        expectRefusal(.approvalRequired) { try given.deciding(.setAlias(alias: "production", version: 2, reason: nil)) }
        let approved = given.then(Fixture.review(2))
        #expect(try approved.deciding(.setAlias(alias: "production", version: 2, reason: nil)) == [Fixture.aliasSet("production", to: 2, from: 1)])
    }

    @Test("a review records the decision, the alias and the approver", arguments: VersionApproved.Decision.allCases)
    func review(_ decision: VersionApproved.Decision) throws {
        let events = try Self.twoVersions.deciding(
            .review(version: 2, alias: "production", decision: decision, notes: "checked"), by: Fixture.reviewer)
        #expect(
            events == [
                .versionApproved(VersionApproved(version: 2, alias: "production", decision: decision, notes: "checked", approver: Fixture.reviewer))
            ])
    }

    @Test(
        "reviews of missing versions, of invalid aliases or with over-long notes are refused",
        arguments: [
            (ModelCommand.review(version: 3, alias: "production", decision: .approved, notes: ""), DomainError.Code.versionNotFound),
            (.review(version: 0, alias: "production", decision: .rejected, notes: ""), .versionNotFound),
            (.review(version: 1, alias: "latest", decision: .approved, notes: ""), .invalidArgument),
            (.review(version: 1, alias: "Prod", decision: .approved, notes: ""), .invalidArgument),
            (.review(version: 1, alias: "production", decision: .approved, notes: String(repeating: "n", count: 2_001)), .invalidArgument),
        ])
    func invalidReview(_ command: ModelCommand, code: DomainError.Code) {
        expectRefusal(code) { try Self.twoVersions.deciding(command, by: Fixture.reviewer) }
    }
}

@Suite("Changing the set of protected aliases")
struct ProtectedAliasSetTests {
    @Test(
        "a new set is recorded sorted and without duplicates",
        arguments: [
            (["staging", "production", "staging"], ["production", "staging"]),
            (["staging"], ["staging"]),
            ([], []),
        ])
    func changes(_ aliases: [String], expected: [String]) throws {
        let events = try Given.aModel().deciding(.setProtectedAliases(aliases: aliases, reason: "policy"))
        #expect(events == [.protectedAliasesChanged(ProtectedAliasesChanged(aliases: expected, reason: "policy"))])
    }

    @Test("the set already in force records nothing", arguments: [["production"], ["production", "production"]])
    func sameSet(_ aliases: [String]) throws {
        #expect(try Given.aModel().deciding(.setProtectedAliases(aliases: aliases, reason: nil)).isEmpty)
    }

    @Test("invalid aliases cannot be protected", arguments: [["latest"], ["production", "Prod"], ["v2"], [""]])
    func invalid(_ aliases: [String]) {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.setProtectedAliases(aliases: aliases, reason: nil)) }
    }

    @Test("once staging replaces production in the set, staging needs an approval and production no longer does")
    func protectionFollowsTheSet() throws {
        let given = Given.aModel(withVersions: 1)
            .then(.protectedAliasesChanged(ProtectedAliasesChanged(aliases: ["staging"], reason: nil)))
        expectRefusal(.approvalRequired) { try given.deciding(.setAlias(alias: "staging", version: 1, reason: nil)) }
        #expect(try given.deciding(.setAlias(alias: "production", version: 1, reason: nil)) == [Fixture.aliasSet("production", to: 1)])
        let approved = given.then(Fixture.review(1, for: "staging"))
        #expect(try approved.deciding(.setAlias(alias: "staging", version: 1, reason: nil)) == [Fixture.aliasSet("staging", to: 1)])
    }
}
