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
    @Flag(help: "Print the result as JSON") var json = false

    func run() async throws {
        var logging = logging
        if logging.level == "info" { logging.level = "warning" }
        let logger = logging.makeLogger()
        let rows = try await withScratchDatabase(database, logger: logger) { owner, pool in
            try await measureAll(owner: owner, pool: pool, logger: logger)
        }
        try printBenchTable("append (\(operations) operations per row, fsync on)", rows, json: json)
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

        var rows: [BenchRow] = []
        func row(_ name: String, _ count: Int, _ seconds: Double, against baseline: BenchRow? = nil) -> BenchRow {
            let perSecond = Double(count) / seconds
            return BenchRow(
                name: name, operations: count, seconds: seconds, perSecond: perSecond, baseline: baseline?.name,
                ratio: baseline.map { perSecond / $0.perSecond })
        }
        let n = operations
        let raw1 = row("raw INSERT, 1 client", n, try await measureRaw(owner: owner, clients: 1, perClient: n, logger: logger, rawInsert))
        let raw8 = row("raw INSERT, 8 clients", n, try await measureRaw(owner: owner, clients: 8, perClient: n / 8, logger: logger, rawInsert))
        let ours1 = row("append via RegistryService, 1 caller", n, try await measure(clients: 1, perClient: n, ourAppend), against: raw1)
        let ours8 = row("append via RegistryService, 8 callers", n, try await measure(clients: 8, perClient: n / 8, ourAppend), against: raw8)
        rows += [raw1, raw8, ours1, ours8]

        let rawBatch = row(
            "raw 100-row INSERT", batches,
            try await measureRaw(owner: owner, clients: 1, perClient: batches, logger: logger) { session, _, index in
                try session.execute(
                    """
                    INSERT INTO bench_raw (event_id, stream, stream_version, type, recorded_at, effective_at, actor, data, metadata, prev_hash, hash)
                    SELECT gen_random_uuid(), \("batch-\(index)"), v, 'ModelUpdated', clock_timestamp(), clock_timestamp(), 'bench',
                           \(payload)::json, '{}'::json, \(zeroHash), \(zeroHash)
                    FROM generate_series(1, 100) v
                    """)
            })
        let log = PostgresEventLog(pool: pool, logger: logger)
        let data = Array(payload.utf8)
        let ourBatch = row(
            "100-event append (one stream)", batches,
            try await measure(clients: 1, perClient: batches) { _, index in
                let events = (0..<100).map { _ in NewEvent(type: "ModelUpdated", data: data) }
                _ = try await log.append(AppendRequest(stream: "bench-batch-\(index)", expectedVersion: .noStream, actor: "bench", events: events))
            }, against: rawBatch)
        rows += [rawBatch, ourBatch]
        return rows
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
