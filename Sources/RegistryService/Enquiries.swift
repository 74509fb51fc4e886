import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Documents for an enquiry that a reviewer can read without the registry: one prediction with everything that
/// stood behind it, or a model's whole state at an instant.
public struct Enquiries: Sendable {
    let pool: PostgresConnectionPool
    let predictor: Predictor
    let checkpoints: Checkpoints

    public init(pool: PostgresConnectionPool, predictor: Predictor, checkpoints: Checkpoints) {
        self.pool = pool
        self.predictor = predictor
        self.checkpoints = checkpoints
    }

    /// The prediction, its batch and seal with the Merkle inclusion proof, the version as known then, the alias's
    /// history, the approval and the caller's grant in force, and — for linear versions — a fresh re-execution.
    /// For the model's owner, auditors and admins; anyone else is told it does not exist.
    public func prediction(_ id: UUID, caller: Caller) async throws -> JSONValue {
        let found = try await pool.withSession { session -> (Stored, [String], EventView, UUID, String)? in
            guard
                let row = try session.query(
                    """
                    SELECT p.model_id, p.version, p.kind, p.alias, p.recorded_at, p.leaf_index, p.leaf, p.batch_id,
                           b.size, encode(b.merkle_root, 'hex'), b.seal_position, m.name
                    FROM predictions p JOIN prediction_batches b USING (batch_id) JOIN models m USING (model_id)
                    WHERE p.prediction_id = \(id)
                    """
                ).first
            else { return nil }
            let stored = Stored(
                version: try row.decode(Int.self, at: 1), kind: try row.decode(String.self, at: 2),
                alias: try row.decodeIfPresent(String.self, at: 3),
                recordedAt: try row.decode(Date.self, at: 4), leafIndex: try row.decode(Int.self, at: 5), leaf: try row.decode(String.self, at: 6),
                batchId: try row.decode(UUID.self, at: 7), batchSize: try row.decode(Int.self, at: 8), merkleRoot: try row.decode(String.self, at: 9),
                sealPosition: try row.decode(Int64.self, at: 10))
            let modelId = try row.decode(UUID.self, at: 0)
            let name = try row.decode(String.self, at: 11)
            do {
                try AccessControl.check(.viewGrants, caller: caller, modelId: modelId, model: name, in: session)
            } catch let error as RegistryError where error.kind == .notFound || error.kind == .forbidden {
                return nil
            }
            let leaves = try session.query(
                "SELECT leaf FROM predictions WHERE recorded_at = \(stored.recordedAt) AND batch_id = \(stored.batchId) ORDER BY leaf_index"
            ).map { try $0.decode(String.self, at: 0) }
            guard let seal = try PostgresEventLog.read(afterPosition: stored.sealPosition - 1, limit: 1, in: session).first else { return nil }
            return (stored, leaves, EventView(seal), modelId, name)
        }
        guard let (stored, leaves, seal, modelId, name) = found else {
            throw RegistryError(.notFound, "prediction_not_found", "no prediction \(id.uuidString.lowercased()) that you may enquire about")
        }
        guard case .object(let leaf)? = try? RegistryEvent.makeDecoder().decode(JSONValue.self, from: Data(stored.leaf.utf8)),
            case .string(let madeAtText)? = leaf["made_at"], let madeAt = RFC3339.parse(madeAtText)
        else { throw RegistryError(.unavailable, "prediction_corrupt", "the stored prediction cannot be read") }

        // The proof: from the leaf to the root the seal carries.
        let hashes = leaves.map { MerkleTree.leafHash(Array($0.utf8)) }
        let path = MerkleTree.auditPath(stored.leafIndex, hashes)
        let recomputed = MerkleTree.rootFromPath(leaf: hashes[stored.leafIndex], index: stored.leafIndex, size: hashes.count, path: path)

        // The model as the registry knew it when the prediction was recorded, at the instant it was made.
        let asOf = AsOf(at: madeAt, knownAt: stored.recordedAt)
        let (state, history) = try await pool.withSession { session in
            (
                try AsOfReads.states([modelId], asOf: asOf, source: .temporalTables, in: session)[modelId],
                try PostgresEventLog.readStream(Streams.model(modelId), afterVersion: 0, in: session)
            )
        }
        guard let state, let version = state.version(stored.version) else {
            throw RegistryError(.unavailable, "prediction_corrupt", "the version the prediction names is not in the model's history")
        }
        let alias = stored.alias ?? "production"
        let aliasHistory = HistoryAnnotation.annotate(history).filter { event in
            guard event.type == "AliasSet" || event.type == "AliasRemoved", case .object(let data) = event.data else { return false }
            return data["alias"] == .string(alias)
        }
        let approval = state.approvalInForce(version: stored.version, alias: alias)
        let grants = state.grants.filter { $0.key.principal == leafText(leaf["caller"]) && $0.value.isActive(at: madeAt) }

        var document: [String: JSONValue] = [
            "prediction": .object(leaf),
            "recorded_at": .string(RFC3339.format(stored.recordedAt)),
            "batch": .object([
                "batch_id": .string(stored.batchId.uuidString.lowercased()), "size": .number(Double(stored.batchSize)),
                "leaf_index": .number(Double(stored.leafIndex)), "merkle_root": .string(stored.merkleRoot),
                "leaf_hash": .string(hashes[stored.leafIndex].hexString), "audit_path": .array(path.map { .string($0.hexString) }),
                "proof_verifies": .bool(recomputed?.hexString == stored.merkleRoot),
                "proof": .string(
                    "RFC 6962: leaf_hash = SHA-256(0x00 ‖ prediction as canonical JSON); fold audit_path per RFC 9162 §2.1.3.2 to merkle_root"),
            ]),
            "seal": try Self.json(seal),
            "as_of": try Self.json(asOf),
            "model": try Self.json(ModelView(state, asOf: asOf)),
            "version": try Self.json(VersionView(version, of: state, asOf: asOf)),
            "alias_history": try Self.json(aliasHistory),
            "approval_in_force": try approval.map { try Self.json(ApprovalView($0)) } ?? .null,
            "caller_grants_in_force": try Self.json(grants.sorted { $0.key < $1.key }.map(GrantView.init)),
            "caller_is_owner": .bool(state.owner == leafText(leaf["caller"])),
        ]
        if ModelFormats.isChecked(version.format), case .object(let inputs)? = leaf["inputs"], let logged = leaf["output"] {
            // A reported prediction's inputs were never checked against the signature: a re-execution that cannot
            // run says why instead of failing the enquiry.
            do {
                let fresh = try await predictor.evaluate(version.artifactSHA256, inputs)
                let reproduced =
                    if case .number(let number) = logged { fresh == number || abs(fresh - number) <= 1e-12 * max(1, abs(number)) } else { false }
                document["re_execution"] = .object(["output_logged": logged, "output_now": .number(fresh), "reproduced": .bool(reproduced)])
            } catch let error as RegistryError {
                document["re_execution"] = .object(["output_logged": logged, "reproduced": .bool(false), "error": .string(error.message)])
            }
        }
        // The seal in a signed head: with the batch proof, it ties the prediction to a checkpoint published outside
        // the database.
        let head = try await checkpoints.covering(position: stored.sealPosition)
        let sealPath = try await checkpoints.auditPath(position: stored.sealPosition, treeSize: head.treeSize)
        document["ledger_proof"] = .object([
            "checkpoint": try Self.json(head), "position": .number(Double(stored.sealPosition)),
            "leaf_index": .number(Double(stored.sealPosition - 1)), "audit_path": .array(sealPath.map { .string($0.hexString) }),
            "proof": .string(
                "RFC 6962: leaf_hash = SHA-256(0x00 ‖ the seal event's hash); fold audit_path to checkpoint.root_hash (docs/VERIFYING.md §2)"),
        ])
        document["model_name"] = .string(name)
        return .object(document)
    }

