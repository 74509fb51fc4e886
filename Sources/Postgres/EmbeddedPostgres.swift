import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster managed with initdb/pg_ctl, used by `modelreg serve` when
/// DATABASE_URL is unset, and by tests.
///
/// When run as root, initdb and the server run as `Options.unprivilegedUser` (PostgreSQL refuses
/// root), and the cluster's files are given to that user.
public final class EmbeddedPostgres: Sendable {
    /// The options this instance was created with.
    public let options: Options
    private let logger: Logger
    private let state = Mutex(RunState())

    private struct RunState {
        var connectionString: String?
        var startedServer = false
        var layout: EmbeddedPostgresLayout?
        var binDirectory: String?
        var user: ServerUser?
    }

    /// Creates a handle; nothing happens on disk until `start()`.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// The superuser connection string once started, else nil. Contains the password: log
    /// `PostgresConfiguration(connectionString:).redactedDescription` instead.
    public var connectionString: String? { state.withLock { $0.connectionString } }

    /// Whether `start()` launched the server (false when it found one already running).
    public var startedServer: Bool { state.withLock { $0.startedServer } }

    /// Creates the cluster the first time (initdb with a random superuser password written 0600
    /// next to the data directory), starts it on 127.0.0.1, and returns the superuser connection
    /// string (`host=127.0.0.1 port=… user=postgres password=… dbname=postgres`).
    ///
    /// If the cluster is already running it is reused, and `stop()` leaves it running — another
    /// process owns it. Call once per instance; later calls return the same string.
    public func start() async throws -> String {
        if let running = connectionString { return running }
        let layout = EmbeddedPostgresLayout(dataDirectory: options.dataDirectory)
        let user = try ServerUser.resolve(preferred: options.unprivilegedUser)
        let binDirectory = try EmbeddedPostgresLayout.resolveBinDirectory(options.binDirectory)
        try prepareDirectories(layout, user: user)

        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: layout.dataDirectory + "/PG_VERSION") {
            try await initializeCluster(layout, user: user, binDirectory: binDirectory)
        } else {
            try user.takeOwnership(of: layout.dataDirectory, recursive: true)
        }
        let password = try readPassword(layout)

        let status = try await pgCtl(["status", "-D", layout.dataDirectory], layout, user, binDirectory).run()
        let port: Int
        let startedServer: Bool
        if status == 0 {
            port = try runningPort(layout)
            startedServer = false
            logger.info("reusing running embedded PostgreSQL", metadata: ["dataDirectory": "\(layout.dataDirectory)", "port": "\(port)"])
        } else {
            port = try choosePort(layout)
            try await startServer(layout, port: port, user: user, binDirectory: binDirectory)
            startedServer = true
            logger.info("started embedded PostgreSQL", metadata: ["dataDirectory": "\(layout.dataDirectory)", "port": "\(port)"])
        }
        try? EmbeddedPostgresLayout.writePrivateFile(layout.portFile, contents: "\(port)\n", mode: 0o644)

