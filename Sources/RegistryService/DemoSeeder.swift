import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// Seeds an empty registry with the use case's own example: the mtcars regression (statsmodels), registered by a
/// data scientist, approved by a model-risk reviewer, and promoted to production; and a model with two years of
/// past (`demo/history/fuel-economy.csv`, brought in as a backfill), so `live` at different dates answers differently.
public struct DemoSeeder: Sendable {
    let registry: Registry
    let principals: PrincipalDirectory
    let artifacts: ArtifactStore
    let logger: Logger

    public init(registry: Registry, principals: PrincipalDirectory, artifacts: ArtifactStore, logger: Logger) {
        self.registry = registry
        self.principals = principals
        self.artifacts = artifacts
        self.logger = logger
    }

    /// The tokens of the demo's principals, to print once.
    public struct Tokens: Sendable {
        public var admin: String
        public var dataScientist: String
        public var reviewer: String
    }

    /// Seeds only an empty ledger; returns nil when there was already something there. `demoDirectory` holds
    /// `mtcars/` (the fixtures) and `history/` (the backfill).
    public func seedIfEmpty(demoDirectory root: String) async throws -> Tokens? {
        let demoDirectory = root + "/mtcars"
        let head = try await registry.log.head()
        guard head.position == 0 else { return nil }
        let adminToken = try await Bootstrap.createAdmin(name: "admin", log: registry.log)
        let admin = CommandContext(actor: "admin", reason: "demo data")
        let (_, alice) = try await principals.create(
            name: "alice", kind: .user, displayName: "Alice Martin (data scientist)", roles: [], context: admin)
        let (_, bob) = try await principals.create(
            name: "bob", kind: .user, displayName: "Bob Okafor (model risk)", roles: [], context: admin)

        let asAlice = CommandContext(actor: "alice", reason: "demo data")
        let asBob = CommandContext(actor: "bob", reason: "demo data")
        let parameters = try JSONDecoder().decode(
            [String: JSONValue].self, from: Data(contentsOf: URL(fileURLWithPath: demoDirectory + "/reference_params.json")))
        let ols = parameters["ols_mpg"] ?? .null

        _ = try await registry.createModel(
            name: "mpg", description: "Fuel consumption (miles per gallon) from horsepower, cylinders and weight; the mtcars OLS regression.",
            tags: ["domain": "transport", "team": "econometrics"], context: asAlice)
        let pickle = try await upload(demoDirectory + "/lin_reg_model.pkl", actor: "alice")
        let card: JSONValue = .object([
            "purpose": .string("Estimate fuel consumption of car models for the annual transport statistics."),
            "intended_use": .string("Point estimates of mpg for passenger cars similar to the 1974 Motor Trend sample."),
            "limitations": .string("32 observations from 1973-74; not valid for modern or electric vehicles."),
            "risk_tier": .string("low"),
            "formula": ols["formula"] ?? .null,
            "coefficients": ols["params"] ?? .null,
            "training_data": .string("mtcars.csv (R datasets::mtcars)"),
            "statsmodels_version": ols["statsmodels_version"] ?? .null,
        ])
        let metrics = ["r_squared": number(ols["rsquared"]), "aic": number(ols["aic"]), "bic": number(ols["bic"]), "nobs": number(ols["nobs"])]
        _ = try await registry.execute(
            .registerVersion(
                RegisterVersion(
                    artifactSHA256: pickle.sha256, artifactSize: pickle.size, format: "statsmodels-pickle",
                    description: "OLS fitted with statsmodels, saved with .save()", card: card, metrics: metrics,
                    lineage: Lineage(source: "notebooks/mpg.ipynb", runId: "mtcars-ols-1", trainingData: "mtcars.csv"))),
            model: "mpg", context: asAlice)
        let linearBytes = Array(try RegistryEvent.makeEncoder().encode(ols))
        let linear = try await upload(bytes: linearBytes, actor: "alice")
        _ = try await registry.execute(
            .registerVersion(
                RegisterVersion(
                    artifactSHA256: linear.sha256, artifactSize: linear.size, format: "linear",
                    description: "The same OLS exported as coefficients, evaluated natively by the registry",
                    // Derived from the terms, as the API derives it for a linear version.
                    signature: try ModelFormats.signature(format: "linear", artifact: linearBytes, declared: nil), card: card, metrics: metrics,
                    lineage: Lineage(source: "notebooks/mpg.ipynb", runId: "mtcars-ols-2", trainingData: "mtcars.csv"))),
            model: "mpg", context: asAlice)
        _ = try await registry.execute(
            .grant(principal: "bob", role: .approver, expiresAt: nil, reason: "model risk review"), model: "mpg", context: asAlice)
        // The registry's own evaluation on the training data, and a gate on it for production.
        let dataset = try await upload(demoDirectory + "/mtcars.csv", actor: "alice")
        _ = try await registry.execute(.setEvaluationDataset(artifactSHA256: dataset.sha256, target: "mpg"), model: "mpg", context: asAlice)
        _ = try await Evaluator(registry: registry, artifacts: artifacts).evaluate(model: "mpg", requestId: "demo")
        _ = try await registry.execute(
            .setPromotionGate(alias: "production", metric: "r_squared", minimum: 0.8, maximum: nil), model: "mpg", context: asAlice)
        _ = try await registry.execute(.setAlias(alias: "staging", version: 1, reason: "first candidate"), model: "mpg", context: asAlice)
        _ = try await registry.execute(
            .review(version: 2, alias: "production", decision: .approved, notes: "Coefficients match statsmodels; R² 0.857 acceptable for its use."),
            model: "mpg", context: asBob)
        _ = try await registry.execute(.setAlias(alias: "production", version: 2, reason: "approved by model risk"), model: "mpg", context: asBob)

        _ = try await registry.createModel(
            name: "am-classifier", description: "Probability that a car has a manual transmission, from horsepower and weight (binomial GLM, logit).",
            tags: ["domain": "transport"], context: asAlice)
        let logit = try await upload(demoDirectory + "/logit_am_model.pkl", actor: "alice")
        _ = try await registry.execute(
            .registerVersion(
                RegisterVersion(
                    artifactSHA256: logit.sha256, artifactSize: logit.size, format: "statsmodels-pickle", description: "GLM Binomial(logit)",
                    metrics: ["aic": number(parameters["glm_am"]?["aic"])], lineage: Lineage(trainingData: "mtcars.csv"))),
            model: "am-classifier", context: asAlice)
        try await importHistory(root + "/history/fuel-economy.csv", admin: admin)
        logger.info("demo data seeded")
        return Tokens(admin: adminToken, dataScientist: alice.token, reviewer: bob.token)
    }

