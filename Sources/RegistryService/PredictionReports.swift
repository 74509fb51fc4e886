import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Predictions made elsewhere and reported to the registry (`POST /v1/models/{name}/predictions`), and usage counts
/// (`GET /v1/models/{name}/usage`) over the prediction log and the downloads in the ledger.
public struct PredictionReports: Sendable {
    let pool: PostgresConnectionPool
    let log: PredictionLog
    public static let maxBatch = 10_000

    public init(pool: PostgresConnectionPool, log: PredictionLog) {
        self.pool = pool
        self.log = log
    }

    /// One reported prediction: which version made it, when, on what, with what result.
    public struct Reported: Sendable, Decodable {
        public var version: Int
        public var inputs: [String: JSONValue]
        public var output: JSONValue
        public var madeAt: Date
        public var caseReference: String?

        public init(version: Int, inputs: [String: JSONValue], output: JSONValue, madeAt: Date, caseReference: String? = nil) {
            self.version = version
            self.inputs = inputs
            self.output = output
            self.madeAt = madeAt
            self.caseReference = caseReference
        }

        enum CodingKeys: String, CodingKey {
            case version, inputs, output, madeAt = "made_at", caseReference = "case_reference"
        }
    }

    public struct Receipt: Sendable, Codable, Equatable {
        public var model: String
        public var count: Int
        public var predictionIds: [String]
        public var batchId: String
        public var merkleRoot: String
        public var sealPosition: Int64

        enum CodingKeys: String, CodingKey {
            case model, count, predictionIds = "prediction_ids", batchId = "batch_id", merkleRoot = "merkle_root", sealPosition = "seal_position"
        }
    }

    /// Records a batch of predictions made elsewhere, in one transaction with its seal. Every row is checked first
    /// (the version existed when the prediction was made, which is not in the future); one bad row refuses the batch.
    /// With an `idempotencyKey`, a retry whose first attempt committed answers from what that attempt logged.
    public func report(model name: String, _ rows: [Reported], caller: Caller, requestId: String, idempotencyKey: String? = nil) async throws
        -> Receipt
    {
        guard !rows.isEmpty, rows.count <= Self.maxBatch else {
            throw RegistryError(.unprocessable, DomainError.Code.invalidInput.rawValue, "a report holds 1 to \(Self.maxBatch) predictions")
        }
        let (modelId, state) = try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.predict, name, caller, session)
            let now = Date()
            return (modelId, try AsOfReads.states([modelId], asOf: AsOf(at: now, knownAt: now), source: .temporalTables, in: session)[modelId])
        }
        guard let state else { throw RegistryError.modelNotFound(name) }
        let ids = PredictionLog.predictionIds(count: rows.count, caller: caller.name, idempotencyKey: idempotencyKey)
        if idempotencyKey != nil, let first = try await log.logged(ids)?.first {
            return Receipt(
                model: name, count: rows.count, predictionIds: ids.map { $0.uuidString.lowercased() },
                batchId: first.receipt.batchId.uuidString.lowercased(), merkleRoot: first.receipt.merkleRoot, sealPosition: first.receipt.sealPosition
            )
        }
        let now = Date()
        var records: [PredictionRecord] = []
        for (index, row) in rows.enumerated() {
            func refuse(_ message: String) -> RegistryError {
                RegistryError(.unprocessable, DomainError.Code.invalidInput.rawValue, "predictions[\(index)]: \(message)")
            }
            guard let version = state.version(row.version) else { throw refuse("model '\(name)' has no version \(row.version)") }
            guard row.madeAt <= now else { throw refuse("made_at \(RFC3339.format(row.madeAt)) is in the future") }
            guard row.madeAt >= version.registeredAt else {
                throw refuse(
                    "version \(row.version) took effect at \(RFC3339.format(version.registeredAt)), after made_at \(RFC3339.format(row.madeAt))")
            }
            if let reference = row.caseReference, reference.isEmpty || reference.count > 200 {
                throw refuse("case_reference must be 1 to 200 characters")
            }
            records.append(
                PredictionRecord(
                    predictionId: ids[index], kind: .reported, modelId: modelId, model: name, version: row.version, madeAt: row.madeAt,
                    caller: caller.name,
                    requestId: requestId,
                    inputs: .object(row.inputs), output: row.output, caseReference: row.caseReference))
        }
        let receipts = try await log.record(records)
        return Receipt(
            model: name, count: records.count, predictionIds: records.map { $0.predictionId.uuidString.lowercased() },
            batchId: receipts[0].batchId.uuidString.lowercased(), merkleRoot: receipts[0].merkleRoot, sealPosition: receipts[0].sealPosition)
    }

    public struct Usage: Sendable, Codable, Equatable {
        public struct Count: Sendable, Codable, Equatable {
            public var version: Int
            public var caller: String
            public var kind: String
            public var count: Int
        }

        public var model: String
        public var from: Date
        public var to: Date
        /// Predictions (served, reconstructed, reported) and artifact downloads, by version and caller.
        public var items: [Count]
    }

    /// How often each version was used, and by whom, in `[from, to)` (recorded time): for the model's owner,
    /// auditors and admins.
    public func usage(model name: String, from: Date, to: Date, caller: Caller) async throws -> Usage {
        guard from < to else { throw RegistryError(.invalid, "invalid_parameter", "from must be before to") }
        let items = try await pool.withSession { session -> [Usage.Count] in
            let modelId = try RegistryQueries.authorize(.viewGrants, name, caller, session)
            return try session.query(
                """
                SELECT version, caller, kind, count(*)::bigint FROM predictions
                WHERE model_id = \(modelId) AND recorded_at >= \(from) AND recorded_at < \(to)
                GROUP BY version, caller, kind
                UNION ALL
                SELECT (data::jsonb ->> 'version')::integer, actor, 'download', count(*)::bigint FROM ledger_events
                WHERE stream = \(Streams.model(modelId)) AND type = 'ArtifactDownloaded' AND recorded_at >= \(from) AND recorded_at < \(to)
                GROUP BY 1, 2
                ORDER BY 1, 2, 3
                """
            ).map { row in
                Usage.Count(
                    version: try row.decode(Int.self, at: 0), caller: try row.decode(String.self, at: 1), kind: try row.decode(String.self, at: 2),
                    count: try row.decode(Int.self, at: 3))
            }
        }
        return Usage(model: name, from: from, to: to, items: items)
    }
}
