import Foundation
import RegistryDomain
import Testing

@Suite("Registering a model")
struct RegisterModelTests {
    static let validNames = [
        "a", "Z", "7", "fraud-detector", "fraud_detector", "churn.v2", "Model-1.0_final", "9lives",
        String(repeating: "x", count: 128),
    ]
    static let invalidNames = [
        "", ".hidden", "-dash", "_under", "a/b", "../etc", "a b", " a", "a';drop", "a;b", "a@b", "modèle", "模型", "a\u{0}b",
        "a\nb", "e\u{301}", String(repeating: "x", count: 129),
    ]

    @Test("registering a new model records who owns it")
    func registers() throws {
        let command = RegisterModel(modelId: Fixture.modelId, name: "churn", description: "Predicts churn", tags: ["team": "growth"])
        let events = try Given.noModel.deciding(.register(command), by: "dave")
        #expect(
            events == [
                .modelRegistered(
                    ModelRegistered(modelId: Fixture.modelId, name: "churn", description: "Predicts churn", tags: ["team": "growth"], owner: "dave"))
            ])
    }

    @Test("a model that already exists cannot be registered again")
    func alreadyExists() {
        expectRefusal(.modelAlreadyExists) {
            try Given.aModel().deciding(.register(RegisterModel(modelId: UUID(), name: Fixture.modelName)))
        }
    }

    @Test("names of letters, digits, '.', '_' and '-' up to 128 characters are accepted", arguments: validNames)
    func validName(_ name: String) throws {
        let events = try Given.noModel.deciding(.register(RegisterModel(modelId: Fixture.modelId, name: name)))
        guard case .modelRegistered(let registered) = try #require(events.first) else {
            Issue.record("expected ModelRegistered, got \(events)")
            return
        }
        #expect(registered.name == name)
    }

    @Test("names that could escape a URL, a path or a shell are refused", arguments: invalidNames)
    func invalidName(_ name: String) {
        expectRefusal(.invalidArgument) { try Given.noModel.deciding(.register(RegisterModel(modelId: Fixture.modelId, name: name))) }
    }

    static let boundCases: [(description: String, tags: [String: String], accepted: Bool)] = [
        (String(repeating: "d", count: 10_000), [:], true),
        (String(repeating: "d", count: 10_001), [:], false),
        ("", tags(count: 100), true),
        ("", tags(count: 101), false),
        ("", [String(repeating: "k", count: 250): String(repeating: "v", count: 5_000)], true),
        ("", ["": "v"], false),
        ("", [String(repeating: "k", count: 251): "v"], false),
        ("", ["bell\u{7}": "v"], false),
        ("", ["tab\tkey": "v"], false),
        ("", ["del\u{7F}": "v"], false),
        ("", ["k": String(repeating: "v", count: 5_001)], false),
    ]

    static func tags(count: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (1...count).map { ("k\($0)", "v") })
    }

    @Test("descriptions and tags are bounded", arguments: boundCases)
    func bounds(description: String, tags: [String: String], accepted: Bool) throws {
        let command = ModelCommand.register(RegisterModel(modelId: Fixture.modelId, name: "m", description: description, tags: tags))
        if accepted {
            #expect(try Given.noModel.deciding(command).count == 1)
        } else {
            expectRefusal(.invalidArgument) { try Given.noModel.deciding(command) }
        }
    }

    @Test(
        "a malformed name is refused before the existence check, without echoing control characters")
    func alreadyExistsEchoIsPrintable() {
        let name = "x\u{1B}[2J" + String(repeating: "y", count: 500)
        let error = #expect(throws: DomainError.self) {
            try Given.aModel().deciding(.register(RegisterModel(modelId: UUID(), name: name)))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.unicodeScalars.contains { $0.value < 0x20 } == false)
        #expect((error?.message.count ?? .max) < 200)
    }
}

@Suite("Updating a model")
struct UpdateModelTests {
    // The model was registered with description "Scores card payments" and tags ["team": "risk"].
    @Test(
        "only what differs from the current state is recorded",
        arguments: [
            (String?("Scores payments"), [String: String]?.none, ModelUpdated(description: "Scores payments", reason: "why")),
            (nil, ["team": "fraud"], ModelUpdated(tags: ["team": "fraud"], reason: "why")),
            ("Scores payments", ["team": "risk"], ModelUpdated(description: "Scores payments", reason: "why")),
            ("Scores card payments", [:], ModelUpdated(tags: [:], reason: "why")),
            ("New", ["a": "b"], ModelUpdated(description: "New", tags: ["a": "b"], reason: "why")),
        ])
    func updates(description: String?, tags: [String: String]?, expected: ModelUpdated) throws {
        let events = try Given.aModel().deciding(.update(description: description, tags: tags, reason: "why"))
        #expect(events == [.modelUpdated(expected)])
    }

    @Test("an update that gives neither description nor tags is refused")
    func nothingGiven() {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.update(description: nil, tags: nil, reason: "why")) }
    }

    @Test(
        "an update that changes nothing records nothing",
        arguments: [
            (String?("Scores card payments"), [String: String]?.none),
            (nil, ["team": "risk"]),
            ("Scores card payments", ["team": "risk"]),
        ])
    func changesNothing(description: String?, tags: [String: String]?) throws {
        #expect(try Given.aModel().deciding(.update(description: description, tags: tags, reason: nil)).isEmpty)
    }

    @Test(
        "updates with oversized or malformed fields are refused",
        arguments: [
            ModelCommand.update(description: String(repeating: "d", count: 10_001), tags: nil, reason: nil),
            .update(description: nil, tags: ["": "v"], reason: nil),
            .update(description: nil, tags: RegisterModelTests.tags(count: 101), reason: nil),
            .update(description: "ok", tags: nil, reason: String(repeating: "r", count: 2_001)),
        ])
    func invalid(_ command: ModelCommand) {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(command) }
    }
}

