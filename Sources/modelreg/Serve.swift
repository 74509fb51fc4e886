import ArgumentParser
import EventLog
import Foundation
import Hummingbird
import Logging
import RegistryServer
import RegistryService
import ServiceLifecycle
import UnixSignals

/// `modelreg serve`: starts (or connects to) PostgreSQL, migrates, and serves the API until SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the registry server.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var signing: SigningKeyOptions

    @Option(help: "Address to listen on") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one)") var port: Int = 8080
    @Option(name: .customLong("max-artifact-size"), help: "Largest artifact accepted, in bytes") var maxArtifactSize: Int64 = 2 << 30
    @Flag(help: "Seed an empty registry with the mtcars demo and print its tokens") var demo = false
    @Option(name: .customLong("checkpoint-every"), help: "Sign a checkpoint after this many new events") var checkpointEvery: Int64 = 1_000
    @Option(name: .customLong("checkpoint-interval"), help: "Sign a checkpoint after this many seconds if the ledger grew")
    var checkpointInterval: Int = 600
    @Option(name: .customLong("demo-dir"), help: "Where the demo's files are (mtcars/ and history/)") var demoDirectory: String = "demo"

    func run() async throws {
        let logger = logging.makeLogger()
        try await DatabaseRuntime.withPool(database, logger: logger) { runtime, pool in
            let signer = try CheckpointSigner.loadOrCreate(at: signing.resolved(database))
            logger.info("checkpoint key", metadata: ["key.id": "\(signer.keyId)", "key.path": "\(signing.resolved(database))"])
            let services = RegistryServices(pool: pool, maxArtifactSize: maxArtifactSize, signer: signer, logger: logger)
            let banner = demo ? try await seedDemo(services, runtime: runtime, logger: logger) : nil
            let configuration = ServerConfiguration(host: host, port: port, maxArtifactSize: maxArtifactSize)
            let host = self.host
            let app = buildApplication(services: services, pool: pool, configuration: configuration, logger: logger) { port in
                logger.notice("registry listening", metadata: ["server.url": "http://\(host):\(port)"])
                // Printed once the port is known (`--port 0` picks one), straight to the file handle: print() is
                // buffered when standard output is not a terminal.
                if let banner { FileHandle.standardOutput.write(Data(banner("http://\(host):\(port)").utf8)) }
            }
            let scheduler = CheckpointScheduler(
                checkpoints: services.checkpoints, everyEvents: max(1, checkpointEvery), interval: .seconds(max(1, checkpointInterval)),
                logger: logger)
            let group = ServiceGroup(services: [app, scheduler], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
        }
    }

    /// Seeds the demo on first start; returns what to print once the server listens (the admin token and where
    /// the others are). The admin token is kept in `.modelreg/admin-token` (mode 0600, next to the embedded data)
    /// so later `make run`s can print it again.
    private func seedDemo(_ services: RegistryServices, runtime: DatabaseRuntime, logger: Logger) async throws -> (@Sendable (String) -> String)? {
        let seeder = DemoSeeder(registry: services.registry, principals: services.principals, artifacts: services.artifacts, logger: logger)
        let tokenFile = URL(fileURLWithPath: database.dataDirectory).deletingLastPathComponent().appendingPathComponent("admin-token").path
        if let tokens = try await seeder.seedIfEmpty(demoDirectory: demoDirectory) {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: tokenFile).deletingLastPathComponent().path, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: tokenFile, contents: Data(tokens.admin.utf8), attributes: [.posixPermissions: 0o600])
            let alice = URL(fileURLWithPath: tokenFile).deletingLastPathComponent().appendingPathComponent("alice-token").path
            let bob = URL(fileURLWithPath: tokenFile).deletingLastPathComponent().appendingPathComponent("bob-token").path
            _ = FileManager.default.createFile(atPath: alice, contents: Data(tokens.dataScientist.utf8), attributes: [.posixPermissions: 0o600])
            _ = FileManager.default.createFile(atPath: bob, contents: Data(tokens.reviewer.utf8), attributes: [.posixPermissions: 0o600])
        }
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else { return nil }
        let directory = URL(fileURLWithPath: tokenFile).deletingLastPathComponent().path
        return { url in
            """

            ModelRegistry demo: \(url)
              admin token:  \(token)
              (alice, data scientist, and bob, model risk: tokens in \(directory)/)
              in a browser: open \(url)/ and sign in with a token
              try:  curl -H "Authorization: Bearer \(token)" \(url)/v1/models

            """
        }
    }
}
