import Crypto
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// Content-addressed artifact storage in PostgreSQL: bytes in 1 MiB chunks, keyed by SHA-256, stored once.
///
/// An upload streams into one transaction (chunks written as they arrive, the digest computed on the way) and
/// commits only if the digest and size check out, so a failed or refused upload leaves nothing behind and memory
/// stays at one chunk whatever the artifact's size.
public struct ArtifactStore: Sendable {
    public static let chunkSize = 1 << 20

    let pool: PostgresConnectionPool
    let logger: Logger
    /// Uploads larger than this are refused (413).
    public let maxSize: Int64

    public init(pool: PostgresConnectionPool, maxSize: Int64, logger: Logger) {
        self.pool = pool
        self.maxSize = maxSize
        self.logger = logger
    }

    /// A stored artifact.
    public struct Info: Sendable, Codable, Equatable {
        public var sha256: String
        public var size: Int64
        public var createdAt: Date
        public var createdBy: String

        enum CodingKeys: String, CodingKey {
            case sha256, size, createdAt = "created_at", createdBy = "created_by"
        }
    }

    /// Stores the bytes pulled from `next` (nil = end). Returns the artifact and whether it was new.
    public func upload(
        expectedSHA256: String?, declaredSize: Int64?, actor: String, next: () async throws -> [UInt8]?
    ) async throws -> (info: Info, created: Bool) {
        if let expectedSHA256 { try validateDigest(expectedSHA256) }
        if let declaredSize, declaredSize > maxSize { throw tooLarge() }
        do {
            return try await pool.withConnection { connection in
                try await connection.withTransaction { transaction in
                    let result = try await stream(into: transaction, expectedSHA256: expectedSHA256, actor: actor, next: next)
                    // Already stored: undo our copy of the chunks, keep the original.
                    if !result.created { throw AlreadyStored(info: result.info) }
                    return result
                }
            }
        } catch let stored as AlreadyStored {
            return (stored.info, false)
        }
    }

    /// Thrown out of the upload transaction to roll back a duplicate's chunks.
    private struct AlreadyStored: Error {
        var info: Info
    }

    private func stream(
        into transaction: PostgresTransaction, expectedSHA256: String?, actor: String, next: () async throws -> [UInt8]?
    ) async throws -> (info: Info, created: Bool) {
        let blobId = UUID()
        var hasher = SHA256()
        var pending: [UInt8] = []
        pending.reserveCapacity(Self.chunkSize)
        var size: Int64 = 0
        var chunkIndex = 0
        func flush(_ bytes: [UInt8]) async throws {
            let index = chunkIndex
            try await transaction.run { session in
                try session.execute("INSERT INTO artifact_chunks (blob_id, chunk_index, data) VALUES (\(blobId), \(index), \(bytes))")
            }
            chunkIndex += 1
        }
        while let piece = try await next() {
            size += Int64(piece.count)
            if size > maxSize { throw tooLarge() }
            hasher.update(data: piece)
            pending.append(contentsOf: piece)
            while pending.count >= Self.chunkSize {
                try await flush(Array(pending.prefix(Self.chunkSize)))
                pending.removeFirst(Self.chunkSize)
            }
        }
        if !pending.isEmpty || chunkIndex == 0 { try await flush(pending) }
        let digest = Array(hasher.finalize()).hexString
        if let expectedSHA256, expectedSHA256 != digest {
            throw RegistryError(.unprocessable, "digest_mismatch", "the uploaded bytes have SHA-256 \(digest), not the expected \(expectedSHA256)")
        }
        let finalSize = size
        return try await transaction.run { session in
            let inserted = try session.query(
                """
                INSERT INTO artifacts (sha256, size, chunk_size, blob_id, created_by)
                VALUES (\(digest), \(finalSize), \(Self.chunkSize), \(blobId), \(actor))
                ON CONFLICT (sha256) DO NOTHING
                RETURNING created_at
                """)
            if let row = inserted.first {
                return (Info(sha256: digest, size: finalSize, createdAt: try row.decode(Date.self, at: 0), createdBy: actor), true)
            }
            let existing = try session.query("SELECT size, created_at, created_by FROM artifacts WHERE sha256 = \(digest)")
            guard let row = existing.first else { throw RegistryError(.unavailable, "internal_error", "artifact vanished") }
            return (
                Info(
                    sha256: digest, size: try row.decode(Int64.self, at: 0), createdAt: try row.decode(Date.self, at: 1),
                    createdBy: try row.decode(String.self, at: 2)),
                false
            )
        }
    }

    public func info(_ sha256: String) async throws -> Info? {
        try await pool.withSession { session in
            try session.query("SELECT size, created_at, created_by FROM artifacts WHERE sha256 = \(sha256)").first.map { row in
                Info(
                    sha256: sha256, size: try row.decode(Int64.self, at: 0), createdAt: try row.decode(Date.self, at: 1),
                    createdBy: try row.decode(String.self, at: 2))
            }
        }
    }

