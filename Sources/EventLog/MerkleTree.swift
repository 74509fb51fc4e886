import Crypto

/// RFC 6962 (Certificate Transparency) Merkle trees over SHA-256: the root a `PredictionBatchSealed` event carries,
/// the tree the registry keeps over the ledger for its signed checkpoints, and the inclusion and consistency proofs
/// over both. Leaves are hashed as SHA-256(0x00 ‖ data), interior nodes as SHA-256(0x01 ‖ left ‖ right); a tree of
/// n leaves splits at the largest power of two below n.
///
/// The proofs are written once, over a function that gives the root of a range of leaves, so the same code serves
/// a batch held in memory (`[[UInt8]]`) and the ledger's tree, whose perfect subtrees are cached (`LedgerTree`).
public enum MerkleTree {
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The hash of the empty tree (SHA-256 of the empty string, as RFC 6962 defines).
    public static let emptyRoot = Array(SHA256.hash(data: [UInt8]()))

    /// The root of the leaf hashes.
    public static func root(_ leaves: [[UInt8]]) -> [UInt8] {
        guard !leaves.isEmpty else { return emptyRoot }
        return subtreeRoot(leaves, 0..<leaves.count)
    }

    /// The root of `leaves[range]` (a non-empty range).
    public static func subtreeRoot(_ leaves: [[UInt8]], _ range: Range<Int>) -> [UInt8] {
        if range.count == 1 { return leaves[range.lowerBound] }
        let split = range.lowerBound + largestPowerOfTwo(below: range.count)
        return nodeHash(subtreeRoot(leaves, range.lowerBound..<split), subtreeRoot(leaves, split..<range.upperBound))
    }

    /// The audit path of leaf `index` (RFC 6962 §2.1.1), from the leaf's sibling up to the root's children.
    public static func auditPath(_ index: Int, _ leaves: [[UInt8]]) -> [[UInt8]] {
        precondition(leaves.indices.contains(index), "leaf index out of range")
        return auditPath(index, in: 0..<leaves.count) { subtreeRoot(leaves, $0) }
    }

    /// The audit path of leaf `index` within `range`, asking `rootOf` for the roots of the sibling subtrees.
    public static func auditPath(_ index: Int, in range: Range<Int>, rootOf: (Range<Int>) throws -> [UInt8]) rethrows -> [[UInt8]] {
        guard range.count > 1 else { return [] }
        let split = range.lowerBound + largestPowerOfTwo(below: range.count)
        if index < split { return try auditPath(index, in: range.lowerBound..<split, rootOf: rootOf) + [rootOf(split..<range.upperBound)] }
        return try auditPath(index, in: split..<range.upperBound, rootOf: rootOf) + [rootOf(range.lowerBound..<split)]
    }

    /// The consistency proof between the trees of the first `oldSize` and `newSize` leaves (RFC 6962 §2.1.2).
    public static func consistencyProof(from oldSize: Int, to newSize: Int, rootOf: (Range<Int>) throws -> [UInt8]) rethrows -> [[UInt8]] {
        precondition(0 < oldSize && oldSize <= newSize, "consistency needs 0 < old size ≤ new size")
        return try subproof(oldSize, 0..<newSize, complete: true, rootOf: rootOf)
    }

    private static func subproof(_ m: Int, _ range: Range<Int>, complete: Bool, rootOf: (Range<Int>) throws -> [UInt8]) rethrows -> [[UInt8]] {
        let n = range.count
        if m == n { return complete ? [] : [try rootOf(range)] }
        let k = largestPowerOfTwo(below: n)
        let split = range.lowerBound + k
        if m <= k { return try subproof(m, range.lowerBound..<split, complete: complete, rootOf: rootOf) + [rootOf(split..<range.upperBound)] }
        return try subproof(m - k, split..<range.upperBound, complete: false, rootOf: rootOf) + [rootOf(range.lowerBound..<split)]
    }

    /// Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2): what a reviewer does with an
    /// enquiry bundle, without the registry. Nil when the path does not fit the index and size.
    public static func rootFromPath(leaf: [UInt8], index: Int, size: Int, path: [[UInt8]]) -> [UInt8]? {
        guard index >= 0, index < size else { return nil }
        var fn = index
        var sn = size - 1
        var result = leaf
        for sibling in path {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                result = nodeHash(sibling, result)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                result = nodeHash(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? result : nil
    }

    /// Checks a consistency proof between two roots (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        var path = proof[...]
        // When the old tree is a perfect left subtree of the new one, its root is the proof's implicit first node.
        if oldSize & (oldSize - 1) == 0 {
            path = ([oldRoot] + proof)[...]
        }
        guard var fr = path.first else { return false }
        var sr = fr
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    public static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// The right edge of a Merkle tree being grown one leaf at a time (a "compact range"): the roots of its perfect
/// subtrees, largest first. Gives the root of every prefix in O(log n) memory, so a verifier can compare a long
/// ledger with each signed checkpoint in one pass.
public struct MerkleAccumulator: Sendable {
    /// (height, root) of each perfect subtree, left to right, heights strictly decreasing.
    private var peaks: [(height: Int, hash: [UInt8])] = []
    public private(set) var size = 0

    public init() {}

    /// Appends a leaf (already leaf-hashed).
    public mutating func append(leafHash: [UInt8]) {
        var carry = (height: 0, hash: leafHash)
        while let last = peaks.last, last.height == carry.height {
            peaks.removeLast()
            carry = (last.height + 1, MerkleTree.nodeHash(last.hash, carry.hash))
        }
        peaks.append(carry)
        size += 1
    }

    /// The root of the tree of the leaves appended so far: the peaks folded from the right, as RFC 6962 splits.
    public var root: [UInt8] {
        guard var result = peaks.last?.hash else { return MerkleTree.emptyRoot }
        for peak in peaks.dropLast().reversed() { result = MerkleTree.nodeHash(peak.hash, result) }
        return result
    }
}
