import Foundation
import Logging
import Postgres
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts the test server once per process and stops it at exit.
///
/// Several test processes (parallel `swift test` runs in one tree) may share the embedded
/// cluster. Each holds a shared `flock` on `<data dir>.users` while it uses the server; only a
/// process that can take the lock exclusively — nobody else is using it — cleans out old test
/// databases, and at exit stops the server.
actor TestCluster {
    static let shared = TestCluster()

    private var start: Task<String, any Error>?

    func connectionString() async throws -> String {
        if let start { return try await start.value }
        let task = Task { try await Self.resolve() }
        start = task
        return try await task.value
    }

    private static func resolve() async throws -> String {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            try requireLocal(url)
            return url
        }
        return try await startEmbedded()
    }

    /// Tests create and drop databases freely; never let that loose on a remote server.
    static func requireLocal(_ url: String) throws {
        let parameters = try PostgresConfiguration(connectionString: url).connectionParameters()
        let environment = ProcessInfo.processInfo.environment
        let hosts = [parameters["host"] ?? environment["PGHOST"], parameters["hostaddr"] ?? environment["PGHOSTADDR"]]
            .compactMap { $0 }
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for host in hosts where !isLocal(host) {
            throw PostgresError(
                code: .connectionFailed,
                message:
                    "DATABASE_URL points at '\(host)'; integration tests only run against a local server (127.0.0.0/8, ::1, localhost or a unix socket)"
            )
        }
    }

    static func isLocal(_ host: String) -> Bool {
        let host = host.trimmingCharacters(in: .whitespaces)
        if host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") { return true }  // unix socket
        if ["localhost", "::1", "[::1]"].contains(host.lowercased()) { return true }
        // 127.0.0.0/8 written as an address, not a host name that merely starts with "127.".
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private static func startEmbedded() async throws -> String {
        // `scripts/test.sh` points this elsewhere when PostgreSQL's unprivileged user cannot enter the checkout.
        let modelregDirectory = ProcessInfo.processInfo.environment["MODELREG_TEST_DIR"] ?? TestPostgres.packageRoot + "/.modelreg"
        try FileManager.default.createDirectory(atPath: modelregDirectory, withIntermediateDirectories: true)
        let dataDirectory = modelregDirectory + "/test-pgdata"
        let lock = try UsersLock(path: dataDirectory + ".users")

        let alone = lock.tryExclusive()
        if !alone { try await lock.shared() }  // waits only while another process is starting it

        let server = EmbeddedPostgres(
            options: {
                var options = EmbeddedPostgres.Options(dataDirectory: dataDirectory, durable: false)
                options.maxConnections = 400
                return options
            }(),
            logger: TestPostgres.logger
        )
        do {
            let connectionString: String
            do {
                connectionString = try await server.start()
            } catch {
                // Two processes that both found the server stopped may race to start it; the
                // loser finds it running on a second look.
                try await Task.sleep(for: .seconds(1))
                connectionString = try await server.start()
            }
            ExitHook.register(server: server, lock: lock)
            if alone {
                do {
                    try await dropLeftoverDatabases(connectionString)
                } catch {
                    TestPostgres.logger.warning("could not drop leftover test databases: \(error)")
                }
                try await lock.shared()
            }
            return connectionString
        } catch {
            lock.unlock()  // never leave other test processes waiting on a failed start
            throw error
        }
    }

    /// Databases from earlier runs — each test's `test_*` and each process's migrated `template_*` — would otherwise
    /// pile up in the data directory forever (they once filled the disk: 5,400 databases, 47 GB).
    private static func dropLeftoverDatabases(_ connectionString: String) async throws {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(connectionString: connectionString, applicationName: "modelreg-tests"),
            logger: TestPostgres.logger
        )
        defer { connection.close() }
        try await connection.withSession { session in
            let names = try session.query("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%' OR datname LIKE 'template\\_%'")
                .map { try $0.decode(String.self, at: 0) }
            for name in names {
                try session.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
            }
        }
    }
}

/// The `flock` that counts test processes using the shared cluster.
final class UsersLock: Sendable {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PostgresError(code: .embeddedServer, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
    }

    func tryExclusive() -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Takes (or downgrades to) the shared lock, polling rather than blocking a thread. Gives up
    /// after two minutes: a process stuck while starting the cluster must not hang every other
    /// test run forever.
    func shared() async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw PostgresError(code: .embeddedServer, message: "cannot lock the test cluster: \(String(cString: strerror(errno)))")
            }
            guard ContinuousClock.now < deadline else {
                throw PostgresError(
                    code: .embeddedServer,
                    message: "another test process has been starting the shared test cluster for two minutes; see .modelreg/test-pgdata.log"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
    }
}

/// Stops the embedded server when the test process exits, if no other test process uses it.
enum ExitHook {
    private static let target = Mutex<(server: EmbeddedPostgres, lock: UsersLock)?>(nil)

    static func register(server: EmbeddedPostgres, lock: UsersLock) {
        let first = target.withLock { target -> Bool in
            defer { target = (server, lock) }
            return target == nil
        }
        guard first else { return }
        atexit {
            guard let (server, lock) = ExitHook.target.withLock({ $0 }) else { return }
            // Exclusive only if every other user is gone; then nobody needs the server any more.
            guard lock.tryExclusive() else { return }
            server.stopImmediately(includingReused: true)
        }
    }
}
