import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// One prediction to log: what was asked, of which version, by whom, and what the model answered.
public struct PredictionRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Served now, by the version the alias points at (or the version asked for).
        case served
        /// "What would we have predicted": served by the version in force at an earlier instant.
        case reconstructed
        /// Made elsewhere (any format) and reported to the registry.
        case reported
    }

    public var predictionId: UUID
    public var kind: Kind
    public var modelId: UUID
    public var model: String
    public var version: Int
    public var alias: String?
    public var asOf: AsOf?
    public var madeAt: Date
    public var caller: String
    public var requestId: String
    public var inputs: JSONValue
    public var output: JSONValue
    /// The caller's reference for the case (a loan application, a forecast round …), for reported predictions.
    public var caseReference: String?

    public init(
        predictionId: UUID = UUID(), kind: Kind, modelId: UUID, model: String, version: Int, alias: String? = nil, asOf: AsOf? = nil, madeAt: Date,
        caller: String, requestId: String, inputs: JSONValue, output: JSONValue, caseReference: String? = nil
    ) {
        self.predictionId = predictionId
        self.kind = kind
        self.modelId = modelId
        self.model = model
        self.version = version
        self.alias = alias
        self.asOf = asOf
        self.madeAt = madeAt
        self.caller = caller
        self.requestId = requestId
        self.inputs = inputs
        self.output = output
        self.caseReference = caseReference
    }

    /// The canonical JSON the Merkle leaf hashes: every field, sorted keys, RFC 3339 microsecond times.
    public var leaf: [UInt8] {
        var fields: [String: JSONValue] = [
            "prediction_id": .string(predictionId.uuidString.lowercased()), "kind": .string(kind.rawValue),
            "model_id": .string(modelId.uuidString.lowercased()), "model": .string(model), "version": .number(Double(version)),
            "made_at": .string(RFC3339.format(madeAt)), "caller": .string(caller), "request_id": .string(requestId), "inputs": inputs,
            "output": output,
        ]
        if let alias { fields["alias"] = .string(alias) }
        if let caseReference { fields["case_reference"] = .string(caseReference) }
        if let asOf { fields["as_of"] = .object(["at": .string(RFC3339.format(asOf.at)), "known_at": .string(RFC3339.format(asOf.knownAt))]) }
        return JSONValue.object(fields).canonicalBytes
    }
}

/// Where a logged prediction went: its batch, its leaf, and the ledger event that sealed the batch.
public struct PredictionReceipt: Sendable, Codable, Equatable {
    public var predictionId: UUID
    public var batchId: UUID
    public var leafIndex: Int
    public var recordedAt: Date
    public var merkleRoot: String
    public var sealPosition: Int64

    enum CodingKeys: String, CodingKey {
        case predictionId = "prediction_id", batchId = "batch_id", leafIndex = "leaf_index", recordedAt = "recorded_at",
            merkleRoot = "merkle_root", sealPosition = "seal_position"
    }
}

/// The prediction log (schema/004): concurrent requests' predictions share a batch and one commit (group commit),
/// and each batch is sealed by a `PredictionBatchSealed` ledger event in the same transaction. A caller is answered
/// only once its batch and seal are durable.
public final class PredictionLog: Sendable {
    /// The ledger stream the seals go to.
    public static let stream = "predictions"
    private let committer: GroupCommitter<[PredictionRecord], [PredictionReceipt]>

    public init(pool: PostgresConnectionPool, logger: Logger, maxBatch: Int = 256) {
        committer = GroupCommitter(maxBatch: maxBatch) { requests in await Self.write(requests, pool: pool, logger: logger) }
    }

    /// Logs `records` durably; the receipts come in the same order.
    public func record(_ records: [PredictionRecord]) async throws -> [PredictionReceipt] {
        guard !records.isEmpty else { return [] }
        return try await committer.submit(records)
    }

    private static func write(_ requests: [[PredictionRecord]], pool: PostgresConnectionPool, logger: Logger) async -> [Result<
        [PredictionReceipt], any Error
    >] {
        do {
            let receipts = try await pool.withSession { session in
                try session.transaction { session in try writeBatch(requests.flatMap { $0 }, in: session) }
            }
            var offset = 0
            return requests.map { request in
                defer { offset += request.count }
                return .success(Array(receipts[offset..<offset + request.count]))
            }
        } catch {
            logger.warning("prediction batch failed", metadata: ["batch.requests": "\(requests.count)", "error": "\(error)"])
            let failure = (error as? PostgresError).map(RegistryError.from) ?? error
            return requests.map { _ in .failure(failure) }
        }
    }

    private static func writeBatch(_ records: [PredictionRecord], in session: PostgresSession) throws -> [PredictionReceipt] {
        let leaves = records.map(\.leaf)
        let root = MerkleTree.root(leaves.map(MerkleTree.leafHash))
        let rootHex = root.hexString
        let batchId = UUID()
        // The month's partition exists before its first row (once a month this creates it).
        _ = try session.query("SELECT prediction_prepare_month(clock_timestamp())")
        let seal = RegistryEvent.predictionBatchSealed(PredictionBatchSealed(batchId: batchId, size: records.count, merkleRoot: rootHex))
        let sealed = try PostgresEventLog.append(
            AppendRequest(
                stream: stream, expectedVersion: .any, actor: "registry",
                events: [NewEvent(type: seal.typeName, data: seal.encodedPayload())]), in: session)
        guard let event = sealed.events.first else { throw RegistryError(.unavailable, "seal_failed", "the batch could not be sealed") }
        try session.execute(
            """
            INSERT INTO prediction_batches (batch_id, size, merkle_root, seal_position, sealed_at)
            VALUES (\(batchId), \(records.count), \(root), \(event.position), \(event.recordedAt))
            """)
        // COPY rather than a multi-row INSERT: a batch of reported predictions can hold 10,000 rows.
        let recordedAt = RFC3339.format(event.recordedAt)
        let batch = batchId.uuidString.lowercased()
        _ = try session.copyIn(
            table: """
                COPY predictions (prediction_id, recorded_at, batch_id, leaf_index, kind, model_id, version, alias, caller, request_id, leaf)
                FROM STDIN
                """,
            rows: zip(records, leaves).enumerated().lazy.map { index, pair -> [String?] in
                let (record, leaf) = pair
                return [
                    record.predictionId.uuidString.lowercased(), recordedAt, batch, String(index), record.kind.rawValue,
                    record.modelId.uuidString.lowercased(), String(record.version), record.alias, record.caller, record.requestId,
                    String(decoding: leaf, as: UTF8.self),
                ]
            })
        return records.enumerated().map { index, record in
            PredictionReceipt(
                predictionId: record.predictionId, batchId: batchId, leafIndex: index, recordedAt: event.recordedAt, merkleRoot: rootHex,
                sealPosition: event.position)
        }
    }
}