    /// Streams the artifact's bytes chunk by chunk into `write`, checking the digest on the way. If the stored bytes
    /// no longer hash to their address the last chunk is withheld and an integrity error thrown, so a client never
    /// receives a complete, silently corrupted artifact.
    public func download(_ sha256: String, write: (ArraySlice<UInt8>) async throws -> Void) async throws {
        let located = try await pool.withSession { session in
            try session.query("SELECT blob_id, size FROM artifacts WHERE sha256 = \(sha256)").first.map {
                (try $0.decode(UUID.self, at: 0), try $0.decode(Int64.self, at: 1))
            }
        }
        guard let (blobId, size) = located else {
            throw RegistryError(.notFound, "artifact_not_found", "no artifact with SHA-256 \(sha256)")
        }
        var hasher = SHA256()
        var index = 0
        var delivered: Int64 = 0
        var held: [UInt8]?
        while true {
            let chunkIndex = index
            let chunk = try await pool.withSession { session in
                try session.queryBinary("SELECT data FROM artifact_chunks WHERE blob_id = \(blobId) AND chunk_index = \(chunkIndex)").first?.bytes(0)
            }
            guard let chunk else { break }
            if let previous = held { try await write(previous[...]) }
            hasher.update(data: chunk)
            delivered += Int64(chunk.count)
            held = chunk
            index += 1
        }
        guard Array(hasher.finalize()).hexString == sha256, delivered == size else {
            logger.error("artifact failed its integrity check", metadata: ["artifact.sha256": "\(sha256)"])
            throw RegistryError(.unavailable, "artifact_corrupt", "artifact \(sha256) failed its integrity check")
        }
        if let held { try await write(held[...]) }
    }

    /// Stores a small artifact (one chunk) inside a caller's transaction — a version's manifest, written in the
    /// same transaction as the version's registration so that both land or neither does. Stored once by digest.
    static func storeSmall(_ bytes: [UInt8], actor: String, in session: PostgresSession) throws -> Info {
        precondition(bytes.count <= chunkSize, "storeSmall takes one chunk")
        let digest = Array(SHA256.hash(data: bytes)).hexString
        try session.execute(
            """
            WITH stored AS (
                INSERT INTO artifacts (sha256, size, chunk_size, blob_id, created_by)
                VALUES (\(digest), \(Int64(bytes.count)), \(chunkSize), \(UUID()), \(actor))
                ON CONFLICT (sha256) DO NOTHING RETURNING blob_id)
            INSERT INTO artifact_chunks (blob_id, chunk_index, data) SELECT blob_id, 0, \(bytes) FROM stored
            """)
        return Info(sha256: digest, size: Int64(bytes.count), createdAt: Date(), createdBy: actor)
    }

    /// A small artifact's bytes in memory (a `linear` model's JSON, read to check it at registration).
    public func bytes(_ sha256: String, limit: Int) async throws -> [UInt8] {
        guard let info = try await info(sha256) else { throw RegistryError(.notFound, "artifact_not_found", "no artifact with SHA-256 \(sha256)") }
        guard info.size <= Int64(limit) else {
            throw RegistryError(.unprocessable, "invalid_model", "the artifact is \(info.size) bytes; a model the registry reads is at most \(limit)")
        }
        var bytes: [UInt8] = []
        try await download(sha256) { bytes += $0 }
        return bytes
    }

    /// The same, inside a caller's transaction (a backfill reads its linear models while it plans).
    static func bytes(_ sha256: String, limit: Int, in session: PostgresSession) throws -> [UInt8]? {
        guard let size = try session.query("SELECT size FROM artifacts WHERE sha256 = \(sha256)").first?.decode(Int64.self, at: 0) else { return nil }
        guard size <= Int64(limit) else {
            throw RegistryError(.unprocessable, "invalid_model", "the artifact is \(size) bytes; a model the registry reads is at most \(limit)")
        }
        let chunks = try session.queryBinary(
            """
            SELECT c.data FROM artifacts a JOIN artifact_chunks c USING (blob_id) WHERE a.sha256 = \(sha256) ORDER BY c.chunk_index
            """)
        var bytes: [UInt8] = []
        for chunk in chunks { bytes += chunk.bytes(0) ?? [] }
        guard Array(SHA256.hash(data: bytes)).hexString == sha256 else {
            throw RegistryError(.unavailable, "artifact_corrupt", "artifact \(sha256) failed its integrity check")
        }
        return bytes
    }

    /// The digest rule is the domain's; a malformed digest in a header is a bad request (400), not a refused command.
    private func validateDigest(_ digest: String) throws {
        do {
            try Validation.validateSHA256(digest)
        } catch {
            throw RegistryError(.invalid, "invalid_digest", "the expected SHA-256 must be 64 lowercase hexadecimal characters")
        }
    }

    private func tooLarge() -> RegistryError {
        RegistryError(.tooLarge, "artifact_too_large", "artifacts are limited to \(maxSize) bytes")
    }
}
