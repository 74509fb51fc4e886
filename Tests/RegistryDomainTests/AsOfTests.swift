import Foundation
import RegistryDomain
import Testing

@Suite("State as of a valid time and a transaction time")
struct AsOfTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    /// A history: registered at 0h, v1 and v2 at 1h and 2h, production → v1 at 3h, production → v2 at 5h; and a
    /// correction recorded at 10h saying that staging pointed at v1 from 4h.
    static let history: [HistoricalEvent] = {
        let modelId = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
        func event(_ position: Int64, _ recorded: Double, effective: Double? = nil, _ event: RegistryEvent) -> HistoricalEvent {
            HistoricalEvent(
                event: event, context: EventContext(position: position, recordedAt: at(recorded), effectiveAt: at(effective ?? recorded), actor: "a"))
        }
        let version = { (number: Int) in
            RegistryEvent.versionRegistered(
                VersionRegistered(
                    version: number, artifactSHA256: String(repeating: "a", count: 64), artifactSize: 1, format: "onnx", registrant: "a"))
        }
        return [
            event(1, 0, .modelRegistered(ModelRegistered(modelId: modelId, name: "m", description: "", tags: [:], owner: "a"))),
            event(2, 1, version(1)),
            event(3, 2, version(2)),
            event(4, 3, .aliasSet(AliasSet(alias: "production", version: 1, previousVersion: nil, reason: nil))),
            event(5, 5, .aliasSet(AliasSet(alias: "production", version: 2, previousVersion: 1, reason: nil))),
            event(6, 10, effective: 4, .aliasSet(AliasSet(alias: "staging", version: 1, previousVersion: nil, reason: "backfill"))),
        ]
    }()

    static func state(at valid: Double, knownAt known: Double) -> ModelState? {
        ModelState.asOf(AsOf(at: at(valid), knownAt: at(known)), events: history)
    }

    @Test("before the model was registered there is no model")
    func beforeRegistration() {
        #expect(Self.state(at: -1, knownAt: 100) == nil)
        #expect(Self.state(at: 100, knownAt: -1) == nil)
    }

    @Test(
        "an alias moved at 3h and 5h answers before, between and after",
        arguments: [(2.5, nil), (3.0, 1), (4.99, 1), (5.0, 2), (50.0, 2)] as [(Double, Int?)])
    func aliasMoves(_ valid: Double, _ version: Int?) {
        #expect(Self.state(at: valid, knownAt: 100)?.aliases["production"]?.version == version)
    }

    @Test("a back-dated correction counts only from when it was recorded", arguments: [(9.0, nil), (10.0, 1), (100.0, 1)] as [(Double, Int?)])
    func correction(_ known: Double, _ version: Int?) {
        #expect(Self.state(at: 4.5, knownAt: known)?.aliases["staging"]?.version == version)
    }

    @Test("at and known_at equal answer exactly what the registry said then")
    func sameInstant() {
        let then = Self.state(at: 6, knownAt: 6)
        #expect(then?.aliases["production"]?.version == 2)
        #expect(then?.aliases["staging"] == nil)
        #expect(Self.state(at: 6, knownAt: 100)?.aliases["staging"]?.version == 1)
    }

    @Test("versions registered later do not exist yet")
    func versionsInTime() {
        #expect(Self.state(at: 1.5, knownAt: 100)?.versions.count == 1)
        #expect(Self.state(at: 2, knownAt: 100)?.versions.count == 2)
    }
}
