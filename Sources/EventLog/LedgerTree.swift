import Foundation
import Postgres

/// The ledger's RFC 6962 Merkle tree (docs/VERIFYING.md §2), for roots, inclusion proofs and consistency proofs at
/// any size up to the head. Leaves are the events' chain hashes, read from `ledger_events`.
///
/// Only the roots of complete blocks of 64 leaves and the perfect subtrees above them are kept in memory (about
/// 1 MB per million events), grown as the ledger grows; the few leaves a proof needs below that are read per proof.
public actor LedgerTree {
    public static let blockSize = 64
    private let pool: PostgresConnectionPool
    /// levels[0]: the roots of complete 64-leaf blocks; levels[k]: roots of 64·2^k-leaf perfect subtrees.
    private var levels: [[[UInt8]]] = [[]]
    /// Leaf hashes of the blocks recent proofs read, by range: consecutive proofs (a decision log proves one seal
    /// per batch) mostly need the same block and the same tail of the tree. Ranges of an append-only ledger never
    /// change, so entries only go when the memo is full.
    private var recentBlocks: [Range<Int>: [[UInt8]]] = [:]

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// Events the cache covers (complete blocks only).
    private var cachedLeaves: Int { levels[0].count * Self.blockSize }

    /// The root of the tree of the first `size` events.
    public func root(size: Int) async throws -> [UInt8] {
        guard size > 0 else { return MerkleTree.emptyRoot }
        let leaves = try await prepare(size: size, blocksContaining: [size - 1])
        return try rootOf(0..<size, leaves)
    }

    /// The audit path of ledger position `position` in the tree of `size` events.
    public func inclusionProof(position: Int64, size: Int) async throws -> [[UInt8]] {
        let index = Int(position) - 1
        precondition(index >= 0 && index < size, "position outside the tree")
        let leaves = try await prepare(size: size, blocksContaining: [index, size - 1])
        return try MerkleTree.auditPath(index, in: 0..<size) { try rootOf($0, leaves) }
    }

    /// The proof that the tree of `newSize` events extends the tree of `oldSize`.
    public func consistencyProof(from oldSize: Int, to newSize: Int) async throws -> [[UInt8]] {
        let leaves = try await prepare(size: newSize, blocksContaining: [oldSize - 1, newSize - 1])
        return try MerkleTree.consistencyProof(from: oldSize, to: newSize) { try rootOf($0, leaves) }
    }

    /// Grows the cache to the complete blocks below `size` and reads the leaves of the blocks a proof needs below
    /// the cache (clamped to `size`).
    private func prepare(size: Int, blocksContaining indices: [Int]) async throws -> [Int: [[UInt8]]] {
        try await extendCache(to: size / Self.blockSize * Self.blockSize)
        var leaves: [Int: [[UInt8]]] = [:]
        for block in Set(indices.map { $0 / Self.blockSize }) {
            let start = block * Self.blockSize
            let range = start..<min(start + Self.blockSize, size)
            if let known = recentBlocks[range] {
                leaves[block] = known
                continue
            }
            let read = try await readLeafHashes(from: range.lowerBound, to: range.upperBound)
            if recentBlocks.count >= 16 { recentBlocks.removeAll(keepingCapacity: true) }
            recentBlocks[range] = read
            leaves[block] = read
        }
        return leaves
    }

    private func extendCache(to leafCount: Int) async throws {
        // Read whole blocks in pages, so the first call on a large ledger never holds more than a page of leaves.
        let page = 1_024 * Self.blockSize
        while cachedLeaves < leafCount {
            let start = cachedLeaves
            let end = min(leafCount, start + page)
            let leaves = try await readLeafHashes(from: start, to: end)
            // The actor ran other calls during the read: if one of them grew the cache meanwhile, these blocks are
            // already in it, and appending them again would shift every root after them.
            guard cachedLeaves == start else { continue }
            var offset = 0
            while offset < leaves.count {
                appendBlock(MerkleTree.root(Array(leaves[offset..<(offset + Self.blockSize)])))
                offset += Self.blockSize
            }
        }
    }

    private func appendBlock(_ root: [UInt8]) {
        levels[0].append(root)
        var level = 0
        // Each completed pair at one level completes a node at the next.
        while levels[level].count % 2 == 0 {
            let pair = levels[level].suffix(2)
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(MerkleTree.nodeHash(pair.first!, pair.last!))
            level += 1
        }
    }

    /// Leaf hashes of the events at 0-based indices `start ..< end` (positions start+1 … end).
    private func readLeafHashes(from start: Int, to end: Int) async throws -> [[UInt8]] {
        guard end > start else { return [] }
        let rows = try await pool.withSession { session in
            try session.queryBinary(
                "SELECT hash FROM ledger_events WHERE position > \(Int64(start)) AND position <= \(Int64(end)) ORDER BY position")
        }
        guard rows.count == end - start else {
            throw EventLogError(.corruptEvent, "the ledger has \(rows.count) events between positions \(start + 1) and \(end), not \(end - start)")
        }
        return try rows.map { row in
            guard let hash = row.bytes(0), hash.count == 32 else { throw EventLogError(.corruptEvent, "a ledger hash is not 32 bytes") }
            return MerkleTree.leafHash(hash)
        }
    }

    /// The root of leaves `range`: a cached perfect subtree, leaves read for this proof, or split as RFC 6962 does.
    private func rootOf(_ range: Range<Int>, _ leaves: [Int: [[UInt8]]]) throws -> [UInt8] {
        let count = range.count
        if count >= Self.blockSize, count & (count - 1) == 0, range.lowerBound % count == 0, range.upperBound <= cachedLeaves {
            let level = (count / Self.blockSize).trailingZeroBitCount
            return levels[level][range.lowerBound / count]
        }
        let block = range.lowerBound / Self.blockSize
        if (range.upperBound - 1) / Self.blockSize == block, let blockLeaves = leaves[block] {
            let start = block * Self.blockSize
            return MerkleTree.subtreeRoot(blockLeaves, (range.lowerBound - start)..<(range.upperBound - start))
        }
        guard count > 1 else { throw EventLogError(.corruptEvent, "leaf \(range.lowerBound) was not read for this proof") }
        let split = range.lowerBound + MerkleTree.largestPowerOfTwo(below: count)
        return MerkleTree.nodeHash(try rootOf(range.lowerBound..<split, leaves), try rootOf(split..<range.upperBound, leaves))
    }
}
