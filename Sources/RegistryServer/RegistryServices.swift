import EventLog
import Logging
import Postgres
import RegistryService

/// Everything the HTTP layer calls, assembled once at start-up.
public struct RegistryServices: Sendable {
    public let registry: Registry
    public let queries: RegistryQueries
    public let artifacts: ArtifactStore
    public let authenticator: Authenticator
    public let principals: PrincipalDirectory
    public let idempotency: IdempotencyStore
    public let importer: Importer
    public let predictor: Predictor
    public let reports: PredictionReports
    public let enquiries: Enquiries
    public let evaluator: Evaluator
    public let checkpoints: Checkpoints
    public let exports: Exports
    public let audit: Audit
    public let inventory: Inventory
    public let periodReports: PeriodReports

    /// `signer`: the registry's Ed25519 key for checkpoints (`CheckpointSigner.loadOrCreate(at:)`).
    public init(pool: PostgresConnectionPool, maxArtifactSize: Int64, signer: CheckpointSigner, logger: Logger) {
        let log = PostgresEventLog(pool: pool, logger: logger)
        registry = Registry(pool: pool, log: log, logger: logger)
        queries = RegistryQueries(pool: pool)
        artifacts = ArtifactStore(pool: pool, maxSize: maxArtifactSize, logger: logger)
        authenticator = Authenticator(pool: pool)
        principals = PrincipalDirectory(pool: pool, log: log)
        idempotency = IdempotencyStore(pool: pool)
        importer = Importer(pool: pool, logger: logger)
        // One prediction log, so served and reported predictions share batches and seals.
        let predictions = PredictionLog(pool: pool, logger: logger)
        predictor = Predictor(pool: pool, artifacts: artifacts, log: predictions)
        reports = PredictionReports(pool: pool, log: predictions)
        checkpoints = Checkpoints(pool: pool, signer: signer)
        enquiries = Enquiries(pool: pool, predictor: predictor, checkpoints: checkpoints)
        evaluator = Evaluator(registry: registry, artifacts: artifacts)
        exports = Exports(pool: pool, checkpoints: checkpoints)
        audit = Audit(pool: pool, checkpoints: checkpoints)
        inventory = Inventory(pool: pool)
        periodReports = PeriodReports(pool: pool)
    }
}
