import Foundation
import RegistryDomain
import Testing

/// Names and values shared by the suites. `owner` registers the model, `registrant` registers versions and
/// `reviewer` is the second pair of eyes.
enum Fixture {
    static let modelId = UUID(uuidString: "5B0C8E4A-1D2F-4C3B-9A8E-7F6D5C4B3A21")!
    static let modelName = "fraud-detector"
    static let owner = "alice"
    static let registrant = "bob"
    static let reviewer = "carol"
    static let start = RFC3339.parse("2025-03-31T09:00:00Z")!

    /// A valid digest that differs per seed.
    static func sha256(_ seed: Int) -> String {
        let hex = Array("0123456789abcdef")
        return String(repeating: String(hex[abs(seed) % 16]), count: 64)
    }

    static let modelRegistered = RegistryEvent.modelRegistered(
        ModelRegistered(modelId: modelId, name: modelName, description: "Scores card payments", tags: ["team": "risk"], owner: owner))

    static func versionRegistered(_ number: Int, by registrant: String = registrant) -> RegistryEvent {
        .versionRegistered(
            VersionRegistered(version: number, artifactSHA256: sha256(number), artifactSize: 1_024, format: "onnx", registrant: registrant))
    }

    static func review(
        _ version: Int, for alias: String = "production", _ decision: VersionApproved.Decision = .approved, by approver: String = reviewer
    ) -> RegistryEvent {
        .versionApproved(VersionApproved(version: version, alias: alias, decision: decision, notes: "", approver: approver))
    }

    static func aliasSet(_ alias: String, to version: Int, from previous: Int? = nil) -> RegistryEvent {
        .aliasSet(AliasSet(alias: alias, version: version, previousVersion: previous, reason: nil))
    }

    static func newVersion(sha256 digest: String = sha256(7), size: Int64 = 1_024, format: String = "onnx") -> RegisterVersion {
        RegisterVersion(artifactSHA256: digest, artifactSize: size, format: format)
    }
}

/// A model's history: events with increasing positions, one minute apart, folded into a `ModelState` on demand.
struct Given {
    private var history: [(event: RegistryEvent, actor: String)] = []

    /// No event at all: the model does not exist.
    static var noModel: Given { Given() }

    /// A registered model with `versions` versions, all registered by `Fixture.registrant`.
    static func aModel(withVersions versions: Int = 0) -> Given {
        var given = Given().then(Fixture.modelRegistered, by: Fixture.owner)
        for number in stride(from: 1, through: versions, by: 1) {
            given = given.then(Fixture.versionRegistered(number), by: Fixture.registrant)
        }
        return given
    }

    func then(_ events: RegistryEvent..., by actor: String = Fixture.owner) -> Given {
        var copy = self
        copy.history += events.map { (event: $0, actor: actor) }
        return copy
    }

    static func time(_ index: Int) -> Date { Fixture.start.addingTimeInterval(Double(index) * 60) }

    static func context(_ index: Int, actor: String) -> EventContext {
        EventContext(position: Int64(index + 1), recordedAt: time(index), effectiveAt: time(index), actor: actor)
    }

    var state: ModelState? {
        history.enumerated().reduce(nil) { state, entry in
            ModelState.apply(state, entry.element.event, Given.context(entry.offset, actor: entry.element.actor))
        }
    }

    /// One minute after the last event.
    var now: Date { Given.time(history.count) }

    func deciding(_ command: ModelCommand, by actor: String = Fixture.owner) throws(DomainError) -> [RegistryEvent] {
        try command.decide(state: state, actor: actor, now: now)
    }
}

/// Expects `body` to be refused with `code`.
func expectRefusal(
    _ code: DomainError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> [RegistryEvent]
) {
    let error = #expect(throws: DomainError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, sourceLocation: sourceLocation)
}
