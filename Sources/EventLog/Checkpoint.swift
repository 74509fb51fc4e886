import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A signed tree head over the ledger (docs/VERIFYING.md §3): the size and root of the ledger's RFC 6962 tree at an
/// instant, signed with the registry's Ed25519 key. Published outside the database, it pins the ledger's first
/// `treeSize` events: a later rewrite, however consistent its hash chain, no longer gives this root.
public struct Checkpoint: Sendable, Equatable, Codable {
    public var treeSize: Int64
    public var rootHash: String
    /// RFC 3339, UTC, six fractional digits: exactly the text that was signed.
    public var recordedAt: String
    public var keyId: String
    public var publicKey: String
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case treeSize = "tree_size", rootHash = "root_hash", recordedAt = "recorded_at", keyId = "key_id", publicKey = "public_key", signature
    }

    public init(treeSize: Int64, rootHash: String, recordedAt: String, keyId: String, publicKey: String, signature: String) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.recordedAt = recordedAt
        self.keyId = keyId
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The bytes the signature covers.
    public static func signedBytes(treeSize: Int64, rootHash: String, recordedAt: String) -> [UInt8] {
        Array("modelreg-checkpoint/v1\n\(treeSize)\n\(rootHash)\n\(recordedAt)\n".utf8)
    }

    /// Whether the signature verifies with the public key the checkpoint names, and the key id matches that key.
    /// Pass `trustedKey` (base64) to also require the key to be the one the verifier already trusts.
    public func verifySignature(trustedKey: String? = nil) -> Bool {
        if let trustedKey, trustedKey != publicKey { return false }
        guard let keyBytes = Data(base64Encoded: publicKey), let signatureBytes = Data(base64Encoded: signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes),
            keyId == CheckpointSigner.keyId(of: Array(keyBytes))
        else { return false }
        return key.isValidSignature(signatureBytes, for: Self.signedBytes(treeSize: treeSize, rootHash: rootHash, recordedAt: recordedAt))
    }

    /// The root as bytes (empty when the text is not hexadecimal).
    public var rootBytes: [UInt8] { [UInt8](hex: rootHash) ?? [] }
}

/// The registry's Ed25519 signing key, kept in a file readable by its owner only and never logged.
public struct CheckpointSigner: Sendable {
    /// The raw private key (Crypto's key type is not Sendable; it is rebuilt for each signature).
    private let rawKey: [UInt8]
    public let publicKey: String
    public let keyId: String

    public init(key: Curve25519.Signing.PrivateKey) {
        self.rawKey = Array(key.rawRepresentation)
        let raw = Array(key.publicKey.rawRepresentation)
        self.publicKey = Data(raw).base64EncodedString()
        self.keyId = Self.keyId(of: raw)
    }

    /// A fresh key held in memory only (tests, benchmarks).
    public static func ephemeral() -> CheckpointSigner {
        CheckpointSigner(key: Curve25519.Signing.PrivateKey())
    }

    /// Loads the key at `path`, generating it the first time (what `modelreg serve` does at start). The file is
    /// created with O_EXCL and mode 0600, so the secret is never readable by others and two processes starting
    /// at once end up with the same key.
    public static func loadOrCreate(at path: String) throws -> CheckpointSigner {
        if FileManager.default.fileExists(atPath: path) { return try load(at: path) }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let key = Curve25519.Signing.PrivateKey()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try load(at: path) }
            throw EventLogError(.corruptEvent, "cannot create the signing key at \(path) (errno \(errno))")
        }
        let bytes = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else { throw EventLogError(.corruptEvent, "cannot write the signing key to \(path)") }
        return CheckpointSigner(key: key)
    }

    /// Loads an existing key; commands other than `serve` never create one (a stray key would sign heads nobody
    /// trusts).
    public static func load(at path: String) throws -> CheckpointSigner {
        guard let text = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else {
            throw EventLogError(
                .corruptEvent, "no signing key at \(path): `modelreg serve` creates it at first start; pass --signing-key to name another")
        }
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw EventLogError(.corruptEvent, "the signing key at \(path) is not a base64 Ed25519 private key") }
        return CheckpointSigner(key: key)
    }

    public func sign(treeSize: Int64, root: [UInt8], recordedAt: String) throws -> Checkpoint {
        let rootHash = root.hexString
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawKey)
        let signature = try key.signature(for: Checkpoint.signedBytes(treeSize: treeSize, rootHash: rootHash, recordedAt: recordedAt))
        return Checkpoint(
            treeSize: treeSize, rootHash: rootHash, recordedAt: recordedAt, keyId: keyId, publicKey: publicKey,
            signature: Data(signature).base64EncodedString())
    }

    /// The first 16 hex digits of SHA-256 of the raw public key.
    public static func keyId(of rawPublicKey: [UInt8]) -> String {
        String(Array(SHA256.hash(data: rawPublicKey)).hexString.prefix(16))
    }
}

extension Array where Element == UInt8 {
    /// Parses lowercase or uppercase hexadecimal; nil for odd lengths or other characters.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }
}
