import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Signed tree heads over the ledger and the proofs that tie events and heads together (docs/VERIFYING.md §2–3).
public struct Checkpoints: Sendable {
    let pool: PostgresConnectionPool
    let tree: LedgerTree
    /// Nil for read-only use (verification): proofs and stored heads work, signing does not.
    let signer: CheckpointSigner?

    public init(pool: PostgresConnectionPool, signer: CheckpointSigner?) {
        self.pool = pool
        self.tree = LedgerTree(pool: pool)
        self.signer = signer
    }

    public var publicKey: String? { signer?.publicKey }

    /// Signs a head over the whole ledger as it stands, unless the latest head already covers it.
    @discardableResult
    public func sign() async throws -> Checkpoint {
        let size = try await ledgerSize()
        if let latest = try await latest(), latest.treeSize == size { return latest }
        guard size > 0 else { throw RegistryError(.conflict, "empty_ledger", "the ledger is empty: there is nothing to sign") }
        return try await sign(size: size)
    }

    /// Signs a head when the ledger has grown by `everyEvents` since the latest one, or has grown at all and the
    /// latest is older than `maxAge` (a missing head counts as old). Nil when nothing is due.
    public func signIfDue(everyEvents: Int64, maxAge: TimeInterval, now: Date = Date()) async throws -> Checkpoint? {
        let size = try await ledgerSize()
        let latest = try await latest()
        let behind = size - (latest?.treeSize ?? 0)
        let age =
            latest.flatMap { LedgerTime.parseMicroseconds($0.recordedAt) }.map { now.timeIntervalSince1970 - Double($0) / 1_000_000 } ?? .infinity
        guard behind > 0, behind >= everyEvents || age >= maxAge else { return nil }
        return try await sign(size: size)
    }

    /// The latest head whose tree reaches `position`, signing one over the whole ledger if none does.
    public func covering(position: Int64) async throws -> Checkpoint {
        if let latest = try await latest(), latest.treeSize >= position { return latest }
        return try await sign()
    }

    private func sign(size: Int64) async throws -> Checkpoint {
        let root = try await tree.root(size: Int(size))
        let now = Date()
        guard let signer else { throw RegistryError(.unavailable, "no_signing_key", "this process has no signing key") }
        let checkpoint = try signer.sign(treeSize: size, root: root, recordedAt: LedgerTime.format(now))
        let stored = try await pool.withSession { session in
            try session.query(
                """
                SELECT \(literalSQL: Self.columns) FROM checkpoint_record(\(size), \(root), \(checkpoint.recordedAt), \(now),
                    \(checkpoint.keyId), \(checkpoint.publicKey), \(checkpoint.signature))
                """
            ).map(Self.decode)
        }
        guard let recorded = stored.first else { throw RegistryError(.unavailable, "checkpoint_lost", "the checkpoint was not recorded") }
        return recorded
    }

    public func latest() async throws -> Checkpoint? {
        try await pool.withSession { session in
            try session.query("SELECT \(literalSQL: Self.columns) FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1").map(Self.decode).first
        }
    }

    /// Heads in size order from `fromSize`, at most `limit`.
    public func list(fromSize: Int64, limit: Int) async throws -> [Checkpoint] {
        try await pool.withSession { session in
            try session.query(
                "SELECT \(literalSQL: Self.columns) FROM ledger_checkpoints WHERE tree_size >= \(fromSize) ORDER BY tree_size LIMIT \(limit)"
            ).map(Self.decode)
        }
    }

    /// The head of exactly `size` events, if one was signed.
    public func checkpoint(size: Int64) async throws -> Checkpoint? {
        try await pool.withSession { session in
            try session.query("SELECT \(literalSQL: Self.columns) FROM ledger_checkpoints WHERE tree_size = \(size)").map(Self.decode).first
        }
    }

    /// The last head signed over fewer than `size` events.
    public func previous(before size: Int64) async throws -> Checkpoint? {
        try await pool.withSession { session in
            try session.query(
                "SELECT \(literalSQL: Self.columns) FROM ledger_checkpoints WHERE tree_size < \(size) ORDER BY tree_size DESC LIMIT 1"
            ).map(Self.decode).first
        }
    }

    /// Every stored head in size order (for verification; there is one per N events, so few).
    public func all() async throws -> [Checkpoint] {
        try await list(fromSize: 0, limit: Int(Int32.max))
    }

    public struct InclusionProof: Sendable, Codable, Equatable {
        public var position: Int64
        public var leafIndex: Int64
        public var treeSize: Int64
        public var eventHash: String
        public var rootHash: String
        public var auditPath: [String]
        /// The signed head of that size, when one was signed.
        public var checkpoint: Checkpoint?

        enum CodingKeys: String, CodingKey {
            case position, leafIndex = "leaf_index", treeSize = "tree_size", eventHash = "event_hash", rootHash = "root_hash",
                auditPath = "audit_path", checkpoint
        }
    }