        let connectionString = "host=127.0.0.1 port=\(port) user=postgres password=\(PostgresConfiguration.quote(password)) dbname=postgres"
        state.withLock { state in
            state.connectionString = connectionString
            state.startedServer = startedServer
            state.layout = layout
            state.binDirectory = binDirectory
            state.user = user
        }
        return connectionString
    }

    /// Stops the server with `pg_ctl -m fast` if this instance started it; otherwise only forgets it.
    public func stop() async throws {
        guard let (layout, user, binDirectory) = takeStopTarget(includingReused: false) else { return }
        let arguments = ["stop", "-D", layout.dataDirectory, "-m", "fast", "-w", "-t", "60"]
        let status = try await pgCtl(arguments, layout, user, binDirectory).run()
        guard status == 0 else {
            throw failure("pg_ctl stop failed (exit status \(status))", layout)
        }
        rmdir(layout.socketDirectory)  // empty once the server is down; don't litter /tmp
        logger.info("stopped embedded PostgreSQL", metadata: ["dataDirectory": "\(layout.dataDirectory)"])
    }

    /// Stops the server synchronously with `pg_ctl -m immediate`, blocking the calling thread —
    /// for `atexit` handlers, which can't await. With `includingReused`, also stops a server this
    /// instance found running instead of starting. Errors are ignored: the process is exiting.
    public func stopImmediately(includingReused: Bool = false) {
        guard let (layout, user, binDirectory) = takeStopTarget(includingReused: includingReused) else { return }
        let arguments = ["stop", "-D", layout.dataDirectory, "-m", "immediate", "-w", "-t", "30"]
        if (try? pgCtl(arguments, layout, user, binDirectory).runBlocking()) == 0 {
            rmdir(layout.socketDirectory)
        }
    }

    // MARK: - Steps

    private func takeStopTarget(includingReused: Bool) -> (EmbeddedPostgresLayout, ServerUser, String)? {
        state.withLock { state in
            defer {
                state.connectionString = nil
                state.startedServer = false
            }
            guard state.startedServer || (includingReused && state.connectionString != nil),
                let layout = state.layout, let user = state.user, let binDirectory = state.binDirectory
            else { return nil }
            return (layout, user, binDirectory)
        }
    }

    private func prepareDirectories(_ layout: EmbeddedPostgresLayout, user: ServerUser) throws {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: layout.parentDirectory) {
            // Explicitly enterable: under a strict umask the server's user could not reach it.
            do {
                try fileManager.createDirectory(
                    atPath: layout.parentDirectory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755]
                )
            } catch {
                throw PostgresError(code: .embeddedServer, message: "cannot create \(layout.parentDirectory): \(error.localizedDescription)")
            }
        }
        try user.ensureCanTraverse(to: layout.parentDirectory)

        if !fileManager.fileExists(atPath: layout.socketDirectory) {
            try fileManager.createDirectory(
                atPath: layout.socketDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        try user.takeOwnership(of: layout.socketDirectory, recursive: false)

        if !fileManager.fileExists(atPath: layout.logFile) {
            try EmbeddedPostgresLayout.writePrivateFile(layout.logFile, contents: "")
        }
        try user.takeOwnership(of: layout.logFile, recursive: false)
    }

    private func initializeCluster(_ layout: EmbeddedPostgresLayout, user: ServerUser, binDirectory: String) async throws {
        let fileManager = FileManager.default
        if let existing = try? fileManager.contentsOfDirectory(atPath: layout.dataDirectory), !existing.isEmpty {
            throw PostgresError(
                code: .embeddedServer,
                message: "\(layout.dataDirectory) exists but is not a PostgreSQL data directory; remove it or choose another"
            )
        }
        var generator = SystemRandomNumberGenerator()
        let password = (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try EmbeddedPostgresLayout.writePrivateFile(layout.passwordFile, contents: password + "\n")
        try user.takeOwnership(of: layout.passwordFile, recursive: false)
        if user.name != nil {
            // Created by us so it can be handed over; initdb accepts an existing empty directory.
            try fileManager.createDirectory(
                atPath: layout.dataDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            try user.takeOwnership(of: layout.dataDirectory, recursive: false)
        }

        logger.info("initializing embedded PostgreSQL cluster", metadata: ["dataDirectory": "\(layout.dataDirectory)"])
        var arguments = [
            "-D", layout.dataDirectory, "-U", "postgres", "-E", "UTF8", "--locale=C",
            "--auth=scram-sha-256", "--pwfile=\(layout.passwordFile)",
        ]
        if !options.durable { arguments.append("--no-sync") }
        let initdb = Subprocess(
            executable: binDirectory + "/initdb", arguments: arguments,
            workingDirectory: layout.parentDirectory, logFile: layout.logFile
        )
        let status = try await initdb.running(as: user.name).run()
        guard status == 0 else {
            throw failure("initdb failed (exit status \(status))", layout)
        }
    }

    private func startServer(_ layout: EmbeddedPostgresLayout, port: Int, user: ServerUser, binDirectory: String) async throws {
        // pg_ctl passes -o through a shell; none of these values contain spaces or quotes.
        // Migrations create every table, partition and index in one transaction; several databases migrating at once
        // (tests do) outgrow the default lock table of 64 locks per connection.
        var serverOptions = "-p \(port) -c listen_addresses=127.0.0.1 -k \(layout.socketDirectory) -c max_locks_per_transaction=256"
        serverOptions += " -c max_connections=\(options.maxConnections)"
        if !options.durable {
            serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        }
        let arguments = ["start", "-D", layout.dataDirectory, "-w", "-t", "60", "-l", layout.logFile, "-o", serverOptions]
        let status = try await pgCtl(arguments, layout, user, binDirectory).run()
        guard status == 0 else {
            rmdir(layout.socketDirectory)
            throw failure("pg_ctl start failed (exit status \(status))", layout)
        }
    }

    private func pgCtl(_ arguments: [String], _ layout: EmbeddedPostgresLayout, _ user: ServerUser, _ binDirectory: String) -> Subprocess {
        Subprocess(
            executable: binDirectory + "/pg_ctl", arguments: arguments,
            workingDirectory: layout.parentDirectory, logFile: layout.logFile
        ).running(as: user.name)
    }

    private func readPassword(_ layout: EmbeddedPostgresLayout) throws -> String {
        guard let text = try? String(contentsOfFile: layout.passwordFile, encoding: .utf8) else {
            throw PostgresError(
                code: .embeddedServer,
                message: "the superuser password file \(layout.passwordFile) is missing; it is written only when the cluster is created"
            )
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port of a running server, from line 4 of postmaster.pid.
    private func runningPort(_ layout: EmbeddedPostgresLayout) throws -> Int {
        let pidFile = layout.dataDirectory + "/postmaster.pid"
        let lines = ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 3, let port = Int(lines[3].trimmingCharacters(in: .whitespaces)) else {
            throw PostgresError(code: .embeddedServer, message: "cannot read the port of the running server from \(pidFile)")
        }
        return port
    }

    /// The configured port, else the one recorded last time if still free (stable URLs across
    /// restarts), else any free port.
    private func choosePort(_ layout: EmbeddedPostgresLayout) throws -> Int {
        if let port = options.port { return port }
        if let text = try? String(contentsOfFile: layout.portFile, encoding: .utf8),
            let recorded = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            LocalPort.isFree(recorded)
        {
            return recorded
        }
        return try LocalPort.pickFree()
    }

    private func failure(_ message: String, _ layout: EmbeddedPostgresLayout) -> PostgresError {
        PostgresError(
            code: .embeddedServer,
            message: "\(message); last lines of \(layout.logFile):\n\(layout.logTail())"
        )
    }
}
