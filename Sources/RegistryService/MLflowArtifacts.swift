import Crypto
import EventLog
import Foundation
import Postgres
import RegistryDomain
import Synchronization

/// The file tree behind MLflow's artifact proxy (`mlflow-artifacts:/…`), over the content-addressed artifact store:
/// a path names an artifact. MLflow lets paths be overwritten and deleted, so a registered version never points at
/// paths: its artifact is a manifest of the files' digests taken at registration, and its download URI is a
/// read-only view of that manifest (`registry-pinned/<manifest sha256>/…`). What was approved is what is loaded.
public final class MLflowArtifacts: Sendable {
    let pool: PostgresConnectionPool
    let store: ArtifactStore
    /// Manifests are immutable, so a parsed one never goes stale.
    private let manifests = Mutex<[String: Manifest]>([:])

    public init(pool: PostgresConnectionPool, store: ArtifactStore) {
        self.pool = pool
        self.store = store
    }

    /// The prefix of the read-only views of registered versions' files.
    public static let pinnedPrefix = "registry-pinned"
    public static let manifestFormat = "mlflow-model"

    /// What a registered MLflow version's artifact holds: its source and, when the files went through this proxy,
    /// each file's digest. A source elsewhere (another tracking server, S3, `runs:/`) is recorded as given.
    public struct Manifest: Codable, Sendable, Equatable {
        public struct File: Codable, Sendable, Equatable {
            public var path: String
            public var sha256: String
            public var size: Int64
        }

        public var kind = "mlflow-model"
        public var source: String
        public var runId: String?
        /// Nil when the source is not in this registry's proxy (nothing to pin).
        public var files: [File]?

        enum CodingKeys: String, CodingKey {
            case kind, source, runId = "run_id", files
        }
    }

