import Crypto
import EventLog
import Foundation
import Testing

@Suite("RFC 6962 Merkle trees")
struct MerkleTreeTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("the RFC's empty tree and leaf hashes")
    func vectors() {
        #expect(Self.hex(MerkleTree.root([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(MerkleTree.leafHash([])) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let leaves = (0..<2).map { MerkleTree.leafHash([UInt8($0)]) }
        var node = SHA256()
        node.update(data: [1] + leaves[0] + leaves[1])
        #expect(MerkleTree.root(leaves) == Array(node.finalize()))
    }

    @Test("every leaf of trees of 1 to 33 leaves proves its inclusion; a wrong leaf, index or size does not")
    func auditPaths() {
        for size in 1...33 {
            let leaves = (0..<size).map { MerkleTree.leafHash(Array("prediction \($0)".utf8)) }
            let root = MerkleTree.root(leaves)
            for index in 0..<size {
                let path = MerkleTree.auditPath(index, leaves)
                #expect(MerkleTree.rootFromPath(leaf: leaves[index], index: index, size: size, path: path) == root, "size \(size) index \(index)")
                #expect(MerkleTree.rootFromPath(leaf: MerkleTree.leafHash([9, 9]), index: index, size: size, path: path) != root)
                if size > 1 {
                    #expect(MerkleTree.rootFromPath(leaf: leaves[index], index: (index + 1) % size, size: size, path: path) != root)
                }
            }
        }
    }
}
