import ArgumentParser
import EventLog
import Foundation
import Hummingbird
import Logging
import Postgres
import RegistryDomain
import RegistryServer
import RegistryService
import ServiceLifecycle
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `modelreg bench predict`: served predictions over HTTP with 1, 8 and 32 concurrent clients (every prediction
/// durably logged and sealed before its answer), and reported-prediction ingestion next to a raw `COPY` of the same
/// rows into a scratch table, on a scratch database of the same server (fsync on).
struct PredictBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Prediction serving and ingestion vs raw COPY.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Predict requests (one row each) per concurrency level") var requests: Int = 2_000
    @Option(name: .customLong("report-batches"), help: "Reported batches of 10,000 predictions") var reportBatches: Int = 10
    @Flag(help: "Print the result as JSON") var json = false

    struct Serving: Encodable {
        var clients: Int
        var requests: Int
        var perSecond: Double
        var p50: Double
        var p99: Double

        enum CodingKeys: String, CodingKey {
            case clients, requests, perSecond = "predictions_per_second", p50 = "p50_ms", p99 = "p99_ms"
        }
    }

    func run() async throws {
        var logging = logging
        if logging.level == "info" { logging.level = "warning" }
        let logger = logging.makeLogger()
        let (serving, ingestion) = try await withScratchDatabase(database, logger: logger) { owner, pool in
            try await measureAll(owner: owner, pool: pool, logger: logger)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return printJSON(try encoder.encode(["serving": AnyEncodable(serving), "ingestion": AnyEncodable(ingestion)]))
        }
        print("\nserved predictions (one row per request, logged and sealed before each answer)\n")
        print("| concurrent clients | requests | predictions/s | p50 ms | p99 ms |")
        print("|---:|---:|---:|---:|---:|")
        for row in serving {
            print(
                "| \(row.clients) | \(row.requests) | \(String(format: "%.0f", row.perSecond)) | \(String(format: "%.2f", row.p50)) | \(String(format: "%.2f", row.p99)) |"
            )
        }
        try printBenchTable("reported predictions (batches of 10,000)", ingestion, json: false)
    }

    private func measureAll(owner: PostgresConfiguration, pool: PostgresConnectionPool, logger: Logger) async throws -> ([Serving], [BenchRow]) {
        let services = RegistryServices(pool: pool, maxArtifactSize: 1 << 20, signer: .ephemeral(), logger: logger)
        let token = try await Bootstrap.createAdmin(name: "admin", log: services.registry.log)
        _ = try await services.principals.create(
            name: "reviewer", kind: .user, displayName: "reviewer", roles: [], context: CommandContext(actor: "admin"))
        let admin = CommandContext(actor: "admin", registryRoles: [.admin])
        _ = try await services.registry.createModel(name: "mpg", description: "bench", tags: [:], context: admin)
        let model: JSONValue = .object([
            "formula": .string("mpg ~ hp + C(cyl) + wt -1"), "family": .string("gaussian"), "link": .string("identity"),
            "params": .object([
                "C(cyl)[4]": .number(35.84599531518742), "C(cyl)[6]": .number(32.48697041925176), "C(cyl)[8]": .number(32.660110870210346),
                "hp": .number(-0.02311980915446116), "wt": .number(-3.181404046679604),
            ]),
        ])
        let bytes = Array(try RegistryEvent.makeEncoder().encode(model))
        let sent = Mutex(false)
        let artifact = try await services.artifacts.upload(expectedSHA256: nil, declaredSize: Int64(bytes.count), actor: "admin") {
            sent.withLock { done in
                defer { done = true }
                return done ? nil : bytes
            }
        }.info
        let signature = try ModelFormats.signature(format: "linear", artifact: bytes, declared: nil)
        for (command, actor) in [
            (
                ModelCommand.registerVersion(
                    RegisterVersion(artifactSHA256: artifact.sha256, artifactSize: artifact.size, format: "linear", signature: signature)), "admin"
            ),
            (.grant(principal: "reviewer", role: .approver, expiresAt: nil, reason: nil), "admin"),
            (.review(version: 1, alias: "production", decision: .approved, notes: "bench"), "reviewer"),
            (.setAlias(alias: "production", version: 1, reason: nil), "admin"),
        ] {
            _ = try await services.registry.execute(
                command, model: "mpg", context: CommandContext(actor: actor, registryRoles: actor == "admin" ? [.admin] : []))
        }

        // The server, in this process, on a free port.
        let portBox = Mutex<Int?>(nil)
        let app = buildApplication(
            services: services, pool: pool, configuration: ServerConfiguration(host: "127.0.0.1", port: 0, maxArtifactSize: 1 << 20), logger: logger
        ) { port in portBox.withLock { $0 = port } }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let serverTask = Task { try await group.run() }
        defer { serverTask.cancel() }
        var port: Int?
        for _ in 0..<200 where port == nil {
            try await Task.sleep(for: .milliseconds(50))
            port = portBox.withLock { $0 }
        }
        guard let port else { throw ValidationError("the server did not start") }

        let configuration = URLSessionConfiguration.default
        configuration.httpMaximumConnectionsPerHost = 64
        let session = URLSession(configuration: configuration)
        let url = URL(string: "http://127.0.0.1:\(port)/v1/models/mpg/predict")!
        let body = Data(#"{"inputs": [{"hp": 110, "wt": 2.62, "cyl": "6"}]}"#.utf8)
        let predict: @Sendable () async throws -> Void = {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (_, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw ValidationError("predict answered \(response)") }
        }
        for _ in 0..<20 { try await predict() }  // warm-up: connections, prepared statements, the parsed model

        var serving: [Serving] = []
        for clients in [1, 8, 32] {
            let latencies = Mutex<[Double]>([])
            let perClient = max(1, requests / clients)
            let seconds = try await measure(clients: clients, perClient: perClient) { _, _ in
                let started = ContinuousClock.now
                try await predict()
                let elapsed = (ContinuousClock.now - started).inSeconds * 1000
                latencies.withLock { $0.append(elapsed) }
            }
            let samples = latencies.withLock { $0 }
            serving.append(
                Serving(
                    clients: clients, requests: samples.count, perSecond: Double(samples.count) / seconds, p50: percentile(samples, 0.5),
                    p99: percentile(samples, 0.99)))
        }
        await group.triggerGracefulShutdown()

        // Ingestion: the same 10,000-row batches reported through the service, and COPYed raw into a scratch table.
        let madeAt = Date()
        var rows: [PredictionReports.Reported] = []
        for index in 0..<PredictionReports.maxBatch {
            let inputs: [String: JSONValue] = ["hp": .number(Double(100 + index % 200)), "wt": .number(2.5), "cyl": .string("6")]
            let output = JSONValue.number(21.0 + Double(index % 7))
            rows.append(PredictionReports.Reported(version: 1, inputs: inputs, output: output, madeAt: madeAt, caseReference: "case-\(index)"))
        }
        let batch = rows
        let reportSeconds = try await measure(clients: 1, perClient: reportBatches) { _, _ in
            _ = try await services.reports.report(model: "mpg", batch, caller: Caller(name: "admin", registryRoles: [.admin]), requestId: "bench")
        }
        let scratch = try await PostgresConnection.connect(owner, logger: logger)
        defer { scratch.close() }
        try await scratch.withSession { session in
            // The same columns and indexes as the prediction log (a plain table: no partition routing).
            try session.execute("CREATE TABLE bench_predictions_raw (LIKE predictions INCLUDING INDEXES)")
        }
        // The same rows as the log holds them: the same canonical leaves, the same columns (fresh ids per batch).
        let copyBatches: [[[String?]]] = (0..<reportBatches).map { _ in
            batch.enumerated().map { index, row in
                let record = PredictionRecord(
                    kind: .reported, modelId: UUID(), model: "mpg", version: row.version, madeAt: row.madeAt, caller: "admin", requestId: "bench",
                    inputs: .object(row.inputs), output: row.output, caseReference: row.caseReference)
                return [
                    record.predictionId.uuidString, "2026-11-27 00:00:00+00", UUID().uuidString, String(index), "reported", record.modelId.uuidString,
                    "1", nil, "admin", "bench", String(decoding: record.leaf, as: UTF8.self),
                ]
            }
        }
        let copySeconds = try await measure(clients: 1, perClient: reportBatches) { _, index in
            _ = try await scratch.withSession { session in
                try session.copyIn(
                    table: """
                        COPY bench_predictions_raw (prediction_id, recorded_at, batch_id, leaf_index, kind, model_id, version, alias, caller,
                                                    request_id, leaf) FROM STDIN
                        """, rows: copyBatches[index])
            }
        }
        let events = reportBatches * PredictionReports.maxBatch
        let raw = BenchRow(name: "raw COPY of the same rows", operations: events, seconds: copySeconds, perSecond: Double(events) / copySeconds)
        let ours = BenchRow(
            name: "reported predictions (checked, logged, sealed)", operations: events, seconds: reportSeconds,
            perSecond: Double(events) / reportSeconds, baseline: raw.name, ratio: (Double(events) / reportSeconds) / raw.perSecond)
        return (serving, [raw, ours])
    }
}