    /// The backfill file, as `modelreg import` would bring it in: artifacts uploaded, rows imported in one go.
    private func importHistory(_ path: String, admin: CommandContext) async throws {
        let file = URL(fileURLWithPath: path)
        var rows: [BackfillRow] = []
        switch BackfillFile.read(try Data(contentsOf: file), format: .csv) {
        case .failure(let error): throw RegistryError(.unprocessable, "invalid_backfill", "\(path): \(error)")
        case .success(let records):
            for record in records {
                var row = record.row
                if record.artifactIsPath {
                    row.artifactSHA256 = try await upload(file.deletingLastPathComponent().path + "/" + record.artifact, actor: "admin").sha256
                }
                rows.append(row)
            }
        }
        var context = admin
        context.registryRoles = [.admin]
        _ = try await Importer(pool: registry.pool, logger: logger).run(rows, source: file.lastPathComponent, context: context)
    }

    private func upload(_ path: String, actor: String) async throws -> ArtifactStore.Info {
        try await upload(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), actor: actor)
    }

    private func upload(bytes: [UInt8], actor: String) async throws -> ArtifactStore.Info {
        var sent = false
        return try await artifacts.upload(expectedSHA256: nil, declaredSize: Int64(bytes.count), actor: actor) {
            defer { sent = true }
            return sent ? nil : bytes
        }.info
    }

    private func number(_ value: JSONValue?) -> Double {
        if case .number(let number) = value { return number }
        return .nan
    }
}
