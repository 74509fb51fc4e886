import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// Verification of both lanes in the database (`modelreg verify`, `GET /v1/verify`): the ledger's hash chain and
/// its signed checkpoints, and every prediction batch against the Merkle root its seal carries.
public struct Audit: Sendable {
    let pool: PostgresConnectionPool
    let checkpoints: Checkpoints?

    public init(pool: PostgresConnectionPool, checkpoints: Checkpoints?) {
        self.pool = pool
        self.checkpoints = checkpoints
    }

    public struct LedgerResult: Sendable, Codable, Equatable {
        public var ok: Bool
        public var checked: Int64
        public var firstPosition: Int64?
        public var lastPosition: Int64
        public var headHash: String
        public var checkpointsChecked: Int
        public var badPosition: Int64?
        public var problem: String?
        public var detail: String?

        enum CodingKeys: String, CodingKey {
            case ok, checked, firstPosition = "first_position", lastPosition = "last_position", headHash = "head_hash",
                checkpointsChecked = "checkpoints_checked", badPosition = "bad_position", problem, detail
        }
    }

    public struct PredictionsResult: Sendable, Codable, Equatable {
        public var ok: Bool { problem == nil }
        public var batches = 0
        public var predictions = 0
        public var batchId: String?
        public var sealPosition: Int64?
        public var leafIndex: Int?
        public var problem: String?
        public var detail: String?

        enum CodingKeys: String, CodingKey {
            case ok, batches, predictions, batchId = "batch_id", sealPosition = "seal_position", leafIndex = "leaf_index", problem, detail
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ok, forKey: .ok)
            try container.encode(batches, forKey: .batches)
            try container.encode(predictions, forKey: .predictions)
            try container.encode(batchId, forKey: .batchId)
            try container.encode(sealPosition, forKey: .sealPosition)
            try container.encode(leafIndex, forKey: .leafIndex)
            try container.encode(problem, forKey: .problem)
            try container.encode(detail, forKey: .detail)
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            batches = try container.decode(Int.self, forKey: .batches)
            predictions = try container.decode(Int.self, forKey: .predictions)
            batchId = try container.decodeIfPresent(String.self, forKey: .batchId)
            sealPosition = try container.decodeIfPresent(Int64.self, forKey: .sealPosition)
            leafIndex = try container.decodeIfPresent(Int.self, forKey: .leafIndex)
            problem = try container.decodeIfPresent(String.self, forKey: .problem)
            detail = try container.decodeIfPresent(String.self, forKey: .detail)
        }
    }

    public struct Result: Sendable, Codable, Equatable {
        public var ok: Bool
        public var ledger: LedgerResult
        public var predictions: PredictionsResult
    }

    /// For the HTTP route: auditors and admins only.
    public func run(caller: Caller) async throws -> Result {
        try Checkpoints.requireAuditor(caller)
        return try await run()
    }

    /// Walks both lanes. `published`: a head published outside the database, held to as well as the stored ones;
    /// `trustedKey`: the registry's public key (base64) every head must be signed with.
    public func run(published: Checkpoint? = nil, trustedKey: String? = nil, progress: (@Sendable (Int64) -> Void)? = nil) async throws -> Result {
        var heads = try await checkpoints?.all() ?? []
        if let published { heads.removeAll { $0.treeSize == published.treeSize }; heads.append(published) }
        let log = PostgresEventLog(pool: pool, logger: .init(label: "modelreg.audit"))
        let chain = try await log.verify(checkpoints: heads, trustedKey: trustedKey, progress: progress)
        let ledger = LedgerResult(
            ok: chain.ok, checked: chain.checked, firstPosition: chain.firstPosition, lastPosition: chain.lastPosition,
            headHash: chain.headHash.hexString, checkpointsChecked: chain.checkpointsChecked, badPosition: chain.badPosition,
            problem: chain.problem?.rawValue, detail: chain.detail)
        let predictions = try await verifyPredictions()
        return Result(ok: ledger.ok && predictions.ok, ledger: ledger, predictions: predictions)
    }

    /// Every seal in the ledger has its batch, and every batch's leaves give the root its seal carries.
    func verifyPredictions() async throws -> PredictionsResult {
        var result = PredictionsResult()
        var after: Int64 = 0
        let decoder = JSONDecoder()
        while true {
            let cursor = after
            let seals = try await pool.withSession { session in
                try session.query(
                    """
                    SELECT e.position, e.data::text, b.batch_id, b.size, encode(b.merkle_root, 'hex'), b.sealed_at
                    FROM ledger_events e LEFT JOIN prediction_batches b ON b.seal_position = e.position
                    WHERE e.type = 'PredictionBatchSealed' AND e.position > \(cursor) ORDER BY e.position LIMIT 500
                    """
                ).map { row in
                    (
                        position: try row.decode(Int64.self, at: 0), data: try row.decode(String.self, at: 1),
                        batchId: try row.decodeIfPresent(UUID.self, at: 2), size: try row.decodeIfPresent(Int.self, at: 3),
                        root: try row.decodeIfPresent(String.self, at: 4), sealedAt: try row.decodeIfPresent(Date.self, at: 5)
                    )
                }
            }
            guard let last = seals.last else { break }
            after = last.position
            for seal in seals {
                result.sealPosition = seal.position
                guard let sealed = try? decoder.decode(PredictionBatchSealed.self, from: Data(seal.data.utf8)) else {
                    return failed(result, "seal_mismatch", "the seal at position \(seal.position) is unreadable")
                }
                result.batchId = sealed.batchId.uuidString.lowercased()
                guard let batchId = seal.batchId, let size = seal.size, let root = seal.root, let sealedAt = seal.sealedAt else {
                    return failed(result, "missing_batch", "the batch sealed at position \(seal.position) is not in prediction_batches")
                }
                guard batchId == sealed.batchId, size == sealed.size, root == sealed.merkleRoot else {
                    return failed(result, "seal_mismatch", "prediction_batches disagrees with the seal about the batch, its size or its root")
                }
                // A batch's rows share the seal's recorded_at, so this reads the primary key's range only.
                let leaves = try await pool.withSession { session in
                    try session.query(
                        "SELECT leaf_index, leaf FROM predictions WHERE recorded_at = \(sealedAt) AND batch_id = \(batchId) ORDER BY leaf_index"
                    ).map { (index: try $0.decode(Int.self, at: 0), leaf: try $0.decode(String.self, at: 1)) }
                }
                for (expected, leaf) in leaves.enumerated() where leaf.index != expected {
                    result.leafIndex = expected
                    return failed(result, "missing_prediction", "leaf \(expected) of the batch is missing (found leaf \(leaf.index))")
                }
                if leaves.count != size {
                    result.leafIndex = leaves.count
                    return failed(result, "missing_prediction", "the batch holds \(leaves.count) predictions; its seal says \(size)")
                }
                if MerkleTree.root(leaves.map { MerkleTree.leafHash(Array($0.leaf.utf8)) }).hexString != root {
                    return failed(result, "root_mismatch", "the predictions do not give the sealed Merkle root (one was altered or two swapped)")
                }
                result.batches += 1
                result.predictions += size
            }
        }
        result.batchId = nil
        result.sealPosition = nil
        return result
    }

    private func failed(_ result: PredictionsResult, _ problem: String, _ detail: String) -> PredictionsResult {
        var result = result
        result.problem = problem
        result.detail = detail
        return result
    }
}