    /// A model's complete state for a pair of instants, in one document: metadata, every version with its aliases
    /// and approvals, and the grants held then.
    public func model(named name: String, asOf: AsOf, caller: Caller) async throws -> JSONValue {
        // One read of the model as it stood: the document is assembled from it (the grants need the owner's rights).
        let state = try await RegistryQueries(pool: pool).state(of: name, caller: caller, asOf: asOf, operation: .viewGrants)
        return .object([
            "as_of": try Self.json(asOf),
            "model": try Self.json(ModelView(state, asOf: asOf)),
            "versions": try Self.json(state.liveVersions.map { VersionView($0, of: state, asOf: asOf) }),
            "grants": try Self.json(GrantView.held(in: state, at: asOf.at)),
        ])
    }

    /// A value as the JSON the API would write for it.
    private static func json(_ value: some Encodable) throws -> JSONValue {
        try RegistryEvent.makeDecoder().decode(JSONValue.self, from: try RegistryEvent.makeEncoder().encode(value))
    }

    private struct Stored {
        var version: Int
        var kind: String
        var alias: String?
        var recordedAt: Date
        var leafIndex: Int
        var leaf: String
        var batchId: UUID
        var batchSize: Int
        var merkleRoot: String
        var sealPosition: Int64
    }

    private func leafText(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { text } else { nil }
    }
}
