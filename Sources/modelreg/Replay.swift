import ArgumentParser
import Foundation
import Logging
import Postgres
import RegistryService

/// `modelreg replay [--check]`: rebuilds the projections from the ledger, or compares them with a rebuild.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rebuild every projection from the ledger (or --check them).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Flag(help: "Rebuild into scratch tables and report differences, changing nothing") var check = false
    @Flag(help: "Print the result as JSON") var json = false

    func run() async throws {
        let logger = logging.makeLogger()
        let progress = Progress(label: check ? "checking" : "replaying")
        let report = try await DatabaseRuntime.withPool(database, logger: logger) { runtime, pool in
            let replayer = Replayer(pool: pool, logger: logger)
            if check { return try await replayer.check(progress: progress.update) }
            let report = try await replayer.replay(progress: progress.update)
            try await analyzeProjections(runtime.ownerConfiguration, logger: logger)
            return report
        }
        progress.finish()
        if json {
            printJSON(try JSONEncoder().encode(report))
        } else {
            print(
                "\(check ? "checked" : "replayed") \(report.events) events in \(String(format: "%.2f", report.seconds)) s (\(Int(report.eventsPerSecond)) events/s)"
            )
            for difference in report.differences {
                print(
                    "DIFFERENT \(difference.table): \(difference.onlyLive) rows only in the live table, \(difference.onlyRebuilt) only in the rebuild"
                )
            }
            if check && report.differences.isEmpty { print("projections match the ledger") }
        }
        if !report.differences.isEmpty { throw ExitCode(1) }
    }
}

/// Fresh planner statistics for rebuilt projections (as their owner: the server's role may not ANALYZE). Without
/// them the planner may pick the cross-model index for a one-model as-of lookup until autovacuum comes by.
func analyzeProjections(_ owner: PostgresConfiguration, logger: Logger) async throws {
    let connection = try await PostgresConnection.connect(owner, logger: logger)
    defer { connection.close() }
    try await connection.withSession { session in
        for table in Projector.tables { try session.execute("ANALYZE \(identifier: table)") }
    }
}
