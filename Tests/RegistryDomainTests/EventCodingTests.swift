import Foundation
import RegistryDomain
import Testing

private func json(_ event: RegistryEvent) -> String { String(decoding: event.encodedPayload(), as: UTF8.self) }
private func micros(_ text: String) -> Date { RFC3339.parse(text)! }

@Suite("Event payload coding")
struct EventCodingTests {
    static let lineage = Lineage(source: "https://git.example.com/risk/fraud.git@4f2a", runId: "run-17", trainingData: "s3://data/2025/03")

    /// One of every event type, with optional fields filled and (where it matters) empty.
    static let samples: [RegistryEvent] = [
        Fixture.modelRegistered,
        .modelRegistered(ModelRegistered(modelId: UUID(), name: "m", description: "", tags: [:], owner: "o")),
        .modelUpdated(ModelUpdated(description: "d", tags: ["camelCase": "1", "snake_case": "2"], reason: "r")),
        .modelUpdated(ModelUpdated()),
        .versionRegistered(
            VersionRegistered(
                version: 3, artifactSHA256: Fixture.sha256(3), artifactSize: 9_007_199_254_740_993, format: "onnx", description: "baseline",
                signature: .object(["inputs": .array([.string("amount"), .number(1.5), .bool(true), .null]), "n": .number(3)]),
                card: .array([.object(["nested": .object(["deep": .string("ünïcode \"quoted\" \\ /")])])]),
                metrics: ["auc": 0.1 + 0.2, "loss": -1e-300, "count": 42], lineage: lineage, tags: ["modelType": "gbm"], registrant: "bob")),
        Fixture.versionRegistered(1),
        .aliasSet(AliasSet(alias: "production", version: 2, previousVersion: 1, reason: "go live")),
        Fixture.aliasSet("staging", to: 1),
        .aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 1, reason: nil)),
        .versionApproved(VersionApproved(version: 2, alias: "production", decision: .rejected, notes: "needs work", approver: "carol")),
        .protectedAliasesChanged(ProtectedAliasesChanged(aliases: ["production", "staging"], reason: "policy")),
        .protectedAliasesChanged(ProtectedAliasesChanged(aliases: [], reason: nil)),
        .accessGranted(AccessGranted(principal: "dave", role: .approver, expiresAt: micros("2025-04-30T12:34:56.789012Z"), reason: "on call")),
        .accessGranted(AccessGranted(principal: "dave", role: .viewer, expiresAt: micros("1969-07-20T20:17:40.000001Z"), reason: nil)),
        .accessGranted(AccessGranted(principal: "dave", role: .viewer, expiresAt: nil, reason: nil)),
        .accessRevoked(AccessRevoked(principal: "dave", role: .owner, reason: "left")),
        .artifactDownloaded(ArtifactDownloaded(version: 1, artifactSHA256: Fixture.sha256(1))),
        .principalCreated(PrincipalCreated(name: "jane@example.com", kind: .service, displayName: "Jane", roles: [.admin, .auditor])),
        .tokenIssued(TokenIssued(tokenId: "tok_1", label: "ci", expiresAt: micros("2026-01-01"))),
        .tokenIssued(TokenIssued(tokenId: "tok_2", label: "", expiresAt: nil)),
        .tokenRevoked(TokenRevoked(tokenId: "tok_1", reason: "lost")),
        .modelRenamed(ModelRenamed(name: "fraud-scorer", previousName: "fraud-detector", reason: nil)),
        .modelDeleted(ModelDeleted(name: "fraud-scorer", reason: "retired")),
        .versionUpdated(VersionUpdated(version: 2, description: "tuned", tags: [:], archived: true, reason: "r")),
        .versionUpdated(VersionUpdated(version: 2)),
        .versionDeleted(VersionDeleted(version: 2, reason: nil)),
    ]

    @Test("every event round-trips through its payload and type name", arguments: samples)
    func roundTrip(_ event: RegistryEvent) throws {
        let decoded = try RegistryEvent.decode(type: event.typeName, payload: event.encodedPayload())
        #expect(decoded == event)
        #expect(decoded.encodedPayload() == event.encodedPayload())
    }

    @Test("the samples cover every event type")
    func coversEveryType() {
        #expect(Set(Self.samples.map(\.typeName)).count == 17)
    }

    @Test("the same event always encodes to the same bytes, whatever order its dictionaries were built in")
    func deterministic() {
        var forward: [String: String] = [:]
        var backward: [String: String] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { forward[key] = key }
        for key in keys.reversed() { backward[key] = key }
        forward.reserveCapacity(500)
        let one = RegistryEvent.modelUpdated(ModelUpdated(tags: forward))
        let two = RegistryEvent.modelUpdated(ModelUpdated(tags: backward))
        #expect(one == two)
        #expect(one.encodedPayload() == two.encodedPayload())
        #expect(one.encodedPayload() == one.encodedPayload())
    }

    @Test(
        "payloads are canonical JSON: sorted snake_case keys, no whitespace, absent optionals omitted",
        arguments: [
            (
                RegistryEvent.aliasSet(AliasSet(alias: "production", version: 2, previousVersion: 1, reason: "go live")),
                #"{"alias":"production","previous_version":1,"reason":"go live","version":2}"#
            ),
            (Fixture.aliasSet("staging", to: 1), #"{"alias":"staging","version":1}"#),
            (.aliasRemoved(AliasRemoved(alias: "staging", previousVersion: 1, reason: nil)), #"{"alias":"staging","previous_version":1}"#),
            (
                .accessGranted(AccessGranted(principal: "dave", role: .approver, expiresAt: micros("2025-04-30T02:00:00+02:00"), reason: "on call")),
                #"{"expires_at":"2025-04-30T00:00:00.000000Z","principal":"dave","reason":"on call","role":"approver"}"#
            ),
            (
                .artifactDownloaded(ArtifactDownloaded(version: 1, artifactSHA256: Fixture.sha256(1))),
                #"{"artifact_sha256":"\#(Fixture.sha256(1))","version":1}"#
            ),
            (
                .principalCreated(PrincipalCreated(name: "jane", kind: .user, displayName: "Jane", roles: [.admin])),
                #"{"display_name":"Jane","kind":"user","name":"jane","roles":["admin"]}"#
            ),
            (
                .tokenIssued(TokenIssued(tokenId: "tok_1", label: "ci", expiresAt: micros("2026-01-01"))),
                #"{"expires_at":"2026-01-01T00:00:00.000000Z","label":"ci","token_id":"tok_1"}"#
            ),
            (.modelUpdated(ModelUpdated(tags: ["b_key": "1", "aKey": "2", "C": "3"])), #"{"tags":{"C":"3","aKey":"2","b_key":"1"}}"#),
            (
                .versionApproved(VersionApproved(version: 2, alias: "production", decision: .approved, notes: "", approver: "carol")),
                #"{"alias":"production","approver":"carol","decision":"approved","notes":"","version":2}"#
            ),
            (
                Fixture.modelRegistered,
                #"{"description":"Scores card payments","model_id":"\#(Fixture.modelId.uuidString.lowercased())","#
                    + #""name":"fraud-detector","owner":"alice","tags":{"team":"risk"}}"#
            ),
        ])
    func canonical(_ event: RegistryEvent, expected: String) {
        #expect(json(event) == expected)
    }

    @Test("a version payload uses snake_case field names but leaves tag and metric keys as written, and slashes unescaped")
    func versionKeys() {
        let event = RegistryEvent.versionRegistered(
            VersionRegistered(
                version: 1, artifactSHA256: Fixture.sha256(1), artifactSize: 10, format: "onnx", metrics: ["f1Score": 0.5, "log_loss": 0.25],
                lineage: Self.lineage, tags: ["modelType": "gbm", "data_set": "q1"], registrant: "bob"))
        let text = json(event)
        for fragment in [
            #""artifact_sha256":"#, #""artifact_size":10"#,
            #""lineage":{"run_id":"run-17","source":"https://git.example.com/risk/fraud.git@4f2a","training_data":"s3://data/2025/03"}"#,
            #""metrics":{"f1Score":0.5,"log_loss":0.25}"#, #""tags":{"data_set":"q1","modelType":"gbm"}"#,
        ] {
            #expect(text.contains(fragment), "missing \(fragment) in \(text)")
        }
        #expect(!text.contains("artifactSHA256") && !text.contains("runId") && !text.contains("model_type") && !text.contains("\\/"))
        #expect(!text.contains(" "))
    }

    @Test("an unknown or miscased type name is refused", arguments: ["ModelRemoved", "aliasSet", "", "modelRegistered"])
    func unknownType(_ type: String) {
        let error = #expect(throws: DomainError.self) { try RegistryEvent.decode(type: type, payload: Array("{}".utf8)) }
        #expect(error?.code == .invalidArgument)
    }

    @Test(
        "malformed payloads are refused",
        arguments: [
            ("AliasSet", #"{"alias":"a"}"#),
            ("AliasSet", #"{"alias":"a","version":"1"}"#),
            ("AccessGranted", #"{"principal":"d","role":"superuser"}"#),
            ("AccessGranted", #"{"principal":"d","role":"viewer","expires_at":"2025-02-30T00:00:00Z"}"#),
            ("TokenIssued", #"{"token_id":"t","label":"l","expires_at":"tomorrow"}"#),
            ("ModelRegistered", "not json"),
        ])
    func malformed(_ type: String, payload: String) {
        #expect(throws: (any Error).self) { try RegistryEvent.decode(type: type, payload: Array(payload.utf8)) }
    }

    @Test("timestamps with any offset decode to the same instant")
    func offsetsDecode() throws {
        let payload = #"{"principal":"d","role":"viewer","expires_at":"2025-04-30T02:00:00.5+02:00"}"#
        let event = try RegistryEvent.decode(type: "AccessGranted", payload: Array(payload.utf8))
        #expect(event == .accessGranted(AccessGranted(principal: "d", role: .viewer, expiresAt: micros("2025-04-30T00:00:00.500000Z"), reason: nil)))
    }

    @Test(
        "JSON numbers stay numbers and booleans stay booleans",
        arguments: [JSONValue.number(1), .number(0), .bool(true), .bool(false), .number(-0.5)])
    func jsonScalars(_ value: JSONValue) throws {
        let event = RegistryEvent.versionRegistered(
            VersionRegistered(
                version: 1, artifactSHA256: Fixture.sha256(1), artifactSize: 1, format: "onnx", card: .object(["v": value]), registrant: "b"))
        #expect(try RegistryEvent.decode(type: event.typeName, payload: event.encodedPayload()) == event)
    }

    @Test(
        "expiries at the ends of the supported years survive a round trip",
        arguments: ["2099-12-31T23:59:59.999999Z", "1900-01-01T00:00:00.000001Z"])
    func farDates(_ text: String) throws {
        let event = RegistryEvent.accessGranted(AccessGranted(principal: "d", role: .viewer, expiresAt: micros(text), reason: nil))
        #expect(json(event).contains(text))
        #expect(try RegistryEvent.decode(type: event.typeName, payload: event.encodedPayload()) == event)
    }
}
