import Foundation
import Logging
import Postgres
import RegistryDomain
import Synchronization

/// Serves predictions from `linear` versions: picks the version (the alias's, or the one asked for — as of an
/// earlier instant for "what would we have predicted"), evaluates every row, logs each prediction durably, and only
/// then answers. A bad row refuses the whole request and logs nothing.
public final class Predictor: Sendable {
    let pool: PostgresConnectionPool
    let artifacts: ArtifactStore
    let log: PredictionLog
    /// Parsed models by artifact digest: artifacts never change, so neither does what they parse to.
    private let models = Mutex<[String: LinearModel]>([:])
    public static let maxRows = 1_000

    public init(pool: PostgresConnectionPool, artifacts: ArtifactStore, log: PredictionLog) {
        self.pool = pool
        self.artifacts = artifacts
        self.log = log
    }

    public struct Request: Sendable {
        public var inputs: [[String: JSONValue]]
        public var alias: String?
        public var version: Int?
        /// Set: evaluate the version in force then, and log the call as a reconstruction.
        public var asOf: AsOf?

        public init(inputs: [[String: JSONValue]], alias: String? = nil, version: Int? = nil, asOf: AsOf? = nil) {
            self.inputs = inputs
            self.alias = alias
            self.version = version
            self.asOf = asOf
        }
    }

    public struct Answer: Sendable, Codable, Equatable {
        public struct Output: Sendable, Codable, Equatable {
            public var predictionId: String
            public var output: Double

            enum CodingKeys: String, CodingKey {
                case predictionId = "prediction_id", output
            }
        }

        public var model: String
        public var version: Int
        public var alias: String?
        public var reconstructed: Bool
        public var asOf: AsOf?
        public var predictions: [Output]
        /// The batch the predictions were sealed in (one request's predictions share it).
        public var batchId: String
        public var merkleRoot: String
        public var sealPosition: Int64

        enum CodingKeys: String, CodingKey {
            case model, version, alias, reconstructed, asOf = "as_of", predictions, batchId = "batch_id", merkleRoot = "merkle_root",
                sealPosition = "seal_position"
        }
    }

    /// With an `idempotencyKey`, a retry whose first attempt committed answers from what that attempt logged.
    public func predict(model name: String, _ request: Request, caller: Caller, requestId: String, idempotencyKey: String? = nil) async throws
        -> Answer
    {
        guard !request.inputs.isEmpty, request.inputs.count <= Self.maxRows else {
            throw RegistryError(.unprocessable, DomainError.Code.invalidInput.rawValue, "inputs must hold 1 to \(Self.maxRows) rows")
        }
        if request.alias != nil && request.version != nil {
            throw RegistryError(.unprocessable, DomainError.Code.invalidInput.rawValue, "give an alias or a version, not both")
        }
        let now = Date()
        let asOf = request.asOf ?? AsOf(at: now, knownAt: now)
        let (modelId, state) = try await pool.withSession { session in
            let modelId = try RegistryQueries.authorize(.predict, name, caller, session)
            return (modelId, try AsOfReads.states([modelId], asOf: asOf, source: .temporalTables, in: session)[modelId])
        }
        guard let state else {
            throw RegistryError(.notFound, DomainError.Code.modelNotFound.rawValue, "model '\(name)' did not exist at \(RFC3339.format(asOf.at))")
        }
        let alias = request.version == nil ? request.alias ?? "production" : nil
        let number: Int
        if let alias {
            guard let pointer = state.aliases[alias] else {
                throw RegistryError(
                    .notFound, DomainError.Code.aliasNotFound.rawValue,
                    "model '\(name)' had no alias '\(alias)'\(request.asOf == nil ? "" : " at \(RFC3339.format(asOf.at))")")
            }
            number = pointer.version
        } else {
            number = request.version ?? 0
        }
        guard let version = state.version(number) else {
            throw RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "model '\(name)' has no version \(number)")
        }
        guard ModelFormats.isChecked(version.format) else {
            throw RegistryError(
                .unprocessable, "not_servable",
                "version \(number) of '\(name)' is '\(version.format)'; the registry evaluates linear versions (record predictions made elsewhere instead)"
            )
        }
        let model = try await linearModel(version.artifactSHA256)
        var outputs: [Double] = []
        for (index, row) in request.inputs.enumerated() {
            do {
                outputs.append(try model.predict(row))
            } catch {
                throw RegistryError(.unprocessable, error.code.rawValue, "inputs[\(index)]: \(error.message)")
            }
        }
        let ids = PredictionLog.predictionIds(count: outputs.count, caller: caller.name, idempotencyKey: idempotencyKey)
        if idempotencyKey != nil, let logged = try await log.logged(ids) { return try Self.earlierAnswer(logged, name, request) }
        let madeAt = Date()
        let records = zip(zip(request.inputs, outputs), ids).map { prediction, id in
            let (row, output) = prediction
            return PredictionRecord(
                predictionId: id, kind: request.asOf == nil ? .served : .reconstructed, modelId: modelId, model: name, version: number,
                alias: alias, asOf: request.asOf, madeAt: madeAt, caller: caller.name, requestId: requestId, inputs: .object(row),
                output: .number(output))
        }
        let receipts = try await log.record(records)
        return Answer(
            model: name, version: number, alias: alias, reconstructed: request.asOf != nil, asOf: request.asOf,
            predictions: zip(records, outputs).map { Answer.Output(predictionId: $0.predictionId.uuidString.lowercased(), output: $1) },
            batchId: receipts[0].batchId.uuidString.lowercased(), merkleRoot: receipts[0].merkleRoot, sealPosition: receipts[0].sealPosition)
    }

    /// The answer a first attempt under the same key gave, rebuilt from its logged leaves (never empty).
    private static func earlierAnswer(_ logged: [PredictionLog.Logged], _ name: String, _ request: Request) throws -> Answer {
        let first = logged[0]
        guard case .number(let version)? = first.leaf["version"] else {
            throw RegistryError(.unprocessable, "idempotency_key_reused", "this Idempotency-Key was already used for a different request")
        }
        var alias: String? = nil
        if case .string(let text)? = first.leaf["alias"] { alias = text }
        return Answer(
            model: name, version: Int(version), alias: alias, reconstructed: request.asOf != nil, asOf: request.asOf,
            predictions: logged.map { prediction in
                var output = Double.nan
                if case .number(let value)? = prediction.leaf["output"] { output = value }
                return Answer.Output(predictionId: prediction.receipt.predictionId.uuidString.lowercased(), output: output)
            },
            batchId: first.receipt.batchId.uuidString.lowercased(), merkleRoot: first.receipt.merkleRoot, sealPosition: first.receipt.sealPosition)
    }

    /// One row through the linear model stored under `sha256` (an enquiry's re-execution).
    public func evaluate(_ sha256: String, _ row: [String: JSONValue]) async throws -> Double {
        let model = try await linearModel(sha256)
        do {
            return try model.predict(row)
        } catch {
            throw RegistryError.from(error)
        }
    }

    /// The inputs a linear version takes, by name (for a form that asks for them).
    public func inputs(ofLinear sha256: String) async throws -> [String: LinearModel.InputType] {
        try await linearModel(sha256).inputs
    }

    private func linearModel(_ sha256: String) async throws -> LinearModel {
        if let cached = models.withLock({ $0[sha256] }) { return cached }
        let bytes = try await artifacts.bytes(sha256, limit: ModelFormats.readLimit)
        let model: LinearModel
        do {
            model = try LinearModel.parse(Data(bytes))
        } catch {
            throw RegistryError.from(error)
        }
        models.withLock { $0[sha256] = model }
        return model
    }
}
