import ArgumentParser
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain
import RegistryService

/// `modelreg bench append`: our append through `RegistryService` next to raw single-row INSERTs, and a 100-event
/// batch next to a raw 100-row INSERT, on a scratch database of the same server (fsync on).
struct AppendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "append", abstract: "Append throughput vs raw INSERT.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Operations per measurement") var operations: Int = 2_000
    @Option(help: "Batches of 100 for the batch measurement") var batches: Int = 200
    @Option(help: "Rounds of all the measurements, one after the other; each row gives its median (the disk's fsync drifts)")
    var rounds: Int = 3
    @Flag(help: "Print the result as JSON") var json = false

    func run() async throws {
        var logging = logging
        if logging.level == "info" { logging.level = "warning" }
        let logger = logging.makeLogger()
        let rows = try await withScratchDatabase(database, logger: logger) { owner, pool in
            try await measureAll(owner: owner, pool: pool, logger: logger)
        }
        try printBenchTable("append (\(operations) operations per row, fsync on; median of \(rounds) rounds)", rows, json: json)
    }

    private func measureAll(owner: PostgresConfiguration, pool: PostgresConnectionPool, logger: Logger) async throws -> [BenchRow] {
        let scratch = try await PostgresConnection.connect(owner, logger: logger)
        defer { scratch.close() }
        try await scratch.withSession { session in
            try session.execute(
                """
                CREATE TABLE bench_raw (position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream text NOT NULL,
                    stream_version bigint NOT NULL, type text NOT NULL, recorded_at timestamptz NOT NULL, effective_at timestamptz NOT NULL,
                    actor text NOT NULL, data json NOT NULL, metadata json NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL)
                """)
            try session.execute("GRANT ALL ON bench_raw, bench_raw_position_seq TO modelreg_app")
        }
        let payload = String(decoding: RegistryEvent.modelUpdated(ModelUpdated(tags: ["bench": "value"])).encodedPayload(), as: UTF8.self)
        let zeroHash = [UInt8](repeating: 0, count: 32)
        let rawInsert: @Sendable (PostgresSession, Int, Int) throws -> Void = { session, client, index in
            try session.execute(
                """
                INSERT INTO bench_raw (event_id, stream, stream_version, type, recorded_at, effective_at, actor, data, metadata, prev_hash, hash)
                VALUES (\(UUID()), \("raw-\(client)"), \(index + 1), 'ModelUpdated', clock_timestamp(), clock_timestamp(), 'bench',
                        \(payload)::json, '{}'::json, \(zeroHash), \(zeroHash))
                """)
        }

        let registry = Registry(pool: pool, log: PostgresEventLog(pool: pool, logger: logger), logger: logger)
        for client in 0..<8 {
            _ = try await registry.createModel(name: "bench-\(client)", description: "", tags: [:], context: CommandContext(actor: "bench"))
        }
        let ourAppend: @Sendable (Int, Int) async throws -> Void = { client, index in
            _ = try await registry.execute(
                .update(description: nil, tags: ["i": String(index)], reason: nil), model: "bench-\(client)", context: CommandContext(actor: "bench"))
        }

        // The ledger alone: the same single-event appends through the event log's group commit, without the command
        // around them (no access check, stream read, decision or projection) — what group commit itself reaches.
        let log = registry.log
        let data = Array(payload.utf8)
        let ledgerAppend: @Sendable (String) -> @Sendable (Int, Int) async throws -> Void = { prefix in
            { client, index in
                _ = try await log.append(
                    AppendRequest(
                        stream: "\(prefix)-\(client)", expectedVersion: index == 0 ? .noStream : .exact(Int64(index)), actor: "bench",
                        events: [NewEvent(type: "ModelUpdated", data: data)]))
            }
        }
        let rawBatchInsert: @Sendable (PostgresSession, Int, Int) throws -> Void = { session, _, index in
            try session.execute(
                """
                INSERT INTO bench_raw (event_id, stream, stream_version, type, recorded_at, effective_at, actor, data, metadata, prev_hash, hash)
                SELECT gen_random_uuid(), \("batch-\(index)"), v, 'ModelUpdated', clock_timestamp(), clock_timestamp(), 'bench',
                       \(payload)::json, '{}'::json, \(zeroHash), \(zeroHash)
                FROM generate_series(1, 100) v
                """)
        }

        let n = operations
        let raw1 = "raw INSERT, 1 client"
        let raw8 = "raw INSERT, 8 clients"
        let rawBatch = "raw 100-row INSERT"
        let measurements: [Measurement] = [
            Measurement(raw1, n) { _ in try await measureRaw(owner: owner, clients: 1, perClient: n, logger: logger, rawInsert) },
            Measurement(raw8, n) { _ in try await measureRaw(owner: owner, clients: 8, perClient: n / 8, logger: logger, rawInsert) },
            Measurement("append via RegistryService, 1 caller", n, against: raw1) { _ in try await measure(clients: 1, perClient: n, ourAppend) },
            Measurement("append via RegistryService, 8 callers", n, against: raw8) { _ in try await measure(clients: 8, perClient: n / 8, ourAppend)
            },
            Measurement("ledger append alone, 1 caller", n, against: raw1) { round in
                try await measure(clients: 1, perClient: n, ledgerAppend("ledger1-\(round)"))
            },
            Measurement("ledger append alone, 8 callers", n, against: raw8) { round in
                try await measure(clients: 8, perClient: n / 8, ledgerAppend("ledger8-\(round)"))
            },
            Measurement(rawBatch, batches) { _ in
                try await measureRaw(owner: owner, clients: 1, perClient: batches, logger: logger, rawBatchInsert)
            },
            Measurement("100-event append (one stream)", batches, against: rawBatch) { round in
                try await measure(clients: 1, perClient: batches) { _, index in
                    let events = (0..<100).map { _ in NewEvent(type: "ModelUpdated", data: data) }
                    _ = try await log.append(
                        AppendRequest(stream: "bench-batch-\(round)-\(index)", expectedVersion: .noStream, actor: "bench", events: events))
                }
            },
        ]

        // Round after round of every measurement, so that ours and its raw baseline always run minutes apart at most.
        var perSecond: [String: [Double]] = [:]
        let progress = Progress(label: "bench append")
        for round in 0..<rounds {
            for (index, measurement) in measurements.enumerated() {
                progress.update(Int64(round * measurements.count + index), of: Int64(rounds * measurements.count))
                perSecond[measurement.name, default: []].append(Double(measurement.operations) / (try await measurement.run(round)))
            }
        }
        progress.finish()
        return measurements.map { measurement in
            let rates = perSecond[measurement.name] ?? []
            // The ratio of each round, then their median: raw and ours of one round met the same disk.
            let ratios = measurement.baseline.map { baseline in zip(rates, perSecond[baseline] ?? []).map { $0 / $1 } }
            let median = percentile(rates, 0.5)
            return BenchRow(
                name: measurement.name, operations: measurement.operations, seconds: Double(measurement.operations) / median, perSecond: median,
                baseline: measurement.baseline, ratio: ratios.map { percentile($0, 0.5) }, perRound: rates)
        }
    }

    /// One row of the table: how to run it (in a given round) and what it is compared with.
    private struct Measurement {
        var name: String
        var operations: Int
        var baseline: String?
        var run: (_ round: Int) async throws -> Double

        init(_ name: String, _ operations: Int, against baseline: String? = nil, run: @escaping (_ round: Int) async throws -> Double) {
            self.name = name
            self.operations = operations
            self.baseline = baseline
            self.run = run
        }
    }

    /// Raw inserts over `clients` dedicated connections (no pool, no service), each in autocommit.
    private func measureRaw(
        owner: PostgresConfiguration, clients: Int, perClient: Int, logger: Logger,
        _ insert: @escaping @Sendable (PostgresSession, Int, Int) throws -> Void
    ) async throws -> Double {
        var connections: [PostgresConnection] = []
        for _ in 0..<clients { connections.append(try await PostgresConnection.connect(owner, logger: logger)) }
        defer { connections.forEach { $0.close() } }
        let fixed = connections
        return try await measure(clients: clients, perClient: perClient) { client, index in
            try await fixed[client].withSession { session in try insert(session, client, index) }
        }
    }
}
