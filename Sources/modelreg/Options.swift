import ArgumentParser
import Foundation
import Logging

/// Where the database is: `--database-url`/`DATABASE_URL`, or else the embedded cluster in `--data-dir`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "libpq connection string or URI (default: $DATABASE_URL, else the embedded cluster)")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Data directory of the embedded PostgreSQL cluster")
    var dataDirectory: String = ".modelreg/pgdata"

    @Option(name: .customLong("pool-size"), help: "Database connections the server may open")
    var poolSize: Int = 16

    @Option(name: .customLong("pool-queue"), help: "Requests that may wait for a busy pool; beyond them the answer is 503 at once")
    var poolQueue: Int = 64

    @Option(name: .customLong("pool-timeout"), help: "Seconds a request waits for a database connection before 503")
    var poolTimeoutSeconds: Double = 10

    @Option(name: .customLong("statement-timeout"), help: "Seconds before a database statement is cancelled (503 to the client)")
    var statementTimeoutSeconds: Double = 30

    @Option(name: .customLong("schema-dir"), help: "Directory of the numbered SQL migrations (default: ./schema or next to the build)")
    var schemaDirectory: String?

    func validate() throws {
        guard poolSize >= 1 else { throw ValidationError("--pool-size must be at least 1") }
        guard poolQueue >= 0 else { throw ValidationError("--pool-queue cannot be negative") }
        guard poolTimeoutSeconds > 0, poolTimeoutSeconds <= 3600 else { throw ValidationError("--pool-timeout must be between 0 and 3600 seconds") }
        guard statementTimeoutSeconds > 0, statementTimeoutSeconds <= 86_400 else {
            throw ValidationError("--statement-timeout must be between 0 and 86400 seconds")
        }
    }

    /// The URL from the flag, then the environment; nil means "use the embedded cluster".
    var resolvedURL: String? {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let fromEnvironment = ProcessInfo.processInfo.environment["DATABASE_URL"], !fromEnvironment.isEmpty { return fromEnvironment }
        return nil
    }
}

/// How to reach a running registry: `--server`/`MODELREG_SERVER` and `--token`/`MODELREG_TOKEN`.
struct ClientOptions: ParsableArguments {
    @Option(help: "Registry URL (default: $MODELREG_SERVER or http://127.0.0.1:8080)")
    var server: String?

    @Option(help: "Bearer token (default: $MODELREG_TOKEN)")
    var token: String?

    @Flag(help: "Print the server's JSON instead of a table")
    var json = false

    func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let base = server ?? environment["MODELREG_SERVER"] ?? "http://127.0.0.1:8080"
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--server must be an http(s) URL")
        }
        guard let token = token ?? environment["MODELREG_TOKEN"], !token.isEmpty else {
            throw ValidationError("a token is needed: pass --token or set MODELREG_TOKEN")
        }
        return APIClient(base: url, token: token)
    }
}

/// Logging to standard error at the chosen level.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical")
    var level: String = "info"

    func makeLogger(label: String = "modelreg") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
