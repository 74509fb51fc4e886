import Foundation
import RegistryDomain
import Testing

@Suite("Folding a model's events into its state")
struct ModelFoldTests {
    static let eventsOtherThanRegistration: [RegistryEvent] = [
        .modelUpdated(ModelUpdated(description: "d")),
        Fixture.versionRegistered(1),
        Fixture.aliasSet("staging", to: 1),
        .aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 1, reason: nil)),
        Fixture.review(1),
        .protectedAliasesChanged(ProtectedAliasesChanged(aliases: [], reason: nil)),
        .accessGranted(AccessGranted(principal: "dave", role: .viewer, expiresAt: nil, reason: nil)),
        .accessRevoked(AccessRevoked(principal: "dave", role: .viewer, reason: nil)),
        .artifactDownloaded(ArtifactDownloaded(version: 1, artifactSHA256: Fixture.sha256(1))),
        .principalCreated(PrincipalCreated(name: "dave", kind: .user, displayName: "Dave", roles: [])),
        .tokenIssued(TokenIssued(tokenId: "t1", label: "ci", expiresAt: nil)),
        .tokenRevoked(TokenRevoked(tokenId: "t1", reason: nil)),
    ]

    @Test("events before the registration fold to no model", arguments: eventsOtherThanRegistration)
    func beforeRegistration(_ event: RegistryEvent) {
        #expect(Given.noModel.then(event).state == nil)
    }

    @Test("registration starts the state with the default protected alias and nothing else")
    func registration() throws {
        let state = try #require(Given.noModel.then(Fixture.modelRegistered, by: "importer").state)
        #expect(state.modelId == Fixture.modelId)
        #expect(state.name == Fixture.modelName)
        #expect(state.description == "Scores card payments")
        #expect(state.tags == ["team": "risk"])
        #expect(state.owner == Fixture.owner)
        #expect(state.createdBy == "importer")
        #expect(state.createdAt == Fixture.start)
        #expect(state.updatedAt == Fixture.start)
        #expect(state.protectedAliases == ["production"])
        #expect(state.versions.isEmpty && state.aliases.isEmpty && state.approvals.isEmpty && state.grants.isEmpty)
    }

    @Test("a second registration does not reset the model")
    func secondRegistration() {
        let given = Given.aModel(withVersions: 1)
        let other = RegistryEvent.modelRegistered(ModelRegistered(modelId: UUID(), name: "other", description: "", tags: [:], owner: "mallory"))
        #expect(given.then(other).state == given.state)
    }

    @Test(
        "events that do not fit leave the state unchanged",
        arguments: [
            Fixture.versionRegistered(0), Fixture.versionRegistered(1), Fixture.versionRegistered(2), Fixture.versionRegistered(5),
            Fixture.aliasSet("staging", to: 3), Fixture.aliasSet("staging", to: 0), Fixture.review(3),
            .artifactDownloaded(ArtifactDownloaded(version: 1, artifactSHA256: Fixture.sha256(1))),
            .principalCreated(PrincipalCreated(name: "dave", kind: .user, displayName: "Dave", roles: [.admin])),
        ])
    func ignored(_ event: RegistryEvent) {
        let given = Given.aModel(withVersions: 2)
        #expect(given.then(event).state == given.state)
    }

    @Test("versions keep their registrant and registration time")
    func versions() throws {
        let state = try #require(Given.aModel(withVersions: 2).state)
        #expect(state.versions.map(\.version) == [1, 2])
        let second = try #require(state.version(2))
        #expect(second.registrant == Fixture.registrant)
        #expect(second.registeredAt == Given.time(2))
        #expect(second.artifactSHA256 == Fixture.sha256(2))
        #expect(state.version(0) == nil && state.version(3) == nil)
    }

    @Test(
        "an update changes only the fields it carries",
        arguments: [
            (ModelUpdated(description: "new"), "new", ["team": "risk"]),
            (ModelUpdated(tags: ["a": "b"]), "Scores card payments", ["a": "b"]),
            (ModelUpdated(description: "new", tags: [:]), "new", [:]),
        ])
    func update(_ update: ModelUpdated, description: String, tags: [String: String]) throws {
        let state = try #require(Given.aModel().then(.modelUpdated(update)).state)
        #expect(state.description == description)
        #expect(state.tags == tags)
    }

    @Test("aliases point where the last AliasSet said and disappear when removed")
    func aliases() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.aliasSet("staging", to: 1)).then(
            Fixture.aliasSet("staging", to: 2, from: 1), by: "erin")
        let pointer = try #require(given.state?.aliases["staging"])
        #expect(pointer.version == 2)
        #expect(pointer.setBy == "erin")
        #expect(pointer.since == Given.time(4))
        let removed = given.then(.aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 2, reason: nil)))
        #expect(removed.state?.aliases.isEmpty == true)
    }

    @Test("reviews are kept in order with their position, and the latest one is in force")
    func approvals() throws {
        let state = try #require(Given.aModel(withVersions: 1).then(Fixture.review(1), Fixture.review(1, .rejected, by: "dave")).state)
        #expect(state.approvals.map(\.decision) == [.approved, .rejected])
        #expect(state.approvals.map(\.position) == [3, 4])
        #expect(state.approvals.map(\.approver) == [Fixture.reviewer, "dave"])
        #expect(state.latestReview(version: 1, alias: "production")?.approver == "dave")
        #expect(state.approvalInForce(version: 1, alias: "production") == nil)
    }

    @Test("the protected set is replaced as a whole")
    func protectedSet() throws {
        let state = try #require(
            Given.aModel().then(.protectedAliasesChanged(ProtectedAliasesChanged(aliases: ["staging", "canary"], reason: nil))).state)
        #expect(state.protectedAliases == ["staging", "canary"])
    }

    @Test("updatedAt follows the latest effective time and never goes back")
    func updatedAtNeverDecreases() throws {
        let registered = try #require(Given.aModel(withVersions: 1).state)
        #expect(registered.updatedAt == Given.time(1))
        let late = EventContext(position: 3, recordedAt: Given.time(9), effectiveAt: Given.time(9), actor: Fixture.owner)
        let backdated = EventContext(position: 4, recordedAt: Given.time(10), effectiveAt: Given.time(-100), actor: Fixture.owner)
        let afterLate = try #require(ModelState.apply(registered, .modelUpdated(ModelUpdated(description: "a")), late))
        #expect(afterLate.updatedAt == Given.time(9))
        let afterBackdated = try #require(ModelState.apply(afterLate, .modelUpdated(ModelUpdated(description: "b")), backdated))
        #expect(afterBackdated.description == "b")
        #expect(afterBackdated.updatedAt == Given.time(9))
        #expect(afterBackdated.createdAt == Fixture.start)
    }
}
