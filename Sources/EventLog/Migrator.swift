import Crypto
import Foundation
import Logging
import Postgres

/// Applies the numbered SQL files of `schema/` (`001_event_log.sql`, `002_….sql` …) that a database has not seen.
///
/// Each run takes a transaction-scoped advisory lock first, so two processes migrating at once apply each file
/// exactly once; every file is applied in that one transaction and recorded in `schema_migrations` with its
/// SHA-256, and a file changed after it was applied is refused rather than silently skipped.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String
    }

    /// Lock key for `pg_advisory_xact_lock`: any constant no other component uses.
    private static let lockKey: Int64 = 0x6D6F_6465_6C72_6567

    public let migrations: [Migration]
    private let logger: Logger

    /// Loads every `NNN_name.sql` in `directory`, ordered by number.
    public init(directory: String, logger: Logger) throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EventLogError(.migration, "cannot read the schema directory \(directory): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            guard let number = Int(file.prefix { $0.isNumber }), file.first?.isNumber == true else {
                throw EventLogError(.migration, "schema file \(file) does not start with its number (e.g. 001_name.sql)")
            }
            let sql = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let checksum = Array(SHA256.hash(data: Array(sql.utf8))).hexString
            migrations.append(Migration(version: number, name: file, sql: sql, checksum: checksum))
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw EventLogError(.migration, "schema files \(earlier.name) and \(later.name) share number \(earlier.version)")
        }
        self.migrations = migrations
        self.logger = logger
    }

    /// Finds the schema directory: the given path, `$MODELREG_SCHEMA_DIR`, `./schema`, or `schema/` next to the
    /// package the executable was built in (`.build/<config>/modelreg` → `../../schema`).
    public static func locateSchemaDirectory(_ explicit: String?) -> String? {
        var candidates: [String] = []
        if let explicit { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MODELREG_SCHEMA_DIR"] { candidates.append(fromEnvironment) }
        candidates.append(FileManager.default.currentDirectoryPath + "/schema")
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("schema").path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/001_event_log.sql", isDirectory: &isDirectory)
        }
    }

    /// Applies what is missing; returns the names of the files applied now.
    @discardableResult
    public func migrate(_ session: PostgresSession) throws -> [String] {
        try session.transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try session.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT clock_timestamp())
                """)
            var applied: [Int: String] = [:]
            for row in try session.query("SELECT version, checksum FROM schema_migrations") {
                applied[try row.decode(Int.self, at: 0)] = try row.decode(String.self, at: 1)
            }
            var appliedNow: [String] = []
            for migration in migrations {
                if let checksum = applied[migration.version] {
                    guard checksum == migration.checksum else {
                        throw EventLogError(.migration, "\(migration.name) was changed after it was applied; add a new migration instead")
                    }
                    continue
                }
                logger.info("applying migration", metadata: ["migration.name": "\(migration.name)"])
                try session.executeScript(migration.sql)
                try session.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))")
                appliedNow.append(migration.name)
            }
            return appliedNow
        }
    }
}