@Suite("Registering a version")
struct RegisterVersionTests {
    @Test("versions are numbered 1, 2, 3 in order and remember their registrant")
    func numbering() throws {
        var given = Given.aModel()
        for expected in 1...3 {
            let events = try given.deciding(.registerVersion(Fixture.newVersion(sha256: Fixture.sha256(expected))), by: Fixture.registrant)
            #expect(
                events == [
                    .versionRegistered(
                        VersionRegistered(
                            version: expected, artifactSHA256: Fixture.sha256(expected), artifactSize: 1_024, format: "onnx",
                            registrant: Fixture.registrant))
                ])
            given = given.then(events[0], by: Fixture.registrant)
        }
        #expect(given.state?.versions.map(\.version) == [1, 2, 3])
    }

    @Test("every field of the command is carried into the event")
    func carriesEverything() throws {
        let lineage = Lineage(source: "git@example.com:risk/fraud.git#4f2a", runId: "run-17", trainingData: "s3://data/2025-03")
        let command = RegisterVersion(
            artifactSHA256: Fixture.sha256(3), artifactSize: 0, format: "statsmodels-pickle", description: "baseline",
            signature: .object(["inputs": .array([.string("amount")])]), card: .object(["license": .string("MIT")]),
            metrics: ["auc": 0.91, "loss": -0.5], lineage: lineage, tags: ["stage": "candidate"])
        let events = try Given.aModel(withVersions: 1).deciding(.registerVersion(command), by: "erin")
        #expect(
            events == [
                .versionRegistered(
                    VersionRegistered(
                        version: 2, artifactSHA256: Fixture.sha256(3), artifactSize: 0, format: "statsmodels-pickle", description: "baseline",
                        signature: .object(["inputs": .array([.string("amount")])]), card: .object(["license": .string("MIT")]),
                        metrics: ["auc": 0.91, "loss": -0.5], lineage: lineage, tags: ["stage": "candidate"], registrant: "erin"))
            ])
    }

    @Test(
        "digests that are not 64 lowercase hex characters are refused",
        arguments: [
            String(repeating: "A", count: 64), String(repeating: "a", count: 63), String(repeating: "a", count: 65),
            String(repeating: "g", count: 64), "", String(repeating: "a", count: 63) + " ", String(repeating: "é", count: 32),
        ])
    func badDigest(_ digest: String) {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(Fixture.newVersion(sha256: digest))) }
    }

    @Test("slug formats are accepted", arguments: ["onnx", "linear", "statsmodels-pickle", "pytorch_2.1", String(repeating: "f", count: 64)])
    func goodFormat(_ format: String) throws {
        #expect(try Given.aModel().deciding(.registerVersion(Fixture.newVersion(format: format))).count == 1)
    }

    @Test("formats outside the slug alphabet are refused", arguments: ["", "ONNX", "a/b", "a b", "pickle;rm", String(repeating: "f", count: 65)])
    func badFormat(_ format: String) {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(Fixture.newVersion(format: format))) }
    }

    @Test("a negative artifact size is refused")
    func negativeSize() {
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(Fixture.newVersion(size: -1))) }
    }

    @Test(
        "metrics must be finite and named",
        arguments: [
            ["auc": Double.nan], ["auc": .infinity], ["auc": -.infinity], ["": 0.5], [String(repeating: "m", count: 251): 0.5],
        ])
    func badMetrics(_ metrics: [String: Double]) {
        var command = Fixture.newVersion()
        command.metrics = metrics
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(command)) }
    }

    @Test("an oversized description or malformed tags on a version are refused")
    func badDescriptionOrTags() {
        var long = Fixture.newVersion()
        long.description = String(repeating: "d", count: 10_001)
        var tagged = Fixture.newVersion()
        tagged.tags = ["": "x"]
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(long)) }
        expectRefusal(.invalidArgument) { try Given.aModel().deciding(.registerVersion(tagged)) }
    }
}

@Suite("Recording a download")
struct RecordDownloadTests {
    @Test("a download of an existing version records its digest")
    func records() throws {
        let events = try Given.aModel(withVersions: 2).deciding(.recordDownload(version: 2), by: "svc-scoring")
        #expect(events == [.artifactDownloaded(ArtifactDownloaded(version: 2, artifactSHA256: Fixture.sha256(2)))])
    }

    @Test("a download of a version that does not exist is refused", arguments: [-1, 0, 3])
    func missingVersion(_ version: Int) {
        expectRefusal(.versionNotFound) { try Given.aModel(withVersions: 2).deciding(.recordDownload(version: version)) }
    }
}

@Suite("Commands on a model that does not exist")
struct MissingModelTests {
    @Test(
        "every command but register is refused with model_not_found",
        arguments: [
            ModelCommand.update(description: "d", tags: nil, reason: nil),
            .registerVersion(Fixture.newVersion()),
            .setAlias(alias: "staging", version: 1, reason: nil),
            .removeAlias(alias: "staging", reason: nil),
            .review(version: 1, alias: "production", decision: .approved, notes: ""),
            .setProtectedAliases(aliases: ["production"], reason: nil),
            .grant(principal: "dave", role: .viewer, expiresAt: nil, reason: nil),
            .revoke(principal: "dave", role: .viewer, reason: nil),
            .recordDownload(version: 1),
        ])
    func notFound(_ command: ModelCommand) {
        expectRefusal(.modelNotFound) { try Given.noModel.deciding(command) }
    }
}
