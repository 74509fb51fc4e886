import ArgumentParser
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain
import RegistryService

/// `modelreg bench …`: measurements against raw PostgreSQL on the same machine, in the same run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (ratios against raw PostgreSQL).", subcommands: [AppendBench.self, AsOfBench.self, PredictBench.self, ExportBench.self])
}

/// One row of a benchmark table.
struct BenchRow: Encodable {
    var name: String
    var operations: Int
    var seconds: Double
    var perSecond: Double
    var baseline: String?
    var ratio: Double?
    /// Operations per second in each round, when the row is a median of rounds.
    var perRound: [Double]? = nil

    enum CodingKeys: String, CodingKey {
        case name, operations, seconds, perSecond = "per_second", baseline, ratio, perRound = "per_round"
    }
}

/// Runs `clients` concurrent loops of `perClient` operations and returns the wall time in seconds.
func measure(clients: Int, perClient: Int, _ operation: @escaping @Sendable (_ client: Int, _ index: Int) async throws -> Void) async throws -> Double
{
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for client in 0..<clients {
            group.addTask {
                for index in 0..<perClient { try await operation(client, index) }
            }
        }
        try await group.waitForAll()
    }
    return (ContinuousClock.now - started).inSeconds
}

/// The value below which `fraction` of `values` lie (nearest rank).
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

/// Creates a throw-away database for a benchmark, migrated, and drops it afterwards.
func withScratchDatabase<T>(
    _ options: DatabaseOptions, logger: Logger, keep: Bool = false,
    _ body: (_ owner: PostgresConfiguration, _ pool: PostgresConnectionPool) async throws -> T
) async throws -> T {
    let runtime = try await DatabaseRuntime.start(options, logger: logger)
    let name = "modelreg_bench_\(UInt32.random(in: 0...UInt32.max))"
    let admin = try await runtime.ownerConnection(logger: logger)
    do {
        _ = try await admin.withSession { try $0.execute("CREATE DATABASE \(identifier: name)") }
        var scratch = options
        scratch.databaseURL = try runtime.ownerConfiguration.replacingDatabase(with: name).connectionString
        let scratchRuntime = DatabaseRuntime(
            embedded: nil, ownerConfiguration: try runtime.ownerConfiguration.replacingDatabase(with: name), options: scratch)
        try await scratchRuntime.migrate(logger: logger)
        let pool = scratchRuntime.makePool(logger: logger)
        let result: T
        do {
            result = try await body(scratchRuntime.ownerConfiguration, pool)
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
        if keep {
            FileHandle.standardError.write(Data("kept database \(name) for inspection\n".utf8))
        } else {
            _ = try await admin.withSession { try $0.execute("DROP DATABASE \(identifier: name) WITH (FORCE)") }
        }
        admin.close()
        await runtime.stop()
        return result
    } catch {
        _ = try? await admin.withSession { try $0.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)") }
        admin.close()
        await runtime.stop()
        throw error
    }
}

func printBenchTable(_ title: String, _ rows: [BenchRow], json: Bool) throws {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return printJSON(try encoder.encode(["benchmark": AnyEncodable(title), "rows": AnyEncodable(rows)]))
    }
    print("\n\(title)\n")
    let rounds = rows.contains { $0.perRound != nil }
    print("| operation | ops | seconds | ops/s | vs | ratio |" + (rounds ? " ops/s per round |" : ""))
    print("|---|---:|---:|---:|---|---:|" + (rounds ? "---:|" : ""))
    for row in rows {
        let perRound = row.perRound.map { " " + $0.map { String(format: "%.0f", $0) }.joined(separator: " / ") + " |" } ?? (rounds ? " |" : "")
        print(
            "| \(row.name) | \(row.operations) | \(String(format: "%.3f", row.seconds)) | \(String(format: "%.0f", row.perSecond)) | \(row.baseline ?? "") | \(row.ratio.map { String(format: "%.2f×", $0) } ?? "") |"
                + perRound)
    }
}

/// Type erasure for mixed JSON output.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
