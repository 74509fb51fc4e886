import Foundation
import RegistryDomain
import Testing

/// Renames, deletions, version updates and stage transitions: the commands MLflow compatibility needs.
@Suite("Renaming, deleting, updating versions and stage transitions")
struct LifecycleCommandTests {
    @Test("a rename records both names; the same name again records nothing; a bad name is refused")
    func rename() throws {
        let given = Given.aModel(withVersions: 1)
        let events = try given.deciding(.rename(newName: "fraud-scorer", reason: "clearer"))
        #expect(events == [.modelRenamed(ModelRenamed(name: "fraud-scorer", previousName: Fixture.modelName, reason: "clearer"))])
        #expect(given.then(events[0]).state?.name == "fraud-scorer")
        #expect(try given.deciding(.rename(newName: Fixture.modelName, reason: nil)).isEmpty)
        expectRefusal(.invalidArgument) { try given.deciding(.rename(newName: "has space", reason: nil)) }
    }

    @Test("deleting a model removes its aliases first, then the model refuses every command and is absent from the past after it")
    func deleteModel() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.aliasSet("staging", to: 2), Fixture.aliasSet("champion", to: 1))
        let events = try given.deciding(.delete(reason: "retired"))
        #expect(
            events == [
                .aliasRemoved(AliasRemoved(alias: "champion", previousVersion: 1, reason: "retired")),
                .aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 2, reason: "retired")),
                .modelDeleted(ModelDeleted(name: Fixture.modelName, reason: "retired")),
            ])
        let deleted = given.then(events[0], events[1], events[2])
        #expect(deleted.state?.deletedAt != nil)
        expectRefusal(.modelNotFound) { try deleted.deciding(.update(description: "x", tags: nil, reason: nil)) }
        expectRefusal(.modelNotFound) { try deleted.deciding(.delete(reason: nil)) }
    }

    @Test("version updates change description and tags; removing a missing tag or repeating a value records nothing")
    func updateVersion() throws {
        let given = Given.aModel(withVersions: 2)
        let events = try given.deciding(.updateVersion(version: 2, description: "tuned", setTags: ["k": "v"], removeTags: [], reason: nil))
        #expect(events == [.versionUpdated(VersionUpdated(version: 2, description: "tuned", tags: ["k": "v"]))])
        let updated = given.then(events[0])
        #expect(updated.state?.version(2)?.description == "tuned")
        #expect(updated.state?.version(2)?.tags == ["k": "v"])
        #expect(try updated.deciding(.updateVersion(version: 2, description: "tuned", setTags: [:], removeTags: ["absent"], reason: nil)).isEmpty)
        let removal = try updated.deciding(.updateVersion(version: 2, description: nil, setTags: [:], removeTags: ["k"], reason: nil))
        #expect(removal == [.versionUpdated(VersionUpdated(version: 2, tags: [:]))])
        expectRefusal(.versionNotFound) {
            try given.deciding(.updateVersion(version: 3, description: "x", setTags: [:], removeTags: [], reason: nil))
        }
        expectRefusal(.invalidArgument) {
            try given.deciding(.updateVersion(version: 1, description: nil, setTags: [:], removeTags: [], reason: nil))
        }
    }

    @Test("model tags: set some, remove others, keep the rest")
    func editTags() throws {
        let given = Given.aModel()
        let events = try given.deciding(.editTags(set: ["owner": "risk"], remove: ["team"], reason: nil))
        #expect(events == [.modelUpdated(ModelUpdated(tags: ["owner": "risk"]))])
        #expect(try given.deciding(.editTags(set: ["team": "risk"], remove: ["nothing"], reason: nil)).isEmpty)
    }

    @Test("a deleted version keeps its number: the next version is not given it, and nothing can point at it")
    func deleteVersion() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.aliasSet("champion", to: 2))
        let events = try given.deciding(.deleteVersion(version: 2, reason: "bad data"))
        #expect(
            events == [
                .aliasRemoved(AliasRemoved(alias: "champion", previousVersion: 2, reason: "bad data")),
                .versionDeleted(VersionDeleted(version: 2, reason: "bad data")),
            ])
        let deleted = given.then(events[0], events[1])
        #expect(deleted.state?.version(2) == nil)
        #expect(deleted.state?.liveVersions.map(\.version) == [1])
        #expect(deleted.state?.aliases["champion"] == nil)
        let next = try deleted.deciding(.registerVersion(Fixture.newVersion()), by: Fixture.registrant)
        guard case .versionRegistered(let registered) = next.first else { Issue.record("no version registered"); return }
        #expect(registered.version == 3)
        expectRefusal(.versionNotFound) { try deleted.deciding(.setAlias(alias: "champion", version: 2, reason: nil)) }
        expectRefusal(.versionNotFound) { try deleted.deciding(.deleteVersion(version: 2, reason: nil)) }
        expectRefusal(.versionNotFound) { try deleted.deciding(.review(version: 2, alias: "production", decision: .approved, notes: ""), by: "dave") }
    }

    @Test("a transition to Staging sets the staging alias and takes production away from the version")
    func toStaging() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.review(1)).then(Fixture.aliasSet("production", to: 1))
        let events = try given.deciding(.transitionStage(version: 1, stage: .staging, archiveExisting: false, reason: nil))
        #expect(
            events == [
                .aliasRemoved(AliasRemoved(alias: "production", previousVersion: 1, reason: nil)),
                .aliasSet(AliasSet(alias: "staging", version: 1, previousVersion: nil, reason: nil)),
            ])
        let state = try #require(given.then(events[0], events[1]).state)
        #expect(VersionStage.of(try #require(state.version(1)), in: state) == .staging)
    }

    @Test("a transition to Production needs the four-eyes approval like any move of the protected alias")
    func toProductionNeedsApproval() throws {
        let given = Given.aModel(withVersions: 2)
        expectRefusal(.approvalRequired) { try given.deciding(.transitionStage(version: 2, stage: .production, archiveExisting: false, reason: nil)) }
        let approved = given.then(Fixture.review(2))
        let events = try approved.deciding(.transitionStage(version: 2, stage: .production, archiveExisting: false, reason: nil))
        #expect(events == [.aliasSet(AliasSet(alias: "production", version: 2, previousVersion: nil, reason: nil))])
    }

    @Test("archive_existing_versions archives the version that held the stage, in the same append")
    func archiveExisting() throws {
        let given = Given.aModel(withVersions: 2).then(Fixture.review(1), Fixture.review(2)).then(Fixture.aliasSet("production", to: 1))
        let events = try given.deciding(.transitionStage(version: 2, stage: .production, archiveExisting: true, reason: "v2 is better"))
        #expect(
            events == [
                .aliasSet(AliasSet(alias: "production", version: 2, previousVersion: 1, reason: "v2 is better")),
                .versionUpdated(VersionUpdated(version: 1, archived: true, reason: "v2 is better")),
            ])
        let state = try #require(given.then(events[0], events[1]).state)
        #expect(VersionStage.of(try #require(state.version(1)), in: state) == .archived)
        #expect(VersionStage.of(try #require(state.version(2)), in: state) == .production)
        expectRefusal(.invalidArgument) { try given.deciding(.transitionStage(version: 2, stage: .archived, archiveExisting: true, reason: nil)) }
    }

    @Test("to Archived and back to None: the flag follows, aliases of the stages go, others stay")
    func archiveAndBack() throws {
        let given = Given.aModel(withVersions: 1).then(Fixture.aliasSet("staging", to: 1), Fixture.aliasSet("champion", to: 1))
        let archived = try given.deciding(.transitionStage(version: 1, stage: .archived, archiveExisting: false, reason: nil))
        #expect(
            archived == [
                .aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 1, reason: nil)),
                .versionUpdated(VersionUpdated(version: 1, archived: true)),
            ])
        let after = given.then(archived[0], archived[1])
        #expect(after.state?.aliases["champion"]?.version == 1)
        let none = try after.deciding(.transitionStage(version: 1, stage: .none, archiveExisting: false, reason: nil))
        #expect(none == [.versionUpdated(VersionUpdated(version: 1, archived: false))])
        #expect(try after.then(none[0]).deciding(.transitionStage(version: 1, stage: .none, archiveExisting: false, reason: nil)).isEmpty)
    }

    @Test("renames, deletions, version updates and transitions cannot be back-dated")
    func notBackdated() {
        let given = Given.aModel(withVersions: 1)
        let commands: [ModelCommand] = [
            .rename(newName: "other", reason: nil), .delete(reason: nil),
            .updateVersion(version: 1, description: "x", setTags: [:], removeTags: [], reason: nil), .deleteVersion(version: 1, reason: nil),
            .transitionStage(version: 1, stage: .staging, archiveExisting: false, reason: nil),
        ]
        for command in commands {
            expectRefusal(.invalidArgument) {
                try command.decide(
                    backdatedTo: Given.time(1), stateThen: given.state, current: given.state, actor: Fixture.owner, now: given.now, reason: "late")
            }
        }
    }
}
