import ArgumentParser
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain
import RegistryService

/// `modelreg bench asof`: "what was live" answered from the temporal tables next to the fold oracle and next to
/// the SQL one would write against the raw log, on a generated past (default 1,000,000 events over 10,000 models,
/// two years of valid time); and the full replay rate next to a raw read of the ledger.
struct AsOfBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "asof", abstract: "As-of reads (temporal tables vs fold) and replay rate.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Models to generate") var models: Int = 10_000
    @Option(name: .customLong("events-per-model"), help: "Events per model (including its registration)") var eventsPerModel: Int = 100
    @Option(help: "Random instants for the one-model queries") var queries: Int = 300
    @Option(name: .customLong("all-model-queries"), help: "Random instants for the all-models query from the tables") var allModelQueries: Int = 30
    @Option(name: .customLong("fold-all-queries"), help: "Random instants for the all-models query by folding (slow)") var foldAllQueries: Int = 3
    @Option(help: "Seed for the generated history and the instants") var seed: UInt64 = 2026
    @Flag(help: "Print the result as JSON") var json = false
    @Flag(help: "Keep the generated database (and the embedded server's data) for inspection") var keep = false

    func run() async throws {
        var logging = logging
        if logging.level == "info" { logging.level = "warning" }
        let logger = logging.makeLogger()
        let result = try await withScratchDatabase(database, logger: logger, keep: keep) { owner, pool in
            try await measureAll(owner: owner, pool: pool, logger: logger)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return printJSON(try encoder.encode(result))
        }
        print("\nas-of reads: \(result.events) events over \(result.models) models, two years of valid time\n")
        print("| query | n | p50 ms | p99 ms | database p50 ms | database p99 ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in result.latencies {
            func ms(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "" }
            print("| \(row.name) | \(row.queries) | \(ms(row.p50)) | \(ms(row.p99)) | \(ms(row.databaseP50)) | \(ms(row.databaseP99)) |")
        }
        try printBenchTable("replay (the whole ledger into every projection, temporal tables included)", result.throughput, json: false)
        print("\ngenerating the history took \(String(format: "%.1f", result.generationSeconds)) s")
    }

    struct Latency: Encodable {
        var name: String
        var queries: Int
        var p50: Double
        var p99: Double
        var databaseP50: Double?
        var databaseP99: Double?

        enum CodingKeys: String, CodingKey {
            case name, queries, p50 = "p50_ms", p99 = "p99_ms", databaseP50 = "database_p50_ms", databaseP99 = "database_p99_ms"
        }
    }

    struct Result: Encodable {
        var models: Int
        var events: Int64
        var generationSeconds: Double
        var latencies: [Latency]
        var throughput: [BenchRow]

        enum CodingKeys: String, CodingKey {
            case models, events, generationSeconds = "generation_seconds", latencies, throughput
        }
    }

    private func measureAll(owner: PostgresConfiguration, pool: PostgresConnectionPool, logger: Logger) async throws -> Result {
        var random = SeededRandom(seed: seed)
        let now = Date()
        let start = now.addingTimeInterval(-730 * 86_400)

        // 1. The past: every model's events appended with their effective times, in transactions of 100 models.
        let generationSeconds = try await HistoryGenerator.append(
            models: models, eventsPerModel: eventsPerModel, from: start, to: now.addingTimeInterval(-86_400), random: &random, pool: pool)

        // 2. Replay: the ledger into every projection, next to a raw read of the same rows.
        let readStarted = ContinuousClock.now
        var after: Int64 = 0
        while true {
            let from = after
            let page = try await pool.withSession { session in try PostgresEventLog.read(afterPosition: from, limit: 5_000, in: session) }
            guard let last = page.last else { break }
            after = last.position
        }
        let readSeconds = (ContinuousClock.now - readStarted).inSeconds
        let replayProgress = Progress(label: "replaying")
        let report = try await Replayer(pool: pool, logger: logger).replay { done, total in replayProgress.update(done, of: total) }
        replayProgress.finish()
        try await analyzeProjections(owner, logger: logger)
        let rawRead = BenchRow(
            name: "raw read of the ledger (SELECT in pages of 5,000)", operations: Int(after), seconds: readSeconds,
            perSecond: Double(after) / readSeconds)
        let replay = BenchRow(
            name: "replay (events/s)", operations: Int(report.events), seconds: report.seconds, perSecond: report.eventsPerSecond,
            baseline: rawRead.name, ratio: report.eventsPerSecond / rawRead.perSecond)

        // 3. Reads at random past instants (known now), each kind of answer over the same instants.
        let admin = Caller(name: "bench", registryRoles: [.admin])
        let tables = RegistryQueries(pool: pool, source: .temporalTables)
        let fold = RegistryQueries(pool: pool, source: .fold)
        let knownAt = Date()
        let instants = (0..<queries).map { _ in start.addingTimeInterval(random.unit() * now.timeIntervalSince(start)) }
        let names = (0..<queries).map { _ in HistoryGenerator.name(random.below(models)) }
        let streams = names.map { name in Streams.model(HistoryGenerator.modelId(name)) }

        var latencies: [Latency] = []
        latencies.append(
            try await timed("live, one model — temporal tables", instants.indices) { index in
                _ = try await tables.live(caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production", model: names[index])
            } database: { index in
                try await tables.liveExecutionMilliseconds(
                    caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production", model: names[index])
            })
        latencies.append(
            try await timed("live, one model — SQL on the raw log (ledger_events)", instants.indices) { index in
                _ = try await pool.withSession { session in try session.query(Self.rawLatest(streams[index], at: instants[index], knownAt: knownAt)) }
            } database: { index in
                var explain: SQLQuery = "EXPLAIN (ANALYZE, FORMAT JSON) "
                explain.append(Self.rawLatest(streams[index], at: instants[index], knownAt: knownAt))
                let statement = explain
                let plan = try await pool.withSession { session in try session.query(statement).first?.decode(String.self, at: 0) ?? "[]" }
                return (try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]])?.first?["Execution Time"] as? Double ?? .nan
            })
        latencies.append(
            try await timed("live, one model — fold oracle", instants.indices) { index in
                _ = try await fold.live(caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production", model: names[index])
            })
        latencies.append(
            try await timed("live, all \(models) models — temporal tables", instants.indices.prefix(allModelQueries)) { index in
                _ = try await tables.live(caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production")
            } database: { index in
                try await tables.liveExecutionMilliseconds(caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production")
            })
        latencies.append(
            try await timed("live, all \(models) models — fold oracle", instants.indices.prefix(foldAllQueries)) { index in
                _ = try await fold.live(caller: admin, asOf: AsOf(at: instants[index], knownAt: knownAt), alias: "production")
            })
        return Result(
            models: models, events: report.events, generationSeconds: generationSeconds, latencies: latencies, throughput: [rawRead, replay])
    }

    /// What one would write against the log itself: the newest production move effective by `at` and recorded by
    /// `knownAt` (it ignores retractions, which the real answer must not).
    private static func rawLatest(_ stream: String, at: Date, knownAt: Date) -> SQLQuery {
        """
        SELECT data::jsonb ->> 'version' FROM ledger_events
        WHERE stream = \(stream) AND type IN ('AliasSet', 'AliasRemoved') AND data::jsonb ->> 'alias' = 'production'
          AND effective_at <= \(at) AND recorded_at <= \(knownAt)
        ORDER BY effective_at DESC, position DESC LIMIT 1
        """
    }

    /// Runs `query` once per index (after one warm-up) and, if given, `database` for the server's own time.
    private func timed(
        _ name: String, _ indices: some Collection<Int>, _ query: (Int) async throws -> Void, database: ((Int) async throws -> Double)? = nil
    ) async throws -> Latency {
        if let first = indices.first { try await query(first) }
        let progress = Progress(label: name)
        var samples: [Double] = []
        var databaseSamples: [Double] = []
        for (count, index) in indices.enumerated() {
            let started = ContinuousClock.now
            try await query(index)
            samples.append((ContinuousClock.now - started).inSeconds * 1000)
            if let database { databaseSamples.append(try await database(index)) }
            progress.update(Int64(count + 1), of: Int64(indices.count))
        }
        progress.finish()
        return Latency(
            name: name, queries: samples.count, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99),
            databaseP50: databaseSamples.isEmpty ? nil : percentile(databaseSamples, 0.5),
            databaseP99: databaseSamples.isEmpty ? nil : percentile(databaseSamples, 0.99))
    }

}

/// A plausible two-year past for one model: versions, four-eyes approvals, production and staging moves, grants
/// with and without expiry, revocations, description changes, and about one event in twenty a back-dated
/// correction of an earlier production move. Valid in the registry's own terms: an alias only ever points at a
/// version registered by then.
enum HistoryGenerator {
    /// Appends `models` generated histories straight to the ledger (no projections), 100 models per transaction,
    /// with progress on a terminal. Returns the seconds it took.
    static func append(
        models: Int, eventsPerModel: Int, from start: Date, to end: Date, random: inout SeededRandom, pool: PostgresConnectionPool
    ) async throws -> Double {
        let started = ContinuousClock.now
        let progress = Progress(label: "generating")
        var generated: Int64 = 0
        let total = Int64(models * eventsPerModel)
        for first in stride(from: 0, to: models, by: 100) {
            let batch = (first..<min(models, first + 100)).map { index in
                events(model: index, count: eventsPerModel, from: start, to: end, random: &random)
            }
            generated += try await pool.withSession { session in
                try session.transaction { session in
                    var appended: Int64 = 0
                    for (modelId, events) in batch {
                        let request = AppendRequest(
                            stream: Streams.model(modelId), expectedVersion: .noStream, actor: "bench",
                            events: events.map {
                                NewEvent(type: $0.event.typeName, data: $0.event.encodedPayload(), effectiveAt: $0.effectiveAt)
                            })
                        appended += Int64(try PostgresEventLog.append(request, in: session).events.count)
                    }
                    return appended
                }
            }
            progress.update(generated, of: total)
        }
        progress.finish()
        return (ContinuousClock.now - started).inSeconds
    }

    static func name(_ index: Int) -> String { String(format: "bench-model-%05d", index) }

    static func modelId(_ name: String) -> UUID { UUID.nameBased("bench-model\u{0}\(name)") }

    static func events(model index: Int, count: Int, from start: Date, to end: Date, random: inout SeededRandom)
        -> (UUID, [(event: RegistryEvent, effectiveAt: Date)])
    {
        let name = name(index)
        let id = modelId(name)
        var time = start.addingTimeInterval(random.unit() * 60 * 86_400)
        let step = end.timeIntervalSince(time) / Double(max(count, 1))
        var events: [(event: RegistryEvent, effectiveAt: Date)] = [
            (.modelRegistered(ModelRegistered(modelId: id, name: name, description: "generated", tags: [:], owner: "alice")), time)
        ]
        var versions: [Date] = []
        var grants: [GrantKey] = []
        while events.count < count {
            time = min(end, time.addingTimeInterval(step * (0.2 + 1.6 * random.unit())))
            let choice = random.below(100)
            if versions.isEmpty || (choice < 12 && versions.count < 40) {
                versions.append(time)
                let digest = String(repeating: String(format: "%02x", versions.count % 256), count: 32)
                events.append(
                    (
                        .versionRegistered(
                            VersionRegistered(
                                version: versions.count, artifactSHA256: digest, artifactSize: 1024, format: "linear",
                                registrant: "alice")), time
                    ))
            } else if choice < 35 {
                events.append(
                    (
                        .versionApproved(
                            VersionApproved(
                                version: 1 + random.below(versions.count), alias: "production", decision: .approved, notes: "",
                                approver: "bob")), time
                    ))
            } else if choice < 60 {
                events.append((.aliasSet(AliasSet(alias: "production", version: versions.count, previousVersion: nil, reason: "release")), time))
            } else if choice < 70 {
                events.append(
                    (.aliasSet(AliasSet(alias: "staging", version: 1 + random.below(versions.count), previousVersion: nil, reason: nil)), time))
            } else if choice < 82 {
                let key = GrantKey(principal: "user-\(random.below(20))", role: [.viewer, .user, .editor][random.below(3)])
                grants.append(key)
                let expiry = random.below(2) == 0 ? nil : time.addingTimeInterval(Double(30 + random.below(300)) * 86_400)
                events.append((.accessGranted(AccessGranted(principal: key.principal, role: key.role, expiresAt: expiry, reason: nil)), time))
            } else if choice < 87, let key = grants.popLast() {
                events.append((.accessRevoked(AccessRevoked(principal: key.principal, role: key.role, reason: nil)), time))
            } else if choice < 94 {
                events.append((.modelUpdated(ModelUpdated(description: "revision \(events.count)", tags: nil, reason: nil)), time))
            } else {
                // A correction: production pointed elsewhere at an earlier instant, recorded now.
                let earlier = versions[0].addingTimeInterval(random.unit() * time.timeIntervalSince(versions[0]))
                let registered = versions.filter { $0 <= earlier }.count
                events.append(
                    (.aliasSet(AliasSet(alias: "production", version: max(1, registered), previousVersion: nil, reason: "correction")), earlier))
            }
        }
        return (id, events)
    }
}