    /// Proves ledger position `position` is in the tree of `treeSize` events (default: the latest signed head).
    public func inclusion(position: Int64, treeSize requested: Int64?, caller: Caller) async throws -> InclusionProof {
        try Self.requireAuditor(caller)
        let ledger = try await ledgerSize()
        guard position >= 1, position <= min(requested ?? ledger, ledger) else {
            throw RegistryError(
                .unprocessable, "invalid_position", "position must be between 1 and the tree size \(min(requested ?? ledger, ledger))")
        }
        let size = try await proofSize(requested, atLeast: position, ledger: ledger)
        let eventHash = try await pool.withSession { session in
            try session.queryBinary("SELECT hash FROM ledger_events WHERE position = \(position)").first?.bytes(0)
        }
        guard let eventHash else { throw RegistryError(.notFound, "event_not_found", "no event at position \(position)") }
        let path = try await tree.inclusionProof(position: position, size: Int(size))
        let root = try await tree.root(size: Int(size))
        return InclusionProof(
            position: position, leafIndex: position - 1, treeSize: size, eventHash: eventHash.hexString, rootHash: root.hexString,
            auditPath: path.map(\.hexString), checkpoint: try await checkpoint(size: size))
    }

    /// The raw audit path, for documents that carry their own proof (exports, enquiry bundles).
    public func auditPath(position: Int64, treeSize: Int64) async throws -> [[UInt8]] {
        try await tree.inclusionProof(position: position, size: Int(treeSize))
    }

    public struct ConsistencyProof: Sendable, Codable, Equatable {
        public var from: Int64
        public var to: Int64
        public var fromRoot: String
        public var toRoot: String
        public var proof: [String]
        public var fromCheckpoint: Checkpoint?
        public var toCheckpoint: Checkpoint?

        enum CodingKeys: String, CodingKey {
            case from, to, fromRoot = "from_root", toRoot = "to_root", proof, fromCheckpoint = "from_checkpoint", toCheckpoint = "to_checkpoint"
        }
    }

    /// Proves the tree of `to` events (default: the latest signed head) extends the tree of `from` events.
    public func consistency(from: Int64, to requested: Int64?, caller: Caller) async throws -> ConsistencyProof {
        try Self.requireAuditor(caller)
        let ledger = try await ledgerSize()
        guard from >= 1, from <= min(requested ?? ledger, ledger) else {
            throw RegistryError(.unprocessable, "invalid_tree_size", "from must be between 1 and to (\(min(requested ?? ledger, ledger)))")
        }
        let to = try await proofSize(requested, atLeast: from, ledger: ledger)
        guard from <= to else {
            throw RegistryError(.unprocessable, "invalid_tree_size", "from must be between 1 and to (\(to))")
        }
        return ConsistencyProof(
            from: from, to: to, fromRoot: try await tree.root(size: Int(from)).hexString, toRoot: try await tree.root(size: Int(to)).hexString,
            proof: try await tree.consistencyProof(from: Int(from), to: Int(to)).map(\.hexString),
            fromCheckpoint: try await checkpoint(size: from), toCheckpoint: try await checkpoint(size: to))
    }

    public func consistencyPath(from: Int64, to: Int64) async throws -> [[UInt8]] {
        try await tree.consistencyProof(from: Int(from), to: Int(to))
    }

    /// The tree size a proof is given in: the one asked for (within the ledger's `ledger` events), or the latest
    /// signed head covering `position`.
    private func proofSize(_ requested: Int64?, atLeast position: Int64, ledger: Int64) async throws -> Int64 {
        if let requested {
            guard requested >= 1, requested <= ledger else {
                throw RegistryError(.unprocessable, "invalid_tree_size", "tree_size must be between 1 and the ledger's size \(ledger)")
            }
            return requested
        }
        return try await covering(position: max(position, 1)).treeSize
    }

    public func ledgerSize() async throws -> Int64 {
        try await pool.withSession { session in
            try session.query("SELECT position FROM ledger_head WHERE singleton").first?.decode(Int64.self, at: 0) ?? 0
        }
    }

    static func requireAuditor(_ caller: Caller) throws {
        guard caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor) else {
            throw RegistryError(.forbidden, "forbidden", "proofs over the whole ledger need the auditor or admin role")
        }
    }

    static let columns = "tree_size, encode(root_hash, 'hex'), recorded_at, key_id, public_key, signature"

    static func decode(_ row: PostgresRow) throws -> Checkpoint {
        Checkpoint(
            treeSize: try row.decode(Int64.self, at: 0), rootHash: try row.decode(String.self, at: 1), recordedAt: try row.decode(String.self, at: 2),
            keyId: try row.decode(String.self, at: 3), publicKey: try row.decode(String.self, at: 4), signature: try row.decode(String.self, at: 5))
    }
}
