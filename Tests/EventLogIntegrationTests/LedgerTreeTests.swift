import EventLog
import Foundation
import Postgres
import TestSupport
import Testing

/// The Merkle proofs against RFC 6962's published test vectors (transparency-dev/merkle, kept in
/// tools/testdata/rfc6962.json and shared with tools/verify_log.py), and the ledger's cached tree against the
/// plain in-memory tree at every size across several 64-leaf blocks.
@Suite("RFC 6962 proofs and the ledger's Merkle tree")
struct LedgerTreeTests {
    struct Vectors: Decodable {
        struct Inclusion: Decodable {
            var leafIndex: Int
            var treeSize: Int
            var path: [String]
            enum CodingKeys: String, CodingKey { case leafIndex = "leaf_index", treeSize = "tree_size", path }
        }
        struct Consistency: Decodable {
            var first: Int
            var second: Int
            var proof: [String]
        }
        var leaves: [String]
        var roots: [String: String]
        var inclusionProofs: [Inclusion]
        var consistencyProofs: [Consistency]
        enum CodingKeys: String, CodingKey { case leaves, roots, inclusionProofs = "inclusion_proofs", consistencyProofs = "consistency_proofs" }
    }

    static func vectors() throws -> Vectors {
        try JSONDecoder().decode(
            Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: TestPostgres.packageRoot + "/tools/testdata/rfc6962.json")))
    }

    @Test("roots, audit paths and consistency proofs equal RFC 6962's test vectors, and altered proofs fail")
    func rfc6962Vectors() throws {
        let vectors = try Self.vectors()
        let leaves = vectors.leaves.map { MerkleTree.leafHash([UInt8](hex: $0)!) }
        let rootOf = { (range: Range<Int>) in MerkleTree.subtreeRoot(leaves, range) }
        for (size, root) in vectors.roots {
            #expect(MerkleTree.root(Array(leaves.prefix(Int(size)!))).hexString == root)
        }
        for vector in vectors.inclusionProofs {
            let path = vector.path.map { [UInt8](hex: $0)! }
            let treeLeaves = Array(leaves.prefix(vector.treeSize))
            #expect(MerkleTree.auditPath(vector.leafIndex, treeLeaves) == path)
            let root = [UInt8](hex: vectors.roots[String(vector.treeSize)]!)!
            #expect(MerkleTree.rootFromPath(leaf: leaves[vector.leafIndex], index: vector.leafIndex, size: vector.treeSize, path: path) == root)
            if !path.isEmpty {
                #expect(
                    MerkleTree.rootFromPath(
                        leaf: leaves[vector.leafIndex], index: vector.leafIndex, size: vector.treeSize, path: path.dropLast() + [])
                        != root)
            }
        }
        for vector in vectors.consistencyProofs {
            let proof = vector.proof.map { [UInt8](hex: $0)! }
            #expect(MerkleTree.consistencyProof(from: vector.first, to: vector.second, rootOf: rootOf) == proof)
            let old = [UInt8](hex: vectors.roots[String(vector.first)]!)!
            let new = [UInt8](hex: vectors.roots[String(vector.second)]!)!
            #expect(MerkleTree.verifyConsistency(oldSize: vector.first, newSize: vector.second, oldRoot: old, newRoot: new, proof: proof))
            if !proof.isEmpty {
                var altered = proof
                altered[0][0] ^= 1
                #expect(!MerkleTree.verifyConsistency(oldSize: vector.first, newSize: vector.second, oldRoot: old, newRoot: new, proof: altered))
            }
        }
    }

    @Test("export times are RFC 3339 with six digits and give back the exact microseconds")
    func exportTimes() {
        #expect(LedgerTime.format(microseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(LedgerTime.format(microseconds: 1_743_379_200_000_001) == "2025-03-31T00:00:00.000001Z")
        #expect(LedgerTime.format(microseconds: -1) == "1969-12-31T23:59:59.999999Z")
        for micros: Int64 in [0, -1, 1, 951_782_400_123_456, 4_102_444_799_999_999, -2_208_988_800_000_000] {
            #expect(LedgerTime.parseMicroseconds(LedgerTime.format(microseconds: micros)) == micros)
        }
        for bad in ["2025-02-30T00:00:00.000000Z", "2025-03-31T00:00:00Z", "2025-03-31T24:00:00.000000Z", "2025-03-31 00:00:00.000000Z"] {
            #expect(LedgerTime.parseMicroseconds(bad) == nil, "\(bad)")
        }
    }

    @Test("every consistency proof between sizes 1…40 verifies, and fails against another root")
    func consistencyAllSizes() {
        let leaves = (0..<40).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
        var accumulator = MerkleAccumulator()
        for old in 1...40 {
            accumulator.append(leafHash: leaves[old - 1])
            #expect(accumulator.root == MerkleTree.root(Array(leaves.prefix(old))))
            for new in old...40 {
                let proof = MerkleTree.consistencyProof(from: old, to: new) { MerkleTree.subtreeRoot(leaves, $0) }
                let oldRoot = MerkleTree.root(Array(leaves.prefix(old)))
                let newRoot = MerkleTree.root(Array(leaves.prefix(new)))
                #expect(MerkleTree.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof), "\(old)→\(new)")
                if new > old {
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: old, newSize: new, oldRoot: [UInt8](repeating: 7, count: 32), newRoot: newRoot, proof: proof))
                }
            }
        }
    }

    @Test("the ledger's cached tree gives the in-memory tree's roots and proofs at every size up to 300 events")
    func ledgerTreeMatchesMemory() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        for batch in 0..<30 {
            _ = try await log.append(
                AppendRequest(stream: "s", expectedVersion: .any, actor: "a", events: (0..<10).map { AppendTests.event("e\(batch).\($0)") }))
        }
        let hashes = try await pool.withSession { session in
            try session.queryBinary("SELECT hash FROM ledger_events ORDER BY position").map { $0.bytes(0)! }
        }
        let leaves = hashes.map(MerkleTree.leafHash)
        // A fresh tree per pass, so sizes are met both growing (cache extended) and below the cache.
        let tree = LedgerTree(pool: pool)
        for size in [1, 2, 63, 64, 65, 127, 128, 129, 200, 255, 256, 257, 300, 5, 100] {
            let memory = Array(leaves.prefix(size))
            #expect(try await tree.root(size: size) == MerkleTree.root(memory), "root \(size)")
            for index in Set([0, size / 2, size - 1, min(size - 1, 64), min(size - 1, 130)]) {
                #expect(
                    try await tree.inclusionProof(position: Int64(index + 1), size: size) == MerkleTree.auditPath(index, memory),
                    "path \(index)/\(size)")
            }
            for old in Set([1, size / 3 + 1, max(1, size - 1), min(size, 64), size]) {
                #expect(
                    try await tree.consistencyProof(from: old, to: size)
                        == MerkleTree.consistencyProof(from: old, to: size) { MerkleTree.subtreeRoot(memory, $0) }, "consistency \(old)→\(size)")
            }
        }
        // Concurrent first calls on a cold cache (the scheduler, an export and a proof at once) agree.
        let cold = LedgerTree(pool: pool)
        let roots = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for size in [300, 300, 256, 300, 129, 300] { group.addTask { try await cold.root(size: size) } }
            var roots: [[UInt8]] = []
            for try await root in group { roots.append(root) }
            return roots
        }
        #expect(roots.count == 6)
        #expect(try await cold.root(size: 300) == MerkleTree.root(leaves))
        #expect(try await cold.root(size: 256) == MerkleTree.root(Array(leaves.prefix(256))))
        await pool.close()
    }
}