    /// One entry of a directory listing.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var isDirectory: Bool
        public var size: Int64?
    }

    // MARK: paths

    /// Checks and normalises a proxy path: relative, no empty, `.` or `..` components, no control characters.
    public static func normalise(_ path: String, allowRoot: Bool = false) throws -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        if trimmed.isEmpty && allowRoot { return "" }
        // Split by Unicode scalars, as PostgreSQL sees the text: a combining mark must not hide a '/' or a '..'.
        let parts = trimmed.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/"),
            parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }), trimmed.utf8.count <= 1024
        else {
            throw RegistryError(
                .invalid, "INVALID_PARAMETER_VALUE", "Invalid path '\(Validation.printable(path))': relative, without '..' or empty parts")
        }
        return trimmed
    }

    /// `path` relative to `prefix` when it starts with it, compared by Unicode scalars as PostgreSQL compares text.
    public static func relative(_ path: String, under prefix: String) -> String? {
        guard path.unicodeScalars.starts(with: prefix.unicodeScalars) else { return nil }
        return String(String.UnicodeScalarView(path.unicodeScalars.dropFirst(prefix.unicodeScalars.count)))
    }

    /// The proxy path a version source names, if the source is this proxy's (`mlflow-artifacts:/p`,
    /// `mlflow-artifacts://host/p`, or an http(s) URL through `/api/2.0/mlflow-artifacts/artifacts/p`).
    public static func proxyPath(of source: String) -> String? {
        var rest: Substring
        if source.hasPrefix("mlflow-artifacts://") {
            rest = source.dropFirst("mlflow-artifacts://".count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        } else if source.hasPrefix("mlflow-artifacts:") {
            rest = source.dropFirst("mlflow-artifacts:".count)
        } else if source.hasPrefix("http://") || source.hasPrefix("https://"), let marker = source.range(of: "/api/2.0/mlflow-artifacts/artifacts/") {
            rest = source[marker.upperBound...]
        } else {
            return nil
        }
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        return try? normalise(String(rest))
    }

    // MARK: the proxy's operations

    /// Stores a file's bytes and points `path` at them, replacing what it named before if the caller put it there.
    public func put(path: String, caller: Caller, next: () async throws -> [UInt8]?) async throws -> ArtifactStore.Info {
        let path = try Self.normalise(path)
        try Self.refuseWritesToPinned(path)
        try await refuseOthersFiles(at: path, caller: caller)  // before reading the body: refused at once
        let (info, _) = try await store.upload(expectedSHA256: nil, declaredSize: nil, actor: caller.name, next: next)
        let admin = caller.registryRoles.contains(.admin)
        let stored = try await pool.withSession { session in
            // The owner test is repeated in the upsert itself: another principal may have claimed the path meanwhile.
            try session.query(
                """
                INSERT INTO mlflow_artifact_files AS f (path, sha256, size, uploaded_by)
                VALUES (\(path), \(info.sha256), \(info.size), \(caller.name))
                ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, uploaded_at = clock_timestamp(),
                                                 uploaded_by = excluded.uploaded_by
                WHERE f.uploaded_by = excluded.uploaded_by OR \(admin)
                RETURNING 1
                """
            ).count
        }
        guard stored == 1 else { throw Self.notYours(path) }
        return info
    }

    /// Refuses when `path`, or a file under it, was uploaded by another principal (admins may).
    private func refuseOthersFiles(at path: String, caller: Caller) async throws {
        guard !caller.registryRoles.contains(.admin) else { return }
        let others = try await pool.withSession { session in
            try session.query(
                """
                SELECT 1 FROM mlflow_artifact_files
                WHERE (path = \(path) OR (path ~>=~ \(path + "/") AND path ~<~ \(path + "/\u{10FFFF}"))) AND uploaded_by <> \(caller.name)
                LIMIT 1
                """
            ).count
        }
        if others > 0 { throw Self.notYours(path) }
    }

    /// Who reads what: a principal sees the files it uploaded (admins and auditors see all), and a registered
    /// version's pinned files if it may download that version.
    private static func seesAll(_ caller: Caller) -> Bool {
        caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)
    }

    private static func notYours(_ path: String) -> RegistryError {
        RegistryError(.forbidden, "PERMISSION_DENIED", "'\(Validation.printable(path))' was uploaded by another principal")
    }

    /// The file at `path` if the caller may read it: its artifact digest and size, or nil.
    public func file(_ path: String, caller: Caller) async throws -> ArtifactStore.Info? {
        let path = try Self.normalise(path)
        if let (manifest, relative) = try await pinned(path, caller: caller) {
            guard let file = manifest.files?.first(where: { $0.path == relative }) else { return nil }
            return ArtifactStore.Info(sha256: file.sha256, size: file.size, createdAt: Date(timeIntervalSince1970: 0), createdBy: "")
        }
        let everyone = Self.seesAll(caller)
        return try await pool.withSession { session in
            try session.query(
                """
                SELECT sha256, size, uploaded_at, uploaded_by FROM mlflow_artifact_files
                WHERE path = \(path) AND (\(everyone) OR uploaded_by = \(caller.name))
                """
            ).first.map {
                ArtifactStore.Info(
                    sha256: try $0.decode(String.self, at: 0), size: try $0.decode(Int64.self, at: 1), createdAt: try $0.decode(Date.self, at: 2),
                    createdBy: try $0.decode(String.self, at: 3))
            }
        }
    }

    /// The direct children of a directory (empty when it does not exist or is a file), as MLflow lists them.
    public func list(_ directory: String, caller: Caller) async throws -> [Entry] {
        let directory = try Self.normalise(directory, allowRoot: true)
        let files: [(String, Int64)]
        if let (manifest, relative) = try await pinned(directory, caller: caller) {
            let prefix = relative.isEmpty ? "" : relative + "/"
            files = (manifest.files ?? []).compactMap { file in Self.relative(file.path, under: prefix).map { ($0, file.size) } }
        } else if directory == Self.pinnedPrefix {
            files = []  // pinned views are reached through their versions' download URIs, never listed
        } else {
            files = try await filesUnder(directory.isEmpty ? "" : directory + "/", caller: caller).map { ($0.path, $0.size) }
        }
        var entries: [String: Entry] = [:]
        for (relative, size) in files {
            if let slash = relative.firstIndex(of: "/") {
                let name = String(relative[..<slash])
                entries[name] = Entry(path: name, isDirectory: true, size: nil)
            } else {
                entries[relative] = Entry(path: relative, isDirectory: false, size: size)
            }
        }
        // Names relative to the listed directory, as MLflow's server answers (the client joins them to the path).
        return entries.values.sorted { $0.path < $1.path }
    }

    /// The files under a prefix that the caller may read, with paths relative to the prefix.
    private func filesUnder(_ prefix: String, caller: Caller) async throws -> [Manifest.File] {
        let everyone = Self.seesAll(caller)
        return try await pool.withSession { session in
            // A range on the text_pattern_ops index: every path starting with the prefix.
            try session.query(
                """
                SELECT substr(path, length(\(prefix)::text) + 1), sha256, size FROM mlflow_artifact_files
                WHERE path ~>=~ \(prefix) AND path ~<~ \(prefix + "\u{10FFFF}") AND (\(everyone) OR uploaded_by = \(caller.name))
                ORDER BY path
                """
            ).map {
                Manifest.File(
                    path: try $0.decode(String.self, at: 0), sha256: try $0.decode(String.self, at: 1), size: try $0.decode(Int64.self, at: 2))
            }
        }
    }

    /// Deletes the file at `path`, or every file under it (the bytes stay: artifacts are immutable). Only the
    /// caller's own files go (an admin's: all); files of others under the path are refused, not skipped.
    public func delete(_ path: String, caller: Caller) async throws {
        let path = try Self.normalise(path)
        try Self.refuseWritesToPinned(path)
        try await refuseOthersFiles(at: path, caller: caller)
        let admin = caller.registryRoles.contains(.admin)
        try await pool.withSession { session in
            // Only the caller's own rows, whatever was added meanwhile.
            try session.execute(
                """
                DELETE FROM mlflow_artifact_files
                WHERE (path = \(path) OR (path ~>=~ \(path + "/") AND path ~<~ \(path + "/\u{10FFFF}"))) AND (\(admin) OR uploaded_by = \(caller.name))
                """)
        }
    }

    private static func refuseWritesToPinned(_ path: String) throws {
        if path == pinnedPrefix || path.hasPrefix(pinnedPrefix + "/") {
            throw RegistryError(.forbidden, "PERMISSION_DENIED", "\(pinnedPrefix)/ holds registered versions' files, which never change")
        }
    }

    // MARK: manifests

    /// A version's manifest, built but not yet stored: `store` writes it in the registration's own transaction.
    public struct PreparedManifest: Sendable {
        public var sha256: String
        public var size: Int64
        public var store: @Sendable (PostgresSession) throws -> Void
    }

    /// Builds the manifest of a version's source: the files under its proxy path, if any.
    public func prepareManifest(source: String, runId: String?, caller: Caller) async throws -> PreparedManifest {
        let actor = caller.name
        var manifest = Manifest(source: source, runId: runId, files: nil)
        if let path = Self.proxyPath(of: source) {
            if let (pinned, relative) = try await pinned(path, caller: caller) {
                // A version registered from another version's pinned files pins the same bytes.
                let prefix = relative.isEmpty ? "" : relative + "/"
                manifest.files = (pinned.files ?? []).compactMap { file in
                    Self.relative(file.path, under: prefix).map { Manifest.File(path: $0, sha256: file.sha256, size: file.size) }
                }
            } else {
                // A version pins all of its directory or nothing: files of another principal there are refused.
                try await refuseOthersFiles(at: path, caller: caller)
                let files = try await filesUnder(path + "/", caller: caller)
                manifest.files = files.isEmpty ? nil : files
            }
        }
        let bytes = Array(try RegistryEvent.makeEncoder().encode(manifest))
        if bytes.count > ArtifactStore.chunkSize {
            // A tree too large for one chunk is streamed in its own transaction first (stored once by digest).
            var sent = false
            let (info, _) = try await store.upload(expectedSHA256: nil, declaredSize: Int64(bytes.count), actor: actor) {
                defer { sent = true }
                return sent ? nil : bytes
            }
            manifests.withLock { $0[info.sha256] = manifest }
            return PreparedManifest(sha256: info.sha256, size: info.size, store: { _ in })
        }
        let digest = Array(SHA256.hash(data: bytes)).hexString
        manifests.withLock { $0[digest] = manifest }
        return PreparedManifest(sha256: digest, size: Int64(bytes.count)) { session in
            _ = try ArtifactStore.storeSmall(bytes, actor: actor, in: session)
        }
    }

    /// Where MLflow clients download a version: the pinned view of its manifest, or the source it came from. A
    /// version registered through `/v1` has neither: it has no MLflow model directory to load.
    public func downloadURI(model: String, version: Int, source: String?, artifactSHA256: String) async throws -> String {
        let manifest = try await manifest(artifactSHA256)
        if manifest?.files != nil { return "mlflow-artifacts:/\(Self.pinnedPrefix)/\(artifactSHA256)" }
        if let source = manifest?.source ?? source, !source.isEmpty { return source }
        throw RegistryError(
            .invalid, "INVALID_PARAMETER_VALUE",
            "version \(version) of '\(model)' was registered through /v1 and has no MLflow model directory; its artifact is at /v1/models/\(model)/versions/\(version)/artifact"
        )
    }

    /// The manifest stored under a digest, or nil when that artifact is not an MLflow manifest.
    func manifest(_ sha256: String) async throws -> Manifest? {
        if let cached = manifests.withLock({ $0[sha256] }) { return cached }
        guard let info = try await store.info(sha256), info.size <= 16 << 20 else { return nil }
        let bytes = try await store.bytes(sha256, limit: 16 << 20)
        guard let manifest = try? RegistryEvent.makeDecoder().decode(Manifest.self, from: Data(bytes)), manifest.kind == Self.manifestFormat else {
            return nil
        }
        manifests.withLock { $0[sha256] = manifest }
        return manifest
    }

    /// For a path under `registry-pinned/<sha256>`: the manifest and the path relative to it, if the caller may
    /// download a version registered with it; refused otherwise (not found when the caller may not see the model).
    private func pinned(_ path: String, caller: Caller) async throws -> (Manifest, String)? {
        let parts = path.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0] == Self.pinnedPrefix, (try? Validation.validateSHA256(parts[1])) != nil else { return nil }
        let digest = parts[1]
        try await pool.withSession { session in
            let versions = try session.query(
                """
                SELECT DISTINCT m.model_id, m.name FROM model_versions v JOIN models m USING (model_id)
                WHERE v.artifact_sha256 = \(digest) AND v.format = \(Self.manifestFormat)
                """
            ).map { (try $0.decode(UUID.self, at: 0), try $0.decode(String.self, at: 1)) }
            var refusal = RegistryError(.notFound, "RESOURCE_DOES_NOT_EXIST", "No such artifact: '\(Validation.printable(path))'")
            for (modelId, name) in versions {
                do {
                    try AccessControl.check(.download, caller: caller, modelId: modelId, model: name, in: session)
                    return
                } catch let error as RegistryError where error.kind == .forbidden {
                    refusal = error
                } catch let error as RegistryError where error.kind == .notFound {
                    continue
                }
            }
            throw refusal
        }
        guard let manifest = try await manifest(digest) else { return nil }
        return (manifest, parts.count == 3 ? parts[2] : "")
    }
}
