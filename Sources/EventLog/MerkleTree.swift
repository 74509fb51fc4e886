import Crypto

/// RFC 6962 (Certificate Transparency) Merkle trees over SHA-256: the root a `PredictionBatchSealed` event carries,
/// and the audit path that proves one prediction is in a sealed batch. Leaves are hashed as SHA-256(0x00 ‖ data),
/// interior nodes as SHA-256(0x01 ‖ left ‖ right); a tree of n leaves splits at the largest power of two below n.
public enum MerkleTree {
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root of the leaf hashes (the hash of the empty string for no leaves, as RFC 6962 defines).
    public static func root(_ leaves: [[UInt8]]) -> [UInt8] {
        guard !leaves.isEmpty else { return Array(SHA256.hash(data: [UInt8]())) }
        return subtreeRoot(leaves[...])
    }

    private static func subtreeRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.count == 1 { return leaves.first! }
        let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
        return nodeHash(subtreeRoot(leaves[..<split]), subtreeRoot(leaves[split...]))
    }

    /// The audit path of leaf `index` (RFC 6962 §2.1.1), from the leaf's sibling up to the root's children.
    public static func auditPath(_ index: Int, _ leaves: [[UInt8]]) -> [[UInt8]] {
        precondition(leaves.indices.contains(index), "leaf index out of range")
        return path(index - 0, leaves[...])
    }

    private static func path(_ index: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let split = largestPowerOfTwo(below: leaves.count)
        let left = leaves[leaves.startIndex..<(leaves.startIndex + split)]
        let right = leaves[(leaves.startIndex + split)...]
        if index < split { return path(index, left) + [subtreeRoot(right)] }
        return path(index - split, right) + [subtreeRoot(left)]
    }

    /// Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2): what a reviewer does with an
    /// enquiry bundle, without the registry.
    public static func rootFromPath(leaf: [UInt8], index: Int, size: Int, path: [[UInt8]]) -> [UInt8]? {
        guard index >= 0, index < size else { return nil }
        var fn = index
        var sn = size - 1
        var result = leaf
        for sibling in path {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                result = nodeHash(sibling, result)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                result = nodeHash(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? result : nil
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
